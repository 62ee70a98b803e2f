-- Grain: one row per (candidate service, participating unit). A unit is a kommune, Oslo
-- (0301) or one of Oslo's bydeler; kommunenummer rolls bydeler up to 0301.
create or replace table tjeneste_deltakelse as
with

enhet_kommune as (
    select kommunenummer as enhet_id, kommunenummer from kommuner
    union all
    select enhet_id, kommunenummer from enheter where enhetstype = 'bydel'
),

deltakere as (
    select
        s.tjeneste_id,
        d.enhet_id,
        s.inkludert,
        s.organisering,
        s.kategori,
        s.feilede_regler,
        d.enhet_id = s.vertskommune_id as er_vert,
    from tjeneste_status as s,
        unnest(s.deltakere) as d(enhet_id)
)

select
    d.tjeneste_id,
    d.enhet_id,
    k.kommunenummer,
    d.er_vert,
    d.inkludert,
    d.organisering,
    d.kategori,
    d.feilede_regler,
from deltakere as d
inner join enhet_kommune as k on k.enhet_id = d.enhet_id
order by d.tjeneste_id, d.enhet_id
