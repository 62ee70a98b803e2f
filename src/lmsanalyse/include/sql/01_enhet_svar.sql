-- Grain: one row per questionnaire unit (442: 427 kommuner and Oslo's 15 bydeler).
-- What the unit said itself: its questionnaire answer (the latest submission, see clean) and
-- its call-round answer, which is the outcome of the last attempt that was decisive
-- ('har tjeneste' / 'har ikke tjeneste'); a unit with only 'uavklart'/'satt over' is 'uavklart'.
create or replace table enhet_svar as
with

forsok as (
    select
        enhet_id,
        count(*) as ringerunde_forsok,
        min(dato) as forste_oppringing,
        max(dato) as siste_oppringing,
    from ringerunde
    group by enhet_id
),

siste_avklarte as (
    select
        enhet_id,
        utfall,
    from ringerunde
    where utfall in ('har tjeneste', 'har ikke tjeneste')
    qualify row_number() over (partition by enhet_id order by forsok desc, dato desc) = 1
)

select
    e.enhet_id,
    e.enhet_navn,
    e.enhetstype,
    e.kommunenummer,
    r.svar_id is not null as besvart_skjema,
    r.svar_id,
    r.innsendt,
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
left join radmann_svar as r on r.enhet_id = e.enhet_id
left join forsok as f on f.enhet_id = e.enhet_id
left join siste_avklarte as s on s.enhet_id = e.enhet_id
order by e.enhet_id
