-- Grain: one row per 2014 kommune with a questionnaire unit (427 kommuner and Oslo, 0301,
-- whose bydeler roll up to it): what its units said themselves. radmann_svar and
-- ringerunde_utfall list the distinct answers of its units (NULL: answered the questionnaire
-- without answering the question).
-- key: kommunenummer
create or replace table kommune_svar as
with

enheter as (
    select * from enhet_svar
)

select
    kommunenummer,
    bool_or(besvart_skjema) as besvart,
    bool_or(ringerunde_forsok > 0) as ringt,
    bool_or(radmann_svar = 'Ja' or ringerunde_utfall = 'har tjeneste') as sa_ja,
    bool_or(radmann_svar = 'Nei' or ringerunde_utfall = 'har ikke tjeneste') as sa_nei,
    bool_or(radmann_svar = 'Ja') as radmann_ja,
    bool_or(radmann_svar = 'Nei') as radmann_nei,
    bool_or(ringerunde_utfall = 'har tjeneste') as ringerunde_ja,
    list(distinct radmann_svar order by radmann_svar nulls last) filter (where besvart_skjema)
        as radmann_svar,
    list(distinct ringerunde_utfall order by ringerunde_utfall)
        filter (where ringerunde_forsok > 0) as ringerunde_utfall,
from enheter
group by kommunenummer
order by kommunenummer
