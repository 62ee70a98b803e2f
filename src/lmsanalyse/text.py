"""Text as the pipeline reads it: decoding files and normalising every value once.

Kept free of heavy imports: the config loader and the Snakefile use it.
"""

from __future__ import annotations


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Decode a text file's bytes; returns (text, encoding name).

    UTF-16 and UTF-8 are recognised by their BOM or by decoding cleanly; everything else is
    Windows-1252, which can decode any Latin-1 file as well (æøå have the same codes).

    Raises:
        UnicodeDecodeError: the file starts with a UTF-8 or UTF-16 BOM but is not valid in
            that encoding (a BOM is not guessed past).
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # A few byte values are undefined in Windows-1252; Latin-1 maps them all.
        return raw.decode("latin-1"), "latin-1"
