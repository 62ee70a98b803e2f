-- Grain: one row per quarantine entry of the clean stage (a row, or one value of a row, that
-- could not be used); linje numbers the entries.
-- key: linje
create or replace view stg_quarantine as
with

source as (
    select * from raw_places('src_quarantine')
)

select
    linje, fil, rad, kolonne,
    niva::varchar as niva,
    arsak::varchar as arsak,
    kode::varchar as kode,
    -- A row left out on purpose (utelat), one that is no data (a totals row, a test
    -- submission), or a second interview of a service under another id is not an interview
    -- or an answer that failed: no service of its own.
    coalesce(kode::varchar in ('utelatt', 'ikke_data', 'samme_tjeneste'), false) as utelatt,
    nullif(enhet_id::varchar, '') as enhet_id,  -- the unit the row was about, if it could be read
    nullif(tjeneste_id::varchar, '') as tjeneste_id,  -- the interviewed service, likewise
from source
