-- Grain: one row per judgement on the raw input or column it lacks (kind, linje). Facts for
-- figures.csv: names read by similarity (the report lists each in its appendix) and columns
-- an export lacks by declaration (the method section names each).
-- key: art, linje
create or replace table fakta_inndata as
with

navn as (
    select * from stg_navnetolkning
),

enheter as (
    select enhet_id, enhetstype from stg_enheter
),

-- The first name read by similarity for each unit: the units those names stand for.
forste as (
    select
        n.linje,
        e.enhetstype,
        n.metode = 'fuzzy'
        and row_number() over (partition by n.enhet_id, n.metode = 'fuzzy' order by n.linje) = 1
            as forste,
    from navn as n
    left join enheter as e using (enhet_id)
),

mangler as (
    select * from stg_manglende_kolonner
)

select
    'navn' as art,
    n.linje,
    (n.metode = 'fuzzy')::bigint as navn_tolket_etter_likhet,
    (f.forste and f.enhetstype = 'kommune')::bigint as kommuner_tolket_etter_likhet,
    (f.forste and f.enhetstype = 'bydel')::bigint as bydeler_tolket_etter_likhet,
    0::bigint as kolonner_mangler,
from navn as n
inner join forste as f using (linje)
union all
select
    'kolonne' as art,
    row_number() over (order by kilde, kolonne) as linje,
    0::bigint as navn_tolket_etter_likhet,
    0::bigint as kommuner_tolket_etter_likhet,
    0::bigint as bydeler_tolket_etter_likhet,
    1::bigint as kolonner_mangler,
from mangler
order by art, linje
