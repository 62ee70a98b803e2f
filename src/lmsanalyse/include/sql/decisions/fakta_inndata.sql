-- Grain: one row per judgement on the raw input or column it lacks (kind, linje). Facts for
-- figures.csv: names read by similarity (the report lists each in its appendix) and columns
-- an export lacks by declaration (the method section names each).
-- key: art, linje
create or replace table fakta_inndata as
with

navn as (
    select * from stg_navnetolkning
),

mangler as (
    select * from stg_manglende_kolonner
)

select
    'navn' as art,
    linje,
    (metode = 'fuzzy')::bigint as navn_tolket_etter_likhet,
    0::bigint as kolonner_mangler,
from navn
union all
select
    'kolonne' as art,
    row_number() over (order by kilde, kolonne) as linje,
    0::bigint as navn_tolket_etter_likhet,
    1::bigint as kolonner_mangler,
from mangler
order by art, linje
