"""``lmsanalyse explain``: the decision chain for one object, from a run's processed files."""

from __future__ import annotations

import json

import pytest

from lmsanalyse.cli import main


def explain(capsys, run, *args: str) -> tuple[int, str, str]:
    code = main(["explain", *args, "--out", str(run)])
    out, err = capsys.readouterr()
    return code, out, err


class TestExplainKommune:
    def test_covered_kommune_through_interkommunal_service(self, capsys, bundled_run):
        code, out, _ = explain(capsys, bundled_run, "Narvik")
        assert code == 0
        lines = out.splitlines()
        assert (
            lines[0]
            == "1805 Narvik (Nordland) — definisjon «NK LMHs publiserte definisjon» (nklmh_2015)"
        )
        assert "    Spørreskjema: ikke besvart" in lines
        assert "    Ringerunden (1 forsøk), endelig svar: har tjeneste" in lines
        assert "    Deltakere: Narvik (vert), Tjeldsund, Evenes, Ballangen" in lines
        assert lines[-1] == "Endelig status: dekket — Dekket gjennom T044 (interkommunal)"

    def test_number_with_lost_leading_zero_and_name_give_the_same(self, capsys, bundled_run):
        _, by_name, _ = explain(capsys, bundled_run, "Fredrikstad")
        _, by_number, _ = explain(capsys, bundled_run, "106")
        assert by_name == by_number
        assert by_name.startswith("0106 Fredrikstad (Østfold)")

    def test_excluded_for_brukermedvirkning(self, capsys, bundled_run):
        code, out, _ = explain(capsys, bundled_run, "0517")
        assert code == 0
        assert (
            "    Brukermedvirkning: utvikling Ja, planlegging Ja, gjennomføring Ja, evaluering Nei"
            in out.splitlines()
        )
        assert "      I2 brukermedvirkning: ikke oppfylt – Sidestilt brukermedvirkning" in out
        assert "FEILET" not in out and "I2_brukermedvirkning" not in out
        assert (
            "    Intervju 20. desember 2014: kommunal, friskliv: organisert sammen, egen enhet: "
            "Nei, mange års erfaring: Nei, i gang: Ja (2 tilbud)"
        ) in out.splitlines()
        assert out.splitlines()[-1] == (
            "Endelig status: ikke dekket (tjeneste ekskludert) — Tjeneste intervjuet, men "
            "ekskludert: T012 (I2 brukermedvirkning)"
        )

    def test_radmann_ja_without_confirmed_service(self, capsys, bundled_run):
        code, out, _ = explain(capsys, bundled_run, "Aremark")
        assert code == 0
        assert "Tjenester: ingen intervjuet tjeneste omfatter kommunen" in out
        assert out.splitlines()[-1] == (
            "Endelig status: ikke dekket (oppga tjeneste, ikke bekreftet) — Oppga tjeneste "
            "(spørreskjema), men ingen tjeneste ble intervjuet (I1 intervjuet)"
        )

    def test_oslo_bydel_rolls_up_to_oslo(self, capsys, bundled_run):
        code, out, _ = explain(capsys, bundled_run, "Bydel Alna")
        assert code == 0
        lines = out.splitlines()
        assert (
            lines[0]
            == "Bydel 030112 i Oslo. 0301 Oslo (Oslo) — definisjon «NK LMHs publiserte definisjon» (nklmh_2015)"
        )
        assert any(line.startswith("  T008 Friskliv Alna (telefonintervju") for line in lines)
        assert lines[-1] == (
            "Endelig status for Oslo (0301): dekket — Dekket gjennom T008 (kommunal)"
        )

    def test_oslo_lists_all_fifteen_bydeler(self, capsys, bundled_run):
        _, out, _ = explain(capsys, bundled_run, "Oslo")
        assert sum(line.startswith("  Bydel ") for line in out.splitlines()) == 15


class TestExplainService:
    def test_service_by_id(self, capsys, bundled_run):
        code, out, _ = explain(capsys, bundled_run, "T012")
        assert code == 0
        assert (
            out.splitlines()[0]
            == "Tjeneste T012 (definisjon «NK LMHs publiserte definisjon» (nklmh_2015))"
        )
        assert "Inkludert: Nei — I2 brukermedvirkning: ikke sidestilt" in out


