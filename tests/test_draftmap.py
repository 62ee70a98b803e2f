"""``lmsanalyse map``: drafting import maps, and the unconfirmed-guess marker.

The bundled examples (data/examples/surveyxact_nettskjema) are copied without their maps; the
drafts must get ``kolonner`` (and ``lister``) right for every variable whose question text
names its contract column, and every guess must carry the marker until the analyst removes it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from exportfixtures import write_nettskjema, write_surveyxact
from helpers import RAW_DIR, validate_dir
from lmsanalyse.cli import main
from lmsanalyse.config import ConfigError, load_import_map
from lmsanalyse.tools.draftmap import DraftError, draft_maps

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples" / "surveyxact_nettskjema"
MARKER = re.compile(r"#\s*UBEKREFTET")


@pytest.fixture(scope="module")
def drafted(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The examples without maps, drafted by ``lmsanalyse map``: (raw folder, {source: text})."""
    raw = tmp_path_factory.mktemp("draft") / "raw"
    shutil.copytree(EXAMPLES, raw)
    for path in raw.glob("*.import.yaml"):
        path.unlink()
    assert main(["map", "--raw-dir", str(raw)]) == 0
    return raw, {
        s: (raw / f"{s}.import.yaml").read_text("utf-8")
        for s in ("radmann_skjema", "telefonintervju")
    }


def shipped(source: str) -> dict:
    return yaml.safe_load((EXAMPLES / f"{source}.import.yaml").read_text("utf-8"))


class TestDraftsOfTheExamples:
    @pytest.mark.parametrize("source", ["radmann_skjema", "telefonintervju"])
    def test_kolonner_and_lister_are_right(self, drafted, source: str) -> None:
        draft = yaml.safe_load(drafted[1][source])
        assert draft["kolonner"] == shipped(source)["kolonner"]
        assert draft.get("lister") == shipped(source).get("lister")
        assert draft["format"] == shipped(source)["format"]
        assert draft["filer"] == shipped(source)["filer"]

    @pytest.mark.parametrize("source", ["radmann_skjema", "telefonintervju"])
    def test_every_value_the_map_needs_is_proposed_right(self, drafted, source: str) -> None:
        draft = yaml.safe_load(drafted[1][source]).get("verdier") or {}
        for col, mapping in (shipped(source).get("verdier") or {}).items():
            for label, value in mapping.items():
                # A label that already is an allowed value needs no entry.
                if label.casefold() != value.casefold():
                    assert draft[col][label] == value

    def test_surveyxact_status_is_proposed_for_utelat(self, drafted) -> None:
        draft = yaml.safe_load(drafted[1]["radmann_skjema"])
        assert draft["utelat"] == [
            {"variabel": "stato_4", "verdier": ["Ikke valgt"], "grunn": "ikke gjennomført"}
        ]

    def test_every_guess_carries_the_marker_with_score_and_runner_up(self, drafted) -> None:
        text = drafted[1]["radmann_skjema"]
        line = next(x for x in text.splitlines() if x.startswith("  har_tjeneste:"))
        assert line == (
            '  har_tjeneste: "s_2"  # UBEKREFTET: 89 % «Har kommunen/bydelen en lærings- og '
            "mestringstjeneste (LMS-tjeneste)?»; nest best: enhet (48 %)"
        )
        for source, text in drafted[1].items():
            data = yaml.safe_load(text)
            entries = len(data["kolonner"]) + sum(map(len, (data.get("verdier") or {}).values()))
            entries += sum(len(v) + 1 for v in (data.get("lister") or {}).values())
            entries += len(data.get("utelat") or [])
            assert len(MARKER.findall(text)) == entries, source

    def test_validate_reports_each_unconfirmed_entry(self, drafted) -> None:
        raw, texts = drafted
        problems = [p for p in validate_dir(raw) if p.fil.endswith(".import.yaml")]
        assert len(problems) == sum(len(MARKER.findall(t)) for t in texts.values())
        first = problems[0]
        assert (first.fil, first.rad, first.nokkel) == (
            "radmann_skjema.import.yaml",
            12,
            "kolonner.svar_id",
        )
        assert first.melding == (
            "ubekreftet forslag fra lmsanalyse map (67 % «svar-ID (SurveyXact: respondent)»; "
            "nest best: enhet (27 %)); sjekk det og fjern merket UBEKREFTET"
        )

    def test_a_confirmed_draft_is_used(self, drafted, tmp_path: Path) -> None:
        raw = tmp_path / "raw"
        shutil.copytree(drafted[0], raw)
        for path in raw.glob("*.import.yaml"):
            path.write_text(MARKER.sub("#", path.read_text("utf-8")), "utf-8")
        problems = validate_dir(raw)
        # Only the two Nettskjema test submissions are left: the analyst adds them to utelat.
        assert {(p.fil, p.rad) for p in problems} == {
            ("intervju/data-118447-2015-01-31-1200.txt", 2),
            ("intervju/data-118447-2015-01-31-1200.txt", 3),
        }


