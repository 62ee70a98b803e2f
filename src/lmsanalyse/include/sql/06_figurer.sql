-- Grain: one row per figure id (figur). verdi is a count; nevner, when set, is the count it
-- is a share of. Every id of data/reference/published_figures_2015.csv is here, computed from
-- the data, plus the unit flow, the exclusions per rule, population coverage and fylke rows.
create or replace table figures as
with

inkl as (
    select * from tjeneste_status where inkludert = 'Ja'
),

regler as (
    select unnest([
        'I1_intervjuet', 'I2_brukermedvirkning', 'I3_etablert', 'I4_lms_tilbud', 'I5_i_gang'
    ]) as regel
),

inkl_deltakelse as (
    select * from tjeneste_deltakelse where inkludert = 'Ja'
),

n as (
    select
        (select count(*) from enheter) as n_enheter,
        (select count(*) from kommuner) as n_kommuner,
        (select count(*) from inkl) as n_tjenester,
        (select count(*) from inkl where kategori = 'friskliv') as n_friskliv,
        (select count(*) from inkl where i_gang = 'Ja') as n_i_gang,
        (select count(*) from kommune_status where dekket = 'Ja') as n_dekket,
        (select count(*) from enhet_svar where besvart_skjema) as n_besvart,
        (select count(*) from enhet_svar where radmann_svar = 'Ja') as n_radmann_ja,
        (select count(*) from enhet_svar where ringerunde_forsok > 0) as n_ringt,
        (select count(*) from tjeneste_status where kilde = 'telefonintervju') as n_intervjuet,
        (select sum(folkemengde_2015) from kommuner) as n_folkemengde
),

publiserte as (
    select 'enheter_spurt' as figur, n.n_enheter as verdi, null as nevner from n
    union all select 'radmann_svar', n.n_besvart, n.n_enheter from n
    union all select 'ringerunde', n.n_ringt, n.n_enheter from n
    union all select 'tjenester', n.n_tjenester, null from n
    union all
    select 'tjenester_kommunale', count(*), (select n_tjenester from n)
    from inkl, n where organisering = 'kommunal'
    union all
    select 'tjenester_interkommunale', count(*), (select n_tjenester from n)
    from inkl, n where organisering = 'interkommunal'
    union all
    select 'kommuner_i_interkommunale', count(distinct kommunenummer), null
    from inkl_deltakelse where organisering = 'interkommunal'
    union all select 'kommuner_med_tilbud', n.n_dekket, n.n_kommuner from n
    union all select 'kommuner_uten_tilbud', n.n_kommuner - n.n_dekket, n.n_kommuner from n
    union all select 'tjenester_friskliv', n.n_friskliv, n.n_tjenester from n
    union all
    select 'kommuner_friskliv', count(distinct kommunenummer), (select n_dekket from n)
    from inkl_deltakelse, n where kategori = 'friskliv'
    union all
    select 'tjenester_friskliv_mestring_i_navnet', count(*), (select n_friskliv from n)
    from inkl, n where kategori = 'friskliv' and navn_med_mestring = 'Ja'
    union all
    select 'tjenester_friskliv_navn', count(*), (select n_friskliv from n)
    from inkl, n where kategori = 'friskliv' and navn_med_mestring = 'Nei'
    union all
    -- Covered kommuner that no friskliv-organised service covers.
    select 'kommuner_ikke_friskliv', count(*), (select n_dekket from n)
    from kommune_status, n where dekket = 'Ja' and not dekket_av_friskliv
    union all
    select 'tjenester_eget_senter', count(*), (select n_tjenester from n)
    from inkl, n where kategori = 'eget_senter'
    union all
    select 'tjenester_koordinator', count(*), (select n_tjenester from n)
    from inkl, n where kategori = 'koordinator'
    union all
    select 'tjenester_mange_ars_erfaring', count(*), (select n_tjenester from n)
    from inkl, n where kategori = 'mange_ars_erfaring'
    union all
    select 'tjenester_prosjektfinansiert', count(*), (select n_tjenester from n)
    from inkl, n where prosjektfinansiert = 'Ja'
    union all
    select 'tjenester_ikke_i_gang', count(*), (select n_tjenester from n)
    from inkl, n where i_gang = 'Nei'
    union all select 'tjenester_i_gang', n.n_i_gang, n.n_tjenester from n
    union all
    select 'tilbud_totalt', coalesce(sum(antall_tilbud), 0), null
    from inkl where i_gang = 'Ja'
    union all
    select 'brukerorg_etablering_ja', count(*), (select n_tjenester from n)
    from inkl, n where brukerorg_etablering = 'Ja'
    union all
    select 'brukerorg_etablering_nei', count(*), (select n_tjenester from n)
    from inkl, n where brukerorg_etablering = 'Nei'
    union all
    select 'brukerorg_etablering_vet_ikke', count(*), (select n_tjenester from n)
    from inkl, n where brukerorg_etablering = 'Vet ikke'
    union all
    select 'rekruttering_brukerorg', count(*), (select n_i_gang from n)
    from inkl, n where i_gang = 'Ja' and rekruttering = 'via brukerorganisasjoner'
    union all
    select 'rekruttering_utenom', count(*), (select n_i_gang from n)
    from inkl, n where i_gang = 'Ja' and rekruttering = 'utenom organisasjonene'
    union all
    select 'rekruttering_vet_ikke', count(*), (select n_i_gang from n)
    from inkl, n where i_gang = 'Ja' and rekruttering = 'vet ikke'
),

