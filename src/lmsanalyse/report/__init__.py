"""Report: the kartlegging as one self-contained HTML file and a PDF made from the same HTML,
and the sensitivity report that sets every inclusion definition beside the main one.

One module per job:

- :mod:`.data`: reading the input files; :class:`ReportDataError` names what is missing.
- :mod:`.figures`: ``figures.csv`` as figures by id (``Figur``, ``Figurer``).
- :mod:`.environment`: the Jinja environment, Norwegian filters, the templates' figure
  functions and the figure ids the templates use (checked before anything is rendered).
- :mod:`.tables`: the rows of every table, with their cross-file consistency checks.
- :mod:`.svg`: chart settings and matplotlib figures as inline SVG.
- :mod:`.charts`, :mod:`.flow`, :mod:`.map`: the bar charts, the flow diagram, the map.
- :mod:`.context`: everything each template gets, from the report rules' inputs.
- :mod:`.render`: HTML and PDF, byte-identical between runs.

The templates (``templates/``) share a frame (``ramme.html.j2``), styles, the provenance
colophon (``felles.html.j2``) and the table script.
"""

from .data import ReportDataError
from .render import render_report, render_sensitivity

__all__ = ["ReportDataError", "render_report", "render_sensitivity"]
