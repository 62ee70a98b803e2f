-- Grain: one row per kommune of 2024; ledd is its fylke of 2024. Facts for figures.csv:
-- the 2024 kommuner of each fylke by their status on today's map.
-- key: kommunenummer_2024
create or replace table fakta_fylker_2024 as
with

kommuner as (
    select
        kommunenummer_bilde as kommunenummer_2024,
        fylkesnummer_bilde as fylkesnummer_2024,
        status as status_2024,
    from kommune_bilder
    where aar = 2024
)

select
    kommunenummer_2024,
    fylkesnummer_2024 as ledd,
    1::bigint as "fylke_2024_<nr>_kommuner",
    (status_2024 = 'dekket')::bigint as "fylke_2024_<nr>_dekket",
    (status_2024 = 'delvis dekket')::bigint as "fylke_2024_<nr>_delvis_dekket",
    (status_2024 = 'ikke dekket')::bigint as "fylke_2024_<nr>_ikke_dekket",
from kommuner
order by kommunenummer_2024