flyt as (
    select 'svarprosent_aapor_rr1' as figur, n.n_besvart as verdi, n.n_enheter as nevner from n
    union all select 'svarprosent_publisert_grunnlag', n.n_besvart, n.n_kommuner from n
    union all
    -- Every category is listed, with 0 when no unit falls in it.
    select 'radmann_svar_' || v.navn, count(e.enhet_id), (select n_besvart from n)
    from (values ('ja', 'Ja'), ('nei', 'Nei'), ('vet_ikke', 'Vet ikke'), ('ubesvart', null))
        as v(navn, svar)
    cross join n
    left join enhet_svar as e
        on e.besvart_skjema and e.radmann_svar is not distinct from v.svar
    group by v.navn
    union all
    select 'radmann_ja_uten_tjeneste', count(*), (select n_radmann_ja from n)
    from enhet_svar as e, n
    where
        e.radmann_svar = 'Ja'
        and not exists (select 1 from tjeneste_deltakelse as d where d.enhet_id = e.enhet_id)
    union all
    select 'radmann_duplikater', coalesce(sum(antall_innsendinger - 1), 0), null
    from enhet_svar where besvart_skjema
    union all select 'ringerunde_forsok', count(*), null from ringerunde
    union all
    select 'ringerunde_' || replace(v.utfall, ' ', '_'), count(e.enhet_id), (select n_ringt from n)
    from (values ('har tjeneste'), ('har ikke tjeneste'), ('uavklart')) as v(utfall)
    cross join n
    left join enhet_svar as e on e.ringerunde_utfall = v.utfall
    group by v.utfall
    union all
    select 'enheter_' || v.kode, count(e.enhet_id), (select n_enheter from n)
    from (
        values ('besvart_skjema'), ('avklart_i_ringerunden'), ('uavklart_i_ringerunden'),
        ('ikke_kontaktet')
    ) as v(kode)
    cross join n
    left join enhet_status as e on e.disposisjon = v.kode
    group by v.kode
    union all select 'tjenester_intervjuet', n.n_intervjuet, null from n
    union all
    select 'tjenester_ekskludert', count(*), (select n_intervjuet from n)
    from tjeneste_status, n where inkludert = 'Nei' and kilde = 'telefonintervju'
    union all
    -- Interviewed services failing each rule (a service may fail several), and failing it alone.
    select 'ekskludert_' || r.regel, count(t.tjeneste_id), (select n_intervjuet from n)
    from regler as r
    cross join n
    left join tjeneste_status as t
        on t.kilde = 'telefonintervju' and list_contains(string_split(t.feilede_regler, ';'), r.regel)
    group by r.regel
    union all
    select 'ekskludert_kun_' || r.regel, count(t.tjeneste_id), (select n_intervjuet from n)
    from regler as r
    cross join n
    left join tjeneste_status as t
        on t.kilde = 'telefonintervju' and t.feilede_regler = r.regel
    group by r.regel
    union all
    select 'tjenester_uten_intervju_inkludert', count(*), null
    from inkl where kilde <> 'telefonintervju'
    union all
    select 'kommuner_status_' || v.kode, count(k.kommunenummer), (select n_kommuner from n)
    from (
        values ('dekket'), ('ekskludert'), ('ja_uten_bekreftelse'), ('svarte_nei'), ('uavklart'),
        ('ikke_besvart'), ('manuelt_inkludert'), ('manuelt_ekskludert')
    ) as v(kode)
    cross join n
    left join kommune_status as k on k.status_kode = v.kode
    group by v.kode
    union all
    select 'kommuner_med_konflikt', count(*), (select n_kommuner from n)
    from kommune_status, n where konflikt is not null
    union all
    select 'befolkning_dekket', coalesce(sum(folkemengde_2015), 0), (select n_folkemengde from n)
    from kommune_status, n where dekket = 'Ja'
    union all
    select 'fylke_' || fylkesnummer || '_kommuner_med_tilbud',
        count(*) filter (where dekket = 'Ja'), count(*)
    from kommune_status group by fylkesnummer
    union all
    select 'fylke_' || fylkesnummer || '_befolkning_dekket',
        coalesce(sum(folkemengde_2015) filter (where dekket = 'Ja'), 0), sum(folkemengde_2015)
    from kommune_status group by fylkesnummer
    union all
    select 'diagnose_' || replace(d.diagnose, ' ', '_'), count(*), (select n_i_gang from n)
    from (select unnest(diagnoser) as diagnose from inkl where i_gang = 'Ja') as d, n
    group by d.diagnose
    union all
    select 'tilbudstype_' || replace(t.type, ' ', '_'), count(*), (select n_i_gang from n)
    from (select unnest(tilbudstyper) as type from inkl where i_gang = 'Ja') as t, n
    group by t.type
    union all
    select 'rader_' || m.navn || '_' || a.kilde, m.verdi, null
    from row_accounting as a,
        unnest([
            {'navn': 'inn', 'verdi': a.rader_inn},
            {'navn': 'brukt', 'verdi': a.brukt},
            {'navn': 'slatt_sammen', 'verdi': a.slatt_sammen},
            {'navn': 'karantene', 'verdi': a.karantene},
            {'navn': 'tomme', 'verdi': a.tomme_rader}
        ]) as u(m)
    union all
    select 'verdier_karantene', count(*), null from quarantine where niva = 'verdi'
    union all
    select 'manuelle_beslutninger_' || v.type, count(m.objekt), null
    from (values ('kommune'), ('tjeneste')) as v(type)
    left join manuelle_beslutninger as m on m.objekttype = v.type
    group by v.type
)

select figur, verdi::bigint as verdi, nevner::bigint as nevner from publiserte
union all
select figur, verdi::bigint, nevner::bigint from flyt
order by figur
