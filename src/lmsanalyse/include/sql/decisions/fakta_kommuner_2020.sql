-- Grain: one row per kommune of 2020; ledd is its status on today's map. Facts for
-- figures.csv.
-- key: kommunenummer_2020
create or replace table fakta_kommuner_2020 as
with

kommuner as (
    select
        kommunenummer_bilde as kommunenummer_2020,
        fylkesnummer_bilde as fylkesnummer_2020,
        status as status_2020,
    from kommune_bilder
    where aar = 2020
)

select
    kommunenummer_2020,
    status_2020 as ledd,
    1::bigint as kommuner_2020,
    1::bigint as "kommuner_2020_<status>",
from kommuner
order by kommunenummer_2020
