-- Grain: one row per fylke (2014). Share of kommuner and of population (1 January 2015)
-- covered by an included service.
create or replace table fylke_dekning as
select
    fylkesnummer,
    any_value(fylkesnavn) as fylkesnavn,
    count(*) as kommuner,
    count(*) filter (where dekket = 'Ja') as kommuner_dekket,
    sum(folkemengde_2015) as folkemengde,
    coalesce(sum(folkemengde_2015) filter (where dekket = 'Ja'), 0) as folkemengde_dekket,
from kommune_status
group by fylkesnummer
order by fylkesnummer