class TestMarker:
    def test_a_map_with_a_marker_is_refused_by_the_run_too(self, tmp_path: Path) -> None:
        path = write_surveyxact(tmp_path, "utf16_tab")
        text = path.read_text("utf-8").replace("enhet: s_1", "enhet: s_1  # UBEKREFTET: 70 %")
        path.write_text(text, "utf-8")
        with pytest.raises(ConfigError) as info:
            load_import_map(path)
        assert [str(p) for p in info.value.problems] == [
            "radmann_skjema.import.yaml, rad 10, nøkkel kolonner.enhet: ubekreftet forslag fra "
            "lmsanalyse map (70 %); sjekk det og fjern merket UBEKREFTET"
        ]

    def test_a_hash_inside_a_quoted_label_does_not_hide_the_marker(self, tmp_path: Path) -> None:
        path = write_surveyxact(tmp_path, "utf16_tab")
        text = path.read_text("utf-8").replace(
            '  har_tjeneste: {"Vet ikke; usikker": Vet ikke}',
            '  har_tjeneste:\n    "Vet ikke; usikker #3": Vet ikke  # UBEKREFTET: 90 %',
        )
        path.write_text(text, "utf-8")
        with pytest.raises(ConfigError) as info:
            load_import_map(path)
        assert [p.nokkel for p in info.value.problems] == [
            "verdier.har_tjeneste.Vet ikke; usikker #3"
        ]

    def test_a_mention_in_a_comment_line_is_no_marker(self, tmp_path: Path) -> None:
        path = write_surveyxact(tmp_path, "utf16_tab")
        path.write_text("# UBEKREFTET: forklaring\n" + path.read_text("utf-8"), "utf-8")
        assert load_import_map(path).kolonner["enhet"] == "s_1"


class TestDrafting:
    def test_a_tabell_export(self, tmp_path: Path) -> None:
        (tmp_path / "ringeliste.csv").write_text(
            "Kommune;Dato for samtalen;Forsøk nummer;Hvem svarte;Utfall av samtalen\n"
            "Narvik;01.12.2014;1;sentralbord;uavklart\n",
            "utf-8",
        )
        shutil.copy(RAW_DIR / "radmann_skjema.csv", tmp_path)
        shutil.copy(RAW_DIR / "telefonintervju.xlsx", tmp_path)
        [draft] = draft_maps(tmp_path)
        assert draft.source == "ringerunde_logg"
        assert draft.kolonner == {
            "enhet": "Kommune",
            "dato": "Dato for samtalen",
            "forsok": "Forsøk nummer",
            "kontaktpunkt": "Hvem svarte",
            "utfall": "Utfall av samtalen",
        }

    def test_nettskjema_without_codebook_and_surveyxact_xlsx(self, tmp_path: Path) -> None:
        write_surveyxact(tmp_path, "xlsx").unlink()
        write_nettskjema(tmp_path, None).unlink()
        drafts = {d.source: d for d in draft_maps(tmp_path)}
        assert drafts["radmann_skjema"].kolonner == {
            "svar_id": "respondent",
            "innsendt": "closetime",
            "enhet": "s_1",
            "har_tjeneste": "s_2",
            "interkommunal": "s_3",
        }
        assert drafts["radmann_skjema"].lister == {
            "samarbeidskommuner": {"v_4_1": "Evenes", "v_4_2": "Tjeldsund", "v_4_3": "Ballangen"}
        }
        # No codebook: the column names are all there is to go by.
        assert drafts["telefonintervju"].kolonner["vertskommune"] == "vert"

    def test_refuses_a_source_that_has_a_file(self, tmp_path: Path, capsys) -> None:
        shutil.copy(RAW_DIR / "radmann_skjema.csv", tmp_path)
        with pytest.raises(DraftError):
            draft_maps(tmp_path, "radmann_skjema")
        assert main(["map", "--raw-dir", str(tmp_path), "--source", "radmann_skjema"]) == 1
        assert capsys.readouterr().err == (
            f"Feil: radmann_skjema har allerede en kontraktfil eller et importkart i {tmp_path}\n"
        )

    def test_stdout(self, tmp_path: Path, capsys) -> None:
        write_surveyxact(tmp_path, "utf16_tab").unlink()
        assert (
            main(["map", "--raw-dir", str(tmp_path), "--source", "radmann_skjema", "--stdout"]) == 0
        )
        out, err = capsys.readouterr()
        assert out.startswith("# Utkast til importkart laget av lmsanalyse map for radmann_skjema.")
        assert not (tmp_path / "radmann_skjema.import.yaml").exists()
        assert err == (
            "radmann_skjema: 5 kolonner, 1 verdier og 3 listeelementer foreslått; "
            "11 ubekreftede forslag\n"
        )
