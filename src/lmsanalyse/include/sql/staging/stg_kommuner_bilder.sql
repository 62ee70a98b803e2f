-- Grain: one row per (map year, kommune of that year's map) with its fylke: 2020's from its
-- change list (the first two digits of the number are the fylke of 2020, named by the fylker of
-- 2020), 2024's from the kommuner of 2024.
-- key: aar, kommunenummer_bilde
create or replace view stg_kommuner_bilder as
select
    2020 as aar,
    e.kommunenummer_2020 as kommunenummer_bilde,
    any_value(e.kommunenavn_2020) as kommunenavn_bilde,
    left(e.kommunenummer_2020, 2) as fylkesnummer_bilde,
    any_value(f.fylkesnavn_2020) as fylkesnavn_bilde,
from stg_kommuneendringer as e
left join stg_fylker_2020 as f on f.fylkesnummer_2020 = left(e.kommunenummer_2020, 2)
group by e.kommunenummer_2020
union all
select 2024, kommunenummer_2024, kommunenavn_2024, fylkesnummer_2024, fylkesnavn_2024
from stg_kommuner_2024
