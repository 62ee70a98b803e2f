-- Grain: one row per questionnaire unit; ledd is the status of its kommune (Oslo's bydeler:
-- Oslo's). Facts for figures.csv: what became of the units that said «Vet ikke» on the form,
-- and of those that said Ja (form or call round) with no service interviewed (I1).
-- key: enhet_id
create or replace table fakta_enheter_status as
with

enheter as (
    select * from enhet_svar
),

deltakere as (
    select distinct enhet_id from deltakelse
),

kommuner as (
    select kommunenummer, status_kode from kommune_dekning
)

select
    e.enhet_id,
    k.status_kode as ledd,
    (e.besvart_skjema and e.radmann_svar = 'Vet ikke')::bigint as "enheter_vet_ikke_<kode>",
    ((e.radmann_svar = 'Ja' or e.ringerunde_utfall = 'har tjeneste') and d.enhet_id is null)::bigint
        as "enheter_ja_uten_intervju_<kode>",
from enheter as e
inner join kommuner as k on k.kommunenummer = e.kommunenummer
left join deltakere as d on d.enhet_id = e.enhet_id
order by e.enhet_id
