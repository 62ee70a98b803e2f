-- Grain: one row per candidate service that fails a rule of the definition, or for which a
-- rule cannot be decided (its uavgjort text): the reasons,
-- '<rule id>: <grunn>' from the definition's rule texts (stg_regler) and a detail in brackets
-- (I2: the phases not met; I4: the offering types given), in rule order. I3 says grunn_unntak
-- for a service with many years' experience, when the definition does not accept that.
-- key: tjeneste_id
create or replace table tjeneste_arsak as
with

kandidater as (
    select * from tjeneste_kandidater
),

vurdering as (
    select * from regel_vurdering
),

regler as (
    select * from stg_regler
),

feilet as (
    select v.*, r.grunn, r.grunn_unntak, r.uavgjort, k.mange_ars_erfaring, k.tilbudstyper
    from vurdering as v
    inner join regler as r on r.regel = v.regel
    inner join kandidater as k on k.tjeneste_id = v.tjeneste_id
    where not coalesce(v.bestatt, false)
),

grunner as (
    select
        tjeneste_id,
        nr,
        regel || ': '
        || case
            when bestatt is null then uavgjort
            when regel = 'I3_etablert' and mange_ars_erfaring = 'Ja'
                then coalesce(grunn_unntak, grunn)
            else grunn
        end
        || case when bestatt is null then '' else case regel
            when 'I2_brukermedvirkning' then ' (' || array_to_string(
                list_transform(
                    faser_mangler, lambda x: x.fase || ' = ' || coalesce(x.svar, 'Ikke besvart')
                ),
                ', '
            ) || ')'
            when 'I4_lms_tilbud'
                then ' (' || coalesce(array_to_string(tilbudstyper, ', '), 'ingen oppgitt') || ')'
            else ''
        end end as grunn,
    from feilet
)

select
    tjeneste_id,
    string_agg(grunn, '; ' order by nr) as arsak,
from grunner
group by tjeneste_id
order by tjeneste_id
