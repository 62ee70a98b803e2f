-- Grain: one row per (2014 kommune, 2020 kommune it became part of). A kommune split between
-- several 2020 kommuner (endring = 'delt') has one row for each.
-- key: kommunenummer_2014, kommunenummer_2020
create or replace view stg_kommuneendringer as
with

source as (
    select * from src_kommuneendringer
)

select
    kommunenummer_2014::varchar as kommunenummer_2014,
    kommunenavn_2014::varchar as kommunenavn_2014,
    kommunenummer_2020::varchar as kommunenummer_2020,
    kommunenavn_2020::varchar as kommunenavn_2020,
    endring::varchar as endring,
from source
