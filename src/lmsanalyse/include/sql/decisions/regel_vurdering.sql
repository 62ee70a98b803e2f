-- Grain: one row per (candidate service, rule of the definition). Only the definition's rules
-- (stg_regler) have rows: a rule the definition lacks is never evaluated, so never passed.
-- Candidates without an interview (only when $godta_ja_uten_intervju) are not checked against
-- I2–I5. bestatt is NULL when the rule cannot be decided: an answer it needs is missing, or
-- (I4) an offering type could not be read and the others do not decide it. faser_mangler (I2): the
-- phases not met, in phase order.
-- key: tjeneste_id, regel
create or replace table regel_vurdering as
with

kandidater as (
    select * from tjeneste_kandidater
),

regler as (
    select regel, nr from stg_regler
),

faser as (
    select * from brukermedvirkning_faser
),

brukermedvirkning as (
    select
        tjeneste_id,
        bool_and(oppfylt) as oppfylt,
        list({'fase': fase, 'svar': svar} order by nr) filter (where not oppfylt) as mangler,
    from faser
    group by tjeneste_id
)

select
    k.tjeneste_id,
    r.regel,
    r.nr,
    case r.regel
        when 'I1_intervjuet' then k.intervjuet or $godta_ja_uten_intervju
        when 'I2_brukermedvirkning' then not k.intervjuet or coalesce(b.oppfylt, true)
        when 'I3_etablert' then not k.intervjuet or (
            k.friskliv <> 'nei'
            or k.egen_enhet <> 'nei'
            or ($godta_mange_ars_erfaring and k.mange_ars_erfaring = 'Ja')
        )
        when 'I4_lms_tilbud' then not k.intervjuet or (
            k.i_gang <> 'Ja'
            or list_has_any(coalesce(k.tilbudstyper, []::varchar[]), $lms_tilbudstyper::varchar[])
            -- No LMS type among the types that could be read, but one could not be read:
            -- the rule cannot be decided (NULL), rather than failed.
            or case when list_contains(k.ulesbare, 'tilbudstyper') then null else false end
        )
        when 'I5_i_gang' then not k.intervjuet or k.i_gang = 'Ja'
        else error('ukjent regel ' || r.regel)
    end as bestatt,
    case when r.regel = 'I2_brukermedvirkning' then b.mangler end as faser_mangler,
from kandidater as k
cross join regler as r
left join brukermedvirkning as b on b.tjeneste_id = k.tjeneste_id
order by k.tjeneste_id, r.nr
