-- Grain: one row per candidate service. Facts for figures.csv: each column is named after its
-- figure in include/figures.yaml and is summed over the rows (booleans count as 0/1).
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
    from kandidater as k
    inner join beslutninger as b on b.tjeneste_id = k.tjeneste_id
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
from tjenester
order by tjeneste_id
