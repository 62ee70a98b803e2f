-- Grain: one row per 2014 kommune (428). Covered when it hosts an included kommunal service
-- or takes part in an included interkommunal one (through both: counted once). Otherwise
-- status_etter_regler says why not, in this order: an interviewed service was excluded; the
-- interview of a service it hosts was quarantined; a unit said it had a service but none was
-- confirmed (I1); it said no; its answer stayed unclear; no answer.
-- status_etter_regler is the rules' result alone: no manual decision, neither about the
-- kommune nor about a service it takes part in (kommune_tjenester.sql). A manual decision
-- gives the kommune its status (status_kode manuelt_*, manuell_beslutning) when it is about
-- the kommune itself (egen_beslutning), or when decisions about its services change whether
-- it is covered.
-- key: kommunenummer
-- codes: status_etter_regler, status_kode in kommune_status
create or replace table kommune_dekning as
with

kommuner as (
    select * from stg_kommuner
),

dekning as (
    select * from kommune_tjenester
),

svar as (
    select * from kommune_svar
),

konflikt as (
    select distinct kommunenummer from enhet_konflikt
),

karantene as (  -- kommuner hosting an interview that was quarantined
    select distinct kommunenummer from karantene_intervjuer where kommunenummer is not null
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

-- Covered by its services (after the decisions about them) unless its own decision says
-- otherwise; the decision that gives it its status: its own, else the outcome when decisions
-- about its services changed whether it is covered.
beslutning as (
    select
        *,
        overstyrt(egen_beslutning, len(inkluderte) > 0) as dekket,
        coalesce(egen_beslutning, case
            when len(inkluderte) > 0 and status_etter_regler <> 'dekket' then 'inkluder'
            when len(inkluderte) = 0 and status_etter_regler = 'dekket' then 'ekskluder'
        end) as manuell_beslutning,
    from etter_reglene
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
