"""Synthetic kartlegging: three raw exports for the real 442 units, deterministic per seed.

The real survey data is not public. This generator builds a *world* (who answered, who was
called, which services exist and how they answer the interview) whose structure is fixed so
that the published definition ``nklmh_2015`` yields every self-consistent published figure:
41 services (28 kommunale, 13 interkommunale with 51 participant kommuner), 79 of 428
kommuner, 188 questionnaire answers, 254 units in the call round, 27/4/6/4 by category, and
so on. The seed only decides *which* kommuner play which part, the names of services, the
dates, and the mess: name variants and typos, 3-digit numbers, corrected submissions,
mixed case, several call attempts, Windows-1252 with ``;``, an XLSX export, long question
headers, and clearly fictitious personal data (``*.invalid`` e-mail addresses, ``+47 000``
phone numbers, surnames such as *Fiktivsen*).

The world is then *rendered* into raw files. Rendering never produces anything the contract
would quarantine, so ``lmsanalyse validate`` reports no problems on the bundled data; typos are
checked against the real matcher and replaced by a clean spelling if the matcher would not
resolve them.

``scale`` K > 1 (benchmarks only) writes the survey over K × the units: a synthetic register
of K copies of the real one, the bundled survey in each copy, and more call attempts per unit
(:mod:`.scale`); only ``scale = 1`` is calibrated, and every figure at K > 1 is K × the
calibrated one except the call-row counts.
"""

from .raw_files import write_synthetic

__all__ = ["write_synthetic"]
