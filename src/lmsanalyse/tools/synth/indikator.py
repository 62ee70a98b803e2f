"""A synthetic per-kommune frisklivssentral indicator, shaped as SSB's statistics bank exports
a KOSTRA table (``;``-separated, every field quoted, region as "NNNN Navn", a statistics
variable, a year, a value), with its import map: ``data/indikator/`` (``lmsanalyse
sammenlign --indikator data/indikator/indikator.import.yaml``).

The figures are invented (the marker is in the statistics variable's text and the map):
each 2014 kommune has a frisklivssentral with a probability that grows with its population
(about 55 % in all, near SSB's 2016 mapping), drawn from the seed; a few kommuner have SSB's
symbols for a missing figure, and the file has the country and a fylke as SSB exports them
(rows that are no kommune). ``python -m lmsanalyse.tools.synth.indikator --out DIR``.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
from pathlib import Path

import numpy as np
import pandas as pd

from ...guard import SYNTHETIC_MARKER

AR = 2016
VARIABEL = f"Kommunen har frisklivssentral ({SYNTHETIC_MARKER}, ikke reelle tall)"
# SSB's symbols for a missing figure, in a few kommuner.
SYMBOLER = ("..", ":", ".")
FIL = "frisklivssentral_2016.csv"
KART = f"""# {SYNTHETIC_MARKER}: importkart for den syntetiske frisklivssentral-indikatoren
# (lmsanalyse.tools.synth.indikator). En ekte eksport fra SSBs statistikkbank leses med samme
# kart når kolonnenavnene er de samme; se docs/indikator.md.
kilde: indikator
format: tabell
filer:
  data: {FIL}
kolonner:
  region: region
  ar: år
  verdi: Frisklivssentral
  variabel: statistikkvariabel
verdier:
  verdi: {{"1": Ja, "0": Nei}}
"""


def indicator_table(reference_dir: Path, seed: int = 2016) -> pd.DataFrame:
    """The indicator as SSB would export it: the country, one fylke, and every 2014 kommune."""
    kommuner = pd.read_csv(reference_dir / "kommuner_2014.csv", dtype=str)
    folk = pd.read_csv(reference_dir / "folkemengde_2015.csv", dtype={"kommunenummer": str})
    folk = dict(zip(folk["kommunenummer"], folk["folkemengde_2015"], strict=True))
    rng = np.random.default_rng(seed)
    rows = [("0 Hele landet", ""), ("01 Østfold", "")]
    values = []
    for r in kommuner.itertuples(index=False):
        p = min(0.9, 0.2 + 0.08 * math.log10(max(folk[r.kommunenummer], 10)))
        draw, missing = rng.random(), rng.random()
        value = SYMBOLER[int(missing * 1000) % 3] if missing < 0.01 else str(int(draw < p))
        values.append(value)
        rows.append((f"{r.kommunenummer} {r.kommunenavn}", value))
    known = [v for v in values if v in ("0", "1")]
    rows[0] = (rows[0][0], str(sum(v == "1" for v in known)))
    return pd.DataFrame(
        {
            "region": [r[0] for r in rows],
            "statistikkvariabel": VARIABEL,
            "år": str(AR),
            "Frisklivssentral": [r[1] or ".." for r in rows],
        }
    )


def write_indicator(out: Path, reference_dir: Path, seed: int = 2016) -> list[Path]:
    """Write the indicator file and its import map into ``out``; returns the paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    table = indicator_table(Path(reference_dir), seed)
    table.to_csv(buf, sep=";", index=False, quoting=csv.QUOTE_ALL, lineterminator="\n")
    data = out / FIL
    data.write_text(buf.getvalue(), encoding="utf-8")
    kart = out / "indikator.import.yaml"
    kart.write_text(KART, encoding="utf-8")
    return [data, kart]


def main(argv: list[str] | None = None) -> int:
    from ...config import repository_root

    parser = argparse.ArgumentParser(prog="python -m lmsanalyse.tools.synth.indikator")
    parser.add_argument("--out", required=True, help="mappe å skrive til")
    parser.add_argument("--seed", type=int, default=2016, help="frø (standard 2016)")
    args = parser.parse_args(argv)
    for path in write_indicator(
        Path(args.out), repository_root() / "data" / "reference", args.seed
    ):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
