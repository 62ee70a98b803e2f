"""The PDF edition: Typst typesets the report's own HTML into a tagged PDF/UA-1.

Everything the PDF says comes from the HTML: the sentences, tables and figures
(:mod:`.typst_markup`), and the document's title, authors, description, keywords and
language from its head, the synthetic-data banner and the footer from its print stylesheet's
page margins (``@top-left`` and ``@bottom-left``). The running header gives the chapter a
page starts in (an ``h2``'s ``data-kort`` when it has one), the footer "Side N av M".

Typst uses only the DejaVu fonts matplotlib ships (``ignore_system_fonts``; ``font_paths``)
and the run's time as the
PDF's date, so the same HTML gives the same bytes on every machine. It typesets the main
report in well under a second, where WeasyPrint took seconds (docs/architecture.md,
"The PDF engine").
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import struct
import tempfile
import zlib
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from .typst_markup import escape, html_to_typst, string

# Tagged PDF for universal design: structure tree, headings, table headers, the figures'
# alternative text, language and XMP metadata; Typst refuses to write what would break it.
PDF_STANDARD = "ua-1"
# The page's margins in cm (A4): the running header and the footer stand in the top and
# bottom ones; the text area between them is what a page fills (tests/pdfcheck.page_fill).
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 1.9, 2.2, 2.1


def font_paths() -> list[str]:
    """The fonts Typst may use besides its own: the DejaVu family matplotlib ships, which the
    charts are drawn in (and the HTML names first); pinned with matplotlib, the same on
    every machine."""
    spec = importlib.util.find_spec("matplotlib")
    folder = Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"
    return [str(folder)]


def _compile(source: Path, **kwargs):
    import typst

    compiler = typst.Compiler(
        str(source), root=str(source.parent), font_paths=font_paths(), ignore_system_fonts=True
    )
    return compiler.compile(**kwargs)


@dataclass(frozen=True)
class Frame:
    """What the document and its page margins say."""

    title: str
    description: str
    authors: tuple[str, ...]
    keywords: tuple[str, ...]
    lang: str
    banner: str  # top left of every page ("" for none)
    footer: str  # bottom left of every page

    @classmethod
    def from_html(cls, html: str) -> Frame:
        head = html.split("<body", 1)[0]

        def meta(name: str) -> list[str]:
            found = re.findall(rf'<meta name="{name}" content="([^"]*)"', head)
            return [unescape(v) for v in found]

        def margin(box: str) -> str:
            # The last rule that gives the box content wins, as in the cascade.
            found = re.findall(rf'@{box}\s*\{{[^}}]*?content:\s*"([^"]*)"', head)
            return unescape(found[-1]) if found else ""

        title = re.search(r"<title>(.*?)</title>", head, re.S)
        lang = re.search(r'<html lang="([^"]+)"', head)
        keywords = meta("keywords")
        return cls(
            title=unescape(title.group(1)).strip() if title else "",
            description=(meta("description") or [""])[0],
            authors=tuple(meta("author")),
            keywords=tuple(k.strip() for k in keywords[0].split(",")) if keywords else (),
            lang=lang.group(1) if lang else "nb",
            banner=margin("top-left"),
            footer=margin("bottom-left"),
        )


def _datetime(stamp: dt.datetime) -> str:
    return (
        f"datetime(year: {stamp.year}, month: {stamp.month}, day: {stamp.day}, "
        f"hour: {stamp.hour}, minute: {stamp.minute}, second: {stamp.second})"
    )


def preamble(frame: Frame, stamp: dt.datetime) -> str:
    """The document's metadata, page, text and heading settings (the print stylesheet's)."""

    def strings(values) -> str:
        return "(" + "".join(f"{string(v)}, " for v in values) + ")"

    banner = f'text(fill: avvik_kant, weight: "bold", size: 8pt)[{escape(frame.banner)}]'
    return f"""#set document(title: {string(frame.title)}, author: {strings(frame.authors)},
  description: {string(frame.description)}, keywords: {strings(frame.keywords)},
  date: {_datetime(stamp)})
#set text(lang: {string(frame.lang)}, font: "DejaVu Sans", size: 9pt, fill: tekst)
#show raw: set text(font: "DejaVu Sans Mono", size: 0.85em)
#set par(leading: 0.55em, spacing: 0.85em)
#set list(indent: 0.6em)
#set enum(indent: 0.6em)
#show heading: set text(fill: bla)
#show heading: it => block(breakable: false, sticky: true, it)
#show heading.where(level: 1): set text(size: 2em)
#show heading.where(level: 2): it => block(above: 1.6em, below: 0.7em, width: 100%,
  stroke: (bottom: 1.5pt + bla), inset: (bottom: 4.5pt), sticky: true, text(size: 1.4em, it.body))
