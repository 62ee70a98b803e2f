-- Grain: one row per quarantined interview (decisions/karantene_intervjuer.sql). Facts for
-- figures.csv: intervjuer_i_karantene.
-- key: tjeneste_id
create or replace table fakta_karantene_intervjuer as
select
    tjeneste_id,
    1::bigint as intervjuer_i_karantene,
from karantene_intervjuer
order by tjeneste_id
