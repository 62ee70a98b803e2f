-- Grain: one row per included service with a category; ledd is the category. Facts for
-- figures.csv: the report's table and chart of the categories by organisering.
-- key: tjeneste_id
create or replace table fakta_kategorier as
select
    b.tjeneste_id,
    b.kategori as ledd,
    (k.organisering = 'kommunal')::bigint as "tjenester_kommunale_<kategori>",
    (k.organisering = 'interkommunal')::bigint as "tjenester_interkommunale_<kategori>",
from tjeneste_beslutning as b
inner join tjeneste_kandidater as k on k.tjeneste_id = b.tjeneste_id
where b.inkludert and b.kategori is not null
order by b.tjeneste_id
