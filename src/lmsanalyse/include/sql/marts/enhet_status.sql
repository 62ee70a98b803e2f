-- Grain: one row per questionnaire unit (442). Final disposition for the survey flow, and
-- the AAPOR outcome class used for the response rate RR1 (AAPOR Standard Definitions):
-- every unit is a known, eligible kommune or bydel, so RR1 = I / 442.
-- key: enhet_id
create or replace table enhet_status as
with

enheter as (
    select * from enhet_svar
)

select
    enhet_id,
    enhet_navn,
    enhetstype,
    kommunenummer,
    disposisjon,
    case aapor
        when 'I' then 'I (fullført)'
        when 'NR' then 'NR (ikke svart; fulgt opp i ringerunden)'
        when 'NC' then 'NC (ikke svart; ikke kontaktet)'
    end as aapor_klasse,
    radmann_svar,
    antall_innsendinger,
    ringerunde_forsok,
    ringerunde_utfall,
from enheter
order by enhet_id
