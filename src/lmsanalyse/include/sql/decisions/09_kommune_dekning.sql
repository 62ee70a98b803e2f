-- Grain: one row per 2014 kommune (428). Covered when it hosts an included kommunal service
-- or takes part in an included interkommunal one (through both: counted once). Otherwise
-- status_etter_regler says why not, in this order: an interviewed service was excluded; the
-- interview of a service it hosts was quarantined; a unit said it had a service but none was
-- confirmed (I1); it said no; its answer stayed unclear; no answer.
-- status_etter_regler is the rules' result alone: no manual decision, neither about the
-- kommune nor about a service it takes part in. A manual decision gives the kommune its
-- status (status_kode manuelt_*, manuell_beslutning) when it is about the kommune itself
-- (egen_beslutning), or when decisions about its services change whether it is covered;
-- tjeneste_beslutninger lists the services it takes part in that a decision is about.
-- key: kommunenummer
-- codes: status_etter_regler, status_kode in kommune_status
create or replace table kommune_dekning as
with

kommuner as (
    select * from stg_kommuner
),

deltakelse as (
    select * from deltakelse
),

svar as (
    select * from kommune_svar
),

konflikt as (
    select distinct kommunenummer from enhet_konflikt
),

-- Kommuner hosting an interview that was quarantined.
karantene as (
    select distinct kommunenummer from karantene_intervjuer where kommunenummer is not null
),

dekning as (
    select
        kommunenummer,
        list(distinct tjeneste_id order by tjeneste_id) filter (where inkludert) as inkluderte,
        list(distinct tjeneste_id order by tjeneste_id) filter (where not inkludert)
            as ekskluderte,
        -- The same by the rules alone.
        list(distinct tjeneste_id order by tjeneste_id) filter (where etter_reglene)
            as inkluderte_etter_reglene,
        list(distinct tjeneste_id order by tjeneste_id) filter (where not etter_reglene)
            as ekskluderte_etter_reglene,
        list(distinct tjeneste_id order by tjeneste_id)
            filter (where manuell_beslutning is not null) as tjeneste_beslutninger,
        bool_or(inkludert and organisering = 'kommunal') as egen,
        bool_or(inkludert and organisering = 'interkommunal') as interkommunal,
        bool_or(inkludert and kategori = 'friskliv') as friskliv,
    from deltakelse
    group by kommunenummer
),

etter_reglene as (
    select
        k.kommunenummer,
        k.fylkesnummer,
        k.folkemengde_2015,
        coalesce(d.inkluderte, []) as inkluderte,
        coalesce(d.ekskluderte, []) as ekskluderte,
        coalesce(d.inkluderte_etter_reglene, []) as inkluderte_etter_reglene,
        coalesce(d.ekskluderte_etter_reglene, []) as ekskluderte_etter_reglene,
        coalesce(d.tjeneste_beslutninger, []) as tjeneste_beslutninger,
        d.egen,
        d.interkommunal,
        coalesce(d.friskliv, false) as friskliv,
        s.* exclude (kommunenummer),
        c.kommunenummer is not null as har_konflikt,
        case
            when len(coalesce(d.inkluderte_etter_reglene, [])) > 0 then 'dekket'
            when len(coalesce(d.ekskluderte_etter_reglene, [])) > 0 then 'ekskludert'
            when q.kommunenummer is not null then 'intervju_i_karantene'
            when s.sa_ja then 'ja_uten_bekreftelse'
            when s.sa_nei then 'svarte_nei'
            when s.besvart or s.ringt then 'uavklart'
            else 'ikke_besvart'
        end as status_etter_regler,
        manuell_beslutning('kommune', k.kommunenummer) as egen_beslutning,
    from kommuner as k
    left join dekning as d on d.kommunenummer = k.kommunenummer
    left join svar as s on s.kommunenummer = k.kommunenummer
    left join konflikt as c on c.kommunenummer = k.kommunenummer
    left join karantene as q on q.kommunenummer = k.kommunenummer
),

overstyrt as (
    select
        *,
        -- Covered by the services after the decisions about them, unless the kommune's
        -- own decision says otherwise.
        overstyrt(egen_beslutning, len(inkluderte) > 0) as dekket,
    from etter_reglene
),

beslutning as (
    select
        *,
        case
            when egen_beslutning is not null then egen_beslutning
            -- Decisions about its services changed whether it is covered.
            when dekket <> (status_etter_regler = 'dekket')
                then case when dekket then 'inkluder' else 'ekskluder' end
        end as manuell_beslutning,
    from overstyrt
)

select
    *,
    case
        when manuell_beslutning is null then status_etter_regler
        when dekket then 'manuelt_inkludert'
        else 'manuelt_ekskludert'
    end as status_kode,
from beslutning
order by kommunenummer
