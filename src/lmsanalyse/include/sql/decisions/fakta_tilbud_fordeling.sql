-- Grain: one row per included service that said how many offerings it gave in the last year;
-- ledd is that number. Facts for figures.csv: the report's table of the services by their
-- number of offerings (a number no service gave has no figure).
-- key: tjeneste_id
create or replace table fakta_tilbud_fordeling as
select
    b.tjeneste_id,
    k.antall_tilbud::varchar as ledd,
    1::bigint as "tilbud_fordeling_<antall>",
    1::bigint as tjenester_med_antall_tilbud,
from tjeneste_beslutning as b
inner join tjeneste_kandidater as k on k.tjeneste_id = b.tjeneste_id
where b.inkludert and k.antall_tilbud is not null
order by b.tjeneste_id
