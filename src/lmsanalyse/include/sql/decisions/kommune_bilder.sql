-- Grain: one row per (map year, kommune of that year's map): the register's coverage carried to
-- a kommune map of a later year (a picture), one calculation for every map; kommune_2020_status
-- and kommune_2024_status are its rows of 2020 and 2024. A kommune of the map is 'dekket' when
-- all its register parts were covered, 'delvis dekket' when some were, else 'ikke dekket'
-- (rules.STATUS_I_DAG). A register kommune split between several kommuner of the map
-- (Snillfjord, Tysfjord) is one part of each kommune it became (delt), since how many of its
-- inhabitants went where is not in the data. On the register's own year's map (a register of
-- 2024 on the 2024 map) each kommune is its own only part (identitet); a map with no change
-- list (the 2020 map of a register of 2024) has no rows. deler lists the parts in
-- kommunenummer order.
-- key: aar, kommunenummer_bilde
-- codes: status in status_i_dag

create or replace table kommune_bilder as
with

-- Each register kommune with the kommune(s) of each map it became part of, and on the
-- register's own year's map (a register of 2024) each kommune as its own only part.
endringer as (
    select * from stg_kommuneendringer_bilder
    union all
    select $register_aar, kommunenummer, kommunenavn, kommunenummer, kommunenavn, false
    from stg_kommuner
    where $register_aar > 2014
),

deler as (
    select
        e.*,
        k.dekket,
    from endringer as e
    inner join kommune_dekning as k on k.kommunenummer = e.kommunenummer
),

per_kommune as (
    select
        aar,
        kommunenummer_bilde,
        case
            when bool_and(dekket) then 'dekket'
            when bool_or(dekket) then 'delvis dekket'
            else 'ikke dekket'
        end as status,
        count(*) as antall_deler,
        count(*) filter (where dekket) as dekkede_deler,
        list(
            {
                'kommunenummer': kommunenummer,
                'kommunenavn': kommunenavn,
                'dekket': dekket,
                'delt': delt,
            }
            order by kommunenummer
        ) as deler,
    from deler
    group by aar, kommunenummer_bilde
)

select
    k.aar,
    k.kommunenummer_bilde,
    k.kommunenavn_bilde,
    k.fylkesnummer_bilde,
    k.fylkesnavn_bilde,
    p.status,
    p.antall_deler,
    p.dekkede_deler,
    p.deler,
    k.aar = $register_aar as identitet,
from stg_kommuner_bilder as k
inner join per_kommune as p using (aar, kommunenummer_bilde)
order by k.aar, k.kommunenummer_bilde
