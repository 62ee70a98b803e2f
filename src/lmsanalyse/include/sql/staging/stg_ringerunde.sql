-- Grain: one row per call attempt of the call round (a unit's attempts are numbered forsok).
-- key: enhet_id, forsok
create or replace view stg_ringerunde as
with

source as (
    select * from src_ringerunde
)

select
    enhet_id::varchar as enhet_id,
    forsok::bigint as forsok,
    dato::date as dato,
    kontaktpunkt::varchar as kontaktpunkt,
    utfall::varchar as utfall,
    _rad::bigint as rad,  -- the row in the raw file, for the audit
from source
