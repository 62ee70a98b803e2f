"""The report's HTML as Typst markup: the PDF edition is typeset from the same HTML.

The HTML is the one source of every sentence, table and figure. This module turns the
elements the templates use (headings, paragraphs, lists, description lists, tables with
caption, header cells, spans and column widths, figures with their SVG and alternative text,
asides, the key figures, the table of contents) into Typst markup. What the print stylesheet
hid stays out (:data:`PRINT_HIDDEN`): scripts, filters, skip links, the narrow chart variants.

Every SVG is cut out of the HTML before parsing (its markup never passes through the
parser) and written to a file the Typst document shows with the SVG's ``<title>`` as its
alternative text, as a browser names the image.
"""

from __future__ import annotations

import re
from pathlib import Path

from .html_tree import Node, parse, svg_title, ws
from .palette import CSS_VARIABLES

# Elements never printed.
_NEVER = {"script", "style", "input", "label", "button", "template", "noscript", "head"}
# What the print stylesheet (rapport.css, @media print) leaves out, as (element, class):
# an empty element matches any.
PRINT_HIDDEN = {
    ("", "kun-js"),
    ("", "filter"),
    ("", "kun-skjerm"),
    ("a", "hopp"),
    ("", "hopp-over"),
    ("div", "smal"),  # a chart's narrow variant (figure .smal)
}
# Rows the print edition of a table leaves out, as (table class, row class).
PRINT_HIDDEN_ROWS = {("k2024", "ikke-dekket")}
# A table of at most this many body rows is kept on one page; a longer one breaks between
# rows (its header repeated), so that it never leaves the rest of a page empty.
KEEP_TOGETHER_ROWS = 8
_BLOCKS = {"p", "ul", "ol", "table", "div", "dl", "figure", "section", "aside", "svgref"}

# The stylesheet's colours (palette.CSS_VARIABLES) as Typst variables of the same names.
COLOUR_DEFINITIONS = "".join(
    f'#let {name.removeprefix("--").replace("-", "_")} = rgb("{value}")\n'
    for name, value in CSS_VARIABLES.items()
)


# ------------------------------------------------------------------------ Typst text


def escape(text: str) -> str:
    """Text that Typst markup shows literally (a number and a full stop would start a
    numbered list)."""
    text = re.sub(r"([\\#*_`$<>@\[\]~/=+\-'\"])", r"\\\1", text)
    return re.sub(r"(\d)\.", r"\1\\.", text)


def ends_expression(markup: str) -> bool:
    """Whether ``markup`` ends in an embedded expression (``#strong[…]``, ``#raw("…")``)."""
    return markup.startswith("#") and markup.endswith(("]", ")"))


def guard_after_expression(text: str) -> str:
    """Text that follows an embedded expression, shown literally: Typst would take a ``;``
    right after ``#raw("…")`` as the expression's end (and drop it), ``.csv`` as a field and
    ``(`` as a call."""
    return "\\" + text if text[:1] in (";", ".", "(") else text


# Classes that colour a cell's or a span's text (rapport.css), as Typst text settings.
_TEXT_COLOURS = {
    "ja": 'fill: gronn, weight: "bold"',
    "ok": "fill: gronn",
    "pluss": "fill: gronn",
    "nei": "fill: avvik_kant",
    "minus": "fill: avvik_kant",
    "feil": 'fill: avvik_kant, weight: "bold"',
}


def coloured(classes: set[str], body: str) -> str:
    """``body`` in the colour its class gives (the first that does), or as it is."""
    for name, setting in _TEXT_COLOURS.items():
        if name in classes and body:
            return f"#text({setting})[{body}]"
    return body


