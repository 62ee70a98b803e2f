-- Grain: none (a table macro). Every fact table's columns, but its key and ledd, as (mal,
-- ledd, verdi) rows: the facts figur_tall sums into figures. A new fact table (a
-- decisions/fakta_*.sql file) is added here.
create or replace macro figur_fakta() as table
    select mal, verdi from fakta_enheter
    unpivot include nulls (verdi for mal in (columns(* exclude (enhet_id))))
    union all by name
    select mal, ledd, verdi from fakta_enheter_status
    unpivot include nulls (verdi for mal in (columns(* exclude (enhet_id, ledd))))
    union all by name
    select mal, verdi from fakta_tjenester
    unpivot include nulls (verdi for mal in (columns(* exclude (tjeneste_id))))
    union all by name
    select mal, verdi from fakta_karantene
    unpivot include nulls (verdi for mal in (columns(* exclude (linje))))
    union all by name
    select mal, verdi from fakta_inndata
    unpivot include nulls (verdi for mal in (columns(* exclude (art, linje))))
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
    select mal, verdi from fakta_kommuner_utdypet
    unpivot include nulls (verdi for mal in (columns(* exclude (kommunenummer))))
    union all by name
    select mal, verdi from fakta_kurs_tvers
    unpivot include nulls (verdi for mal in (columns(* exclude (tjeneste_id))))
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
    unpivot include nulls (verdi for mal in (columns(* exclude (tjeneste_id))));
