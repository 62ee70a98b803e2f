-- Grain: one row per questionnaire unit (442). Its final disposition as AAPOR's Standard
-- Definitions code it (rules.AAPOR_DISPOSISJONER), from both modes. Questionnaire (the
-- latest usable submission): the main question and the follow-ups that apply to a Ja
-- (interkommunal, tjeneste_navn; samarbeidskommuner when interkommunal = Ja) answered → 1.1;
-- a follow-up blank → 1.2; the main question blank, something else answered → 2.12; a blank
-- form → 2.11. Call round: a decisive outcome → 1.1; only uavklart/satt over, but an attempt
-- reached a helseleder or a frisklivssentral → 2.36; else → 2.21. Neither → 3.19.
-- The final code is the most complete of the two (1.1 by questionnaire, 1.1 by call, then the
-- questionnaire's 1.2/2.12/2.11, then the call's 2.36/2.21); avgjort_av names the mode that
-- gave it. The judgements: docs/assumptions.md (S4–S9).
-- key: enhet_id
-- codes: aapor_kode, skjema_kode, ringerunde_kode in aapor
create or replace table enhet_disposisjon as
with

enheter as (
    select * from enhet_svar
),

skjema as (
    select * from stg_radmann_svar
),

koder as (
    select kode, kort as klasse from stg_koder where kodeverk = 'aapor'
),

nadde_respondent as (
    select distinct enhet_id
    from stg_ringerunde
    where kontaktpunkt in ('helseleder', 'frisklivssentral')
),

per_modus as (
    select
        e.enhet_id,
        case
            when not e.besvart_skjema then null
            when s.har_tjeneste is null then case
                when s.interkommunal is null and s.tjeneste_navn is null
                    and len(coalesce(s.samarbeidskommuner, [])) = 0 then '2.11'
                else '2.12'
            end
            when s.har_tjeneste = 'Ja' and (
                s.interkommunal is null
                or s.tjeneste_navn is null
                or (s.interkommunal = 'Ja' and len(coalesce(s.samarbeidskommuner, [])) = 0)
            ) then '1.2'
            else '1.1'
        end as skjema_kode,
        case
            when e.ringerunde_forsok = 0 then null
            when e.ringerunde_utfall in ('har tjeneste', 'har ikke tjeneste') then '1.1'
            when r.enhet_id is not null then '2.36'
            else '2.21'
        end as ringerunde_kode,
    from enheter as e
    left join skjema as s on s.enhet_id = e.enhet_id
    left join nadde_respondent as r on r.enhet_id = e.enhet_id
),

kodet as (
    select
        *,
        case
            when skjema_kode = '1.1' or ringerunde_kode = '1.1' then '1.1'
            else coalesce(skjema_kode, ringerunde_kode, '3.19')
        end as aapor_kode,
        case
            when skjema_kode = '1.1' then 'spørreskjema'
            when ringerunde_kode = '1.1' then 'ringerunde'
            when skjema_kode is not null then 'spørreskjema'
            when ringerunde_kode is not null then 'ringerunde'
            else 'ingen'
        end as avgjort_av,
    from per_modus
)

select
    d.enhet_id,
    d.aapor_kode,
    k.klasse as aapor_klasse,
    d.avgjort_av,
    d.skjema_kode,
    d.ringerunde_kode,
from kodet as d
inner join koder as k on k.kode = d.aapor_kode
order by d.enhet_id
