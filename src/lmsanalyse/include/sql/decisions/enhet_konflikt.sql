-- Grain: one row per questionnaire unit whose own answers conflict with the result:
-- nei_men_deltar: it said no (rådmann Nei or call round 'har ikke tjeneste') while it (or,
-- for a bydel, Oslo as a whole) takes part in an included service; kildene_uenige: its
-- questionnaire and its call round disagree.
-- key: enhet_id
create or replace table enhet_konflikt as
with

enheter as (
    select * from enhet_svar
),

inkludert_deltakelse as (
    select enhet_id from deltakelse where inkludert
),

konflikter as (
    select
        e.enhet_id,
        e.kommunenummer,
        coalesce(
            (e.radmann_svar = 'Nei' or e.ringerunde_utfall = 'har ikke tjeneste')
            and exists (
                select 1 from inkludert_deltakelse as d
                where d.enhet_id in (e.enhet_id, e.kommunenummer)
            ),
            false
        ) as nei_men_deltar,
        coalesce(
            (e.radmann_svar = 'Ja' and e.ringerunde_utfall = 'har ikke tjeneste')
            or (e.radmann_svar = 'Nei' and e.ringerunde_utfall = 'har tjeneste'),
            false
        ) as kildene_uenige,
    from enheter as e
)

select *
from konflikter
where nei_men_deltar or kildene_uenige
order by enhet_id
