-- Grain: one row per 2014 kommune; ledd is its fylke. Facts for figures.csv: kommuner and
-- population per fylke, and how many of them are covered.
-- key: kommunenummer
create or replace table fakta_fylker as
with

kommuner as (
    select * from kommune_dekning
)

select
    kommunenummer,
    fylkesnummer as ledd,
    1::bigint as "fylke_<nr>_kommuner",
    dekket::bigint as "fylke_<nr>_kommuner_med_tilbud",
    folkemengde_2015::bigint as "fylke_<nr>_befolkning",
    case when dekket then folkemengde_2015 else 0 end as "fylke_<nr>_befolkning_dekket",
from kommuner
order by kommunenummer
