-- Grain: one row per kommune of 2024 (357): the contract's kommune_2024_status.csv. The 2014
-- picture on today's map (see decisions/11_kommune_2024.sql). kommuner_2014 lists the 2014
-- parts as "1805 Narvik (dekket); 1850 Tysfjord - Divtasvuodna"; a 2024 kommune that holds
-- a part of a split 2014 kommune says so in merknad, since how many of its inhabitants
-- moved where is not in the data.
-- key: kommunenummer_2024
-- codes: status_2024 in status_i_dag
create or replace table kommune_2024_status as
with

kommuner as (
    select * from kommune_2024
),

endringer as (
    select * from stg_kommuneendringer_2024
),

-- The 2024 kommuner each split 2014 kommune went to ("Heim, Hitra og Orkland").
delinger as (
    select
        kommunenummer_2014,
        list(kommunenavn_2024 order by kommunenavn_2024) as navn,
    from endringer
    where endring = 'delt'
    group by kommunenummer_2014
),

mottakere as (
    select
        kommunenummer_2014,
        array_to_string(navn[1:len(navn) - 1], ', ') || ' og ' || navn[len(navn)] as mottakere,
    from delinger
),

merknader as (
    select
        k.kommunenummer_2024,
        string_agg(
            d.kommunenavn || ' (' || d.kommunenummer || ') ble delt mellom ' || x.mottakere
            || '; hele ' || d.kommunenavn || ' regnes som én av delene til hver av dem',
            '; ' order by d.kommunenummer
        ) as merknad,
    from kommuner as k, unnest(k.deler) as u(d)
    inner join mottakere as x on x.kommunenummer_2014 = d.kommunenummer
    where d.delt
    group by k.kommunenummer_2024
)

select
    k.kommunenummer_2024,
    k.kommunenavn_2024,
    k.fylkesnummer_2024,
    k.fylkesnavn_2024,
    k.status_2024,
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
    m.merknad,
from kommuner as k
left join merknader as m on m.kommunenummer_2024 = k.kommunenummer_2024
order by k.kommunenummer_2024
