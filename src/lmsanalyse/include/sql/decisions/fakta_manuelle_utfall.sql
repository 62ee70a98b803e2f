-- Grain: one row per interviewed service, and only when a manual decision is about a
-- service: a run without such decisions has no rows, so none of these (valgfri) figures.
-- Facts for figures.csv: excluded by the rules, and the outcomes a decision changed.
-- key: tjeneste_id
create or replace table fakta_manuelle_utfall as
with

kandidater as (
    select * from tjeneste_kandidater where intervjuet
),

beslutninger as (
    select * from tjeneste_beslutning
),

tjeneste_beslutninger as (
    select * from stg_manuelle_beslutninger where objekttype = 'tjeneste'
)

select
    b.tjeneste_id,
    (not b.etter_reglene)::bigint as tjenester_ekskludert_etter_reglene,
    (not b.etter_reglene and b.inkludert)::bigint as tjenester_manuelt_inkludert,
    (b.etter_reglene and not b.inkludert)::bigint as tjenester_manuelt_ekskludert,
from beslutninger as b
inner join kandidater as k on k.tjeneste_id = b.tjeneste_id
where exists (select 1 from tjeneste_beslutninger)
order by b.tjeneste_id
