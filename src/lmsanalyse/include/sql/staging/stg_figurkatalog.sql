-- Grain: one row per entry of the figure catalogue (include/figures.yaml): a figure id, or a
-- family's pattern (mal) with its placeholder, and the denominator's id or pattern. valgfri:
-- a figure written only when a fact row counts it; finnes: the run meets what the figure needs
-- (krever: population, a picture on the 2020 or 2024 map, the 2014 register), else it is not
-- written at all.
-- key: mal
create or replace view stg_figurkatalog as
with

source as (
    select * from src_figurkatalog
)

select
    mal::varchar as mal,
    plassholder::varchar as plassholder,
    nevner::varchar as nevner,
    etikett::varchar as etikett,
    skjult::boolean as skjult,
    medlemmer_fra::varchar as medlemmer_fra,
    medlemmer::varchar[] as medlemmer,
    valgfri::boolean as valgfri,
    finnes::boolean as finnes,
    nr::integer as nr,
from source
