-- Grain: one row per inconsistency (decisions/konsistens.sql). Facts for figures.csv:
-- konsistensproblemer, how many there are.
-- key: kode, objekt
create or replace table fakta_konsistens as
select
    kode,
    objekt,
    1::bigint as konsistensproblemer,
from konsistens_avvik
order by kode, objekt
