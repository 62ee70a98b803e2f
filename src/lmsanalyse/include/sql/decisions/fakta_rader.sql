-- Grain: one row per raw source; ledd is the source. Facts for figures.csv: the clean
-- stage's row accounting.
-- key: ledd
create or replace table fakta_rader as
with

regnskap as (
    select * from stg_row_accounting
)

select
    kilde as ledd,
    rader_inn as "rader_inn_<kilde>",
    brukt as "rader_brukt_<kilde>",
    slatt_sammen as "rader_slatt_sammen_<kilde>",
    karantene as "rader_karantene_<kilde>",
    tomme_rader as "rader_tomme_<kilde>",
from regnskap
order by kilde
