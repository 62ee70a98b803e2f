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
    -- A row the import map leaves out (a test submission, say) is not an interview or an
    -- answer that failed: the text is clean.stage.LEFT_OUT_REASON.
    starts_with(arsak::varchar, 'utelatt etter importkartet:') as utelatt,
    nullif(enhet_id::varchar, '') as enhet_id,  -- the unit the row was about, if it could be read
    nullif(tjeneste_id::varchar, '') as tjeneste_id,  -- the interviewed service, likewise
from source
