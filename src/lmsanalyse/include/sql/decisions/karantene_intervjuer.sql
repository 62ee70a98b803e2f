-- Grain: one row per interview the clean stage quarantined as a whole (tjeneste_id as far
-- as it could be read, else the row): the service is not judged, and its host kommune's
-- status says so instead of "not confirmed in an interview". grunner: each reason, with
-- its column; rader: the rows in the interview file. Rows the import map leaves out
-- are not interviews and are not listed.
-- key: tjeneste_id
create or replace table karantene_intervjuer as
with

karantene as (
    select * from stg_quarantine
),

filer as (
    select fil from stg_row_accounting where kilde = 'telefonintervju'
),

-- A service with a used interview is judged on it; a second, quarantined copy of it is in
-- quarantine.csv but does not make a second status row.
brukte as (
    select distinct tjeneste_id from stg_telefonintervju
),

rader as (
    select
        coalesce(q.tjeneste_id, '(uten id, rad ' || q.rad || ')') as tjeneste_id,
        q.tjeneste_id is not null as har_id,
        q.rad,
        q.enhet_id as vertskommune_id,
        coalesce(q.kolonne || ': ', '') || q.arsak as grunn,
        q.fil,
    from karantene as q
    inner join filer as f on f.fil = q.fil
    where q.niva = 'rad' and not q.utelatt
),

per_tjeneste as (
    select
        r.tjeneste_id,
        bool_or(har_id) as har_id,
        any_value(fil) as fil,
        list(distinct rad order by rad) as rader,
        any_value(vertskommune_id) filter (where vertskommune_id is not null) as vertskommune_id,
        list(grunn order by rad, grunn) as grunner,
    from rader as r
    anti join brukte as b on b.tjeneste_id = r.tjeneste_id
    group by r.tjeneste_id
)

select
    q.*,
    -- The host's kommune: a bydel of Oslo rolls up to 0301.
    coalesce(e.kommunenummer, q.vertskommune_id) as kommunenummer,
from per_tjeneste as q
left join stg_enheter as e on e.enhet_id = q.vertskommune_id
order by q.tjeneste_id
