-- Grain: one row per service interviewed by telephone. deltakerkommuner lists every
-- participating unit, the host included (the clean stage checks this).
-- key: tjeneste_id
create or replace view stg_telefonintervju as
with

source as (
    select * from src_telefonintervju
)

select
    tjeneste_id::varchar as tjeneste_id,
    tjeneste_navn::varchar as tjeneste_navn,
    vertskommune_id::varchar as vertskommune_id,
    organisering::varchar as organisering,
    deltakerkommuner::varchar[] as deltakerkommuner,
    friskliv::varchar as friskliv,
    navn_med_mestring::varchar as navn_med_mestring,
    egen_enhet::varchar as egen_enhet,
    prosjektfinansiert::varchar as prosjektfinansiert,
    i_gang::varchar as i_gang,
    antall_tilbud::bigint as antall_tilbud,
    tilbudstyper::varchar[] as tilbudstyper,
    diagnoser::varchar[] as diagnoser,
    bm_utvikling::varchar as bm_utvikling,
    bm_planlegging::varchar as bm_planlegging,
    bm_gjennomforing::varchar as bm_gjennomforing,
    bm_evaluering::varchar as bm_evaluering,
    brukerorg_etablering::varchar as brukerorg_etablering,
    rekruttering::varchar as rekruttering,
    mange_ars_erfaring::varchar as mange_ars_erfaring,
    coalesce(ulesbare, []::varchar[])::varchar[] as ulesbare,
    _rad::bigint as rad,  -- the row in the raw file, for the audit
from source