#show heading.where(level: 3): set text(size: 1.1em)
#show heading.where(level: 3): set block(above: 1.3em, below: 0.5em)
#set table(stroke: (x, y) => (bottom: 0.5pt + linje), inset: (x: 4pt, y: 3pt), align: left + top)
#let kapittel-her() = {{
  let side = here().page()
  let merker = query(<kapittel>)
  // The chapter that begins at the top of the page, else the last one before it.
  let her = merker.filter(m => m.location().page() == side and m.location().position().y < 3.5cm)
  let foran = merker.filter(m => m.location().page() < side)
  if her.len() > 0 {{ her.first().value }} else if foran.len() > 0 {{ foran.last().value }}
}}
#set page(paper: "a4", margin: (x: {MARGIN_X}cm, top: {MARGIN_TOP}cm, bottom: {MARGIN_BOTTOM}cm),
  header: context {{
    set text(size: 7.5pt, fill: gra)
    grid(columns: (1fr, auto), column-gutter: 1em, {banner},
      if here().page() > 1 {{ kapittel-her() }})
  }},
  footer: context {{
    set text(size: 7.5pt, fill: gra)
    grid(columns: (1fr, auto), column-gutter: 1em, [{escape(frame.footer)}],
      [Side #counter(page).display() av #counter(page).final().first()])
  }})
"""


def write_pdf(html: str, pdf_path: Path, stamp: dt.datetime) -> None:
    """Typeset ``html`` into a tagged PDF/UA-1 at ``pdf_path``, dated ``stamp``."""
    frame = Frame.from_html(html)
    with tempfile.TemporaryDirectory(prefix="lmsanalyse-pdf-") as tmp:
        source = Path(tmp) / "dokument.typ"
        source.write_text(
            html_to_typst(html, preamble(frame, stamp), source.parent), encoding="utf-8"
        )
        pdf = _compile(
            source,
            pdf_standards=[PDF_STANDARD],
            timestamp=int(stamp.replace(tzinfo=dt.UTC).timestamp()),
        )
    Path(pdf_path).write_bytes(pdf)


def svgs_to_png(svgs: list[str], dpi: int, text: dict[str, str]) -> list[bytes]:
    """Each SVG (sized in pt, as matplotlib writes it) as a PNG at ``dpi``, with its
    resolution and the ``text`` entries (e.g. ``Description``) in the file. One Typst
    document, a page per SVG, is rasterised at once (resvg; the charts' DejaVu fonts)."""
    if not svgs:
        return []
    with tempfile.TemporaryDirectory(prefix="lmsanalyse-png-") as tmp:
        folder = Path(tmp)
        pages = []
        for i, svg in enumerate(svgs):
            size = re.search(r'<svg\b[^>]*?width="([\d.]+)pt" height="([\d.]+)pt"', svg)
            if size is None:
                raise ValueError(f"SVG nr. {i + 1} har ikke bredde og høyde i pt")
            (folder / f"{i}.svg").write_text(svg, encoding="utf-8")
            pages.append(
                f"#page(width: {size.group(1)}pt, height: {size.group(2)}pt, margin: 0pt)"
                f'[#image("{i}.svg", width: 100%)]'
            )
        source = folder / "figurer.typ"
        source.write_text("\n".join(pages) + "\n", encoding="utf-8")
        pngs = _compile(source, format="png", ppi=dpi)
    pngs = pngs if isinstance(pngs, list) else [pngs]
    return [_with_chunks(png, dpi, text) for png in pngs]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _with_chunks(png: bytes, dpi: int, text: dict[str, str]) -> bytes:
    """``png`` with a pHYs chunk (``dpi``) and a tEXt chunk per entry, after its header."""
    per_metre = round(dpi / 0.0254)
    extra = _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
    for key, value in text.items():
        try:
            extra += _chunk(b"tEXt", key.encode("latin-1") + b"\0" + value.encode("latin-1"))
        except UnicodeEncodeError:  # international text (a dash, a Sámi letter): iTXt, UTF-8
            data = key.encode("latin-1") + b"\0\0\0\0\0" + value.encode("utf-8")
            extra += _chunk(b"iTXt", data)
    end_of_header = 8 + 4 + 4 + 13 + 4  # signature, IHDR length, type, data, CRC
    return png[:end_of_header] + extra + png[end_of_header:]
