"""Rows of an .xlsx's first sheet, streamed with the standard library's XML parser.

openpyxl's read-only mode builds an object per cell and per shared string: 20,000 member
rows took 12 s on this machine before a single row was checked. This reader keeps only
what an import needs: each row's values, with shared strings resolved, numbers as numbers
and numbers in a date-formatted cell as ``datetime`` (openpyxl's own rules for which
formats are dates and how serial numbers convert). Memory stays at one row plus the
shared-string table, which the caller's byte limits bound.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from xml.etree.ElementTree import iterparse

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import from_excel

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_COLUMN = re.compile(r"([A-Z]+)")


class XlsxError(ValueError):
    """The file is not a readable workbook."""


def _column_index(ref: str) -> int:
    letters = _COLUMN.match(ref).group(1)
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _text_of(element) -> str:
    # A shared or inline string: plain <t>, or rich text runs <r><t>…</t></r>; phonetic runs (<rPh>) are not text.
    parts = []
    for child in element:
        if child.tag == _MAIN + "t":
            parts.append(child.text or "")
        elif child.tag == _MAIN + "r":
            parts.extend(t.text or "" for t in child.iter(_MAIN + "t"))
    return "".join(parts)


def _shared_strings(archive: zipfile.ZipFile, path: str | None) -> list[str]:
    if not path or path not in archive.namelist():
        return []
    strings = []
    with archive.open(path) as handle:
        for _event, element in iterparse(handle):
            if element.tag == _MAIN + "si":
                strings.append(_text_of(element))
                element.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile, path: str | None) -> set[int]:
    """Indexes of the cell formats (``s`` attribute) whose number format shows a date."""
    if not path or path not in archive.namelist():
        return set()
    custom, dates, index = {}, set(), 0
    with archive.open(path) as handle:
        in_xfs = False
        for event, element in iterparse(handle, events=("start", "end")):
            if event == "start" and element.tag == _MAIN + "cellXfs":
                in_xfs = True
            elif event == "end" and element.tag == _MAIN + "cellXfs":
                in_xfs = False
            elif event == "end" and element.tag == _MAIN + "numFmt":
                custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
            elif event == "end" and element.tag == _MAIN + "xf" and in_xfs:
                fmt_id = int(element.get("numFmtId", "0"))
                code = custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, ""))
                if code and is_date_format(code):
                    dates.add(index)
                index += 1
    return dates


def _parts(archive: zipfile.ZipFile) -> tuple[str, str | None, str | None]:
    """(first sheet, shared strings, styles) paths, following the workbook's relationships."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        raise XlsxError("no workbook")
    first_rid = None
    with archive.open("xl/workbook.xml") as handle:
        for _event, element in iterparse(handle):
            if element.tag == _MAIN + "sheet":
                first_rid = element.get(_REL + "id")
                break
    targets, kinds = {}, {}
    if "xl/_rels/workbook.xml.rels" in names:
        with archive.open("xl/_rels/workbook.xml.rels") as handle:
            for _event, element in iterparse(handle):
                if element.tag == _PKG_REL + "Relationship":
                    target = element.get("Target", "")
                    target = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
                    targets[element.get("Id")] = target
                    kinds[element.get("Type", "").rsplit("/", 1)[-1]] = target
    sheet = targets.get(first_rid) or "xl/worksheets/sheet1.xml"
    if sheet not in names:
        raise XlsxError("no sheet")
    return sheet, kinds.get("sharedStrings"), kinds.get("styles")


def iter_rows(archive: zipfile.ZipFile):
    """Yield each row of the first sheet as a tuple of values (None for an empty cell), in order.

    Missing rows (a sheet may skip empty lines) come back as empty tuples so that line
    numbers stay those the office sees in Excel.
    """
    sheet, strings_path, styles_path = _parts(archive)
    strings = _shared_strings(archive, strings_path)
    date_styles = _date_styles(archive, styles_path)
    expected = 1
    with archive.open(sheet) as handle:
        for _event, element in iterparse(handle):
            if element.tag != _MAIN + "row":
                continue
            number = int(element.get("r") or expected)
            while expected < number:
                yield ()
                expected += 1
            values = []
            for position, cell in enumerate(element.iter(_MAIN + "c")):
                ref = cell.get("r")
                column = _column_index(ref) if ref else position
                while len(values) < column:
                    values.append(None)
                values.append(_cell_value(cell, strings, date_styles))
            element.clear()
            expected = number + 1
            yield tuple(values)


def _cell_value(cell, strings, date_styles):
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(_MAIN + "is")
        return _text_of(inline) if inline is not None else None
    raw = cell.findtext(_MAIN + "v")
    if raw is None:
        return None
    if kind == "s":
        try:
            return strings[int(raw)]
        except (ValueError, IndexError):
            raise XlsxError("bad shared string") from None
    if kind in ("str", "e"):
        return raw
    if kind == "b":
        return raw == "1"
    if kind == "d":
        return raw
    try:
        number = float(raw)
    except ValueError:
        raise XlsxError("bad number") from None
    if int(cell.get("s", "0") or 0) in date_styles:
        try:
            return from_excel(number)
        except (ValueError, OverflowError):
            return number
    return int(number) if number.is_integer() else number
