-- Grain: one row per 2014 kommune (428). Oslo's bydeler roll up to 0301.
-- A kommune is covered when it hosts an included kommunal service or takes part in an
-- included interkommunal one; through both, it is counted once. Otherwise the status says
-- why not, in this order: an interviewed service was excluded; the unit said it had a
-- service but none was confirmed (I1); it said no; its answer stayed unclear; no answer.
create or replace table kommune_status as
with

deltakelse as (
    select * from tjeneste_deltakelse
),

dekning as (
    select
        kommunenummer,
        list(distinct tjeneste_id order by tjeneste_id) filter (where inkludert = 'Ja')
            as inkluderte,
        list(distinct tjeneste_id order by tjeneste_id) filter (where inkludert = 'Nei')
            as ekskluderte,
        bool_or(inkludert = 'Ja' and organisering = 'kommunal') as egen,
        bool_or(inkludert = 'Ja' and organisering = 'interkommunal') as interkommunal,
        bool_or(inkludert = 'Ja' and kategori = 'friskliv') as friskliv,
        -- A service excluded only by a manual decision has no failed rule to name.
        string_agg(
            distinct tjeneste_id || ' (' || coalesce(
                nullif(replace(feilede_regler, ';', ', '), ''), 'manuell beslutning'
            ) || ')', '; '
            order by tjeneste_id || ' (' || coalesce(
                nullif(replace(feilede_regler, ';', ', '), ''), 'manuell beslutning'
            ) || ')'
        ) filter (where inkludert = 'Nei') as ekskludert_tekst,
        string_agg(
            distinct tjeneste_id || ' (' || organisering || ')', ', '
            order by tjeneste_id || ' (' || organisering || ')'
        ) filter (where inkludert = 'Ja') as inkludert_tekst,
    from deltakelse
    group by kommunenummer
),

-- A unit that itself said no while it takes part in an included service.
enhet_konflikt as (
    select
        e.kommunenummer,
        string_agg(
            e.enhet_navn || ': '
            || case
                when e.radmann_svar = 'Nei' then 'rådmannen svarte Nei'
                else 'ringerunden sa «har ikke tjeneste»'
            end
            || ', men enheten deltar i inkludert tjeneste',
            '; '
            order by e.enhet_id
        ) as konflikt,
    from enhet_svar as e
    where
        (e.radmann_svar = 'Nei' or e.ringerunde_utfall = 'har ikke tjeneste')
        and exists (
            select 1 from deltakelse as d
            where d.inkludert = 'Ja' and d.enhet_id in (e.enhet_id, e.kommunenummer)
        )
    group by e.kommunenummer
),

-- The questionnaire and the call round disagree about the same unit.
kilde_konflikt as (
    select
        kommunenummer,
        string_agg(
            enhet_navn || ': spørreskjema «' || radmann_svar || '», ringerunde «'
            || ringerunde_utfall || '»',
            '; '
            order by enhet_id
        ) as konflikt,
    from enhet_svar
    where
        (radmann_svar = 'Ja' and ringerunde_utfall = 'har ikke tjeneste')
        or (radmann_svar = 'Nei' and ringerunde_utfall = 'har tjeneste')
    group by kommunenummer
),

svar as (
    select
        kommunenummer,
        bool_or(besvart_skjema) as besvart,
        bool_or(ringerunde_forsok > 0) as ringt,
        bool_or(radmann_svar = 'Ja' or ringerunde_utfall = 'har tjeneste') as sa_ja,
        bool_or(radmann_svar = 'Nei' or ringerunde_utfall = 'har ikke tjeneste') as sa_nei,
        bool_or(radmann_svar = 'Ja') as radmann_ja,
        bool_or(radmann_svar = 'Nei') as radmann_nei,
        bool_or(ringerunde_utfall = 'har tjeneste') as ringerunde_ja,
        string_agg(
            distinct coalesce(radmann_svar, 'ikke besvart'), '/'
            order by coalesce(radmann_svar, 'ikke besvart')
        ) filter (where besvart_skjema) as radmann_svar,
        string_agg(distinct ringerunde_utfall, '/' order by ringerunde_utfall)
            filter (where ringerunde_forsok > 0) as ringerunde_utfall,
    from enhet_svar
    group by kommunenummer
),