class TestExplainErrors:
    def test_unknown_name_is_a_clear_error(self, capsys, bundled_run):
        code, out, err = explain(capsys, bundled_run, "Narvikk")
        assert code == 1
        assert out == ""
        assert err == (
            "Feil: fant ingen kommune, bydel eller tjeneste som heter 'Narvikk'. "
            "Mente du: Narvik, Larvik, Gamvik?\n"
        )

    def test_ambiguous_name_lists_the_candidates(self, capsys, bundled_run):
        code, _, err = explain(capsys, bundled_run, "Våler")
        assert code == 1
        assert err == (
            "Feil: 'Våler' er tvetydig: 0137 Våler (Østfold), 0426 Våler (Hedmark). Bruk nummeret.\n"
        )

    def test_unknown_number(self, capsys, bundled_run):
        code, _, err = explain(capsys, bundled_run, "3001")
        assert code == 1
        assert "'3001' er ikke et kommunenummer, bydelsnummer eller tjeneste-id" in err

    def test_run_without_outputs(self, capsys, tmp_path):
        code, _, err = explain(capsys, tmp_path, "Narvik")
        assert code == 1
        assert "kjør arbeidsflyten først" in err


class TestExplainJson:
    def test_json_has_every_rule_and_the_final_status(self, capsys, bundled_run):
        code, out, _ = explain(capsys, bundled_run, "Sel", "--json")
        assert code == 0
        data = json.loads(out)
        assert data["kommune"]["status_kode"] == "ekskludert"
        (service,) = data["tjenester"]
        # Only the rules of nklmh_2015 (no I5), each with its text from the rules owner.
        assert {rule: r["oppfylt"] for rule, r in service["regler"].items()} == {
            "I1_intervjuet": True,
            "I2_brukermedvirkning": False,
            "I3_etablert": True,
            "I4_lms_tilbud": True,
        }
        assert service["regler"]["I2_brukermedvirkning"]["tekst"].startswith(
            "Sidestilt brukermedvirkning (Ja, ikke Delvis) i alle aktuelle faser"
        )
        assert service["intervju"]["bm_evaluering"] == "Nei"


@pytest.mark.parametrize("definition", ["delvis_teller", "kun_etablerte_tilbud"])
def test_explain_another_definition(capsys, bundled_run, definition):
    code, out, _ = explain(capsys, bundled_run, "Narvik", "--definisjon", definition)
    assert code == 0
    assert out.splitlines()[0].endswith(f"» ({definition})")


