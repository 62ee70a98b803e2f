-- Grain: one row per (included service in operation, diagnosis it gives offerings for); ledd
-- is the diagnosis. Facts for figures.csv (a diagnosis no such service names has no figure).
-- key: tjeneste_id, ledd
create or replace table fakta_diagnoser as
select
    t.tjeneste_id,
    d.diagnose as ledd,
    1::bigint as "diagnose_<diagnose>",
from tjenester_i_drift as t,
    unnest(t.diagnoser) as d(diagnose)
order by t.tjeneste_id, ledd
