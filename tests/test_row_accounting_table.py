"""The report's row accounting (vedlegg C) adds up the way the contract counts: rows with data
in = used + merged + quarantined; entirely empty rows are no data and stand beside them."""

from __future__ import annotations

import pandas as pd
import pytest

from lmsanalyse.report.tables import row_accounting


def accounting(inn, brukt, sammen, karantene, tomme) -> pd.DataFrame:
    row = {
        "kilde": "radmann_skjema",
        "fil": "radmann_skjema.csv",
        "format": "utf-8",
        "skilletegn": ",",
        "rader_inn": str(inn),
        "brukt": str(brukt),
        "slatt_sammen": str(sammen),
        "karantene": str(karantene),
        "tomme_rader": str(tomme),
        "ignorerte_kolonner": "",
    }
    return pd.DataFrame([row])


@pytest.mark.parametrize(
    ("counts", "stemmer"),
    [
        ((10, 8, 1, 1, 1), True),  # the hand-made set: one blank line among ten rows of data
        ((10, 8, 1, 1, 0), True),
        ((202, 188, 14, 0, 0), True),  # the bundled rådmann file
        ((11, 8, 1, 1, 1), False),  # a blank row counted as a row in does not add up
        ((10, 8, 1, 0, 1), False),
    ],
)
def test_rows_with_data_add_up_and_blank_rows_stand_beside_them(counts, stemmer) -> None:
    [row] = row_accounting(accounting(*counts))
    assert row["stemmer"] is stemmer
    assert (row["inn"], row["tomme"]) == (counts[0], counts[4])
