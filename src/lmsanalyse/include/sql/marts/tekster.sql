-- Grain: none (macros). Texts shared by the marts, where Norwegian text is added last.

-- A boolean as the published tables write it.
create or replace macro ja_nei(b) as case when b then 'Ja' else 'Nei' end;

-- A date as Norwegian text: 2015-02-01 → '1. februar 2015' (as lmsanalyse.norsk.fmt_date).
create or replace macro norsk_dato(d) as
    day(d::date) || '. '
    || ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september',
        'oktober', 'november', 'desember'][month(d::date)]
    || ' ' || year(d::date);

-- A recorded manual decision in words: 'inkluder<hva> (begrunnelse; besluttet av, dato)'.
create or replace macro beslutning_i_ord(m, hva) as
    m.beslutning || hva || ' (' || m.begrunnelse || '; ' || m.besluttet_av || ', '
    || norsk_dato(m.dato) || ')';

-- The manual decision about an object (see decisions/manuell_overstyring.sql) in words:
-- 'inkluder (begrunnelse; besluttet av, dato)'; NULL when there is none.
create or replace macro manuell_tekst(type_, objekt_) as (
    select beslutning_i_ord(m, '')
    from stg_manuelle_beslutninger as m
    where m.objekttype = type_ and m.objekt = objekt_
);

-- The start of a reason when a manual decision overrode the rules: '' when there is none.
-- The rule result follows. tekst_: the decision(s) in words (manuell_tekst).
create or replace macro manuell_arsak_tekst(tekst_) as coalesce(
    'Manuell beslutning: ' || tekst_ || '. Etter reglene: ', ''
);
create or replace macro manuell_arsak(type_, objekt_) as
    manuell_arsak_tekst(manuell_tekst(type_, objekt_));

-- A picture's parts (decisions/kommune_bilder.sql) as text:
-- '1805 Narvik (dekket); 1850 Tysfjord - Divtasvuodna'.
create or replace macro deler_tekst(deler) as array_to_string(
    list_transform(
        deler,
        lambda d: d.kommunenummer || ' ' || d.kommunenavn
        || case when d.dekket then ' (dekket)' else '' end
    ),
    '; '
);
