-- Grain: one row per kommune of 2024 (357). The 2014 picture on today's map: a 2024 kommune
-- is 'dekket' when all its 2014 parts were covered, 'delvis dekket' when some were, else
-- 'ikke dekket' (rules.STATUS_I_DAG). A 2014 kommune split between several 2024 kommuner
-- (Snillfjord, Tysfjord) is one part of each kommune it became (delt), since how many of
-- its inhabitants went where is not in the data. deler lists the 2014 parts in
-- kommunenummer order.
-- key: kommunenummer_2024
-- codes: status_2024 in status_i_dag
create or replace table kommune_2024 as
with

register as (
    select * from stg_kommuner_2024
),

endringer as (
    select * from stg_kommuneendringer_2024
),

kommuner as (
    select * from kommune_dekning
),

deler as (
    select
        e.kommunenummer_2024,
        e.kommunenummer_2014,
        e.kommunenavn_2014,
        e.endring = 'delt' as delt,
        k.dekket,
    from endringer as e
    inner join kommuner as k on k.kommunenummer = e.kommunenummer_2014
),

per_kommune as (
    select
        kommunenummer_2024,
        case
            when bool_and(dekket) then 'dekket'
            when bool_or(dekket) then 'delvis dekket'
            else 'ikke dekket'
        end as status_2024,
        count(*) as deler_2014,
        count(*) filter (where dekket) as dekkede_deler_2014,
        list(
            {
                'kommunenummer': kommunenummer_2014,
                'kommunenavn': kommunenavn_2014,
                'dekket': dekket,
                'delt': delt,
            }
            order by kommunenummer_2014
        ) as deler,
    from deler
    group by kommunenummer_2024
)

select
    r.kommunenummer_2024,
    r.kommunenavn_2024,
    r.fylkesnummer_2024,
    r.fylkesnavn_2024,
    p.status_2024,
    p.deler_2014,
    p.dekkede_deler_2014,
    p.deler,
from register as r
inner join per_kommune as p on p.kommunenummer_2024 = r.kommunenummer_2024
order by r.kommunenummer_2024
