-- Grain: one row per questionnaire unit that answered: its latest submission (the clean stage
-- merges the earlier ones and counts them in antall_innsendinger).
-- key: enhet_id
create or replace view stg_radmann_svar as
with

source as (
    select * from src_radmann_svar
)

select
    enhet_id::varchar as enhet_id,
    svar_id::varchar as svar_id,
    innsendt::timestamp as innsendt,
    har_tjeneste::varchar as har_tjeneste,
    interkommunal::varchar as interkommunal,
    samarbeidskommuner::varchar[] as samarbeidskommuner,
    tjeneste_navn::varchar as tjeneste_navn,
    antall_innsendinger::bigint as antall_innsendinger,
    _rad::bigint as rad,  -- the row in the raw file, for the audit
from source