class TestExplainWholeChain:
    def test_every_submission_with_the_superseded_one_marked(self, capsys, bundled_run):
        code, out, _ = explain(capsys, bundled_run, "Rømskog")
        assert code == 0
        lines = out.splitlines()
        assert "    Spørreskjema, 2 innsendinger; den siste gjelder:" in lines
        assert (
            "      R1153 3. desember 2014 kl. 12.56: «Vet ikke» — erstattet av R1180 "
            "(radmann_skjema.csv, rad 154)"
        ) in lines
        assert (
            "      R1180 8. desember 2014 kl. 12.56: «Ja», interkommunal: Nei, tjeneste: "
            "Rehabiliteringsteamet — gjelder (radmann_skjema.csv, rad 181)"
        ) in lines

    def test_a_single_submission_and_its_disposition(self, capsys, bundled_run):
        _, out, _ = explain(capsys, bundled_run, "Aremark")
        lines = out.splitlines()
        assert (
            "    Spørreskjema: «Ja», interkommunal: Nei, tjeneste: Fysioterapitjenesten "
            "(R1043, innsendt 12. november 2014 kl. 09.25)"
        ) in lines
        assert "      fra radmann_skjema.csv, rad 44" in lines
        assert (
            "    Utfall (AAPOR 1.1): Fullført: hovedspørsmålet og de aktuelle "
            "oppfølgingsspørsmålene besvart"
        ) in lines

    def test_call_attempts_and_interview_with_norwegian_dates(self, capsys, bundled_run):
        _, out, _ = explain(capsys, bundled_run, "Bydel Alna")
        lines = out.splitlines()
        assert (
            "      forsøk 1, 10. desember 2014: servicetorg → satt over "
            "(ringerunde_logg.csv, rad 99)"
        ) in lines
        assert any(line.startswith("    Intervju 31. desember 2014: kommunal, ") for line in lines)
        assert "    fra telefonintervju.xlsx, rad 9" in lines
        assert "    Deltakere: Bydel Alna (vert)" in lines

    def test_json_keeps_every_submission(self, capsys, bundled_run):
        _, out, _ = explain(capsys, bundled_run, "Rømskog", "--json")
        (unit,) = json.loads(out)["enheter"]
        assert [s["svar_id"] for s in unit["innsendinger"]] == ["R1153", "R1180"]
        assert [s["erstattet_av"] for s in unit["innsendinger"]] == ["R1180", None]
        assert unit["aapor_kode"] == "1.1"
        assert unit["karantene"] == []  # the hook for quarantined rows (issue 13, point 3)

    def test_only_the_rules_of_the_chosen_definition(self, capsys, bundled_run):
        _, main_out, _ = explain(capsys, bundled_run, "T012")
        _, i5_out, _ = explain(capsys, bundled_run, "T012", "--definisjon", "kun_etablerte_tilbud")
        assert "I5 i gang" not in main_out
        assert "    Regler i definisjonen:" in main_out.splitlines()
        assert (
            "      I5 i gang: oppfylt – Tjenesten er kommet i gang med tilbud"
            in i5_out.splitlines()
        )

    def test_a_candidate_without_interview_is_judged_on_i1_only(self, capsys, bundled_run):
        code, out, _ = explain(capsys, bundled_run, "U-0118", "--definisjon", "radmann_ja_teller")
        assert code == 0
        lines = out.splitlines()
        assert lines[1] == "  U-0118 (spørreskjema uten intervju, kategori uten intervju):"
        assert "    Intervju: ikke intervjuet" in lines
        assert any(line.startswith("      I1 intervjuet: oppfylt – ") for line in lines)
        assert any(
            line.startswith("      I2 brukermedvirkning: ikke vurdert (ikke intervjuet) – ")
            for line in lines
        )


class TestExplainServiceIds:
    def test_unknown_service_id_does_not_suggest_kommuner(self, capsys, bundled_run):
        code, out, err = explain(capsys, bundled_run, "T999")
        assert code == 1
        assert out == ""
        assert err == (
            "Feil: fant ingen tjeneste med id 'T999' i definisjonen nklmh_2015. "
            "Den har 58 tjenester, fra T001 til T058.\n"
        )

    def test_service_id_in_lower_case(self, capsys, bundled_run):
        code, out, _ = explain(capsys, bundled_run, "t044")
        assert code == 0
        assert (
            out.splitlines()[0]
            == "Tjeneste T044 (definisjon «NK LMHs publiserte definisjon» (nklmh_2015))"
        )


@pytest.fixture(scope="module")
def run_with_decision(tmp_path_factory):
    from helpers import build_run

    base = tmp_path_factory.mktemp("explain_decision")
    decisions = base / "beslutninger.csv"
    decisions.write_text(
        "objekt,beslutning,begrunnelse,besluttet_av,dato\n"
        "0118,inkluder,Bekreftet skriftlig,ABC,2015-02-01\n"
        "T012,inkluder,Evalueringen gjøres sammen med brukerne,ABC,2015-02-03\n",
        encoding="utf-8",
    )
    return build_run(base / "run", definitions=("nklmh_2015",), manual_decisions=decisions).root


def test_manual_decisions_with_norwegian_dates(capsys, run_with_decision):
    _, out, _ = explain(capsys, run_with_decision, "Aremark")
    lines = out.splitlines()
    assert "Manuell beslutning: inkluder (Bekreftet skriftlig; ABC, 1. februar 2015)" in lines
    assert lines[-1].startswith(
        "Endelig status: dekket (manuelt inkludert) — Manuell beslutning: inkluder "
        "(Bekreftet skriftlig; ABC, 1. februar 2015). Etter reglene: Oppga tjeneste"
    )
    _, out, _ = explain(capsys, run_with_decision, "T012")
    assert (
        "    Manuell beslutning: inkluder (Evalueringen gjøres sammen med brukerne; ABC, "
        "3. februar 2015)"
    ) in out.splitlines()
