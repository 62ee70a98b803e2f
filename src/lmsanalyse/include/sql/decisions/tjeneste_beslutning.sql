-- Grain: one row per candidate service. feilede: the rules it fails, in rule order;
-- uavgjorte: the rules that cannot be decided for it;
-- inkludert: the decision after any manual decision. The rule columns i1_intervjuet …
-- i5_i_gang are NULL for a rule the definition lacks. kategori: the one category of an
-- interviewed service (rules.KATEGORIER), 'uten_intervju' for the others.
-- key: tjeneste_id
create or replace table tjeneste_beslutning as
with

kandidater as (
    select * from tjeneste_kandidater
),

vurdering as (
    select * from regel_vurdering
),

regler as (
    select
        tjeneste_id,
        list(regel order by nr) filter (where not bestatt) as feilede,
        list(regel order by nr) filter (where bestatt is null) as uavgjorte,
        bool_and(bestatt) filter (where regel = 'I1_intervjuet') as i1_intervjuet,
        bool_and(bestatt) filter (where regel = 'I2_brukermedvirkning') as i2_brukermedvirkning,
        bool_and(bestatt) filter (where regel = 'I3_etablert') as i3_etablert,
        bool_and(bestatt) filter (where regel = 'I4_lms_tilbud') as i4_lms_tilbud,
        bool_and(bestatt) filter (where regel = 'I5_i_gang') as i5_i_gang,
    from vurdering
    group by tjeneste_id
),

etter_reglene as (
    select
        k.tjeneste_id,
        coalesce(r.feilede, []::varchar[]) as feilede,
        coalesce(r.uavgjorte, []::varchar[]) as uavgjorte,
        -- Included by the rules only when every rule is met; one that cannot be decided
        -- keeps the service out, and its reason says so.
        len(coalesce(r.feilede, [])) = 0 and len(coalesce(r.uavgjorte, [])) = 0 as etter_reglene,
        manuell_beslutning('tjeneste', k.tjeneste_id) as manuell_beslutning,
        case
            when not k.intervjuet then 'uten_intervju'
            when k.friskliv <> 'nei' then 'friskliv'
            when k.egen_enhet = 'senter/avdeling' then 'eget_senter'
            when k.egen_enhet = 'koordinator' then 'koordinator'
            when k.mange_ars_erfaring = 'Ja' then 'mange_ars_erfaring'
        end as kategori,
        r.* exclude (tjeneste_id, feilede, uavgjorte),
    from kandidater as k
    left join regler as r on r.tjeneste_id = k.tjeneste_id
)

select
    tjeneste_id,
    overstyrt(manuell_beslutning, etter_reglene) as inkludert,
    * exclude (tjeneste_id),
from etter_reglene
order by tjeneste_id
