-- Grain: one row per figure (figur), hidden helper counts included. verdi sums the fact column
-- named after the figure's catalogue entry (mal); in a family, the figure id puts the row's
-- member (ledd, spaces as _) in the placeholder. Every figure and listed member is here (0 too;
-- a valgfri figure only when a fact row counts it).
-- key: figur
create or replace table figur_tall as
with

fakta as (
    select * from figur_fakta()
),

nuller as (
    select mal, 0::bigint as verdi from stg_figurkatalog
    where plassholder is null and not valgfri
    union all by name
    select mal, ledd, 0::bigint as verdi from figur_medlemmer
),

tall as (
    select
        t.mal,
        t.verdi,
        k.plassholder,
        case
            when k.mal is null then error('figuren ' || t.mal || ' mangler i figurkatalogen')
            when k.plassholder is not null and t.ledd is null
                then error('figuren ' || t.mal || ' mangler ledd i en rad')
            when k.plassholder is not null then replace(t.ledd, ' ', '_')
        end as ledd,
    from (select * from fakta union all by name select * from nuller) as t
    left join stg_figurkatalog as k on k.mal = t.mal
)

select
    coalesce(replace(mal, plassholder, ledd), mal) as figur,
    mal,
    ledd,
    sum(verdi)::bigint as verdi,
from tall
group by all
order by figur
