-- Grain: one row per 2014 kommune (428): the texts kommune_status builds its reasons from.
-- inkluderte: the services that cover it by the rules; ekskluderte: those the rules exclude,
-- with the rules they fail (or cannot decide); radmann_svar: its units' questionnaire
-- answers; konflikt: its units whose answers conflict with the result
-- (decisions/enhet_konflikt.sql).
-- key: kommunenummer
create or replace table kommune_tekster as
with

kommuner as (
    select * from kommune_dekning
),

-- A service the rules exclude fails a rule, or one of them cannot be decided.
deltakelse as (
    select
        *,
        tjeneste_id || ' (' || organisering || ')' as inkludert_tekst,
        tjeneste_id || ' (' || coalesce(nullif(array_to_string(feilede, ', '), ''),
            'kan ikke avgjøre ' || array_to_string(uavgjorte, ', ')) || ')' as ekskludert_tekst,
    from deltakelse
),

enheter as (
    select * from enhet_svar
),

enhet_konflikter as (
    select * from enhet_konflikt
),

-- The quarantined interviews a kommune hosts, as text.
karantene as (
    select
        q.kommunenummer,
        string_agg(
            'intervjuet' || case when q.har_id then ' av ' || q.tjeneste_id else '' end
            || ' (' || q.fil || ', rad ' || array_to_string(q.rader, ', ') || ') er satt i karantene: '
            || array_to_string(q.grunner, '; '),
            '; ' order by q.tjeneste_id
        ) as tekst,
    from karantene_intervjuer as q where q.kommunenummer is not null group by 1
),

tjenester as (  -- a kommune may take part through several bydeler: each service once
    select
        kommunenummer,
        string_agg(distinct inkludert_tekst, ', ' order by inkludert_tekst)
            filter (where etter_reglene) as inkluderte,
        string_agg(distinct ekskludert_tekst, '; ' order by ekskludert_tekst)
            filter (where not etter_reglene) as ekskluderte,
    from deltakelse
    group by kommunenummer
),

konflikter as (
    select
        k.kommunenummer,
        string_agg(
            e.enhet_navn || ': '
            || case
                when e.radmann_svar = 'Nei' then 'rådmannen svarte Nei'
                else 'ringerunden sa «har ikke tjeneste»'
            end
            || ', men enheten deltar i inkludert tjeneste',
            '; ' order by e.enhet_id
        ) filter (where k.nei_men_deltar) as nei_men_deltar,
        string_agg(
            e.enhet_navn || ': spørreskjema «' || e.radmann_svar || '», ringerunde «'
            || e.ringerunde_utfall || '»',
            '; ' order by e.enhet_id
        ) filter (where k.kildene_uenige) as kildene_uenige,
    from enhet_konflikter as k
    inner join enheter as e on e.enhet_id = k.enhet_id
    group by k.kommunenummer
)

select
    d.kommunenummer,
    t.inkluderte,
    t.ekskluderte,
    array_to_string(list_transform(d.radmann_svar, lambda x: coalesce(x, 'Ikke besvart')), '/')
        as radmann_svar,
    nullif(concat_ws('; ', c.nei_men_deltar, c.kildene_uenige), '') as konflikt,
    q.tekst as karantene,
from kommuner as d
left join tjenester as t on t.kommunenummer = d.kommunenummer
left join konflikter as c on c.kommunenummer = d.kommunenummer
left join karantene as q on q.kommunenummer = d.kommunenummer
order by d.kommunenummer
