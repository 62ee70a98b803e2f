-- Grain: one row per candidate service (tjeneste_id): every interviewed service, plus, only
-- when $godta_ja_uten_intervju, one candidate per unit whose own Ja (questionnaire) or
-- 'har tjeneste' (call round) was never confirmed by an interview.
-- Each rule of the definition is a boolean column; the failed ones are listed with a
-- Norwegian reason. Parameters come from config/definitions/<navn>.yaml.
create or replace table tjeneste_status as
with

intervjuet as (
    select * from telefonintervju
),

faser as (
    select
        t.tjeneste_id,
        f.fase,
        list_position(
            ['utvikling', 'planlegging', 'gjennomforing', 'evaluering'], f.fase
        ) as rekkefolge,
        case f.fase
            when 'utvikling' then t.bm_utvikling
            when 'planlegging' then t.bm_planlegging
            when 'gjennomforing' then t.bm_gjennomforing
            when 'evaluering' then t.bm_evaluering
        end as svar,
    from intervjuet as t,
        unnest(
            case
                when t.i_gang = 'Ja' then $faser_i_gang::varchar[]
                else $faser_ikke_i_gang::varchar[]
            end
        ) as f(fase)
),

brukermedvirkning as (
    select
        tjeneste_id,
        -- A phase left unanswered fails (NULL would be skipped by bool_and).
        bool_and(coalesce(svar = 'Ja' or ($godta_delvis and svar = 'Delvis'), false)) as oppfylt,
        string_agg(
            case
                when not coalesce(svar = 'Ja' or ($godta_delvis and svar = 'Delvis'), false)
                    then fase || ' = ' || coalesce(svar, 'ikke besvart')
            end,
            ', '
            order by rekkefolge
        ) as mangler,
    from faser
    group by tjeneste_id
),

intervjuet_vurdert as (
    select
        t.tjeneste_id,
        t.tjeneste_navn,
        t.vertskommune_id,
        t.organisering,
        t.deltakerkommuner as deltakere,
        'telefonintervju' as kilde,
        t.friskliv,
        t.navn_med_mestring,
        t.egen_enhet,
        t.prosjektfinansiert,
        t.i_gang,
        t.antall_tilbud,
        t.tilbudstyper,
        t.diagnoser,
        t.brukerorg_etablering,
        t.rekruttering,
        t.mange_ars_erfaring,
        true as i1,
        coalesce(b.oppfylt, true) as i2,
        b.mangler as i2_mangler,
        (
            t.friskliv <> 'nei'
            or t.egen_enhet <> 'nei'
            or ($godta_mange_ars_erfaring and t.mange_ars_erfaring = 'Ja')
        ) as i3,
        (
            t.i_gang <> 'Ja'
            or list_has_any(coalesce(t.tilbudstyper, []::varchar[]), $lms_tilbudstyper::varchar[])
        ) as i4,
        (not $krev_i_gang or t.i_gang = 'Ja') as i5,
    from intervjuet as t
    left join brukermedvirkning as b on b.tjeneste_id = t.tjeneste_id
),

-- Units that said they have a service, but took part in no interviewed service.
ja_uten_intervju as (
    select
        'U-' || s.enhet_id as tjeneste_id,
        null::varchar as tjeneste_navn,
        s.enhet_id as vertskommune_id,
        case when s.radmann_interkommunal = 'Ja' then 'interkommunal' else 'kommunal' end
            as organisering,
        list_distinct(
            list_concat([s.enhet_id], coalesce(s.radmann_samarbeidskommuner, []::varchar[]))
        ) as deltakere,
        case
            when s.radmann_svar = 'Ja' then 'spørreskjema uten intervju'
            else 'ringerunde uten intervju'
        end as kilde,
        null::varchar as friskliv,
        null::varchar as navn_med_mestring,
        null::varchar as egen_enhet,
        null::varchar as prosjektfinansiert,
        null::varchar as i_gang,
        null::bigint as antall_tilbud,
        null::varchar[] as tilbudstyper,
        null::varchar[] as diagnoser,
        null::varchar as brukerorg_etablering,
        null::varchar as rekruttering,
        null::varchar as mange_ars_erfaring,
        $godta_ja_uten_intervju as i1,
        true as i2,
        null::varchar as i2_mangler,
        true as i3,
        true as i4,
        true as i5,
    from enhet_svar as s
    where
        (s.radmann_svar = 'Ja' or s.ringerunde_utfall = 'har tjeneste')
        and $godta_ja_uten_intervju
        and not exists (
            select 1 from telefonintervju as t
            where list_contains(t.deltakerkommuner, s.enhet_id)
        )
),

