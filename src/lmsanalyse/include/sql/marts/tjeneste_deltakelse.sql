-- Grain: one row per (candidate service, participating unit). A unit is a kommune, Oslo
-- (0301) or one of Oslo's bydeler; kommunenummer rolls bydeler up to 0301.
-- key: tjeneste_id, enhet_id
-- files: [csv, parquet]
-- title: Hver kandidattjeneste med enhetene som deltar
-- description: >-
--   Én rad per (kandidattjeneste, deltakende enhet); en bydel hører til sin kommune i
--   kommunenummer.
-- columns:
--   tjeneste_id: [string, "tjenestens id i telefonintervjuene"]
--   enhet_id: [string, "enheten som deltar (kommunenummer eller bydelsnummer)"]
--   kommunenummer: [string, "kommunen enheten hører til"]
--   er_vert: [string, "enheten er tjenestens vertskommune", [Ja, Nei]]
--   inkludert: [string, "tjenesten oppfyller definisjonen", [Ja, Nei]]
--   organisering: [string, "kommunal eller interkommunal", [kommunal, interkommunal]]
--   kategori: [string, "kategori for en inkludert tjeneste (friskliv, eget_senter, koordinator, mange_ars_erfaring)"]
--   feilede_regler: [string, "reglene tjenesten ikke oppfyller (regel-id skilt med semikolon)"]
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
