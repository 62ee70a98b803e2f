-- Grain: one row per part of Oslo (0301) in SSB's population by bydel, 1 January 2015: the 15
-- bydeler (bydel) and the parts that belong to none (Sentrum, Marka, bydel not known). The
-- parts sum to Oslo's population in stg_kommuner (reference.load_folkemengde_oslo checks it).
-- key: delnummer
create or replace view stg_oslo_folkemengde as
with

source as (
    select * from src_oslo_folkemengde
)

select
    delnummer::varchar as delnummer,
    delnavn::varchar as delnavn,
    bydel::varchar = 'Ja' as bydel,
    folkemengde_2015::bigint as folkemengde_2015,
from source
