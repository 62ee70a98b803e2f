-- Grain: one row per code of a code list of rules.py (kommune_status, kategori,
-- status_i_dag, aapor), in its order (nr), with its Norwegian label; kort is a category's short
-- label, or an AAPOR code's class in the rate formulas (I, P, R, NC, O, U).
-- key: kodeverk, kode
create or replace view stg_koder as
with

source as (
    select * from src_koder
)

select
    kodeverk::varchar as kodeverk,
    kode::varchar as kode,
    nr::integer as nr,
    tekst::varchar as tekst,
    kort::varchar as kort,
from source
