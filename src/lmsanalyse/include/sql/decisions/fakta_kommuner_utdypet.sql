-- Grain: one row per kommune of the register. Facts for figures.csv that split the report's claims
-- further (report/claims.py): how an unclear answer came about, whether a covered kommune has
-- a service that is not friskliv-organised, and the kommuner and population without those
-- counted by bydel (2014: Oslo), so that the population share and the kommune share can be
-- compared without Oslo on both sides.
-- key: kommunenummer
create or replace table fakta_kommuner_utdypet as
with

kommuner as (
    select * from kommune_dekning
),

bydelsvis as (
    select distinct kommunenummer from stg_oslo_folkemengde
),

-- Included services of a kind other than friskliv that cover the kommune.
andre as (
    select distinct kommunenummer
    from deltakelse
    where inkludert and kategori <> 'friskliv'
)

select
    k.kommunenummer,
    -- Not called: the form said «Vet ikke», or it was sent without an answer to the question.
    (k.status_kode = 'uavklart' and not coalesce(k.ringt, false)
        and coalesce(list_contains(k.radmann_svar, 'Vet ikke'), false))::bigint
        as kommuner_uavklart_vet_ikke,
    (k.status_kode = 'uavklart' and not coalesce(k.ringt, false)
        and not coalesce(list_contains(k.radmann_svar, 'Vet ikke'), false))::bigint
        as kommuner_uavklart_uten_svar,
    (k.dekket and a.kommunenummer is not null)::bigint as kommuner_med_annen_enn_friskliv,
    (k.dekket and k.friskliv and a.kommunenummer is not null)::bigint
        as kommuner_friskliv_og_annen,
    (b.kommunenummer is null)::bigint as kommuner_uten_oslo,
    (k.dekket and b.kommunenummer is null)::bigint as kommuner_med_tilbud_uten_oslo,
    case when b.kommunenummer is null then k.folkemengde_2015 else 0 end as befolkning_uten_oslo,
    case when k.dekket and b.kommunenummer is null then k.folkemengde_2015 else 0 end
        as befolkning_dekket_uten_oslo,
from kommuner as k
left join bydelsvis as b using (kommunenummer)
left join andre as a using (kommunenummer)
order by k.kommunenummer
