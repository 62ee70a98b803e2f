-- Grain: one row per kommune of 2014 (428), with its fylke and its population on
-- 1 January 2015.
-- key: kommunenummer
create or replace view stg_kommuner as
with

source as (
    select * from src_kommuner
)

select
    kommunenummer::varchar as kommunenummer,
    kommunenavn::varchar as kommunenavn,
    fylkesnummer::varchar as fylkesnummer,
    fylkesnavn::varchar as fylkesnavn,
    folkemengde_2015::bigint as folkemengde_2015,
from source
