-- Grain: one row per part of Oslo (stg_oslo_folkemengde; a synthetic register has a copy of
-- Oslo, with its parts, in each copy of the register). Facts for figures.csv: Oslo's
-- population covered as the data contract counts it (all of Oslo when any bydel, or Oslo
-- itself, is covered) and counted by bydel: a bydel is covered when it takes part in an
-- included service; every part is covered when Oslo as a whole takes part in one, or a manual
-- decision includes Oslo. Sentrum, Marka and the unknown bydel are covered only then.
-- befolkning_dekket_bydelsvis adds Oslo's parts to the other kommuner (fakta_kommuner.sql).
-- key: delnummer
create or replace table fakta_oslo as
with

deler as (
    select * from stg_oslo_folkemengde
),

-- Each kommune counted by bydel (2014: only Oslo).
oslo as (
    select
        k.kommunenummer,
        k.dekket,
        k.dekket and (k.egen_beslutning = 'inkluder' or h.enhet_id is not null) as hele_oslo,
    from kommune_dekning as k
    left join (select distinct enhet_id from deltakelse where inkludert) as h
        on h.enhet_id = k.kommunenummer
    where k.kommunenummer in (select kommunenummer from deler)
),

bydeler_med_tjeneste as (
    select distinct enhet_id from deltakelse where inkludert
),

dekning as (
    select
        d.*,
        o.dekket as oslo_dekket,
        o.dekket and (o.hele_oslo or (d.bydel and b.enhet_id is not null)) as dekket_bydelsvis,
    from deler as d
    inner join oslo as o using (kommunenummer)
    left join bydeler_med_tjeneste as b on b.enhet_id = d.delnummer
)

select
    delnummer,
    folkemengde_2015 as oslo_befolkning,
    case when oslo_dekket then folkemengde_2015 else 0 end as oslo_befolkning_dekket,
    case when dekket_bydelsvis then folkemengde_2015 else 0 end
        as oslo_befolkning_dekket_bydelsvis,
    case when dekket_bydelsvis then folkemengde_2015 else 0 end as befolkning_dekket_bydelsvis,
from dekning
order by delnummer
