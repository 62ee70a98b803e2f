-- Grain: one row per kommune of 2020 (356). The 2014 picture on today's map: a 2020 kommune
-- is 'dekket' when all its 2014 parts were covered, 'delvis dekket' when some were, else
-- 'ikke dekket'. Snillfjord and Tysfjord were split between several 2020 kommuner: each
-- receiving kommune counts the split kommune as one of its parts, and the row says so,
-- since how many of its inhabitants moved where is not in the data.
create or replace table kommune_2020_status as
with

deler as (
    select
        e.kommunenummer_2020,
        e.kommunenavn_2020,
        e.kommunenummer_2014,
        e.kommunenavn_2014,
        e.endring,
        k.dekket = 'Ja' as dekket,
    from kommuneendringer as e
    inner join kommune_status as k on k.kommunenummer = e.kommunenummer_2014
)

select
    d.kommunenummer_2020,
    any_value(d.kommunenavn_2020) as kommunenavn_2020,
    left(d.kommunenummer_2020, 2) as fylkesnummer_2020,
    any_value(f.fylkesnavn_2020) as fylkesnavn_2020,
    case
        when bool_and(d.dekket) then 'dekket'
        when bool_or(d.dekket) then 'delvis dekket'
        else 'ikke dekket'
    end as status_2020,
    count(*) as deler_2014,
    count(*) filter (where d.dekket) as dekkede_deler_2014,
    string_agg(
        d.kommunenummer_2014 || ' ' || d.kommunenavn_2014
        || case when d.dekket then ' (dekket)' else '' end,
        '; '
        order by d.kommunenummer_2014
    ) as kommuner_2014,
    string_agg(
        d.kommunenavn_2014 || ' ble delt; bare en del av kommunen ble del av '
        || d.kommunenavn_2020,
        '; '
        order by d.kommunenummer_2014
    ) filter (where d.endring = 'delt') as merknad,
from deler as d
left join fylker_2020 as f on f.fylkesnummer_2020 = left(d.kommunenummer_2020, 2)
group by d.kommunenummer_2020
order by d.kommunenummer_2020
