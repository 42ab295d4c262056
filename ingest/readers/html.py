"""HTML reader (lxml): the visible text, a blank line between blocks, never the markup.

Scripts, styles and the head are left out; each block element (paragraph, heading, list item,
table row, ...) becomes a paragraph; table cells are separated by a tab; ``<br>`` is a line break;
runs of white space inside a block become one space, as a browser shows them.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from mandate_lineage.errors import IngestError

from .text import check_text

_SKIP = {"script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object"}
_BLOCKS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "blockquote", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "tr", "table", "ul", "ol", "dl", "hr",
    "address", "figure", "figcaption", "caption", "center", "form", "fieldset", "body", "html",
}  # fmt: skip
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")


def decode_html(data: bytes, name: str) -> tuple[str, str]:
    """Text of HTML bytes: a BOM, else the declared charset, else UTF-8, else windows-1252 (HTML's default)."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    declared = _CHARSET.search(data[:4096])
    candidates = [declared.group(1).decode("ascii").lower()] if declared else []
    for encoding in [*candidates, "utf-8", "windows-1252"]:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    raise IngestError(f"{name}: HTML in an unknown encoding")


class _Text:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def inline(self, s: str | None) -> None:
        if s:
            self.parts.append(_SPACES.sub(" ", s))

    def brk(self, s: str) -> None:
        self.parts.append(s)

    def walk(self, el: etree._Element) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or tag in _SKIP:  # comments, processing instructions, scripts
            self.inline(el.tail)
            return
        if tag == "br":
            self.brk("\n")
        elif tag in {"td", "th"}:
            self.brk("\t")
        block = tag in _BLOCKS
        if block:
            self.brk("\n\n")
        if tag == "pre":
            self.parts.append(el.text_content())
        else:
            self.inline(el.text)
            for child in el:
                self.walk(child)
        if block:
            self.brk("\n\n")
        self.inline(el.tail)

    def result(self) -> str:
        text = "".join(self.parts)
        text = re.sub(r"[ ]*\n[ ]*", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text)
        text = re.sub(r"\n\t+", "\n", text)
        return text.strip() + "\n"


def read_html(data: bytes, name: str) -> tuple[str, str]:
    """(visible text, encoding) of an HTML file."""
    markup, encoding = decode_html(data, name)
    try:
        # lxml refuses a str that still declares its encoding ("<?xml ... encoding=...?>")
        root = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", markup.lstrip("\ufeff")))
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(f"{name}: HTML that cannot be parsed ({exc})") from None
    out = _Text()
    out.walk(root)
    text = out.result()
    check_text(text, name)
    return text, encoding
