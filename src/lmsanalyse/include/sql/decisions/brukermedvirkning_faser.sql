-- Grain: one row per (interviewed service, phase that applies to it): the phases of
-- $faser_i_gang when the service is in operation (i_gang = 'Ja'), else $faser_ikke_i_gang.
-- A phase is met by 'Ja', and by 'Delvis' when $godta_delvis; a phase left unanswered is not
-- met. nr is the phase's place in the order utvikling, planlegging, gjennomføring, evaluering.
-- key: tjeneste_id, fase
create or replace table brukermedvirkning_faser as
with

tjenester as (
    select * from tjeneste_kandidater where intervjuet
),

faser as (
    select
        t.tjeneste_id,
        f.fase,
        case f.fase
            when 'utvikling' then t.bm_utvikling
            when 'planlegging' then t.bm_planlegging
            when 'gjennomforing' then t.bm_gjennomforing
            when 'evaluering' then t.bm_evaluering
        end as svar,
    from tjenester as t,
        unnest(
            case
                when t.i_gang = 'Ja' then $faser_i_gang::varchar[]
                else $faser_ikke_i_gang::varchar[]
            end
        ) as f(fase)
)

select
    tjeneste_id,
    fase,
    list_position(['utvikling', 'planlegging', 'gjennomforing', 'evaluering'], fase) as nr,
    svar,
    coalesce(svar = 'Ja' or ($godta_delvis and svar = 'Delvis'), false) as oppfylt,
from faser
order by tjeneste_id, nr
