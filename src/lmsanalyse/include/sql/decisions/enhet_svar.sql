-- Grain: one row per questionnaire unit (442: 427 kommuner and Oslo's 15 bydeler).
-- What the unit said itself: its questionnaire answer (the latest submission, see clean) and
-- its call-round answer, which is the outcome of the last attempt that was decisive
-- ('har tjeneste' / 'har ikke tjeneste'); a unit with only 'uavklart'/'satt over' is 'uavklart'.
-- disposisjon is the unit's path through the survey flow; its AAPOR disposition is
-- decisions/enhet_disposisjon.sql.
-- key: enhet_id
create or replace table enhet_svar as
with

enheter as (
    select * from stg_enheter
),

svar as (
    select * from stg_radmann_svar
),

oppringninger as (
    select * from stg_ringerunde
),

forsok as (
    select
        enhet_id,
        count(*) as ringerunde_forsok,
    from oppringninger
    group by enhet_id
),

siste_avklarte as (
    select
        enhet_id,
        utfall,
    from oppringninger
    where utfall in ('har tjeneste', 'har ikke tjeneste')
    qualify row_number() over (partition by enhet_id order by forsok desc, dato desc) = 1
),

enhet as (
    select
        e.enhet_id,
        e.enhet_navn,
        e.enhetstype,
        e.kommunenummer,
        r.svar_id is not null as besvart_skjema,
        coalesce(r.antall_innsendinger, 0) as antall_innsendinger,
        r.har_tjeneste as radmann_svar,
        r.interkommunal as radmann_interkommunal,
        r.samarbeidskommuner as radmann_samarbeidskommuner,
        coalesce(f.ringerunde_forsok, 0) as ringerunde_forsok,
        case
            when f.enhet_id is null then null
            else coalesce(s.utfall, 'uavklart')
        end as ringerunde_utfall,
    from enheter as e
    left join svar as r on r.enhet_id = e.enhet_id
    left join forsok as f on f.enhet_id = e.enhet_id
    left join siste_avklarte as s on s.enhet_id = e.enhet_id
)

select
    *,
    case
        when besvart_skjema then 'besvart_skjema'
        when ringerunde_utfall in ('har tjeneste', 'har ikke tjeneste') then 'avklart_i_ringerunden'
        when ringerunde_utfall = 'uavklart' then 'uavklart_i_ringerunden'
        else 'ikke_kontaktet'
    end as disposisjon,
from enhet
order by enhet_id
