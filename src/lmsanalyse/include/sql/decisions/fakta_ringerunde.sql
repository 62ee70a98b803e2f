-- Grain: one row per call attempt. Facts for figures.csv.
-- key: enhet_id, forsok
create or replace table fakta_ringerunde as
with

oppringninger as (
    select * from stg_ringerunde
)

select
    enhet_id,
    forsok,
    1::bigint as ringerunde_forsok,
from oppringninger
order by enhet_id, forsok
