"""What fastexcel does not say about an xlsx sheet, read from the workbook's XML: where its first
value sits, whether it is hidden or has merged cells, which rows are hidden (by hand or by a
filter left on), and which number cells hold more digits than Excel keeps (an 18-digit id typed
into a number cell is already rounded to 15)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

_XMLNS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}


@dataclass(frozen=True)
class SheetLayout:
    first_row: int          # Excel row of the sheet's first cell with a value
    hidden: bool
    merged: bool            # has merged cells (a sheet small enough for people to merge cells in)
    hidden_rows: frozenset[int] = frozenset()          # Excel rows hidden by hand or by a filter
    # Excel row -> number cells of 16 or more digits on it, as the stored value (3.303272008010113E+17).
    long_numbers: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # Has formula cells without a computed value (written by a program, never opened in Excel).
    uncomputed: bool = False


CHUNK = 1 << 24
_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
# A number cell (no t, or t="n"), with or without a formula, whose value has 16+ digits before
# any decimal point, or an exponent of 15 or more: digits beyond Excel's 15 are already lost.
_LONG_NUMBER = re.compile(
    rb'<c\b([^>]*)>(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)?'
    rb'<v>(-?(?:\d{16,}(?:\.\d*)?|\d(?:\.\d+)?[eE]\+?(?:1[5-9]|[2-9]\d|\d{3})))</v>')
_UNCOMPUTED = re.compile(rb'<f\b[^>]*>[^<]*</f>(?:<v\s*/>|<v>\s*</v>)?</c>')
_TEXT_TYPE = re.compile(rb'\bt="(?!n")')
_CELL_ROW = re.compile(rb'\br="[A-Z]+(\d+)"')


def _scan_cells(z: zipfile.ZipFile, member: str) -> tuple[frozenset[int], dict[int, tuple[str, ...]], bool]:
    """(hidden rows, long numbers by row, whether a formula lacks its value) of one sheet,
    streamed a chunk at a time."""
    hidden: set[int] = set()
    long: dict[int, list[str]] = {}
    uncomputed = False

    def scan(buf: bytes) -> None:
        nonlocal uncomputed
        uncomputed = uncomputed or bool(_UNCOMPUTED.search(buf))
        for m in _HIDDEN_ROW.finditer(buf):
            if r := _ROW_NUMBER.search(m.group(0)):
                hidden.add(int(r.group(1)))
        for m in _LONG_NUMBER.finditer(buf):
            attrs = m.group(1)
            if _TEXT_TYPE.search(attrs) or not (r := _CELL_ROW.search(attrs)):
                continue
            long.setdefault(int(r.group(1)), []).append(m.group(2).decode())

    tail = b""
    with z.open(member) as f:
        while chunk := f.read(CHUNK):
            buf = tail + chunk
            cut = buf.rfind(b"</row>")
            if cut < 0:
                tail = buf
                continue
            scan(buf[:cut])
            tail = buf[cut:]
    scan(tail)
    return frozenset(hidden), {r: tuple(v) for r, v in long.items()}, uncomputed


# Sheets larger than this are machine-written: they are not searched for merged cells.
MERGE_SCAN_BYTES = 32 << 20


def sheet_layout(path: Path) -> dict[str, SheetLayout]:
    """Sheet name -> its layout. fastexcel starts a sheet at its first value, so the empty rows
    above it must be added back to report rows as Excel numbers them. Read from the workbook's
    XML, streaming each sheet only up to its first value; {} when the workbook is laid out
    otherwise (rows are then counted from fastexcel's start)."""
    out: dict[str, SheetLayout] = {}
    try:
        with zipfile.ZipFile(path) as z:
            rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", _XMLNS)}
            book = ElementTree.fromstring(z.read("xl/workbook.xml"))
            for sheet in book.findall("m:sheets/m:sheet", _XMLNS):
                target = targets.get(sheet.get(f"{{{_XMLNS['r']}}}id"), "")
                member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                hidden = sheet.get("state", "visible") != "visible"
                merged = z.getinfo(member).file_size <= MERGE_SCAN_BYTES and b"<mergeCell " in z.read(member)
                out[sheet.get("name", "")] = SheetLayout(_first_value_row(z, member), hidden, merged,
                                                         *_scan_cells(z, member))
    except (KeyError, OSError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}
    return out


def _first_value_row(z: zipfile.ZipFile, member: str) -> int:
    with z.open(member) as f:
        for _, el in ElementTree.iterparse(f, events=("end",)):
            if el.tag == f"{{{_XMLNS['m']}}}c":
                if "".join(el.itertext()).strip():
                    return int(re.sub(r"^[A-Z]+", "", el.get("r", "A1")) or 1)
            elif el.tag == f"{{{_XMLNS['m']}}}row":
                el.clear()          # keep memory flat on a big sheet with empty rows on top
    return 1


