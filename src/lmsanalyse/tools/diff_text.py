"""The text of ``lmsanalyse diff``: a :class:`~.diff.RunDiff` in Norwegian, for people.

The first lines are the headline figures; then one summary line, then the changes grouped:
coverage, the kommuner that changed coverage and those that changed status without changing
coverage, services, units and their answers, row accounting. Numbers as Norwegian text
(``1 486 068``, ``18,5 %``); figures by their labels from the figure catalogue.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..norsk import fmt_int, fmt_pct
from ..ordliste import dekning_tekst, leserens_tekst, regel_kort, status_i_setning, svar
from .diff import GROUPS, OTHER_GROUP, RunDiff

SEP = " "  # plain spaces: terminals and logs
MINUS = "−"
SHOWN = 8  # kommuner named per status change before "og N til"


def _count(value: int | None, nevner: int | None) -> str:
    if value is None:
        return "–"
    text = fmt_int(value, SEP)
    if nevner:
        text += f" av {fmt_int(nevner, SEP)} ({fmt_pct(100 * value / nevner, 1, SEP)})"
    return text


def _signed(value: int) -> str:
    sign = "+" if value > 0 else MINUS if value < 0 else "±"
    return sign + fmt_int(abs(value), SEP)


def figure_line(f: dict) -> str:
    """``Label: 79 av 428 (18,5 %) → 80 av 428 (18,7 %), +1``; ``Label: 41 (uendret)``."""
    if not f["endret"]:
        return f"  {f['etikett']}: {_count(f['b'], f['nevner_b'])} (uendret)"
    change = ""
    if f["a"] is not None and f["b"] is not None:
        change = f", {_signed(f['b'] - f['a'])}"
    return (
        f"  {f['etikett']}: {_count(f['a'], f['nevner_a'])} → "
        f"{_count(f['b'], f['nevner_b'])}{change}"
    )


def _plural(n: int, one: str, many: str) -> str:
    return f"{fmt_int(n, SEP)} {one if n == 1 else many}"


def summary_line(d: RunDiff) -> str:
    """One line: how much changed, by group."""
    headline = sum(h["endret"] for h in d.hovedtall)
    counts = [f for f in d.figurer if not f["bare_nevner"]]
    shares = len(d.figurer) - len(counts)
    parts = [
        _plural(headline, "hovedtall endret", "hovedtall endret"),
        _plural(len(counts), "annet tall", "andre tall")
        + (f" (og {fmt_int(shares, SEP)} med bare ny nevner)" if shares else ""),
        _plural(len(d.kommuner), "kommune med endret dekning", "kommuner med endret dekning"),
        _plural(len(d.kommuner_status), "med endret status ellers", "med endret status ellers"),
        _plural(
            len(d.tjenester), "tjeneste med endret beslutning", "tjenester med endret beslutning"
        ),
        _plural(len(d.enheter), "enhet med endrede svar", "enheter med endrede svar"),
    ]
    if d.tjenester_ny_id:
        parts.append(_plural(len(d.tjenester_ny_id), "tjeneste med ny id", "tjenester med ny id"))
    if d.tjenester_bare_a or d.tjenester_bare_b:
        parts.append(
            f"{fmt_int(len(d.tjenester_bare_a), SEP)} tjenester bare i A og "
            f"{fmt_int(len(d.tjenester_bare_b), SEP)} bare i B"
        )
    return "Oppsummering: " + ", ".join(parts) + "."


def _kommune_lines(d: RunDiff) -> list[str]:
    lines = []
    if d.kommuner:
        lines.append(f"Kommuner med endret dekning ({fmt_int(len(d.kommuner), SEP)}):")
        for k in d.kommuner:
            a, b = (
                dekning_tekst(k[f"dekket_{s}"], k[f"status_{s}"]) if k[f"status_{s}"] else "–"
                for s in ("a", "b")
            )
            lines.append(
                f"  {k['kommunenummer']} {k['kommunenavn']} ({k['fylkesnavn']}): {a} → {b}"
            )
            lines.append(f"    nå: {leserens_tekst(k['arsak_b']) or '–'}")
            lines.append(f"    før: {leserens_tekst(k['arsak_a']) or '–'}")
    if d.kommuner_status:
        by_change = defaultdict(list)
        for k in d.kommuner_status:
            before, after = (
                status_i_setning(k[f"status_{s}"]) if k[f"status_{s}"] else "–" for s in ("a", "b")
            )
            by_change[(before, after)].append(k)
        lines.append(
            f"Kommuner med endret status, samme dekning ({fmt_int(len(d.kommuner_status), SEP)}):"
        )
        for (before, after), rows in sorted(by_change.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            named = ", ".join(f"{k['kommunenummer']} {k['kommunenavn']}" for k in rows[:SHOWN])
            more = f" og {fmt_int(len(rows) - SHOWN, SEP)} til" if len(rows) > SHOWN else ""
            what = "andre tjenester" if before == after else f"{before} → {after}"
            lines.append(f"  {what}: {_plural(len(rows), 'kommune', 'kommuner')} ({named}{more})")
    return lines


def _rules(text: str | None) -> str:
    """``I4_lms_tilbud;I2_brukermedvirkning`` → ``I4 LMS-tilbud, I2 brukermedvirkning``."""
    ids = [r for r in (text or "").split(";") if r]
    return ", ".join(regel_kort(r) for r in ids) if ids else "ingen"


def _service_change(t: dict) -> str:
    """What changed for a service, and only that."""
    endret = t.get("endret") or ["inkludert", "feilede_regler"]
    parts = []
    if "inkludert" in endret:
        parts.append(f"inkludert {svar(t['inkludert_a'])} → {svar(t['inkludert_b'])}")
    if "feilede_regler" in endret:
        parts.append(
            f"regler ikke oppfylt: {_rules(t['feilede_regler_a'])} → "
            f"{_rules(t['feilede_regler_b'])}"
        )
    if "kategori" in endret:
        parts.append("annen kategori")
    if "manuell_beslutning" in endret:
        parts.append("annen manuell beslutning")
    return "; ".join(parts)


def run_name(path: str | Path) -> str:
    """A run as the reader knows it: its folder, written out (``.`` is the current one)."""
    return str(Path(path).resolve())


def _service_lines(d: RunDiff) -> list[str]:
    lines = []
    if d.tjenester:
        lines.append(f"Tjenester med endret beslutning ({fmt_int(len(d.tjenester), SEP)}):")
        for t in d.tjenester:
            ident = t["tjeneste_id"]
            if (
                t["tjeneste_id_a"]
                and t["tjeneste_id_b"]
                and t["tjeneste_id_a"] != t["tjeneste_id_b"]
            ):
                ident = f"{t['tjeneste_id_a']} (nå {t['tjeneste_id_b']})"
            lines.append(f"  {ident} {t['tjeneste_navn'] or ''}: {_service_change(t)}")
            lines.append(f"    nå: {leserens_tekst(t['arsak_b']) or '–'}")
    for which, rows in (("A", d.tjenester_bare_a), ("B", d.tjenester_bare_b)):
        if rows:
            lines.append(f"Tjenester bare i {which} ({fmt_int(len(rows), SEP)}):")
            for t in rows:
                lines.append(
                    f"  {t['tjeneste_id']} {t['tjeneste_navn'] or ''} (vert {t['vertskommune_id']}, "
                    f"inkludert {t['inkludert']})"
                )
    if d.tjenester_ny_id:
        lines.append(
            f"Samme tjeneste med ny id (samme vertskommune og navn; {fmt_int(len(d.tjenester_ny_id), SEP)}):"
        )
        for t in d.tjenester_ny_id:
            lines.append(f"  {t['tjeneste_id_a']} → {t['tjeneste_id_b']} {t['tjeneste_navn']}")
    return lines


def _unit_lines(d: RunDiff) -> list[str]:
    if not d.enheter:
        return []
    by_change = defaultdict(list)
    for e in d.enheter:
        if "aapor_kode" in e["endret"]:
            key = f"utfall {e['aapor_kode_a'] or '–'} → {e['aapor_kode_b'] or '–'}"
        elif "radmann_svar" in e["endret"]:
            key = f"spørreskjema «{e['radmann_svar_a'] or 'ikke besvart'}» → «{e['radmann_svar_b'] or 'ikke besvart'}»"
        else:
            key = (
                f"ringerunden {e['ringerunde_utfall_a'] or '–'} → {e['ringerunde_utfall_b'] or '–'}"
            )
        by_change[key].append(e)
    lines = [f"Enheter med endrede svar ({fmt_int(len(d.enheter), SEP)}):"]
    for key, rows in sorted(by_change.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        named = ", ".join(f"{e['enhet_id']} {e['enhet_navn']}" for e in rows[:SHOWN])
        more = f" og {fmt_int(len(rows) - SHOWN, SEP)} til" if len(rows) > SHOWN else ""
        lines.append(f"  {key}: {_plural(len(rows), 'enhet', 'enheter')} ({named}{more})")
    return lines


def render_text(d: RunDiff, name_a: str, name_b: str) -> str:
    """The differences as Norwegian text, the headline figures first. The runs are named by
    their folders, written out."""
    name_a, name_b = run_name(name_a), run_name(name_b)
    if d.empty:
        if name_a == name_b:
            return f"Ingen forskjeller: begge er kjøringen i {name_a}."
        return f"Ingen forskjeller mellom kjøringen i {name_a} og kjøringen i {name_b}."
    lines = [f"Forskjeller fra A = {name_a} til B = {name_b}", "Hovedtall:"]
    lines += [figure_line(h) for h in d.hovedtall]
    lines.append(summary_line(d))
    titles = {key: title for key, title, _ in GROUPS} | {OTHER_GROUP[0]: OTHER_GROUP[1]}
    groups = defaultdict(list)
    for f in d.figurer:
        if not f["bare_nevner"]:  # a share that changed only with its denominator: summary only
            groups[f["gruppe"]].append(f)
    sections = {
        "dekning": _kommune_lines(d),
        "tjenester": _service_lines(d),
        "enheter": _unit_lines(d),
    }
    for key in [g[0] for g in GROUPS] + [OTHER_GROUP[0]]:
        figures = groups.get(key, [])
        if figures:
            lines.append(f"{titles[key]} ({_plural(len(figures), 'tall', 'tall')} endret):")
            lines += [figure_line(f) for f in figures]
        lines += sections.get(key, [])
    return "\n".join(lines)
