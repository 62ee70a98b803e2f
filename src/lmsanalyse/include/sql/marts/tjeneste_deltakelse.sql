-- Grain: one row per (candidate service, participating unit). A unit is a kommune, Oslo
-- (0301) or one of Oslo's bydeler; kommunenummer rolls bydeler up to 0301.
-- key: tjeneste_id, enhet_id
create or replace table tjeneste_deltakelse as
with

deltakelse as (
    select * from deltakelse
)

select
    tjeneste_id,
    enhet_id,
    kommunenummer,
    er_vert,
    ja_nei(inkludert) as inkludert,
    organisering,
    kategori,
    array_to_string(feilede, ';') as feilede_regler,
from deltakelse
order by tjeneste_id, enhet_id