status as (
    select
        k.kommunenummer,
        k.kommunenavn,
        k.fylkesnummer,
        k.fylkesnavn,
        k.folkemengde_2015,
        d.inkluderte,
        d.ekskluderte,
        d.inkludert_tekst,
        d.ekskludert_tekst,
        d.egen,
        d.interkommunal,
        coalesce(d.friskliv, false) as friskliv,
        s.*exclude (kommunenummer),
        case
            when len(coalesce(d.inkluderte, [])) > 0 then 'dekket'
            when len(coalesce(d.ekskluderte, [])) > 0 then 'ekskludert'
            when s.sa_ja then 'ja_uten_bekreftelse'
            when s.sa_nei then 'svarte_nei'
            when s.besvart or s.ringt then 'uavklart'
            else 'ikke_besvart'
        end as status_kode,
    from kommuner as k
    left join dekning as d on d.kommunenummer = k.kommunenummer
    left join svar as s on s.kommunenummer = k.kommunenummer
)

-- Recorded manual decisions about a kommune override the rules; the rule status stays visible.
select
    s.kommunenummer,
    s.kommunenavn,
    s.fylkesnavn,
    case
        when m.beslutning = 'inkluder' then 'Ja'
        when m.beslutning = 'ekskluder' then 'Nei'
        when s.status_kode = 'dekket' then 'Ja'
        else 'Nei'
    end as dekket,
    array_to_string(coalesce(s.inkluderte, []), ';') as tjeneste_ider,
    case
        when s.besvart and s.ringt then 'spørreskjema og ringerunde'
        when s.besvart then 'spørreskjema'
        when s.ringt then 'ringerunde'
        else 'ingen'
    end as kilde,
    case when m.objekt is not null then 'Manuell beslutning: ' || m.beslutning || ' ('
        || m.begrunnelse || '; ' || m.besluttet_av || ', ' || m.dato || '). Etter reglene: '
    else '' end
    || case s.status_kode
        when 'dekket' then 'Dekket gjennom ' || s.inkludert_tekst
        when 'ekskludert'
            then 'Tjeneste intervjuet, men ekskludert: ' || s.ekskludert_tekst
        when 'ja_uten_bekreftelse'
            then 'Oppga tjeneste ('
            || case
                when s.radmann_ja and s.ringerunde_ja then 'spørreskjema og ringerunde'
                when s.radmann_ja then 'spørreskjema'
                else 'ringerunde'
            end
            || '), men ingen tjeneste ble bekreftet i telefonintervju (I1_intervjuet)'
        when 'svarte_nei'
            then case
                when s.radmann_nei then 'Rådmannen svarte Nei på spørreskjemaet'
                else 'Ringerunden: kommunen har ikke tjeneste'
            end
        when 'uavklart'
            then case
                when s.besvart
                    then 'Rådmannen svarte «' || s.radmann_svar || '»; ingen tjeneste funnet'
                else 'Ringerunden ga ikke noe svar (bare uavklart/satt over)'
            end
        else 'Svarte ikke på spørreskjemaet og ble ikke ringt'
    end as arsak,
    case m.beslutning
        when 'inkluder' then 'manuelt_inkludert'
        when 'ekskluder' then 'manuelt_ekskludert'
        else s.status_kode
    end as status_kode,
    s.status_kode as status_etter_regler,
    m.beslutning as manuell_beslutning,
    case
        when s.egen and s.interkommunal then 'kommunal og interkommunal'
        when s.egen then 'kommunal'
        when s.interkommunal then 'interkommunal'
    end as dekning_via,
    s.friskliv as dekket_av_friskliv,
    array_to_string(coalesce(s.ekskluderte, []), ';') as ekskluderte_tjeneste_ider,
    s.radmann_svar,
    s.ringerunde_utfall,
    nullif(
        concat_ws('; ', ek.konflikt, kk.konflikt), ''
    ) as konflikt,
    s.fylkesnummer,
    s.folkemengde_2015,
from status as s
left join enhet_konflikt as ek on ek.kommunenummer = s.kommunenummer
left join kilde_konflikt as kk on kk.kommunenummer = s.kommunenummer
left join manuelle_beslutninger as m
    on m.objekttype = 'kommune' and m.objekt = s.kommunenummer
order by s.kommunenummer
