-- Grain: one row per rule of the definition (rules.definition_rules), in rule order (nr),
-- with its texts. A rule the definition lacks has no row and is never evaluated.
-- key: regel
create or replace view stg_regler as
with

source as (
    select * from src_regler
)

select
    regel::varchar as regel,
    nr::integer as nr,
    kort::varchar as kort,
    tekst::varchar as tekst,
    grunn::varchar as grunn,
    grunn_unntak::varchar as grunn_unntak,
    uavgjort::varchar as uavgjort,
from source
