-- Grain: one row per candidate service (tjeneste_id), and per interview quarantined by the
-- clean stage (not judged, kilde 'telefonintervju (karantene)'): the published decision, with the
-- reasons of marts/tjeneste_arsak.sql after any manual decision. The rule columns
-- i1_intervjuet … i5_i_gang are NULL for a rule the definition lacks.
-- key: tjeneste_id
create or replace table tjeneste_status as
with

kandidater as (
    select * from tjeneste_kandidater
),

beslutninger as (
    select * from tjeneste_beslutning
),

arsaker as (
    select * from tjeneste_arsak
),

vurderte as (
    select
        b.tjeneste_id,
        ja_nei(b.inkludert) as inkludert,
        b.kategori,
        array_to_string(b.feilede, ';') as feilede_regler,
        manuell_arsak('tjeneste', b.tjeneste_id)
        || coalesce(g.arsak, 'Oppfyller alle regler i definisjonen ' || $definisjon) as arsak,
        b.manuell_beslutning,
        manuell_tekst('tjeneste', b.tjeneste_id) as manuell_tekst,
        k.tjeneste_navn,
        k.vertskommune_id,
        k.organisering,
        k.deltakere,
        len(k.deltakere) as antall_deltakere,
        case when k.intervjuet then k.kilde else k.kilde || ' uten intervju' end as kilde,
        k.friskliv,
        k.navn_med_mestring,
        k.egen_enhet,
        k.prosjektfinansiert,
        k.i_gang,
        k.antall_tilbud,
        k.tilbudstyper,
        k.diagnoser,
        k.brukerorg_etablering,
        k.rekruttering,
        k.mange_ars_erfaring,
        b.i1_intervjuet,
        b.i2_brukermedvirkning,
        b.i3_etablert,
        b.i4_lms_tilbud,
        b.i5_i_gang,
    from beslutninger as b
    inner join kandidater as k on k.tjeneste_id = b.tjeneste_id
    left join arsaker as g on g.tjeneste_id = b.tjeneste_id
),

-- An interview the clean stage quarantined is listed too: not judged, and why.
i_karantene as (
    select
        tjeneste_id,
        'Nei' as inkludert,
        '' as feilede_regler,
        'Intervjuet er satt i karantene (' || fil || ', rad ' || array_to_string(rader, ', ')
        || '): ' || array_to_string(grunner, '; ')
        || '; tjenesten er ikke vurdert mot definisjonen' as arsak,
        vertskommune_id,
        'telefonintervju (karantene)' as kilde,
    from karantene_intervjuer
)

select * from vurderte
union all by name
select * from i_karantene
order by tjeneste_id
