-- Grain: one row per (interviewed service, rule of the definition); ledd is the rule. Facts
-- for figures.csv: the services failing each rule (a service may fail several), and failing
-- it alone. A rule the definition lacks has no rows, so no figure. For the report's claims,
-- how the services failing I2 failed it: in every phase that applies, in one, in several
-- but not all, or only by answering Delvis.
-- key: tjeneste_id, ledd
create or replace table fakta_regler as
with

vurdering as (
    select
        *,
        coalesce(regel = 'I2_brukermedvirkning' and not bestatt, false) as i2_feilet,
    from regel_vurdering
),

kandidater as (
    select * from tjeneste_kandidater where intervjuet
),

beslutninger as (
    select * from tjeneste_beslutning
),

faser as (
    select
        tjeneste_id,
        count(*) as faser,
        count(*) filter (where not oppfylt) as mangler,
        bool_and(oppfylt or svar = 'Delvis') as bare_delvis,
    from brukermedvirkning_faser
    group by tjeneste_id
)

select
    v.tjeneste_id,
    v.regel as ledd,
    (not v.bestatt)::bigint as "ekskludert_<regel>",
    (not v.bestatt and len(b.feilede) = 1)::bigint as "ekskludert_kun_<regel>",
    v.i2_feilet::bigint as brukermedvirkning_feilet,
    (v.i2_feilet and f.mangler = f.faser)::bigint as brukermedvirkning_feilet_alle_faser,
    (v.i2_feilet and f.mangler = 1)::bigint as brukermedvirkning_feilet_en_fase,
    (v.i2_feilet and f.mangler > 1 and f.mangler < f.faser)::bigint
        as brukermedvirkning_feilet_flere_faser,
    (v.i2_feilet and f.bare_delvis)::bigint as brukermedvirkning_feilet_bare_delvis,
from vurdering as v
inner join kandidater as k on k.tjeneste_id = v.tjeneste_id
inner join beslutninger as b on b.tjeneste_id = v.tjeneste_id
left join faser as f on f.tjeneste_id = v.tjeneste_id
order by v.tjeneste_id, v.nr
