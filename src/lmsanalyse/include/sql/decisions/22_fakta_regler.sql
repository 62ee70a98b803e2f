-- Grain: one row per (interviewed service, rule of the definition); ledd is the rule. Facts
-- for figures.csv: the services failing each rule (a service may fail several), and failing
-- it alone. A rule the definition lacks has no rows, so no figure.
-- key: tjeneste_id, ledd
create or replace table fakta_regler as
with

vurdering as (
    select * from regel_vurdering
),

kandidater as (
    select * from tjeneste_kandidater where intervjuet
),

beslutninger as (
    select * from tjeneste_beslutning
)

select
    v.tjeneste_id,
    v.regel as ledd,
    (not v.bestatt)::bigint as "ekskludert_<regel>",
    (not v.bestatt and len(b.feilede) = 1)::bigint as "ekskludert_kun_<regel>",
from vurdering as v
inner join kandidater as k on k.tjeneste_id = v.tjeneste_id
inner join beslutninger as b on b.tjeneste_id = v.tjeneste_id
order by v.tjeneste_id, v.nr
