-- Grain: one row per questionnaire unit (442). Its disposition in the survey flow, and its
-- final AAPOR disposition after both modes (decisions/enhet_disposisjon.sql): the code
-- (aapor_kode), its label (aapor_tekst), its class in the rate formulas (aapor_klasse) and the
-- mode that decided it (aapor_avgjort_av); skjema_kode and ringerunde_kode are each mode's own.
-- key: enhet_id
-- codes: aapor_kode in aapor
-- files: [csv, parquet]
-- main: [csv, parquet]
-- title: Hver enhet som fikk spørreskjemaet
-- description: >-
--   Én rad per enhet ({kommuner_uten_bydeler} kommuner og Oslos {bydeler} bydeler) med svaret
--   på skjemaet og i ringerunden.
-- foreignKeys:
--   - {fields: [kommunenummer], reference: {resource: kommune_status, fields: [kommunenummer]}}
-- columns:
--   enhet_id: [string, "kommunenummer eller bydelsnummer"]
--   enhet_navn: [string, "enhetens navn"]
--   enhetstype: [string, "kommune eller bydel", [kommune, bydel]]
--   kommunenummer: [string, "kommunen enheten hører til"]
--   disposisjon: [string, "hvordan enheten ble avklart"]
--   aapor_klasse: [string, "enhetens klasse i AAPORs formler (I, P, R, NC, O, U)"]
--   radmann_svar: [string, "svaret på spørsmålet om tjeneste"]
--   antall_innsendinger: [integer, "antall innsendte skjemaer"]
--   ringerunde_forsok: [integer, "antall oppringninger"]
--   ringerunde_utfall: [string, "utfallet av ringerunden"]
--   aapor_kode: [string, "enhetens endelige utfallskode etter AAPORs standarddefinisjoner"]
--   aapor_tekst: [string, "utfallskoden i ord"]
--   aapor_avgjort_av: [string, "kanalen som avgjorde koden (spørreskjema eller ringerunde)"]
--   aapor_skjema_kode: [string, "koden spørreskjemaet alene ville gitt"]
--   aapor_ringerunde_kode: [string, "koden ringerunden alene ville gitt"]
create or replace table enhet_status as
with

enheter as (
    select * from enhet_svar
),

disposisjoner as (
    select * from enhet_disposisjon
),

koder as (
    select kode, tekst from stg_koder where kodeverk = 'aapor'
)

select
    e.enhet_id,
    e.enhet_navn,
    e.enhetstype,
    e.kommunenummer,
    e.disposisjon,
    d.aapor_klasse,
    e.radmann_svar,
    e.antall_innsendinger,
    e.ringerunde_forsok,
    e.ringerunde_utfall,
    d.aapor_kode,
    k.tekst as aapor_tekst,
    d.avgjort_av as aapor_avgjort_av,
    d.skjema_kode as aapor_skjema_kode,
    d.ringerunde_kode as aapor_ringerunde_kode,
from enheter as e
inner join disposisjoner as d on d.enhet_id = e.enhet_id
inner join koder as k on k.kode = d.aapor_kode
order by e.enhet_id
