-- Grain: one row per kommune of 2024; ledd is its fylke of 2024. Facts for figures.csv:
-- the 2024 kommuner of each fylke by their status on today's map.
-- key: kommunenummer_2024
create or replace table fakta_fylker_2024 as
select
    kommunenummer_bilde as kommunenummer_2024,
    fylkesnummer_bilde as ledd,
    1::bigint as "fylke_2024_<nr>_kommuner",
    (status = 'dekket')::bigint as "fylke_2024_<nr>_dekket",
    (status = 'delvis dekket')::bigint as "fylke_2024_<nr>_delvis_dekket",
    (status = 'ikke dekket')::bigint as "fylke_2024_<nr>_ikke_dekket",
from kommune_bilder
where aar = 2024
order by kommunenummer_2024
