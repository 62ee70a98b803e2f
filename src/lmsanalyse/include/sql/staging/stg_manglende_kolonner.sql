-- Grain: one row per contract column an export truly lacks (the question was not asked), as
-- its import map or the alias file declares it (mangler): every row is "not answered" for it.
-- key: kilde, kolonne
create or replace view stg_manglende_kolonner as
with

source as (
    select * from src_manglende_kolonner
)

select
    kilde::varchar as kilde,
    kolonne::varchar as kolonne,
    grunn::varchar as grunn,
from source
