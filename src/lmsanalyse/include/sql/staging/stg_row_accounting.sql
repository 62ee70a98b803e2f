-- Grain: one row per raw source (its file): rows in = used + merged + quarantined.
-- key: kilde
create or replace view stg_row_accounting as
with

source as (
    select * from src_row_accounting
)

select
    kilde::varchar as kilde,
    fil::varchar as fil,
    rader_inn::bigint as rader_inn,
    brukt::bigint as brukt,
    slatt_sammen::bigint as slatt_sammen,
    karantene::bigint as karantene,
    tomme_rader::bigint as tomme_rader,
from source
