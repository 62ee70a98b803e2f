-- Grain: one row per (included service in operation, type of offering it gives); ledd is the
-- type. Facts for figures.csv (a type no such service names has no figure).
-- key: tjeneste_id, ledd
create or replace table fakta_tilbudstyper as
with

kandidater as (
    select * from tjeneste_kandidater
),

beslutninger as (
    select * from tjeneste_beslutning
),

tjenester as (
    select k.tjeneste_id, k.tilbudstyper
    from kandidater as k
    inner join beslutninger as b on b.tjeneste_id = k.tjeneste_id
    where b.inkludert and k.i_gang = 'Ja'
)

select
    t.tjeneste_id,
    d.tilbudstype as ledd,
    1::bigint as "tilbudstype_<type>",
from tjenester as t,
    unnest(t.tilbudstyper) as d(tilbudstype)
order by t.tjeneste_id, ledd
