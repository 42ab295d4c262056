"""Plain-text reader: decode the bytes (BOM, else UTF-8), refusing binary or non-UTF-8 files."""

from __future__ import annotations

import codecs

from mandate_lineage.errors import IngestError

_CONTROL_OK = {"\n", "\r", "\t", "\f", "\v"}


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding) of a text file's bytes; an ``IngestError`` naming the file otherwise."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise IngestError(f"{name}: not valid {encoding} text ({exc.reason} at byte {exc.start})") from None
    if b"\x00" in data:
        raise IngestError(f"{name}: binary file (NUL bytes), not a PDF, DOCX, HTML or text file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"{name}: not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); re-save it as UTF-8"
        ) from None


def read_text(data: bytes, name: str) -> tuple[str, str]:
    """A plain-text file's text and encoding, refused if it looks binary or has no letters."""
    text, encoding = decode_text(data, name)
    check_text(text, name)
    return text, encoding


def check_text(text: str, name: str) -> None:
    controls = sum(1 for ch in text[:65536] if ch < " " and ch not in _CONTROL_OK)
    if controls > max(8, len(text[:65536]) // 100):
        raise IngestError(f"{name}: looks binary ({controls} control characters), not text")
    if not any(ch.isalpha() for ch in text):
        raise IngestError(f"{name}: no text in it (no letters)")
