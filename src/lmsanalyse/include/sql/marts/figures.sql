-- Grain: one row per figure id (figur) of the figure catalogue (include/figures.yaml) but
-- the hidden helper counts. verdi is a count; nevner, when the catalogue names one, is the
-- count it is a share of (in a family, of the same member).
-- key: figur
-- files: [csv]
-- main: [csv]
-- title: Alle tall rapportene bruker
-- description: >-
--   Én rad per tall (figur-id i figurkatalogen); verdi er en telling, nevner tellingen den er
--   en andel av.
-- columns:
--   figur: [string, "id for tallet (figurkatalogen src/lmsanalyse/include/figures.yaml)"]
--   verdi: [integer, "tallet (en telling)"]
--   nevner: [integer, "tellingen tallet er en andel av; tom når tallet ikke er en andel"]
create or replace table figures as
with

tall as (
    select * from figur_tall
),

katalog as (
    select * from stg_figurkatalog
),

med_nevner as (
    select
        t.figur,
        t.verdi,
        k.skjult,
        coalesce(replace(k.nevner, k.plassholder, t.ledd), k.nevner) as nevner_figur,
    from tall as t
    inner join katalog as k on k.mal = t.mal
)

select
    f.figur,
    f.verdi,
    case
        when f.nevner_figur is null then null
        when n.figur is null then error('nevneren ' || f.nevner_figur || ' av ' || f.figur || ' mangler')
        else n.verdi
    end as nevner,
from med_nevner as f
left join tall as n on n.figur = f.nevner_figur
where not f.skjult
order by f.figur
