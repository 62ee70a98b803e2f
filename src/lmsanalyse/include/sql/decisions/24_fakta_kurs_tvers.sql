-- Grain: one row per included service in operation. Facts for figures.csv: the offer type
-- «kurs på tvers av diagnoser» and the target group «på tvers av diagnoser» are two questions
-- of the interview, and a service may give the one without naming the other.
-- key: tjeneste_id
create or replace table fakta_kurs_tvers as
with

kandidater as (
    select * from tjeneste_kandidater
),

beslutninger as (
    select * from tjeneste_beslutning
),

tjenester as (
    select
        k.tjeneste_id,
        list_contains(coalesce(k.tilbudstyper, []), 'kurs på tvers av diagnoser') as kurs,
        list_contains(coalesce(k.diagnoser, []), 'på tvers av diagnoser') as maalgruppe,
    from kandidater as k
    inner join beslutninger as b on b.tjeneste_id = k.tjeneste_id
    where b.inkludert and k.i_gang = 'Ja'
)

select
    tjeneste_id,
    kurs::bigint as tjenester_kurs_tvers,
    (kurs and not maalgruppe)::bigint as tjenester_kurs_tvers_uten_maalgruppe,
from tjenester
order by tjeneste_id
