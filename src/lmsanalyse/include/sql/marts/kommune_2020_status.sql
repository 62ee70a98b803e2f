-- Grain: one row per kommune of 2020 (356). The 2014 picture on today's map (see
-- decisions/10_kommune_2020.sql). A split 2014 kommune is one part of each receiving
-- kommune, and the row says so, since how many of its inhabitants moved where is not in
-- the data.
-- key: kommunenummer_2020
create or replace table kommune_2020_status as
with

kommuner as (
    select * from kommune_2020
),

fylker as (
    select * from stg_fylker_2020
)

select
    k.kommunenummer_2020,
    k.kommunenavn_2020,
    k.fylkesnummer_2020,
    f.fylkesnavn_2020,
    k.status_2020,
    k.deler_2014,
    k.dekkede_deler_2014,
    array_to_string(
        list_transform(
            k.deler,
            lambda d: d.kommunenummer || ' ' || d.kommunenavn
            || case when d.dekket then ' (dekket)' else '' end
        ),
        '; '
    ) as kommuner_2014,
    nullif(
        array_to_string(
            list_transform(
                list_filter(k.deler, lambda d: d.delt),
                lambda d: d.kommunenavn || ' ble delt; bare en del av kommunen ble del av '
                || k.kommunenavn_2020
            ),
            '; '
        ),
        ''
    ) as merknad,
from kommuner as k
left join fylker as f on f.fylkesnummer_2020 = k.fylkesnummer_2020
order by k.kommunenummer_2020
