-- Grain: one row per included service in operation (tjenester_i_drift). Facts for
-- figures.csv: the offer type «kurs på tvers av diagnoser» and the target group «på tvers av
-- diagnoser» are two questions of the interview, and a service may give the one without
-- naming the other.
-- key: tjeneste_id
create or replace table fakta_kurs_tvers as
with

tjenester as (
    select
        tjeneste_id,
        list_contains(coalesce(tilbudstyper, []), 'kurs på tvers av diagnoser') as kurs,
        list_contains(coalesce(diagnoser, []), 'på tvers av diagnoser') as maalgruppe,
    from tjenester_i_drift
)

select
    tjeneste_id,
    kurs::bigint as tjenester_kurs_tvers,
    (kurs and not maalgruppe)::bigint as tjenester_kurs_tvers_uten_maalgruppe,
from tjenester
order by tjeneste_id
