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
from source
