"""Report: the kartlegging as one self-contained HTML file and a PDF made from the same HTML,
and the sensitivity report that sets every inclusion definition beside the main one.

One module per job:

- :mod:`.data`: reading the input files; :class:`ReportDataError` names what is missing.
- :mod:`.figure_model`: ``figures.csv`` as figures by id (``Figur``, ``Figurer``).
- :mod:`.environment`: the Jinja environment, Norwegian filters, the templates' figure
  functions and the figure ids the templates use (checked before anything is rendered).
- :mod:`.tables`: the rows of every table, with their cross-file consistency checks.
- :mod:`.svg`: chart settings and matplotlib figures as inline SVG.
- :mod:`.charts`, :mod:`.flow`, :mod:`.map`: the bar charts, the flow diagram, the map.
- :mod:`.context`: everything each template gets, from the report rules' inputs.
- :mod:`.render`: HTML and PDF (PDF/UA-1), and the figure files, byte-identical between runs.
- :mod:`.palette`: the colours (contrast-checked), :mod:`.innhold`: the numbered figures and
  tables with their sources, :mod:`.excel_workbook`: the take-away workbook.

The templates (``templates/``) share a frame (``ramme.html.j2``), styles, the provenance
colophon (``felles.html.j2``) and the table script.
"""

__all__ = ["ReportDataError", "render_appendix", "render_report", "render_sensitivity"]


def __getattr__(name: str):
    # Lazy: the Snakefile imports report.innhold (the figure list) without pandas/matplotlib.
    if name == "ReportDataError":
        from .data import ReportDataError

        return ReportDataError
    if name in ("render_appendix", "render_report", "render_sensitivity"):
        from . import render

        return getattr(render, name)
    raise AttributeError(name)
