-- Grain: none (macros). Texts shared by the marts, where Norwegian text is added last.

-- A boolean as the published tables write it.
create or replace macro ja_nei(b) as case when b then 'Ja' else 'Nei' end;

-- The start of a reason when a manual decision overrode the rules (see
-- decisions/00_manuell_overstyring.sql): '' when there is none. The rule result follows.
create or replace macro manuell_arsak(type_, objekt_) as coalesce(
    (
        select
            'Manuell beslutning: ' || m.beslutning || ' (' || m.begrunnelse || '; '
            || m.besluttet_av || ', ' || m.dato || '). Etter reglene: '
        from stg_manuelle_beslutninger as m
        where m.objekttype = type_ and m.objekt = objekt_
    ),
    ''
);