vurdert as (
    select * from intervjuet_vurdert
    union all by name
    select * from ja_uten_intervju
),

feilet as (
    select
        *,
        list_filter(
            [
                case when not i1 then 'I1_intervjuet' end,
                case when not i2 then 'I2_brukermedvirkning' end,
                case when not i3 then 'I3_etablert' end,
                case when not i4 then 'I4_lms_tilbud' end,
                case when not i5 then 'I5_i_gang' end,
            ],
            lambda x: x is not null
        ) as feilede,
        list_filter(
            [
                case
                    when not i1
                        then 'I1_intervjuet: tjenesten er ikke bekreftet i telefonintervju'
                end,
                case
                    when not i2
                        then 'I2_brukermedvirkning: ikke sidestilt brukermedvirkning (Ja) i alle '
                        || 'aktuelle faser (' || i2_mangler || ')'
                end,
                case
                    when not i3 and mange_ars_erfaring = 'Ja'
                        then 'I3_etablert: ingen etablert tjeneste, og unntaket for mange års '
                        || 'erfaring gjelder ikke i denne definisjonen'
                    when not i3
                        then 'I3_etablert: ingen etablert tjeneste (verken frisklivssentral, eget '
                        || 'senter/avdeling, koordinator eller mange års erfaring)'
                end,
                case
                    when not i4
                        then 'I4_lms_tilbud: ingen lærings- og mestringstilbud blant tilbudene ('
                        || coalesce(array_to_string(tilbudstyper, ', '), 'ingen oppgitt') || ')'
                end,
                case
                    when not i5 then 'I5_i_gang: tjenesten er ikke kommet i gang med tilbud'
                end,
            ],
            lambda x: x is not null
        ) as grunner,
    from vurdert
)

-- Recorded manual decisions override the rules; the rule result stays visible.
select
    f.tjeneste_id,
    case
        when m.beslutning = 'inkluder' then 'Ja'
        when m.beslutning = 'ekskluder' then 'Nei'
        when len(f.feilede) = 0 then 'Ja'
        else 'Nei'
    end as inkludert,
    case
        when kilde <> 'telefonintervju' then 'uten_intervju'
        when friskliv <> 'nei' then 'friskliv'
        when egen_enhet = 'senter/avdeling' then 'eget_senter'
        when egen_enhet = 'koordinator' then 'koordinator'
        when mange_ars_erfaring = 'Ja' then 'mange_ars_erfaring'
    end as kategori,
    array_to_string(feilede, ';') as feilede_regler,
    case when m.objekt is not null then 'Manuell beslutning: ' || m.beslutning || ' ('
        || m.begrunnelse || '; ' || m.besluttet_av || ', ' || m.dato || '). Etter reglene: '
    else '' end
    || case
        when len(feilede) = 0 then 'Oppfyller alle regler i definisjonen ' || $definisjon
        else array_to_string(grunner, '; ')
    end as arsak,
    m.beslutning as manuell_beslutning,
    tjeneste_navn,
    vertskommune_id,
    organisering,
    deltakere,
    len(deltakere) as antall_deltakere,
    kilde,
    friskliv,
    navn_med_mestring,
    egen_enhet,
    prosjektfinansiert,
    i_gang,
    antall_tilbud,
    tilbudstyper,
    diagnoser,
    brukerorg_etablering,
    rekruttering,
    mange_ars_erfaring,
    i1 as i1_intervjuet,
    i2 as i2_brukermedvirkning,
    i3 as i3_etablert,
    i4 as i4_lms_tilbud,
    i5 as i5_i_gang,
from feilet as f
left join manuelle_beslutninger as m
    on m.objekttype = 'tjeneste' and m.objekt = f.tjeneste_id
order by f.tjeneste_id
