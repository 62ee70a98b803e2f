-- Grain: one row per kommune of 2024; ledd is its status on today's map. Facts for
-- figures.csv; fylker_2024 counts each fylke once (at its first kommune).
-- key: kommunenummer_2024
create or replace table fakta_kommuner_2024 as
select
    kommunenummer_bilde as kommunenummer_2024,
    status as ledd,
    1::bigint as kommuner_2024,
    1::bigint as "kommuner_2024_<status>",
    (row_number() over (partition by fylkesnummer_bilde order by kommunenummer_bilde) = 1)::bigint
        as fylker_2024,
from kommune_bilder
where aar = 2024
order by kommunenummer_2024
