-- Grain: one row per kommune of 2024 (357): the contract's kommune_2024_status.csv, the
-- register's picture on today's map (decisions/kommune_bilder.sql). kommuner_2014 lists the
-- 2014 parts as "1805 Narvik (dekket); 1850 Tysfjord - Divtasvuodna"; a 2024 kommune that
-- holds a part of a split 2014 kommune says so in merknad, since how many of its inhabitants
-- moved where is not in the data. A wave on the 2024 register is its own picture: its status
-- is its own coverage, and it has no 2014 parts (those columns are empty).
-- key: kommunenummer_2024
-- codes: status_2024 in status_i_dag
-- files: [csv, parquet]
-- main: [csv, parquet]
-- title: Statusen fra {bolge} på dagens kommunekart (2024)
-- description: >-
--   Én rad per kommune i 2024 (357).
-- columns:
--   kommunenummer_2024: [string, "kommunenummer i 2024"]
--   kommunenavn_2024: [string, "kommunenavn i 2024"]
--   fylkesnummer_2024: [string, "fylkesnummer i 2024"]
--   fylkesnavn_2024: [string, "fylket i 2024"]
--   status_2024: [string, "dekket (alle delene fra 2014 dekket), delvis dekket (noen) eller ikke dekket", [dekket, delvis dekket, ikke dekket]]
--   deler_2014: [integer, "antall kommuner fra 2014 kommunen består av (helt eller delvis)"]
--   dekkede_deler_2014: [integer, "hvor mange av dem som hadde tjeneste"]
--   kommuner_2014: [string, "delene fra 2014 med status, som «1805 Narvik (dekket); 1850 Tysfjord - Divtasvuodna»"]
--   merknad: [string, "merknad når kommunen har fått en del av en delt 2014-kommune"]
create or replace table kommune_2024_status as
with

kommuner as (
    select * from kommune_bilder where aar = 2024
),

-- The 2024 kommuner each split 2014 kommune went to ("Heim, Hitra og Orkland").
delinger as (
    select
        d.kommunenummer,
        list(k.kommunenavn_bilde order by k.kommunenavn_bilde) as navn,
    from kommuner as k, unnest(k.deler) as u(d)
    where d.delt
    group by d.kommunenummer
),

mottakere as (
    select
        kommunenummer,
        array_to_string(navn[1:len(navn) - 1], ', ') || ' og ' || navn[len(navn)] as mottakere,
    from delinger
),

merknader as (
    select
        k.kommunenummer_bilde,
        string_agg(
            d.kommunenavn || ' (' || d.kommunenummer || ') ble delt mellom ' || x.mottakere
            || '; hele ' || d.kommunenavn || ' regnes som én av delene til hver av dem',
            '; ' order by d.kommunenummer
        ) as merknad,
    from kommuner as k, unnest(k.deler) as u(d)
    inner join mottakere as x on x.kommunenummer = d.kommunenummer
    where d.delt
    group by k.kommunenummer_bilde
)

select
    k.kommunenummer_bilde as kommunenummer_2024,
    k.kommunenavn_bilde as kommunenavn_2024,
    k.fylkesnummer_bilde as fylkesnummer_2024,
    k.fylkesnavn_bilde as fylkesnavn_2024,
    k.status as status_2024,
    case when not k.identitet then k.antall_deler end as deler_2014,
    case when not k.identitet then k.dekkede_deler end as dekkede_deler_2014,
    case when not k.identitet then deler_tekst(k.deler) end as kommuner_2014,
    m.merknad,
from kommuner as k
left join merknader as m on m.kommunenummer_bilde = k.kommunenummer_bilde
order by kommunenummer_2024
