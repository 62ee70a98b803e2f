-- Grain: one row per kommune of 2020 (356; none for a register of 2024). The register's
-- picture on the 2020 map (decisions/kommune_bilder.sql). A split 2014 kommune is one part
-- of each receiving kommune, and the row says so, since how many of its inhabitants moved
-- where is not in the data.
-- key: kommunenummer_2020
-- files: [csv, parquet]
-- main: [csv]
-- title: Statusen fra {bolge} på kommunekartet i 2020
-- description: >-
--   Én rad per kommune i 2020 (356); erstattet av kommune_2024_status i rapporten, beholdt for
--   sammenligning.
-- columns:
--   kommunenummer_2020: [string, "kommunenummer i 2020"]
--   kommunenavn_2020: [string, "kommunenavn i 2020"]
--   fylkesnummer_2020: [string, "fylkesnummer i 2020"]
--   fylkesnavn_2020: [string, "fylket i 2020"]
--   status_2020: [string, "dekket (alle delene fra 2014 dekket), delvis dekket (noen) eller ikke dekket", [dekket, delvis dekket, ikke dekket]]
--   deler_2014: [integer, "antall kommuner fra 2014 kommunen består av (helt eller delvis)"]
--   dekkede_deler_2014: [integer, "hvor mange av dem som hadde tjeneste"]
--   kommuner_2014: [string, "delene fra 2014 med status"]
--   merknad: [string, "merknad om en delt kommune"]
create or replace table kommune_2020_status as
with

kommuner as (
    select * from kommune_bilder where aar = 2020
)

select
    kommunenummer_bilde as kommunenummer_2020,
    kommunenavn_bilde as kommunenavn_2020,
    fylkesnummer_bilde as fylkesnummer_2020,
    fylkesnavn_bilde as fylkesnavn_2020,
    status as status_2020,
    antall_deler as deler_2014,
    dekkede_deler as dekkede_deler_2014,
    deler_tekst(deler) as kommuner_2014,
    nullif(
        array_to_string(
            list_transform(
                list_filter(deler, lambda d: d.delt),
                lambda d: d.kommunenavn || ' ble delt; bare en del av kommunen ble del av '
                || kommunenavn_bilde
            ),
            '; '
        ),
        ''
    ) as merknad,
from kommuner
order by kommunenummer_2020
