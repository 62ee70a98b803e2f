-- Grain: one row per kommune of 2020; ledd is its status on today's map. Facts for
-- figures.csv.
-- key: kommunenummer_2020
create or replace table fakta_kommuner_2020 as
select
    kommunenummer_bilde as kommunenummer_2020,
    status as ledd,
    1::bigint as kommuner_2020,
    1::bigint as "kommuner_2020_<status>",
from kommune_bilder
where aar = 2020
order by kommunenummer_2020
