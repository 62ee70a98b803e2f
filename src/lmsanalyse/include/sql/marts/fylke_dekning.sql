-- Grain: one row per fylke (2014). Share of kommuner and of population (1 January 2015)
-- covered by an included service.
-- key: fylkesnummer
create or replace table fylke_dekning as
with

kommuner as (
    select d.*, k.fylkesnavn
    from kommune_dekning as d
    inner join stg_kommuner as k on k.kommunenummer = d.kommunenummer
)

select
    fylkesnummer,
    any_value(fylkesnavn) as fylkesnavn,
    count(*) as kommuner,
    count(*) filter (where dekket) as kommuner_dekket,
    sum(folkemengde_2015) as folkemengde,
    coalesce(sum(folkemengde_2015) filter (where dekket), 0) as folkemengde_dekket,
from kommuner
group by fylkesnummer
order by fylkesnummer
