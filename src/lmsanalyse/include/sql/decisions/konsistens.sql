-- Grain: one row per inconsistency in the data and the manual decisions that would make the
-- figures disagree with each other (kode, objekt). validate lists them and the report shows
-- them; they never change a decision by themselves.
--   manuelt_ekskludert_dekket: a kommune excluded by hand takes part in a service that stays
--     included, so the service counts while the kommune does not.
--   besvart_og_ringt: a unit that answered the questionnaire is also in the call log, so the
--     unit flow counts it twice (answered + called > units asked).
--   verken_besvart_eller_ringt: units that did not answer and were never called (one row,
--     objekt = how many, the units listed), so the flow does not add up to the units asked.
--   forsok_mot_dato: a unit whose call attempts are numbered against their dates (attempt 3
--     dated before attempt 2): the contract's last attempt (by number) decides, and the
--     message says whether the dates would have given another answer (tjenester: the answer
--     by number, then the answer by date).
-- key: kode, objekt
create or replace table konsistens_avvik as
with

enheter as (
    select * from enhet_svar
),

svar as (
    select * from stg_radmann_svar
),

oppringninger as (
    select * from stg_ringerunde
),

manuelle as (
    select * from stg_manuelle_beslutninger
),

deltakelse as (
    select * from deltakelse
),

manuelt_ekskludert as (
    select
        'manuelt_ekskludert_dekket' as kode,
        m.objekt,
        m.fil,
        [m.rad] as rader,
        list(distinct d.tjeneste_id order by d.tjeneste_id) as tjenester,
    from manuelle as m
    inner join deltakelse as d on d.kommunenummer = m.objekt and d.inkludert
    where m.objekttype = 'kommune' and m.beslutning = 'ekskluder'
    group by m.objekt, m.fil, m.rad
),

besvart_og_ringt as (
    select
        'besvart_og_ringt' as kode,
        e.enhet_id as objekt,
        null::varchar as fil,
        list(o.rad order by o.rad) as rader,
        null::varchar[] as tjenester,
    from enheter as e
    inner join oppringninger as o on o.enhet_id = e.enhet_id
    where e.besvart_skjema
    group by e.enhet_id
),

-- One row for all such units (objekt: how many), so a partial data set gives one line.
ikke_kontaktet as (
    select
        'verken_besvart_eller_ringt' as kode,
        count(*)::varchar as objekt,
        null::varchar as fil,
        []::integer[] as rader,
        list(e.enhet_id order by e.enhet_id) as tjenester,
    from enheter as e
    where not e.besvart_skjema and e.ringerunde_forsok = 0
    having count(*) > 0
),

mot_dato as (
    select * from forsok_mot_dato
)

select * from manuelt_ekskludert
union all by name
select * from mot_dato
union all by name
select * from besvart_og_ringt
union all by name
select * from ikke_kontaktet
order by kode, objekt
