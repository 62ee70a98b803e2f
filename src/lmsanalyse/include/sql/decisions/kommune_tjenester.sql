-- Grain: one row per 2014 kommune that takes part in a candidate service (Oslo's bydeler as
-- 0301): the services it takes part in, after the manual decisions about them (inkluderte,
-- ekskluderte) and by the rules alone (*_etter_reglene); tjeneste_beslutninger: those a
-- manual decision is about; egen/interkommunal/friskliv: covered through an included
-- kommunal, interkommunal or friskliv-organised service.
-- key: kommunenummer
create or replace table kommune_tjenester as
with

deltakelse as (
    select * from deltakelse
)

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
order by kommunenummer
