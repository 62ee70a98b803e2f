-- Grain: none (a table macro). Every fact table's columns, but its key and ledd, as (mal,
-- ledd, verdi) rows: the facts figur_tall sums into figures. The fact tables are the files
-- decisions/fakta_*.sql; the runner writes one part per fact table in place of the marker, from
-- the key its header declares (include/runner.py fact_parts), so a new fact table is a new
-- file and nothing else:
--   select * exclude (<key but ledd>) from <fact table>
--   unpivot include nulls (verdi for mal in (columns(lambda c: c not in (<key>, 'ledd'))))
create or replace macro figur_fakta() as table
    {fakta};
