-- Grain: one row per part of a kommune counted by bydel (2014: Oslo, 0301) in SSB's population
-- by bydel, 1 January 2015: its bydeler (bydel) and the parts that belong to none (Sentrum,
-- Marka, bydel not known). The parts of each kommune sum to its population in stg_kommuner
-- (reference.load_folkemengde_oslo checks it).
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
    kommunenummer::varchar as kommunenummer,
from source
