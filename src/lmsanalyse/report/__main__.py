"""``python -m lmsanalyse.report``: render a report document in a process of its own.

The workflow's ``shell:`` rules call this, so that a document renders on the second core
while the main report renders in the Snakemake process (WeasyPrint holds the GIL, so two
documents in threads of one process take turns). The rule passes its declared paths; the
work is the package function's (:func:`.render.render_appendix`,
:func:`.render.render_sensitivity`).

    python -m lmsanalyse.report vedlegg --pdf reports/lms_kartlegging_vedlegg.pdf \\
        --log logs/report_appendix.log figures=data/processed/figures.csv …
    python -m lmsanalyse.report sensitivitet --html … --pdf … --log … \\
        --summary … --changes … --provenance … DEFINISJON.json …
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..argparse_norsk import NorskParser


def _named(items: list[str]) -> dict[str, Path]:
    out = {}
    for item in items:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            raise SystemExit(f"ugyldig inndata '{item}': skriv navn=sti")
        out[name] = Path(path)
    return out


def parser() -> NorskParser:
    p = NorskParser(
        prog="python -m lmsanalyse.report",
        description="Lag et rapportdokument i en egen prosess (brukes av arbeidsflyten).",
    )
    sub = p.add_subparsers(dest="dokument", required=True)
    v = sub.add_parser("vedlegg", help="vedlegget til PDF-utgaven (de lange tabellene)")
    v.add_argument("--pdf", required=True, help="PDF-filen som skal skrives")
    v.add_argument("--log", help="loggfil for kjøringen")
    v.add_argument("inndata", nargs="+", help="filene vedlegget leser, som navn=sti")
    s = sub.add_parser("sensitivitet", help="sensitivitetsrapporten (HTML og PDF)")
    s.add_argument("--html", required=True, help="HTML-filen som skal skrives")
    s.add_argument("--pdf", required=True, help="PDF-filen som skal skrives")
    s.add_argument("--log", help="loggfil for kjøringen")
    s.add_argument("--summary", required=True, help="sensitivitet.csv")
    s.add_argument("--changes", required=True, help="sensitivitet_endringer.csv")
    s.add_argument("--provenance", required=True, help="provenance.json")
    s.add_argument("definisjoner", nargs="+", help="definisjon.json for hver definisjon")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from . import ReportDataError, render_appendix, render_sensitivity

    try:
        if args.dokument == "vedlegg":
            render_appendix(_named(args.inndata), Path(args.pdf), log=args.log)
        else:
            sources = [args.summary, args.changes, args.provenance, args.definisjoner]
            render_sensitivity(*sources, Path(args.html), Path(args.pdf), log=args.log)
    except ReportDataError as exc:
        print(f"feil: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
