-- Grain: one row per kommune of 2020 (356). The 2014 picture on today's map: a 2020 kommune
-- is 'dekket' when all its 2014 parts were covered, 'delvis dekket' when some were, else
-- 'ikke dekket' (rules.STATUS_I_DAG). Snillfjord and Tysfjord were split between several
-- 2020 kommuner: each receiving kommune counts the split kommune as one of its parts (delt).
-- deler lists the 2014 parts in kommunenummer order.
-- key: kommunenummer_2020
-- codes: status_2020 in status_i_dag
create or replace table kommune_2020 as
with

endringer as (
    select * from stg_kommuneendringer
),

kommuner as (
    select * from kommune_dekning
),

deler as (
    select
        e.*,
        k.dekket,
    from endringer as e
    inner join kommuner as k on k.kommunenummer = e.kommunenummer_2014
)

select
    kommunenummer_2020,
    any_value(kommunenavn_2020) as kommunenavn_2020,
    left(kommunenummer_2020, 2) as fylkesnummer_2020,
    case
        when bool_and(dekket) then 'dekket'
        when bool_or(dekket) then 'delvis dekket'
        else 'ikke dekket'
    end as status_2020,
    count(*) as deler_2014,
    count(*) filter (where dekket) as dekkede_deler_2014,
    list(
        {
            'kommunenummer': kommunenummer_2014,
            'kommunenavn': kommunenavn_2014,
            'dekket': dekket,
            'delt': endring = 'delt',
        }
        order by kommunenummer_2014
    ) as deler,
from deler
group by kommunenummer_2020
order by kommunenummer_2020
