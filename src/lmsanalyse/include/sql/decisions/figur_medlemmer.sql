-- Grain: one row per (family of figures, member listed in the figure catalogue): the members
-- a family has even when no fact row counts them, from the catalogue itself, from a code list
-- of rules.py, or (medlemmer: regler) the definition's rules.
-- key: mal, ledd
create or replace table figur_medlemmer as
with

katalog as (
    select * from stg_figurkatalog
),

koder as (
    select * from stg_koder
),

regler as (
    select * from stg_regler
),

oppgitt as (
    select k.mal, unnest(k.medlemmer) as ledd
    from katalog as k
    where k.medlemmer is not null
),

fra_koder as (
    select k.mal, c.kode as ledd
    from katalog as k
    inner join koder as c on c.kodeverk = k.medlemmer_fra
),

fra_regler as (
    select k.mal, r.regel as ledd
    from katalog as k
    cross join regler as r
    where k.medlemmer_fra = 'regler'
)

select * from oppgitt
union all
select * from fra_koder
union all
select * from fra_regler
order by mal, ledd
