"""HTML tables: what web systems (学籍系统, 教育云平台) save with an .xls name. Excel opens such a file
as a sheet, so people hand it in as one; its table is read as the rows Excel would show."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# What marks a file as HTML rather than tab-separated text or a workbook.
HTML_MARK = re.compile(rb"<\s*(?:html|table|!doctype\s+html|meta)\b", re.I)
_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.I)


def is_html(head: bytes) -> bool:
    return bool(HTML_MARK.search(head))


def declared_charset(head: bytes) -> str | None:
    """The charset a <meta> tag declares, as Python names it (gb2312 and gbk read as gb18030)."""
    m = _CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    return "gb18030" if name in ("gb2312", "gbk", "gb18030", "x-gbk") else name


class _Tables(HTMLParser):
    """Every <table> as rows of cell texts; a cell spanning columns (colspan) repeats its value
    into each, as a merged cell is filled when xlsx is read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str | None]]] = []
        self._depth = 0
        self._row: list[str | None] | None = None
        self._cell: list[str] | None = None
        self._span = 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append([])
        elif self._depth == 1 and tag == "tr":
            self._row = []
        elif self._depth == 1 and tag in ("td", "th") and self._row is not None:
            self._cell = []
            span = dict(attrs).get("colspan") or "1"
            self._span = int(span) if span.isdigit() else 1
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._depth = max(self._depth - 1, 0)
        elif self._depth == 1 and tag in ("td", "th"):
            self._end_cell()
        elif self._depth == 1 and tag == "tr" and self._row is not None:
            self._end_cell()
            self.tables[-1].append(self._row)
            self._row = None

    def _end_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            text = re.sub(r"[ \t\r\n\xa0]+", " ", "".join(self._cell)).strip()
            self._row.extend([text or None] * self._span)
        self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_tables(text: str) -> list[list[list[str | None]]]:
    """The tables of an HTML document that hold any text, each as rows of cells."""
    parser = _Tables()
    parser.feed(text)
    parser.close()
    return [t for t in parser.tables if any(v for row in t for v in row)]
