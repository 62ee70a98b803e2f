-- Grain: one row per figure (figur), hidden helper counts included. verdi sums the fact column
-- named after the figure's catalogue entry (mal); in a family, the figure id puts the row's
-- member (ledd, spaces as _) in the placeholder. Every figure and listed member is here (0 too),
-- but a figure the catalogue calls valgfri only when a fact row counts it.
-- key: figur
create or replace table figur_tall as
with

-- Each fact table's columns, but its key and ledd, as (mal, verdi) rows.
fakta as (
    select mal, verdi from fakta_enheter
    unpivot include nulls (verdi for mal in (columns(* exclude (enhet_id))))
    union all by name
    select mal, verdi from fakta_tjenester
    unpivot include nulls (verdi for mal in (columns(* exclude (tjeneste_id))))
    union all by name
    select mal, verdi from fakta_karantene
    unpivot include nulls (verdi for mal in (columns(* exclude (linje))))
    union all by name
    select mal, verdi from fakta_ringerunde
    unpivot include nulls (verdi for mal in (columns(* exclude (enhet_id, forsok))))
    union all by name
    select mal, ledd, verdi from fakta_regler
    unpivot include nulls (verdi for mal in (columns(* exclude (tjeneste_id, ledd))))
    union all by name
    select mal, ledd, verdi from fakta_diagnoser
    unpivot include nulls (verdi for mal in (columns(* exclude (tjeneste_id, ledd))))
    union all by name
    select mal, ledd, verdi from fakta_tilbudstyper
    unpivot include nulls (verdi for mal in (columns(* exclude (tjeneste_id, ledd))))
    union all by name
    select mal, ledd, verdi from fakta_kommuner
    unpivot include nulls (verdi for mal in (columns(* exclude (kommunenummer, ledd))))
    union all by name
    select mal, ledd, verdi from fakta_fylker
    unpivot include nulls (verdi for mal in (columns(* exclude (kommunenummer, ledd))))
    union all by name
    select mal, ledd, verdi from fakta_kommuner_2020
    unpivot include nulls (verdi for mal in (columns(* exclude (kommunenummer_2020, ledd))))
    union all by name
    select mal, ledd, verdi from fakta_kommuner_2024
    unpivot include nulls (verdi for mal in (columns(* exclude (kommunenummer_2024, ledd))))
    union all by name
    select mal, ledd, verdi from fakta_fylker_2024
    unpivot include nulls (verdi for mal in (columns(* exclude (kommunenummer_2024, ledd))))
    union all by name
    select mal, ledd, verdi from fakta_rader
    unpivot include nulls (verdi for mal in (columns(* exclude (ledd))))
    union all by name
    select mal, verdi from fakta_oslo
    unpivot include nulls (verdi for mal in (columns(* exclude (delnummer))))
    union all by name
    select mal, ledd, verdi from fakta_manuelle_beslutninger
    unpivot include nulls (verdi for mal in (columns(* exclude (objekttype, objekt, ledd))))
    union all by name
    select mal, verdi from fakta_konsistens
    unpivot include nulls (verdi for mal in (columns(* exclude (kode, objekt))))
    union all by name
    select mal, verdi from fakta_karantene_intervjuer
    unpivot include nulls (verdi for mal in (columns(* exclude (tjeneste_id))))
    union all by name
    select mal, verdi from fakta_manuelle_utfall
    unpivot include nulls (verdi for mal in (columns(* exclude (tjeneste_id))))
),

nuller as (
    select mal, 0::bigint as verdi from stg_figurkatalog
    where plassholder is null and not valgfri
    union all by name
    select mal, ledd, 0::bigint as verdi from figur_medlemmer
),

tall as (
    select
        t.mal,
        t.verdi,
        k.plassholder,
        case
            when k.mal is null then error('figuren ' || t.mal || ' mangler i figurkatalogen')
            when k.plassholder is not null and t.ledd is null
                then error('figuren ' || t.mal || ' mangler ledd i en rad')
            when k.plassholder is not null then replace(t.ledd, ' ', '_')
        end as ledd,
    from (select * from fakta union all by name select * from nuller) as t
    left join stg_figurkatalog as k on k.mal = t.mal
)

select
    coalesce(replace(mal, plassholder, ledd), mal) as figur,
    mal,
    ledd,
    sum(verdi)::bigint as verdi,
from tall
group by all
order by figur
