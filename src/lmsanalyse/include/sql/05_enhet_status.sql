-- Grain: one row per questionnaire unit (442). Final disposition for the survey flow, and
-- the AAPOR outcome class used for the response rate RR1 (AAPOR Standard Definitions):
-- every unit is a known, eligible kommune or bydel, so RR1 = I / 442.
create or replace table enhet_status as
select
    e.enhet_id,
    e.enhet_navn,
    e.enhetstype,
    e.kommunenummer,
    case
        when e.besvart_skjema then 'besvart_skjema'
        when e.ringerunde_utfall in ('har tjeneste', 'har ikke tjeneste') then 'avklart_i_ringerunden'
        when e.ringerunde_utfall = 'uavklart' then 'uavklart_i_ringerunden'
        else 'ikke_kontaktet'
    end as disposisjon,
    case
        when e.besvart_skjema then 'I (fullført)'
        when e.ringerunde_forsok > 0 then 'NR (ikke svart; fulgt opp i ringerunden)'
        else 'NC (ikke svart; ikke kontaktet)'
    end as aapor_klasse,
    e.radmann_svar,
    e.antall_innsendinger,
    e.ringerunde_forsok,
    e.ringerunde_utfall,
from enhet_svar as e
order by e.enhet_id
