-- Grain: one row per quarantine entry of the clean stage (a row, or one value of a row, that
-- could not be used); linje numbers the entries.
-- key: linje
create or replace view stg_quarantine as
with

source as (
    select * from src_quarantine
)

select
    row_number() over () as linje,
    fil::varchar as fil,
    rad::bigint as rad,
    kolonne::varchar as kolonne,
    niva::varchar as niva,
    arsak::varchar as arsak,
from source
