-- Grain: one row per fylke of 2020 (11).
-- key: fylkesnummer_2020
create or replace view stg_fylker_2020 as
with

source as (
    select * from src_fylker_2020
)

select
    fylkesnummer_2020::varchar as fylkesnummer_2020,
    fylkesnavn_2020::varchar as fylkesnavn_2020,
from source
