-- Grain: one row per kommune of the register (2014: 428); ledd is its status code. Facts for figures.csv: each
-- column is named after its figure in include/figures.yaml and is summed over the rows.
-- key: kommunenummer
create or replace table fakta_kommuner as
with

kommuner as (
    select * from kommune_dekning
),

-- The kommuner counted by bydel (2014: Oslo): their parts are in fakta_oslo.sql.
bydelsvis as (
    select distinct kommunenummer from stg_oslo_folkemengde
),

-- The categories of the included services that cover each kommune (readings of
-- kommuner_ikke_friskliv and tjenester_mange_ars_erfaring, config/reconciliation.yaml).
kategorier as (
    select kommunenummer, list(distinct kategori) as kategorier
    from deltakelse
    where inkludert
    group by kommunenummer
),

-- The kinds of conflict among a kommune's units (decisions/enhet_konflikt.sql).
konflikter as (
    select
        kommunenummer,
        bool_or(nei_men_deltar) as nei_men_deltar,
        bool_or(kildene_uenige) as kildene_uenige,
    from enhet_konflikt
    group by kommunenummer
),

-- 2014 kommuner split between 2024 kommuner (Snillfjord, Tysfjord); none on the 2024 register.
delte as (
    select distinct kommunenummer_2014 as kommunenummer
    from stg_kommuneendringer_2024
    where endring = 'delt'
)

select
    kommunenummer,
    status_kode as ledd,
    1::bigint as kommuner_i_registeret,
    folkemengde_2015::bigint as befolkning_2014,
    dekket::bigint as kommuner_med_tilbud,
    (not dekket)::bigint as kommuner_uten_tilbud,
    interkommunal::bigint as kommuner_i_interkommunale,
    -- How each covered kommune is covered (a manual decision alone: neither kind).
    (dekket and egen and not coalesce(interkommunal, false))::bigint as kommuner_dekket_kommunal,
    (dekket and interkommunal and not coalesce(egen, false))::bigint
        as kommuner_dekket_interkommunal,
    (dekket and egen and interkommunal)::bigint as kommuner_dekket_begge,
    (dekket and not coalesce(egen, false) and not coalesce(interkommunal, false))::bigint
        as kommuner_dekket_manuelt,
    -- The statuses a reader needs split: whose Ja was not confirmed, and whether an unclear
    -- answer was followed up by a call.
    (status_kode = 'ja_uten_bekreftelse' and radmann_ja)::bigint
        as kommuner_ikke_bekreftet_radmann_ja,
    (status_kode = 'ja_uten_bekreftelse' and not coalesce(radmann_ja, false))::bigint
        as kommuner_ikke_bekreftet_ringerunde_ja,
    (status_kode = 'uavklart' and ringt)::bigint as kommuner_uavklart_ringt,
    (status_kode = 'uavklart' and not coalesce(ringt, false))::bigint
        as kommuner_uavklart_ikke_ringt,
    (x.kommunenummer is not null)::bigint as kommuner_delt_2024,
    (x.kommunenummer is not null and dekket)::bigint as kommuner_delt_2024_dekket,
    friskliv::bigint as kommuner_friskliv,
    (dekket and not friskliv)::bigint as kommuner_ikke_friskliv,
    (dekket and coalesce(list_has_all(['eget_senter', 'koordinator'], g.kategorier), false))::bigint
        as kommuner_bare_senter_koordinator,
    (dekket and coalesce(list_contains(g.kategorier, 'mange_ars_erfaring'), false))::bigint
        as kommuner_via_mange_ars_erfaring,
    har_konflikt::bigint as kommuner_med_konflikt,
    coalesce(c.nei_men_deltar, false)::bigint as kommuner_konflikt_nei_men_deltar,
    coalesce(c.kildene_uenige, false)::bigint as kommuner_konflikt_kildene_uenige,
    case when dekket then folkemengde_2015 else 0 end as befolkning_dekket,
    -- Oslo counted by bydel: its parts are in fakta_oslo.sql.
    case when dekket and b.kommunenummer is null then folkemengde_2015 else 0 end
        as befolkning_dekket_bydelsvis,
    1::bigint as "kommuner_status_<kode>",
from kommuner as k
left join kategorier as g using (kommunenummer)
left join bydelsvis as b using (kommunenummer)
left join delte as x using (kommunenummer)
left join konflikter as c using (kommunenummer)
order by kommunenummer
