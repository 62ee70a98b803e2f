-- Grain: one row per name of the raw data read another way than by its exact name (clean's
-- navnetolkning.csv): by number, or by similarity ('fuzzy', with likhet 0–100); linje
-- numbers the rows.
-- key: linje
create or replace view stg_navnetolkning as
with

source as (
    select * from raw_places('src_navnetolkning')
)

select
    linje, fil, rad, kolonne,
    enhet_id::varchar as enhet_id,
    metode::varchar as metode,
    nullif(likhet::varchar, '')::bigint as likhet,
from source
