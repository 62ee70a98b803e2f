-- Grain: one row per questionnaire unit. Facts for figures.csv: each column is named after
-- its figure in include/figures.yaml and is summed over the rows (booleans count as 0/1).
-- key: enhet_id
create or replace table fakta_enheter as
with

enheter as (
    select * from enhet_svar
),

deltakere as (
    select distinct enhet_id from deltakelse
),

disposisjoner as (
    select * from enhet_disposisjon
)

select
    e.enhet_id,
    1::bigint as enheter_spurt,
    (e.enhetstype = 'kommune')::bigint as enheter_kommuner,
    (e.enhetstype = 'bydel')::bigint as enheter_bydeler,
    e.besvart_skjema::bigint as radmann_svar,
    (e.ringerunde_forsok > 0)::bigint as ringerunde,
    (a.skjema_kode = '1.1')::bigint as svarprosent_aapor_rr1,
    e.besvart_skjema::bigint as svarprosent_publisert_grunnlag,
    (e.besvart_skjema and e.radmann_svar = 'Ja')::bigint as radmann_svar_ja,
    (e.besvart_skjema and e.radmann_svar = 'Nei')::bigint as radmann_svar_nei,
    (e.besvart_skjema and e.radmann_svar = 'Vet ikke')::bigint as radmann_svar_vet_ikke,
    (e.besvart_skjema and e.radmann_svar is null)::bigint as radmann_svar_ubesvart,
    (e.besvart_skjema and e.radmann_svar is not null)::bigint as radmann_svar_besvart,
    (e.radmann_svar = 'Ja' and d.enhet_id is null)::bigint as radmann_ja_uten_tjeneste,
    -- A Ja on the form or in the call round, and no service of the unit was interviewed (I1).
    ((e.radmann_svar = 'Ja' or e.ringerunde_utfall = 'har tjeneste') and d.enhet_id is null)::bigint
        as enheter_ja_uten_intervju,
    case when e.besvart_skjema then e.antall_innsendinger - 1 else 0 end as radmann_duplikater,
    (e.ringerunde_utfall = 'har tjeneste')::bigint as ringerunde_har_tjeneste,
    (e.ringerunde_utfall = 'har ikke tjeneste')::bigint as ringerunde_har_ikke_tjeneste,
    (e.ringerunde_utfall = 'uavklart')::bigint as ringerunde_uavklart,
    (e.disposisjon = 'besvart_skjema')::bigint as enheter_besvart_skjema,
    (e.disposisjon = 'avklart_i_ringerunden')::bigint as enheter_avklart_i_ringerunden,
    (e.disposisjon = 'uavklart_i_ringerunden')::bigint as enheter_uavklart_i_ringerunden,
    (e.disposisjon = 'ikke_kontaktet')::bigint as enheter_ikke_kontaktet,
    -- Who the call round reached: the units without a form, and any unit that sent one.
    (not e.besvart_skjema)::bigint as enheter_uten_skjema,
    (not e.besvart_skjema and e.ringerunde_forsok > 0)::bigint as enheter_uten_skjema_ringt,
    (e.besvart_skjema and e.ringerunde_forsok > 0)::bigint as enheter_med_skjema_ringt,
    -- A «Vet ikke» on the form answers the main question, so AAPOR codes the unit 1.1.
    (a.avgjort_av = 'spørreskjema' and a.aapor_kode = '1.1' and e.radmann_svar = 'Vet ikke')::bigint
        as aapor_fullfort_vet_ikke,
    -- AAPOR: each class of the rate formulas, and each rate's numerator and denominator. No
    -- unit is known to be ineligible (4.x), so e = 1 and RR3/RR4 have RR1/RR2's denominator.
    (a.aapor_klasse = 'I')::bigint as aapor_fullfort,
    (a.aapor_klasse = 'P')::bigint as aapor_delvis,
    (a.aapor_kode = '2.11')::bigint as aapor_nektet,
    (a.aapor_kode = '2.12')::bigint as aapor_avbrutt,
    (a.aapor_klasse = 'NC')::bigint as aapor_ikke_kontakt,
    (a.aapor_klasse = 'O')::bigint as aapor_annet,
    (a.aapor_klasse = 'U')::bigint as aapor_ukjent,
    (a.aapor_klasse = 'I')::bigint as aapor_rr1,
    (a.aapor_klasse in ('I', 'P'))::bigint as aapor_rr2,
    (a.aapor_klasse = 'I')::bigint as aapor_rr3,
    (a.aapor_klasse in ('I', 'P'))::bigint as aapor_rr4,
    (a.aapor_klasse = 'I')::bigint as aapor_coop1,
    (a.aapor_klasse = 'R')::bigint as aapor_ref1,
    (a.aapor_klasse in ('I', 'P', 'R', 'O'))::bigint as aapor_con1,
    1::bigint as aapor_grunnlag_rr,
    1::bigint as aapor_grunnlag_rr3,
    (a.aapor_klasse in ('I', 'P', 'R', 'O'))::bigint as aapor_grunnlag_coop,
    1::bigint as aapor_grunnlag_con,
from enheter as e
left join deltakere as d on d.enhet_id = e.enhet_id
inner join disposisjoner as a on a.enhet_id = e.enhet_id
order by e.enhet_id
