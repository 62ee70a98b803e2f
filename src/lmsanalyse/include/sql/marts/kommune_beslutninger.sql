-- Grain: one row per 2014 kommune that a manual decision is about, itself or through a service
-- it takes part in: manuell_tekst, the decisions in words (its own first, then each service's,
-- 'inkluder tjenesten T003 (begrunnelse; besluttet av, dato)').
-- key: kommunenummer
create or replace table kommune_beslutninger as
with

beslutninger as (
    select * from stg_manuelle_beslutninger
),

deltakelse as (
    select distinct kommunenummer, tjeneste_id from deltakelse
),

egne as (
    select objekt as kommunenummer, 0 as nr, beslutning_i_ord(m, '') as tekst
    from beslutninger as m
    where m.objekttype = 'kommune'
),

tjenester as (
    select d.kommunenummer, 1 as nr, beslutning_i_ord(m, ' tjenesten ' || m.objekt) as tekst
    from deltakelse as d
    inner join beslutninger as m on m.objekttype = 'tjeneste' and m.objekt = d.tjeneste_id
)

select
    kommunenummer,
    string_agg(tekst, '; ' order by nr, tekst) as manuell_tekst,
from (select * from egne union all select * from tjenester)
group by kommunenummer
order by kommunenummer