def string(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def label(html_id: str) -> str:
    """A Typst label for an HTML id (labels allow letters, digits, ``-``, ``_``, ``.``, ``:``)."""
    return "<" + re.sub(r"[^\w\-.:]", "_", html_id) + ">"


_SHA256 = re.compile(r"[0-9a-f]{64}")


def hash_lines(digest: str) -> str:
    """A SHA-256 digest in two monospaced lines of 32: hex has no break opportunity, and on
    one line it runs past the page's edge beside a file name."""
    half = len(digest) // 2
    return (
        f'#text(font: "DejaVu Sans Mono", size: 0.9em)[{digest[:half]}#linebreak(){digest[half:]}]'
    )


def _hidden(n: Node) -> bool:
    if n.tag in _NEVER or n.attrs.get("hidden") is not None:
        return True
    return any(c in n.classes() and tag in ("", n.tag) for tag, c in PRINT_HIDDEN)


class Converter:
    """Turns the report's HTML tree into Typst markup; SVG figures are written to ``assets``.

    Each ``block`` returns markup that stands on its own lines; each ``inline`` returns
    markup for inside a paragraph or a cell.
    """

    def __init__(self, svgs: list[str], assets: Path):
        self.svgs = svgs
        self.assets = assets

    # -- blocks ------------------------------------------------------------------------

    def blocks(self, node: Node) -> str:
        """The children of ``node`` as blocks; loose text and inline elements between
        blocks form a paragraph of their own."""
        out, run = [], []

        def flush():
            text = "".join(run).strip()
            if text:
                out.append(f"\n{text}\n")
            run.clear()

        for c in node.children:
            if isinstance(c, str):
                run.append(escape(ws(c)))
            elif _hidden(c):
                continue
            elif c.tag in _BLOCKS or c.tag in ("h1", "h2", "h3", "h4", "header", "main", "nav"):
                flush()
                out.append(self.block(c))
            else:
                run.append(self.inline_element(c))
        flush()
        return "\n".join(o for o in out if o)

    def block(self, n: Node) -> str:
        anchor = f"#metadata(none) {label(n.attrs['id'])}\n" if self._anchored(n) else ""
        return anchor + self._block(n)

    @staticmethod
    def _anchored(n: Node) -> bool:
        """Elements other than headings get an anchor where their id is a link target."""
        return bool(n.attrs.get("id")) and n.tag not in ("h1", "h2", "h3", "h4", "figure")

    def _block(self, n: Node) -> str:  # noqa: C901 - one branch per element kind
        cls = n.classes()
        if n.tag in ("h1", "h2", "h3", "h4"):
            return self.heading(n)
        if n.tag == "p":
            return self.paragraph(n)
        if n.tag in ("ul", "ol"):
            if "nokkeltall" in cls:
                return self.key_figures(n)
            return self.list(n)
        if n.tag == "dl":
            return self.description_list(n)
        if n.tag == "table":
            return self.table(n)
        if n.tag == "figure":
            return self.figure(n)
        if n.tag == "aside" or "merknad" in cls:
            return (
                '#block(fill: rgb("#f6f8f9"), inset: (left: 9pt, rest: 6pt), width: 100%, '
                f"stroke: (left: 3pt + bla), breakable: false)[{self.blocks(n)}]\n"
            )
        if n.tag == "nav" and "innhold" in cls:
            return self.contents(n)
        if n.tag == "svgref":
            return self.image(n) + "\n"
        return self.blocks(n)

    def heading(self, n: Node) -> str:
        level = int(n.tag[1])
        text = self.inline(n).strip()
        lines = []
        if level == 2:
            if "nyside" in n.classes():
                lines.append("#pagebreak(weak: true)")
            # The running header shows the chapter a page starts in, by its short form.
            short = n.attrs.get("data-kort") or ws(n.text()).strip()
            lines.append(f"#metadata({string(short)}) <kapittel>")
        target = f" {label(n.attrs['id'])}" if n.attrs.get("id") else ""
        lines.append(f"{'=' * level} {text}{target}")
        return "\n" + "\n".join(lines) + "\n"

    def paragraph(self, n: Node) -> str:
        cls = n.classes()
        text = self.inline(n).strip()
        if not text:
            return ""
        if "syntetisk" in cls:
            return (
                "#block(width: 100%, inset: 5pt, fill: avvik, stroke: 1.5pt + avvik_kant)"
                f"[#align(center)[#strong[{text}]]]\n"
            )
        if "overtittel" in cls:
            text = f"#text(size: 0.85em, fill: gra, tracking: 0.05em)[#upper[{text}]]"
        elif "undertittel" in cls:
            text = f"#text(size: 1.15em)[{text}]"
        elif cls & {"liten", "henvisning"}:
            text = f"#text(size: 0.85em, fill: gra)[{text}]"
        elif "kilde" in cls:
            return f"#block(above: 0.3em, below: 1.1em)[#text(size: 0.8em, fill: gra)[{text}]]\n"
        return f"\n{text}\n"

    def list(self, n: Node) -> str:
        items = [self.blocks_or_inline(li) for li in n.elements("li") if not _hidden(li)]
        kind = "list" if n.tag == "ul" else "enum"
        return f"#{kind}(spacing: 0.6em, " + ", ".join(f"[{i}]" for i in items) + ")\n"

    def description_list(self, n: Node) -> str:
        """A colophon as a grid of terms and values; other lists as a bold term over its
        description."""
        items = [(c.tag, self.blocks_or_inline(c)) for c in n.elements("dt", "dd")]
        if "kolofon" in n.classes():
            cells = [f"text(fill: gra)[{t}]" if tag == "dt" else f"[{t}]" for tag, t in items]
            grid = ", ".join(cells)
            return f"#grid(columns: (auto, 1fr), column-gutter: 1em, row-gutter: 0.4em, {grid})\n"
        lines = [
            f"#block(above: 0.6em, below: 0.2em, sticky: true)[#strong[{t}]]"
            if tag == "dt"
            else f"#pad(left: 1em)[{t}]"
            for tag, t in items
        ]
        return "\n".join(lines) + "\n"

    def blocks_or_inline(self, n: Node) -> str:
        if any(c.tag in _BLOCKS for c in n.elements()):
            return self.blocks(n).strip()
        return self.inline(n).strip()

    def key_figures(self, n: Node) -> str:
        """The key figures as cards in a row, read in list order."""
        cards = []
        for li in n.elements("li"):
            big = li.first("span")
            head = escape(ws(big.text()).strip()) if big is not None else ""
            rest = ws(li.text().replace(big.text(), "", 1) if big is not None else li.text())
            cards.append(
                "block(fill: bla_lys, inset: 7pt, width: 100%, stroke: (top: 3pt + bla))"
                f'[#text(size: 1.8em, weight: "bold", fill: bla)[{head}] \\ '
                f"#text(size: 0.9em)[{escape(rest.strip())}]]"
            )
        columns = ", ".join(["1fr"] * len(cards))
        return (
            f"#block(below: 1.2em)[#grid(columns: ({columns}), gutter: 6pt, {', '.join(cards)})]\n"
        )

    def contents(self, n: Node) -> str:
        """The table of contents with each entry's page (links to anchored sections)."""
        heading = n.first("h2")
        lines = [self.heading(heading)] if heading is not None else []
        for li in n.descendants("li"):
            a = li.first("a")
            if a is None:
                continue
            target = label(a.attrs.get("href", "#").lstrip("#"))
            gap = "#v(0.5em)" if "vedlegg" in li.classes() else ""
            lines.append(
                f"{gap}#link({target})[{self.inline(a).strip()}"
                f" #box(width: 1fr, repeat[.]) #context counter(page).at({target}).first()] \\"
            )
        return "\n".join(lines) + "\n"

    # -- figures and tables --------------------------------------------------------------

    def image(self, n: Node, width: str = "100%") -> str:
        index = n.attrs["n"]
        svg = self.svgs[int(index)]
        path = self.assets / f"figur_{index}.svg"
        path.write_text(svg, encoding="utf-8")
        return f"#image({string(path.name)}, alt: {string(svg_title(svg))}, width: {width})"

    def figure(self, n: Node) -> str:
        caption = n.first("figcaption")
        width = "80%" if "kart" in n.classes() else "100%"
        images = [
            self.image(ref, width)
            for ref in n.descendants("svgref")
            if not any(_hidden(a) for a in self._ancestors(n, ref))
        ]
        text = self.inline(caption).strip() if caption is not None else ""
        anchor = f" {label(n.attrs['id'])}" if n.attrs.get("id") else ""
        body = "\n".join(f"#align(center)[{i}]" for i in images)
        # A figure floats to the top or foot of a page, with its caption, and the text after
        # it fills the page: kept in the flow, a figure taller than what is left of a page
        # pushed itself and everything after it on, and left that space empty.
        return (
            f"#place(auto, float: true, clearance: 1.6em, block(breakable: false)[{body}\n"
            f"#block(above: 0.5em)[#text(size: 0.85em, fill: gra)[{text}]]]){anchor}\n"
        )

    @staticmethod
    def _ancestors(root: Node, target: Node) -> list[Node]:
        """The elements from ``root`` down to ``target`` (both excluded)."""

        def path(node: Node) -> list[Node] | None:
            for c in node.elements():
                if c is target:
                    return []
                below = path(c)
                if below is not None:
                    return [c, *below]
            return None

        return path(root) or []

    def table(self, n: Node) -> str:
        cls = n.classes()
        caption = n.first("caption")
        head_rows = [r for s in n.elements("thead") for r in s.elements("tr")]
        body_rows = [r for s in n.elements("tbody") for r in s.elements("tr")] or n.elements("tr")
        hidden_rows = {row for table, row in PRINT_HIDDEN_ROWS if table in cls}
        body_rows = [r for r in body_rows if not r.classes() & hidden_rows]
        ncols = max((self._width(r) for r in head_rows + body_rows), default=1)
        widths = [self._col_width(c) for c in n.descendants("col")]
        columns = [widths[i] if i < len(widths) else "auto" for i in range(ncols)]
        if "hash" in cls:
            # File names have no break opportunity either, and the HTML's widths suit digests
            # on one line: the first column takes what the two-line digests leave.
            columns = ["1fr"] + ["auto"] * (ncols - 1)
        cells = []
        if head_rows:
            cells.append(
                "table.header(" + ", ".join(self.row(r, header=True) for r in head_rows) + ")"
            )
        cells += [self.row(r, header=False) for r in body_rows]
        size = "0.74em" if "revisjon" in cls else "0.88em"
        table = (
            f"#table(columns: ({', '.join(columns)},), " + ", ".join(c for c in cells if c) + ")"
        )
        cap = ""
        if caption is not None:
            cap = f"#block(below: 0.35em, sticky: true)[#text(size: 0.85em, fill: gra)[{self.inline(caption).strip()}]]"
        anchor = (
            f"#metadata(none) {label(caption.attrs['id'])}\n"
            if caption is not None and caption.attrs.get("id")
            else ""
        )
        long = len(body_rows) > KEEP_TOGETHER_ROWS
        breakable = "true" if long or cls & {"revisjon", "avstemming"} else "false"
        # Every table takes the page's width: a narrow one (table.smal, 75 % on a screen)
        # would wrap its labels beside their numbers on the narrower print page.
        return (
            f"\n{anchor}#block(breakable: {breakable}, width: 100%)[{cap}\n"
            f"#text(size: {size})[{table}]]\n"
        )

    @staticmethod
    def _width(row: Node) -> int:
        return sum(int(c.attrs.get("colspan", "1")) for c in row.elements("td", "th"))

    @staticmethod
    def _col_width(col: Node) -> str:
        found = re.search(r"width:\s*([\d.]+)%", col.attrs.get("style", ""))
        return f"{found.group(1)}%" if found else "1fr"

    def row(self, r: Node, header: bool) -> str:
        rcls = r.classes()
        out = []
        for i, c in enumerate(r.elements("td", "th")):
            # A number cell ("134 av 428") never breaks inside; a header may.
            number = c.tag == "td" and "tall" in c.classes()
            body = self.blocks_or_inline(c.unbroken() if number else c)
            if _SHA256.fullmatch(c.text().strip()):
                body = hash_lines(c.text().strip())
            if header and body:
                # A narrow column's header (over a number) breaks long words at their
                # syllables; names and texts in the body are never hyphenated.
                body = f"#text(hyphenate: true)[{body}]"
            if c.tag == "th" and not header:
                body = f"#strong[{body}]" if body else body
            if "sum" in rcls:
                body = f"#strong[{body}]" if body else body
            if "under" in rcls and i == 0:
                body = f"#h(1.2em){body}"
            ccls = c.classes()
            body = coloured(ccls, body)
            args = []
            if c.attrs.get("colspan", "1") != "1":
                args.append(f"colspan: {int(c.attrs['colspan'])}")
            if c.attrs.get("rowspan", "1") != "1":
                args.append(f"rowspan: {int(c.attrs['rowspan'])}")
            if "tall" in ccls:
                args.append("align: right")
            if header:
                args.append("fill: bla_lys")
                args.append("stroke: (bottom: 1.5pt + bla)")
            elif "sum" in rcls:
                args.append("stroke: (top: 1pt + tekst, bottom: 0.5pt + linje)")
            elif rcls & {"avvik", "kommentar"}:
                args.append("fill: avvik")
            elif "ekskludert" in rcls:
                args.append('fill: rgb("#fbf3e6")')
            out.append(f"table.cell({', '.join(args)})[{body}]" if args else f"[{body}]")
        return ", ".join(out)

    # -- inline ------------------------------------------------------------------------

    def inline(self, n: Node) -> str:
        parts: list[str] = []
        for c in n.children:
            if isinstance(c, str):
                text = escape(ws(c))
                if parts and ends_expression(parts[-1]):
                    text = guard_after_expression(text)
                parts.append(text)
            else:
                parts.append(self.inline_element(c))
        return "".join(parts)

    def inline_element(self, c: Node) -> str:  # noqa: C901 - one branch per element kind
        if _hidden(c):
            return ""
        cls = c.classes()
        if c.tag in _BLOCKS and c.tag != "svgref":
            return self.block(c)
        if c.tag == "svgref":
            return self.image(c)
        inner = self.inline(c)
        if c.tag in ("strong", "b") or "nummer" in cls:
            return f"#strong[{inner}]"
        if c.tag in ("em", "i"):
            return f"#emph[{inner}]"
        if c.tag == "code":
            return f"#raw({string(c.text())})"
        if c.tag == "br":
            return " \\ "
        if "merke" in cls:
            fill = (
                'rgb("#f6dfa4")'
                if "manuell" in cls
                else ('rgb("#f4c7c3")' if cls & {"avvik", "nei"} else 'rgb("#cfe8d5")')
            )
            return f"#box(fill: {fill}, inset: (x: 2pt), outset: (y: 1.5pt), radius: 2pt)[{inner}]"
        if c.tag == "span" and cls & set(_TEXT_COLOURS):
            return coloured(cls, inner)
        if c.tag == "a":
            href = c.attrs.get("href", "")
            if href.startswith("#"):
                return f"#link({label(href[1:])})[{inner}]" if len(href) > 1 else inner
            # Web addresses, and the other documents of the run by their file names.
            return f"#link({string(href)})[{inner}]" if href else inner
        return inner


def html_to_typst(html: str, preamble: str, assets: Path) -> str:
    """The Typst document for the PDF edition's HTML (figures written to ``assets``)."""
    root, svgs = parse(html)
    body = root.first("body") or root
    return COLOUR_DEFINITIONS + preamble + Converter(svgs, assets).blocks(body)
