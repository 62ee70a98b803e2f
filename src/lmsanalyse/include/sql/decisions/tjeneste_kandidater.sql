-- Grain: one row per candidate service (tjeneste_id): every interviewed service, plus, only
-- when $godta_ja_uten_intervju, one candidate 'U-<enhet_id>' per unit whose own Ja
-- (questionnaire) or 'har tjeneste' (call round) no interviewed service confirms; kilde says
-- where a candidate comes from (telefonintervju, spørreskjema or ringerunde).
-- key: tjeneste_id
create or replace table tjeneste_kandidater as
with

intervjuer as (
    select * from stg_telefonintervju
),

enheter as (
    select * from enhet_svar
),

intervjuet as (
    select
        * exclude (deltakerkommuner),
        deltakerkommuner as deltakere,
        true as intervjuet,
        'telefonintervju' as kilde,
    from intervjuer
),

-- Units that said they have a service, but take part in no interviewed service.
ja_uten_intervju as (
    select
        'U-' || s.enhet_id as tjeneste_id,
        null::varchar as tjeneste_navn,
        s.enhet_id as vertskommune_id,
        case when s.radmann_interkommunal = 'Ja' then 'interkommunal' else 'kommunal' end
            as organisering,
        list_distinct(
            list_concat([s.enhet_id], coalesce(s.radmann_samarbeidskommuner, []::varchar[]))
        ) as deltakere,
        false as intervjuet,
        case when s.radmann_svar = 'Ja' then 'spørreskjema' else 'ringerunde' end as kilde,
    from enheter as s
    where
        (s.radmann_svar = 'Ja' or s.ringerunde_utfall = 'har tjeneste')
        and $godta_ja_uten_intervju
        and not exists (
            select 1 from intervjuer as t
            where list_contains(t.deltakerkommuner, s.enhet_id)
        )
)

select * from intervjuet
union all by name
select * from ja_uten_intervju
order by tjeneste_id
