-- Grain: one row per questionnaire unit (442: 427 kommuner and Oslo's 15 bydeler), from the
-- unit register (data/reference). Oslo itself got no questionnaire; its bydeler did.
-- key: enhet_id
create or replace view stg_enheter as
with

source as (
    select * from src_enheter
)

select
    enhet_id::varchar as enhet_id,
    enhet_navn::varchar as enhet_navn,
    enhetstype::varchar as enhetstype,
    kommunenummer::varchar as kommunenummer,
from source
