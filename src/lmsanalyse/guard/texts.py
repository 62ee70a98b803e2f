"""The text a person or a program can read from an output file, by file type.

Each file gives one or more :class:`Part` s: a label (a Parquet column, an XLSX sheet, the
visible text or the attributes of a page) and its raw text. Personal values are looked for
in every part; the phone and e-mail *patterns* only in parts marked ``patterns`` (not in
markup, scripts, styles or drawing coordinates, where long digit runs are not numbers).

| type | parts |
|---|---|
| CSV, TSV | every distinct cell (quotes undone), one per line |
| TXT, MD, other text | the text |
| JSON | the text and every key, string and number, one per line |
| HTML, SVG, XML | the visible text (tags stripped, entities decoded; inline tags join, block tags separate), the text attributes (alt, title, aria-*, …), and the whole file with entities decoded (values only) |
| Parquet, Feather/Arrow | each column's distinct cells, one per line (dates, times and flags left out), and the column names |
| PDF | pdftotext's text (pypdf when poppler is missing), the document information, the tagged structure's alternative texts |
| XLSX, XLSM, ODS | each sheet's cells (hidden sheets too, python-calamine) and the sheet names; comments, document properties, drawings and shared strings from the package's XML |
| PNG | its text chunks (tEXt, zTXt, iTXt); the image itself has no text — alt texts belong in sidecar `.txt`/`.md` files, which are read as text |
| JPEG, GIF, WebP, other images | nothing (no text) |
| anything else | the bytes as UTF-8 text (values only, not patterns) |

Every extractor reads the whole file once; the work is linear in the file's size.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import subprocess
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Part:
    """A piece of an output's text: where it is in the file, the text, and whether the phone
    and e-mail patterns apply to it."""

    where: str
    text: str
    patterns: bool = True


TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".md", ".log", ".yaml", ".yml", ".tex", ".rst"}
MARKUP_SUFFIXES = {".html", ".htm", ".xhtml", ".svg", ".xml"}
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
ARROW_SUFFIXES = {".parquet", ".feather", ".arrow"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".ico", ".tif", ".tiff", ".avif"}

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HIDDEN = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
# Tags inside a run of text: removing them joins the text ("<b>Ka</b>ri" is "Kari").
_INLINE = (
    "a|abbr|b|bdi|bdo|cite|code|data|dfn|em|i|kbd|mark|q|s|samp|small|span|strong|sub|sup|"
    "time|u|var|wbr|font|tspan|textpath|ins|del"
)
_INLINE_TAG = re.compile(rf"</?(?:{_INLINE})\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_TEXT_ATTR = re.compile(
    r"""\b(?:alt|title|aria-[a-z]+|summary|content|placeholder|label|value|descr|data-[\w-]+)"""
    r"""\s*=\s*(?:"([^"]*)"|'([^']*)')""",
    re.IGNORECASE,
)


def visible_markup_text(markup: str) -> str:
    """HTML/SVG/XML as text: scripts, styles and comments out, tags stripped, entities decoded."""
    text = _HIDDEN.sub("\n", _COMMENT.sub("\n", markup))
    text = _INLINE_TAG.sub("", text)
    return html.unescape(_TAG.sub("\n", text))


def markup_attributes(markup: str) -> str:
    """The values of the attributes that hold text for people (alt, title, aria-label …)."""
    return "\n".join(html.unescape(a or b) for a, b in _TEXT_ATTR.findall(markup))


def _markup_parts(text: str) -> list[Part]:
    return [
        Part("tekst", visible_markup_text(text)),
        Part("attributter", markup_attributes(text)),
        Part("kode", html.unescape(text), patterns=False),
    ]


def _decode(data: bytes) -> str:
    from ..text import decode_bytes

    try:
        return decode_bytes(data)[0]
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


