-- Grain: one row per 2014 kommune; ledd is its status code. Facts for figures.csv: each
-- column is named after its figure in include/figures.yaml and is summed over the rows.
-- key: kommunenummer
create or replace table fakta_kommuner as
with

kommuner as (
    select * from kommune_dekning
),

-- The kommuner counted by bydel (2014: Oslo): their parts are in 32_fakta_oslo.sql.
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
)

select
    kommunenummer,
    status_kode as ledd,
    1::bigint as kommuner_2014,
    folkemengde_2015::bigint as befolkning_2014,
    dekket::bigint as kommuner_med_tilbud,
    (not dekket)::bigint as kommuner_uten_tilbud,
    interkommunal::bigint as kommuner_i_interkommunale,
    friskliv::bigint as kommuner_friskliv,
    (dekket and not friskliv)::bigint as kommuner_ikke_friskliv,
    (dekket and coalesce(list_has_all(['eget_senter', 'koordinator'], g.kategorier), false))::bigint
        as kommuner_bare_senter_koordinator,
    (dekket and coalesce(list_contains(g.kategorier, 'mange_ars_erfaring'), false))::bigint
        as kommuner_via_mange_ars_erfaring,
    har_konflikt::bigint as kommuner_med_konflikt,
    case when dekket then folkemengde_2015 else 0 end as befolkning_dekket,
    -- Oslo counted by bydel: its parts are in 32_fakta_oslo.sql.
    case when dekket and b.kommunenummer is null then folkemengde_2015 else 0 end
        as befolkning_dekket_bydelsvis,
    1::bigint as "kommuner_status_<kode>",
from kommuner as k
left join kategorier as g using (kommunenummer)
left join bydelsvis as b using (kommunenummer)
order by kommunenummer
