-- Grain: one row per candidate service (tjeneste_id): the published decision, with every
-- failed rule's reason '<rule id>: <grunn> (<detail>)' from the definition's rule texts
-- (stg_regler). The rule columns i1_intervjuet … i5_i_gang are NULL for a rule the
-- definition lacks.
-- key: tjeneste_id
create or replace table tjeneste_status as
with

kandidater as (
    select * from tjeneste_kandidater
),

beslutninger as (
    select * from tjeneste_beslutning
),

feilet as (
    select v.*, r.grunn, r.grunn_unntak
    from regel_vurdering as v
    inner join stg_regler as r on r.regel = v.regel
    where not v.bestatt
),

-- The detail of each rule's reason: I2 the phases not met, I4 the offering types given, and
-- I3 the text for a service with many years' experience when the exception does not apply.
grunner as (
    select
        f.tjeneste_id,
        string_agg(
            f.regel || ': '
            || case
                when f.regel = 'I3_etablert' and k.mange_ars_erfaring = 'Ja'
                    then coalesce(f.grunn_unntak, f.grunn)
                else f.grunn
            end
            || case f.regel
                when 'I2_brukermedvirkning' then ' (' || array_to_string(
                    list_transform(
                        f.faser_mangler, lambda x: x.fase || ' = ' || coalesce(x.svar, 'ikke besvart')
                    ),
                    ', '
                ) || ')'
                when 'I4_lms_tilbud'
                    then ' (' || coalesce(array_to_string(k.tilbudstyper, ', '), 'ingen oppgitt')
                    || ')'
                else ''
            end,
            '; '
            order by f.nr
        ) as arsak,
    from feilet as f
    inner join kandidater as k on k.tjeneste_id = f.tjeneste_id
    group by f.tjeneste_id
)

select
    b.tjeneste_id,
    ja_nei(b.inkludert) as inkludert,
    b.kategori,
    array_to_string(b.feilede, ';') as feilede_regler,
    manuell_arsak('tjeneste', b.tjeneste_id)
    || coalesce(g.arsak, 'Oppfyller alle regler i definisjonen ' || $definisjon) as arsak,
    b.manuell_beslutning,
    k.tjeneste_navn,
    k.vertskommune_id,
    k.organisering,
    k.deltakere,
    len(k.deltakere) as antall_deltakere,
    case when k.intervjuet then k.kilde else k.kilde || ' uten intervju' end as kilde,
    k.friskliv,
    k.navn_med_mestring,
    k.egen_enhet,
    k.prosjektfinansiert,
    k.i_gang,
    k.antall_tilbud,
    k.tilbudstyper,
    k.diagnoser,
    k.brukerorg_etablering,
    k.rekruttering,
    k.mange_ars_erfaring,
    b.i1_intervjuet,
    b.i2_brukermedvirkning,
    b.i3_etablert,
    b.i4_lms_tilbud,
    b.i5_i_gang,
from beslutninger as b
inner join kandidater as k on k.tjeneste_id = b.tjeneste_id
left join grunner as g on g.tjeneste_id = b.tjeneste_id
order by b.tjeneste_id
