-- Grain: one row per (candidate service, participating unit). A unit is a kommune, Oslo
-- (0301) or one of Oslo's bydeler; kommunenummer rolls bydeler up to 0301. inkludert: the
-- service's decision after any manual decision about it; etter_reglene: by the rules alone;
-- manuell_beslutning: the manual decision about the service (NULL: none).
-- key: tjeneste_id, enhet_id
create or replace table deltakelse as
with

kandidater as (
    select * from tjeneste_kandidater
),

beslutninger as (
    select * from tjeneste_beslutning
),

kommuner as (
    select * from stg_kommuner
),

bydeler as (
    select * from stg_enheter where enhetstype = 'bydel'
),

enhet_kommune as (
    select kommunenummer as enhet_id, kommunenummer from kommuner
    union all
    select enhet_id, kommunenummer from bydeler
),

deltakere as (
    select
        k.tjeneste_id,
        d.enhet_id,
        d.enhet_id = k.vertskommune_id as er_vert,
        b.inkludert,
        b.etter_reglene,
        b.manuell_beslutning,
        k.organisering,
        b.kategori,
        b.feilede,
        b.uavgjorte,
    from kandidater as k
    inner join beslutninger as b on b.tjeneste_id = k.tjeneste_id,
        unnest(k.deltakere) as d(enhet_id)
)

select
    d.tjeneste_id,
    d.enhet_id,
    e.kommunenummer,
    d.* exclude (tjeneste_id, enhet_id),
from deltakere as d
inner join enhet_kommune as e on e.enhet_id = d.enhet_id
order by d.tjeneste_id, d.enhet_id
