-- Grain: one row per inconsistency in the data and the manual decisions that would make the
-- figures disagree with each other (kode, objekt). validate lists them and the report shows
-- them; they never change a decision by themselves.
--   manuelt_ekskludert_dekket: a kommune excluded by hand takes part in a service that stays
--     included, so the service counts while the kommune does not.
--   besvart_og_ringt: a unit that answered the questionnaire is also in the call log, so the
--     unit flow counts it twice (answered + called > units asked).
--   verken_besvart_eller_ringt: units that did not answer and were never called (one row,
--     objekt = how many, the units listed), so the flow does not add up to the units asked.
--   forsok_mot_dato: a unit whose call attempts are numbered against their dates (attempt 3
--     dated before attempt 2): the contract's last attempt (by number) decides, and the
--     message says whether the dates would have given another answer (tjenester: the answer
--     by number, then the answer by date).
-- key: kode, objekt
create or replace table konsistens_avvik as
with

enheter as (
    select * from enhet_svar
),

svar as (
    select * from stg_radmann_svar
),

oppringninger as (
    select * from stg_ringerunde
),

manuelle as (
    select * from stg_manuelle_beslutninger
),

deltakelse as (
    select * from deltakelse
),

manuelt_ekskludert as (
    select
        'manuelt_ekskludert_dekket' as kode,
        m.objekt,
        m.fil,
        [m.rad] as rader,
        list(distinct d.tjeneste_id order by d.tjeneste_id) as tjenester,
    from manuelle as m
    inner join deltakelse as d on d.kommunenummer = m.objekt and d.inkludert
    where m.objekttype = 'kommune' and m.beslutning = 'ekskluder'
    group by m.objekt, m.fil, m.rad
),

besvart_og_ringt as (
    select
        'besvart_og_ringt' as kode,
        e.enhet_id as objekt,
        null::varchar as fil,
        list(o.rad order by o.rad) as rader,
        null::varchar[] as tjenester,
    from enheter as e
    inner join oppringninger as o on o.enhet_id = e.enhet_id
    where e.besvart_skjema
    group by e.enhet_id
),

-- One row for all such units (objekt: how many), so a partial data set gives one line.
ikke_kontaktet as (
    select
        'verken_besvart_eller_ringt' as kode,
        count(*)::varchar as objekt,
        null::varchar as fil,
        []::integer[] as rader,
        list(e.enhet_id order by e.enhet_id) as tjenester,
    from enheter as e
    where not e.besvart_skjema and e.ringerunde_forsok = 0
    having count(*) > 0
),

-- Pairs of attempts of one unit where the higher number has the earlier date.
mot_dato as (
    select
        a.enhet_id,
        list(distinct r order by r) as rader,
    from oppringninger as a
    inner join oppringninger as b
        on a.enhet_id = b.enhet_id and a.forsok > b.forsok and a.dato < b.dato,
        unnest([a.rad, b.rad]) as t (r)
    group by a.enhet_id
),

avgjort as (
    select
        o.enhet_id,
        coalesce(
            arg_max(o.utfall, [o.forsok, epoch(o.dato)])
                filter (where o.utfall in ('har tjeneste', 'har ikke tjeneste')),
            'uavklart'
        ) as etter_nummer,
        coalesce(
            arg_max(o.utfall, [epoch(o.dato), o.forsok])
                filter (where o.utfall in ('har tjeneste', 'har ikke tjeneste')),
            'uavklart'
        ) as etter_dato,
    from oppringninger as o
    inner join mot_dato as m on m.enhet_id = o.enhet_id
    group by o.enhet_id
),

forsok_mot_dato as (
    select
        'forsok_mot_dato' as kode,
        m.enhet_id as objekt,
        null::varchar as fil,
        m.rader,
        [a.etter_nummer, a.etter_dato] as tjenester,
    from mot_dato as m
    inner join avgjort as a on a.enhet_id = m.enhet_id
)

select * from manuelt_ekskludert
union all by name
select * from forsok_mot_dato
union all by name
select * from besvart_og_ringt
union all by name
select * from ikke_kontaktet
order by kode, objekt