def _json_strings(value: object, out: list[str]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            out.append(str(k))
            _json_strings(v, out)
    elif isinstance(value, list):
        for v in value:
            _json_strings(v, out)
    elif value is not None:
        out.append(str(value))


def _json_parts(text: str) -> list[Part]:
    try:
        data = json.loads(text)
    except ValueError:
        return [Part("", text)]
    strings: list[str] = []
    _json_strings(data, strings)
    return [Part("", "\n".join(strings)), Part("kode", text, patterns=False)]


def _table_parts(text: str, suffix: str) -> list[Part]:
    """A CSV/TSV's cells, one per line, so that a number never runs on into the next cell."""
    first = text[: text.find("\n")] if "\n" in text else text
    delimiter = "\t" if suffix == ".tsv" else max(",;\t|", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # Each distinct cell once, in the order first seen.
        cells = dict.fromkeys(c for row in reader for c in row)
    except csv.Error:
        return [Part("", text)]
    return [Part("", "\n".join(cells))]


def _arrow_parts(path: Path) -> list[Part]:
    import pyarrow as pa
    import pyarrow.compute as pc

    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path)
    else:
        import pyarrow.feather as feather

        table = feather.read_table(path)
    parts = [Part("kolonnenavn", "\n".join(table.column_names))]
    for name, column in zip(table.column_names, table.columns, strict=True):
        chunks = column.chunks
        typ = column.type
        # Nested lists: their items, one per line.
        while pa.types.is_list(typ) or pa.types.is_large_list(typ):
            chunks = [pc.list_flatten(c) for c in chunks]
            typ = typ.value_type
        if pa.types.is_temporal(typ) or pa.types.is_boolean(typ) or pa.types.is_null(typ):
            continue  # a date, time or flag cannot hold a name or a phone number
        if pa.types.is_dictionary(typ):
            chunks = [c.cast(typ.value_type) for c in chunks]
        # Each distinct value once (a hash pass in Arrow): a million call rows hold a few
        # hundred distinct answers, so the text to search is what matters, not the row count.
        distinct = pc.unique(pa.chunked_array(chunks, typ)).drop_null()
        cells = pc.cast(distinct, pa.large_string()).to_pylist()
        if cells:
            parts.append(Part(f"kolonne {name}", "\n".join(cells)))
    return parts


# pypdf's limits guard against decompression bombs in PDFs from elsewhere (75 MB per stream);
# the guard reads the pipeline's own PDFs, and the appendix of a large register (K = 100:
# 50 000 table rows, each a tagged structure element) goes past them. Its own outputs are read
# in full, so that a large report is checked instead of failing as unreadable.
OWN_PDF_LIMITS = {
    "zlib_maximum_output_length": 1 << 33,
    "maximum_declared_stream_length": 1 << 33,
    "stream_decoding_work_maximum_length": 1 << 35,
    "array_based_stream_maximum_output_length": 1 << 33,
}


def _pdf_parts(path: Path) -> list[Part]:
    from pypdf import PdfReader, apply_configuration

    with apply_configuration(**OWN_PDF_LIMITS):
        # poppler's pdftotext is >10 × faster than pypdf; pypdf is the pure-Python fallback.
        if shutil.which("pdftotext"):
            done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
            text = done.stdout.decode("utf-8", errors="replace")
            reader = PdfReader(path)
        else:
            reader = PdfReader(path)
            text = "\n".join(page.extract_text() or "" for page in reader.pages)
        parts = [Part("tekst", text)]
        info = reader.metadata or {}
        parts.append(Part("dokumentinformasjon", "\n".join(str(v) for v in info.values())))
        alt = _pdf_alt_texts(reader)
        if alt:
            parts.append(Part("alternativ tekst", "\n".join(alt)))
        return parts


def _pdf_alt_texts(reader) -> list[str]:
    """/Alt, /ActualText, /T and /E of a tagged PDF's structure elements."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    root = reader.trailer["/Root"].get_object()
    if "/StructTreeRoot" not in root:
        return []
    out: list[str] = []
    seen: set[int] = set()
    stack = [root["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                continue
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, ArrayObject):
            stack.extend(node)
        elif isinstance(node, DictionaryObject):
            for key in ("/Alt", "/ActualText", "/T", "/E"):
                if key in node:
                    out.append(str(node[key]))
            if "/K" in node:
                stack.append(node["/K"])
    return out


def _spreadsheet_parts(path: Path) -> list[Part]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    parts = [Part("arknavn", "\n".join(wb.sheet_names))]
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=True)
        cells = [_cell(v) for row in rows for v in row if v not in ("", None)]
        parts.append(Part(f"ark {name}", "\n".join(cells)))
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            for member in zf.namelist():
                if member.endswith((".xml", ".rels")) and (
                    member.startswith(("docProps/", "xl/comments", "xl/threadedComments"))
                    or member.startswith(("xl/drawings/", "xl/charts/", "xl/persons/"))
                    or member in ("xl/sharedStrings.xml", "xl/workbook.xml", "content.xml")
                    or member in ("meta.xml",)
                ):
                    text = zf.read(member).decode("utf-8", errors="replace")
                    parts += [
                        Part(f"{member}", visible_markup_text(text)),
                        Part(f"{member} (attributter)", markup_attributes(text)),
                    ]
    return parts


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _png_parts(data: bytes) -> list[Part]:
    """The text chunks of a PNG (tEXt, zTXt, iTXt): titles, descriptions, software."""
    texts: list[str] = []
    pos = 8
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        try:
            if kind == b"tEXt":
                key, _, value = body.partition(b"\0")
                texts.append(f"{key.decode('latin-1')}: {value.decode('latin-1')}")
            elif kind == b"zTXt":
                key, _, rest = body.partition(b"\0")
                value = zlib.decompress(rest[1:])
                texts.append(f"{key.decode('latin-1')}: {value.decode('latin-1')}")
            elif kind == b"iTXt":
                key, _, rest = body.partition(b"\0")
                compressed, rest = rest[0], rest[2:]
                _lang, _, rest = rest.partition(b"\0")
                translated, _, value = rest.partition(b"\0")
                value = zlib.decompress(value) if compressed else value
                texts.append(f"{key.decode('latin-1')}: {translated.decode()} {value.decode()}")
            elif kind == b"IEND":
                break
        except (zlib.error, UnicodeDecodeError, IndexError):
            texts.append(body.decode("utf-8", errors="replace"))
    return [Part("tekstfelt", "\n".join(texts))] if texts else []


def file_parts(path: Path) -> list[Part]:
    """Every part of an output file's text (see the module docstring).

    Raises:
        Exception: the file cannot be read as its type says (the guard refuses such a file).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in ARROW_SUFFIXES:
        return _arrow_parts(path)
    if suffix == ".pdf":
        return _pdf_parts(path)
    if suffix in SPREADSHEET_SUFFIXES:
        return _spreadsheet_parts(path)
    if suffix in IMAGE_SUFFIXES:
        return []
    data = path.read_bytes()
    if suffix == ".png":
        return _png_parts(data)
    if suffix in MARKUP_SUFFIXES:
        return _markup_parts(_decode(data))
    if suffix == ".json":
        return _json_parts(_decode(data))
    if suffix in (".csv", ".tsv"):
        return _table_parts(_decode(data), suffix)
    if suffix in TEXT_SUFFIXES or b"\0" not in data[:8192]:
        return [Part("", _decode(data))]
    return [Part("binær", data.decode("utf-8", errors="replace"), patterns=False)]


def file_text(path: Path) -> str:
    """All of an output's text as one string (the parts joined by line breaks)."""
    return "\n".join(p.text for p in file_parts(path))
