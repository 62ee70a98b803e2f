-- Grain: one row per candidate service. Facts for figures.csv: each column is named after its
-- figure in include/figures.yaml and is summed over the rows (booleans count as 0/1). The
-- readings of the published figures (config/reconciliation.yaml) count: the article's four
-- groups of services (friskliv, project-based, not started, many years) without overlap, in
-- the article's order; kommuner summed over the interkommunal services; offerings less one
-- per non-LMS type listed (rules.NON_LMS_TYPES), but at least one per LMS type listed; and
-- for the report's claims the offer counts that do not add up.
-- key: tjeneste_id
create or replace table fakta_tjenester as
with

kandidater as (
    select * from tjeneste_kandidater
),

beslutninger as (
    select * from tjeneste_beslutning
),


tjenester as (
    select
        k.*,
        b.inkludert,
        b.kategori,
        b.uavgjorte,
        b.inkludert and k.i_gang = 'Ja' as i_gang_inkludert,
        -- The article's groups: 27 friskliv, 7 project-based, 4 not started, 4 many years.
        [
            b.kategori = 'friskliv', k.prosjektfinansiert = 'Ja', k.i_gang = 'Nei',
            b.kategori = 'mange_ars_erfaring'
        ] as grupper,
        len(list_filter(coalesce(k.tilbudstyper, []), lambda x: list_contains(
            $ikke_lms_tilbudstyper::varchar[], x))) as ikke_lms_typer,
        len(coalesce(k.tilbudstyper, [])) as typer,
        coalesce(d.kommuner, 0) as kommuner,
    from kandidater as k
    inner join beslutninger as b on b.tjeneste_id = k.tjeneste_id
    left join (
        select tjeneste_id, count(distinct kommunenummer) as kommuner
        from deltakelse group by tjeneste_id
    ) as d on d.tjeneste_id = k.tjeneste_id
)

select
    tjeneste_id,
    intervjuet::bigint as tjenester_intervjuet,
    (intervjuet and not inkludert)::bigint as tjenester_ekskludert,
    (intervjuet and len(uavgjorte) > 0)::bigint as tjenester_uavgjort,
    (inkludert and not intervjuet)::bigint as tjenester_uten_intervju_inkludert,
    inkludert::bigint as tjenester,
    (inkludert and organisering = 'kommunal')::bigint as tjenester_kommunale,
    (inkludert and organisering = 'interkommunal')::bigint as tjenester_interkommunale,
    (inkludert and kategori = 'friskliv')::bigint as tjenester_friskliv,
    (inkludert and kategori = 'friskliv' and navn_med_mestring = 'Ja')::bigint
        as tjenester_friskliv_mestring_i_navnet,
    (inkludert and kategori = 'friskliv' and navn_med_mestring = 'Nei')::bigint
        as tjenester_friskliv_navn,
    (inkludert and kategori = 'eget_senter')::bigint as tjenester_eget_senter,
    (inkludert and kategori = 'koordinator')::bigint as tjenester_koordinator,
    (inkludert and kategori = 'mange_ars_erfaring')::bigint as tjenester_mange_ars_erfaring,
    (inkludert and prosjektfinansiert = 'Ja')::bigint as tjenester_prosjektfinansiert,
    (inkludert and i_gang = 'Nei')::bigint as tjenester_ikke_i_gang,
    i_gang_inkludert::bigint as tjenester_i_gang,
    case when i_gang_inkludert then antall_tilbud else 0 end as tilbud_totalt,
    (inkludert and brukerorg_etablering = 'Ja')::bigint as brukerorg_etablering_ja,
    (inkludert and brukerorg_etablering = 'Nei')::bigint as brukerorg_etablering_nei,
    (inkludert and brukerorg_etablering = 'Vet ikke')::bigint as brukerorg_etablering_vet_ikke,
    (i_gang_inkludert and rekruttering = 'via brukerorganisasjoner')::bigint
        as rekruttering_brukerorg,
    (i_gang_inkludert and rekruttering = 'utenom organisasjonene')::bigint
        as rekruttering_utenom,
    (i_gang_inkludert and rekruttering = 'vet ikke')::bigint as rekruttering_vet_ikke,
    (inkludert and list_position(grupper, true) = 2)::bigint as tjenester_uten_overlapp_prosjektbaserte,
    (inkludert and list_position(grupper, true) = 3)::bigint as tjenester_uten_overlapp_ikke_i_gang,
    (inkludert and list_position(grupper, true) = 4)::bigint
        as tjenester_uten_overlapp_mange_ars_erfaring,
    (inkludert and len(list_filter(grupper, lambda x: x)) > 1)::bigint as tjenester_i_flere_grupper,
    (inkludert and organisering = 'interkommunal')::bigint * kommuner
        as deltakelser_interkommunale,
    case
        -- never more than the service's own count of offers
        when i_gang_inkludert then least(antall_tilbud, greatest(antall_tilbud, typer) - ikke_lms_typer)
        else 0
    end as tilbud_lms_anslag,
    (i_gang_inkludert and ikke_lms_typer > 0)::bigint as tjenester_med_ikke_lms_typer,
    (i_gang_inkludert and antall_tilbud < typer)::bigint as tjenester_faerre_tilbud_enn_typer,
from tjenester
order by tjeneste_id
