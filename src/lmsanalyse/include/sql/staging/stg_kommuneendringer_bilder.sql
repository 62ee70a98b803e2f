-- Grain: one row per (map year, register kommune, kommune of that year's map it became part
-- of): the change lists that carry a register of 2014 to the maps of 2020 and 2024, in one
-- shape (reference.picture_changes; a register of 2024 has none: its own map is itself, added
-- in decisions/kommune_bilder.sql). A kommune split between several (delt: Snillfjord,
-- Tysfjord) has one row for each.
-- key: aar, kommunenummer, kommunenummer_bilde
create or replace view stg_kommuneendringer_bilder as
select
    2020 as aar,
    kommunenummer_2014 as kommunenummer,
    kommunenavn_2014 as kommunenavn,
    kommunenummer_2020 as kommunenummer_bilde,
    kommunenavn_2020 as kommunenavn_bilde,
    endring = 'delt' as delt,
from stg_kommuneendringer
union all
select 2024, kommunenummer_2014, kommunenavn_2014, kommunenummer_2024, kommunenavn_2024,
    endring = 'delt'
from stg_kommuneendringer_2024
