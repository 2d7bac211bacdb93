"""The file of an export, written row by row: an Excel workbook (openpyxl in write-only mode,
which streams its rows to disk instead of holding the sheet) or a CSV file.

In the workbook, days are date cells shown as 2026年3月5日 and amounts are numbers with two
decimals, so the office can sort and add them up; in the CSV, days are written 2026年3月5日 and
amounts with two decimals (12345.00). The CSV is UTF-8 with a byte-order mark: Excel opens a
CSV without one in the machine's legacy code page and garbles the Chinese.

Text a firm typed (a case's title) is never read as a formula: in the workbook its cells are
typed as text; in the CSV a cell that starts like a formula (=, +, -, @) is written after an
apostrophe, as OWASP's "CSV injection" advice has it.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ipcenter.core.formatting import zh_date

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
MONEY_FORMAT = "#,##0.00"
BOLD = Font(bold=True)


class XlsxWriter:
    def __init__(self, path: Path, title: str, columns) -> None:
        self.path = path
        self.columns = columns
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet(title[:31])
        for i, column in enumerate(columns, start=1):
            self.sheet.column_dimensions[get_column_letter(i)].width = column.width
        self.sheet.freeze_panes = "A2"
        heading = []
        for column in columns:
            cell = WriteOnlyCell(self.sheet, value=str(column.heading))
            cell.font = BOLD
            heading.append(cell)
        self.sheet.append(heading)

    def write(self, rows) -> None:
        for row in rows:
            cells = []
            for column, value in zip(self.columns, row, strict=True):
                cell = WriteOnlyCell(self.sheet, value=value)
                if column.cell == "date" and value is not None:
                    cell.number_format = DATE_FORMAT
                elif column.cell == "money" and value is not None:
                    cell.number_format = MONEY_FORMAT
                elif isinstance(value, str) and value:
                    cell.data_type = "s"  # "=…" stays text, never a formula
                cells.append(cell)
            self.sheet.append(cells)

    def close(self) -> None:
        self.book.save(self.path)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value) -> str:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    if value is None:
        return ""
    if isinstance(value, date):
        return zh_date(value)
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


class CsvWriter:
    def __init__(self, path: Path, title: str, columns) -> None:
        self.file = path.open("w", encoding="utf-8-sig", newline="")
        self.out = csv.writer(self.file)
        self.out.writerow([str(c.heading) for c in columns])

    def write(self, rows) -> None:
        self.out.writerows([[_text(v) for v in row] for row in rows])

    def close(self) -> None:
        self.file.close()


WRITERS = {"xlsx": (XlsxWriter, XLSX_TYPE), "csv": (CsvWriter, CSV_TYPE)}
