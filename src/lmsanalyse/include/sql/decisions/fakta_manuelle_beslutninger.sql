-- Grain: one row per recorded manual decision; ledd is what it is about (kommune or
-- tjeneste). Facts for figures.csv.
-- key: objekttype, objekt
create or replace table fakta_manuelle_beslutninger as
with

beslutninger as (
    select * from stg_manuelle_beslutninger
)

select
    objekttype,
    objekt,
    objekttype as ledd,
    1::bigint as "manuelle_beslutninger_<objekttype>",
from beslutninger
order by objekttype, objekt
