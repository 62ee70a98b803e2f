-- Grain: one row per kommune of 2024 (357), with its fylke of 2024 (15 fylker), from
-- data/reference/kommuner_2024.csv (checked by lmsanalyse.reference.load_kommuner_2024).
-- key: kommunenummer_2024
create or replace view stg_kommuner_2024 as
with

source as (
    select * from src_kommuner_2024
)

select
    kommunenummer::varchar as kommunenummer_2024,
    kommunenavn::varchar as kommunenavn_2024,
    fylkesnummer::varchar as fylkesnummer_2024,
    fylkesnavn::varchar as fylkesnavn_2024,
from source
