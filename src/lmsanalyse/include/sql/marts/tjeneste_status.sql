-- Grain: one row per candidate service (tjeneste_id), and per interview quarantined by the
-- clean stage (not judged, kilde 'telefonintervju (karantene)'): the published decision, with the
-- reasons of marts/tjeneste_arsak.sql after any manual decision. The rule columns
-- i1_intervjuet … i5_i_gang are NULL for a rule the definition lacks.
-- key: tjeneste_id
-- files: [csv, parquet]
-- main: [csv, parquet]
-- title: Hver intervjuet tjeneste med vurderingen mot definisjonen
-- description: >-
--   Én rad per intervjuet tjeneste; inkludert er Ja når tjenesten oppfyller alle reglene i
--   definisjonen; feilede_regler lister reglene den ikke oppfyller.
-- columns:
--   tjeneste_id: [string, "tjenestens id i telefonintervjuene"]
--   inkludert: [string, "tjenesten oppfyller definisjonen", [Ja, Nei]]
--   kategori: [string, "kategori for en inkludert tjeneste (friskliv, eget_senter, koordinator, mange_ars_erfaring)"]
--   feilede_regler: [string, "reglene tjenesten ikke oppfyller (regel-id skilt med semikolon)"]
--   arsak: [string, "hvorfor tjenesten er eller ikke er inkludert"]
--   manuell_beslutning: [string, "en manuell beslutning om tjenesten"]
--   manuell_tekst: [string, "den manuelle beslutningen i ord (begrunnelse, hvem og når)"]
--   tjeneste_navn: [string, "tjenestens navn"]
--   vertskommune_id: [string, "vertskommunen (kommunenummer eller bydelsnummer)"]
--   organisering: [string, "kommunal eller interkommunal", [kommunal, interkommunal]]
--   deltakere: [string, "kommunene som deltar (semikolon-skilt)"]
--   antall_deltakere: [integer, "antall deltakerkommuner"]
--   kilde: [string, "hvor opplysningene kom fra"]
--   friskliv: [string, "tjenesten er organisert med eller gitt av en frisklivssentral"]
--   navn_med_mestring: [string, "navnet inneholder «mestring»", [Ja, Nei]]
--   egen_enhet: [string, "eget senter/avdeling, koordinator eller nei"]
--   prosjektfinansiert: [string, "Ja når respondenten sa at tjenesten er prosjektfinansiert"]
--   i_gang: [string, "tjenesten har begynt å gi tilbud", [Ja, Nei]]
--   antall_tilbud: [integer, "antall tilbud det siste året"]
--   tilbudstyper: [string, "typene tilbud (semikolon-skilt)"]
--   diagnoser: [string, "diagnosene eller målgruppene tilbudene er rettet mot (semikolon-skilt)"]
--   brukerorg_etablering: [string, "brukerorganisasjoner er med i etablering og utvikling"]
--   rekruttering: [string, "hvordan brukerrepresentantene rekrutteres"]
--   mange_ars_erfaring: [string, "mange års erfaring med flere tilbud uten egen tjeneste", [Ja, Nei]]
--   i1_intervjuet: [string, "regel I1 (intervjuet) oppfylt; tom når definisjonen ikke har regelen"]
--   i2_brukermedvirkning: [string, "regel I2 (sidestilt brukermedvirkning) oppfylt; tom når definisjonen ikke har regelen"]
--   i3_etablert: [string, "regel I3 (etablert tjeneste) oppfylt; tom når definisjonen ikke har regelen"]
--   i4_lms_tilbud: [string, "regel I4 (lærings- og mestringstilbud) oppfylt; tom når definisjonen ikke har regelen"]
--   i5_i_gang: [string, "regel I5 (i gang) oppfylt; tom når definisjonen ikke har regelen"]
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
