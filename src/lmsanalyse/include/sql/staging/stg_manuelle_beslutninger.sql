-- Grain: one row per recorded manual decision (config/manuelle_beslutninger.csv, checked by
-- config.load_manual_decisions): about a kommune (kommunenummer) or a service (tjeneste_id).
-- key: objekttype, objekt
create or replace view stg_manuelle_beslutninger as
with

source as (
    select * from src_manuelle_beslutninger
)

select
    objekttype::varchar as objekttype,
    objekt::varchar as objekt,
    beslutning::varchar as beslutning,
    begrunnelse::varchar as begrunnelse,
    besluttet_av::varchar as besluttet_av,
    dato::varchar as dato,
    fil::varchar as fil,
    rad::integer as rad,
from source
