-- Grain: one row per (included service in operation, type of offering it gives); ledd is the
-- type. Facts for figures.csv (a type no such service names has no figure).
-- key: tjeneste_id, ledd
create or replace table fakta_tilbudstyper as
select
    t.tjeneste_id,
    d.tilbudstype as ledd,
    1::bigint as "tilbudstype_<type>",
from tjenester_i_drift as t,
    unnest(t.tilbudstyper) as d(tilbudstype)
order by t.tjeneste_id, ledd
