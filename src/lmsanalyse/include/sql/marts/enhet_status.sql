-- Grain: one row per questionnaire unit (442). Its disposition in the survey flow, and its
-- final AAPOR disposition after both modes (decisions/enhet_disposisjon.sql): the code
-- (aapor_kode), its label (aapor_tekst), its class in the rate formulas (aapor_klasse) and the
-- mode that decided it (aapor_avgjort_av); skjema_kode and ringerunde_kode are each mode's own.
-- key: enhet_id
-- codes: aapor_kode in aapor
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
