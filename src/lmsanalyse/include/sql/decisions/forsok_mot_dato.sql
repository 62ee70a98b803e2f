-- Grain: one row per unit whose call attempts are numbered against their dates (attempt 3
-- dated before attempt 2). The contract's last attempt (by number) decides the call-round
-- answer (decisions/enhet_svar.sql); here the answer the dates would give sits beside it,
-- for the inconsistency that names both (decisions/konsistens.sql, forsok_mot_dato).
-- key: objekt
create or replace table forsok_mot_dato as
with

oppringninger as (
    select * from stg_ringerunde
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

ut as (
    select
        'forsok_mot_dato' as kode,
        m.enhet_id as objekt,
        null::varchar as fil,
        m.rader,
        [a.etter_nummer, a.etter_dato] as tjenester,
    from mot_dato as m
    inner join avgjort as a on a.enhet_id = m.enhet_id
)

select * from ut
order by objekt
