-- Grain: one row per inconsistency (decisions/konsistens.sql), with the raw file and rows
-- it concerns and a Norwegian message.
-- key: kode, objekt
-- files: [csv]
-- main: [csv]
-- title: Uoverensstemmelser som gjør at tall ikke går opp
-- description: >-
--   Én rad per uoverensstemmelse i dataene eller de manuelle beslutningene (for eksempel en
--   kommune ekskludert manuelt mens en inkludert tjeneste dekker den).
-- columns:
--   kode: [string, "hva slags uoverensstemmelse"]
--   objekt: [string, "kommunen, tjenesten eller enheten det gjelder"]
--   fil: [string, "filen det gjelder"]
--   rader: [string, "radene det gjelder"]
--   melding: [string, "forklaring på norsk"]
create or replace table konsistens as
with

avvik as (
    select * from konsistens_avvik
),

enheter as (
    select * from stg_enheter
),

filer as (
    select kilde, fil from stg_row_accounting
),

med_fil as (
    select
        a.*,
        coalesce(
            a.fil,
            case a.kode
                when 'besvart_og_ringt' then (select fil from filer where kilde = 'ringerunde_logg')
                when 'forsok_mot_dato' then (select fil from filer where kilde = 'ringerunde_logg')
                when 'verken_besvart_eller_ringt'
                    then (select fil from filer where kilde = 'ringerunde_logg')
            end
        ) as fil_navn,
        e.enhet_navn,
    from avvik as a
    left join enheter as e on e.enhet_id = a.objekt
)

select
    kode,
    objekt,
    fil_navn as fil,
    array_to_string(rader, ', ') as rader,
    case kode
        when 'manuelt_ekskludert_dekket'
            then 'kommunen ' || objekt || ' er manuelt ekskludert, men deltar i '
            || array_to_string(tjenester, ', ')
            || ', som fortsatt er inkludert og teller med i tallene; ekskluder tjenesten, '
            || 'eller fjern beslutningen'
        when 'besvart_og_ringt'
            then enhet_navn || ' (' || objekt || ') svarte på spørreskjemaet, men står også i '
            || 'ringerunden (rad ' || array_to_string(rader, ', ') || '): flyten teller enheten '
            || 'både som besvart og som fulgt opp, så summen blir større enn enhetene som ble spurt'
        when 'forsok_mot_dato'
            then enhet_navn || ' (' || objekt || '): forsøksnumrene i ringerunden går mot '
            || 'datoene (rad ' || array_to_string(rader, ', ') || '); svaret følger det høyeste '
            || 'forsøksnummeret («' || tjenester[1] || '»)'
            || case
                when tjenester[1] = tjenester[2] then ', og datoene gir det samme svaret'
                else ', men etter datoene ville det vært «' || tjenester[2] || '»'
            end
        when 'verken_besvart_eller_ringt'
            then objekt || ' enheter svarte ikke på spørreskjemaet og ble ikke ringt ('
            || array_to_string(tjenester[1:10], ', ')
            || case when len(tjenester) > 10 then ' …' else '' end
            || '): flyten (besvart + ringerunde) går ikke opp i enhetene som ble spurt'
    end as melding,
from med_fil
order by kode, objekt
