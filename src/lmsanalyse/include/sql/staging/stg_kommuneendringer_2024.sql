-- Grain: one row per (2014 kommune, 2024 kommune it became part of), from
-- data/reference/kommuneendringer_2014_2024.csv. A kommune split between several 2024
-- kommuner (endring = 'delt': Snillfjord, Tysfjord) has one row for each.
-- key: kommunenummer_2014, kommunenummer_2024
create or replace view stg_kommuneendringer_2024 as
with

source as (
    select * from src_kommuneendringer_2024
)

select
    kommunenummer_2014::varchar as kommunenummer_2014,
    kommunenavn_2014::varchar as kommunenavn_2014,
    kommunenummer_2024::varchar as kommunenummer_2024,
    kommunenavn_2024::varchar as kommunenavn_2024,
    endring::varchar as endring,
from source
