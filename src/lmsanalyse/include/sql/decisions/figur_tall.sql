-- Grain: one row per figure (figur), hidden helper counts included. verdi sums the fact column
-- named after the figure's catalogue entry (mal); in a family, the figure id puts the row's
-- member (ledd, spaces as _) in the placeholder. Every figure and listed member is here (0 too;
-- a valgfri figure only when a fact row counts it), but those the run does not have (finnes is
-- false: the population figures of a register without population, or a map it has no picture
-- on): their facts are not counted, so no figure claims 0 for what was not measured.
-- key: figur
create or replace table figur_tall as
with

fakta as (
    select * from figur_fakta()
),

nuller as (
    select mal, 0::bigint as verdi from stg_figurkatalog
    where plassholder is null and not valgfri and finnes
    union all by name
    select m.mal, m.ledd, 0::bigint as verdi
    from figur_medlemmer as m
    inner join stg_figurkatalog as k on k.mal = m.mal
    where k.finnes
),

tall as (
    select
        t.mal,
        t.verdi,
        k.plassholder,
        k.finnes,
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
-- A fact without a catalogue entry stays in, so that its error above is raised.
where coalesce(finnes, true)
group by all
order by figur
