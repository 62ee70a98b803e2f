-- Grain: one row per fylke of the register (2014: 19; 2024: 15). Share of kommuner and of
-- population (1 January 2015) covered by an included service; the population is empty (not 0)
-- when the register has none.
-- key: fylkesnummer
-- files: [csv, parquet]
-- main: [csv]
-- title: Dekning per fylke ({register})
-- description: >-
--   Én rad per fylke i {register} med kommuner og befolkning, og hvor mange av dem som har
--   tjeneste.
-- columns:
--   fylkesnummer: [string, "fylkesnummer i {register}"]
--   fylkesnavn: [string, "fylket i {register}"]
--   kommuner: [integer, "kommuner i fylket"]
--   kommuner_dekket: [integer, "kommuner med tjeneste"]
--   folkemengde: [number, "folkemengde 1. januar 2015"]
--   folkemengde_dekket: [number, "folkemengde i kommunene med tjeneste"]
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
    case
        when count(folkemengde_2015) > 0
            then coalesce(sum(folkemengde_2015) filter (where dekket), 0)
    end as folkemengde_dekket,
from kommuner
group by fylkesnummer
order by fylkesnummer
