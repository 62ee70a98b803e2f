-- Grain: none (macros). The one place where a recorded manual decision overrides a rule
-- result, for kommuner and services alike; the rule result stays visible next to it.
-- The reason text of a manual decision is added in marts/tekster.sql.

-- The manual decision about an object ('inkluder', 'ekskluder' or NULL: none).
create or replace macro manuell_beslutning(type_, objekt_) as (
    select m.beslutning
    from stg_manuelle_beslutninger as m
    where m.objekttype = type_ and m.objekt = objekt_
);

-- The result after the manual decision: the decision wins over the rules when there is one.
create or replace macro overstyrt(beslutning_, etter_reglene) as
    case beslutning_
        when 'inkluder' then true
        when 'ekskluder' then false
        else etter_reglene
    end;
