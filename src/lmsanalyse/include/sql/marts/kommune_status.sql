-- Grain: one row per 2014 kommune (428): the published coverage, with the reason in words
-- (from marts/kommune_tekster.sql; the manual decisions' from kommune_beslutninger.sql).
-- The decision itself: decisions/kommune_dekning.sql.
-- arsak: the manual decisions about the kommune and its services first (when there are),
-- then the rules' result (status_etter_regler).
-- key: kommunenummer
-- files: [csv, parquet]
-- main: [csv, parquet]
-- title: Hver kommune i {register} med status og årsak
-- description: >-
--   Én rad per kommune i {register} ({kommuner}). dekket er Ja når kommunen er vertskommune
--   for en inkludert kommunal tjeneste eller deltar i en inkludert interkommunal tjeneste;
--   arsak sier hvorfor.
-- foreignKeys:
--   - {fields: [fylkesnummer], reference: {resource: fylke_dekning, fields: [fylkesnummer]}}
-- columns:
--   kommunenummer: [string, "kommunenummer i {register} (fire sifre)"]
--   kommunenavn: [string, "kommunenavn i {register}"]
--   fylkesnavn: [string, "fylket i {register}"]
--   dekket: [string, "kommunen har lærings- og mestringstjeneste", [Ja, Nei]]
--   tjeneste_ider: [string, "de inkluderte tjenestene som dekker kommunen (tjeneste_id skilt med semikolon)"]
--   kilde: [string, "hvor kommunens svar kom fra (spørreskjema og/eller ringerunde)"]
--   arsak: [string, "hvorfor kommunen har den statusen den har"]
--   status_kode: [string, "kommunens status etter reglene og de manuelle beslutningene (kodeliste i rules.py)"]
--   status_etter_regler: [string, "kommunens status etter reglene alene, uten manuelle beslutninger om kommunen eller tjenestene den deltar i"]
--   manuell_beslutning: [string, "den manuelle beslutningen som gir kommunen statusen: beslutningen om kommunen, eller utfallet når beslutninger om tjenestene den deltar i endrer dekningen (inkluder/ekskluder)"]
--   manuell_tekst: [string, "de manuelle beslutningene om kommunen og om tjenestene den deltar i, i ord (begrunnelse, hvem og når)"]
--   dekning_via: [string, "om dekningen kommer gjennom en kommunal eller en interkommunal tjeneste"]
--   dekket_av_friskliv: [string, "kommunen dekkes av en tjeneste organisert med frisklivssentral", [Ja, Nei]]
--   ekskluderte_tjeneste_ider: [string, "intervjuede tjenester i kommunen som ikke er inkludert"]
--   radmann_svar: [string, "rådmannens svar på spørreskjemaet"]
--   ringerunde_utfall: [string, "utfallet av ringerunden"]
--   konflikt: [string, "motstridende opplysninger om kommunen"]
--   fylkesnummer: [string, "fylkesnummer i {register}"]
--   folkemengde_2015: [integer, "folkemengde 1. januar 2015 (SSB)"]
create or replace table kommune_status as
with

kommuner as (
    select d.*, k.kommunenavn, k.fylkesnavn
    from kommune_dekning as d
    inner join stg_kommuner as k on k.kommunenummer = d.kommunenummer
),

tekster as (
    select * from kommune_tekster
),

beslutninger as (
    select * from kommune_beslutninger
)

select
    s.kommunenummer,
    s.kommunenavn,
    s.fylkesnavn,
    ja_nei(s.dekket) as dekket,
    array_to_string(s.inkluderte, ';') as tjeneste_ider,
    case
        when s.besvart and s.ringt then 'spørreskjema og ringerunde'
        when s.besvart then 'spørreskjema'
        when s.ringt then 'ringerunde'
        else 'ingen'
    end as kilde,
    manuell_arsak_tekst(b.manuell_tekst) || case s.status_etter_regler
        when 'dekket' then 'Dekket gjennom ' || t.inkluderte
        when 'ekskludert' then 'Tjeneste intervjuet, men ekskludert: ' || t.ekskluderte
        when 'intervju_i_karantene' then 'Ingen tjeneste vurdert: ' || t.karantene
            || ', så tjenesten er ikke vurdert mot definisjonen'
        when 'ja_uten_bekreftelse' then 'Oppga tjeneste ('
            || case
                when s.radmann_ja and s.ringerunde_ja then 'spørreskjema og ringerunde'
                when s.radmann_ja then 'spørreskjema'
                else 'ringerunde'
            end
            || '), men ingen tjeneste ble intervjuet (I1_intervjuet)'
        when 'svarte_nei' then case
            when s.radmann_nei then 'Rådmannen svarte Nei på spørreskjemaet'
            else 'Ringerunden: kommunen har ikke tjeneste'
        end
        when 'uavklart' then case
            -- A form without an answer to the question is no answer («Ikke besvart»).
            when s.besvart and len(list_filter(s.radmann_svar, lambda x: x is not null)) = 0
                then 'Skjemaet ble sendt inn uten svar på spørsmålet' || case
                    when s.ringt then ', og ringerunden ga ikke noe svar'
                    else '; kommunen ble ikke ringt'
                end
            when s.besvart then 'Rådmannen svarte «' || t.radmann_svar || '»; ingen tjeneste funnet'
            else 'Ringerunden ga ikke noe svar (bare uavklart/satt over)'
        end
        else 'Svarte ikke på spørreskjemaet og ble ikke ringt'
    end as arsak,
    s.status_kode,
    s.status_etter_regler,
    s.manuell_beslutning,
    b.manuell_tekst,
    case
        when s.egen and s.interkommunal then 'kommunal og interkommunal'
        when s.egen then 'kommunal'
        when s.interkommunal then 'interkommunal'
    end as dekning_via,
    s.friskliv as dekket_av_friskliv,
    array_to_string(s.ekskluderte, ';') as ekskluderte_tjeneste_ider,
    t.radmann_svar,
    array_to_string(s.ringerunde_utfall, '/') as ringerunde_utfall,
    t.konflikt,
    s.fylkesnummer,
    s.folkemengde_2015,
from kommuner as s
inner join tekster as t on t.kommunenummer = s.kommunenummer
left join beslutninger as b on b.kommunenummer = s.kommunenummer
order by s.kommunenummer
