-- Grain: one row per quarantine entry of the clean stage. Facts for figures.csv.
-- key: linje
create or replace table fakta_karantene as
with

karantene as (
    select * from stg_quarantine
)

select
    linje,
    (niva = 'verdi')::bigint as verdier_karantene,
from karantene
order by linje
