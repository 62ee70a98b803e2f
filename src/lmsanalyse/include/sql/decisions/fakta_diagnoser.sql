-- Grain: one row per (included service in operation, diagnosis it gives offerings for); ledd
-- is the diagnosis. Facts for figures.csv (a diagnosis no such service names has no figure).
-- key: tjeneste_id, ledd
create or replace table fakta_diagnoser as
with

kandidater as (
    select * from tjeneste_kandidater
),

beslutninger as (
    select * from tjeneste_beslutning
),

tjenester as (
    select k.tjeneste_id, k.diagnoser
    from kandidater as k
    inner join beslutninger as b on b.tjeneste_id = k.tjeneste_id
    where b.inkludert and k.i_gang = 'Ja'
)

select
    t.tjeneste_id,
    d.diagnose as ledd,
    1::bigint as "diagnose_<diagnose>",
from tjenester as t,
    unnest(t.diagnoser) as d(diagnose)
order by t.tjeneste_id, ledd
