"""The report as an Excel workbook (openpyxl): a sheet of the published figures (label, the
figure as written, the number, its unit) and a sheet of the operational figures, with the
tables naming the centre's staff when the view hands them over (``staff``). Numbers are
numbers in their cells (Decimal amounts in 万元 or 亿元, counts as integers), so the office can
add them up; the text column is what the report prints."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

BOLD = Font(bold=True)


def _sheet(book, title: str, heading: str):
    sheet = book.create_sheet(title)
    sheet.append([heading])
    sheet["A1"].font = BOLD
    return sheet


def build(name: str, office: str, sections: list[dict], operational: dict,
          staff: dict | None = None) -> bytes:
    """The .xlsx bytes. ``sections``, ``operational`` and ``staff``: ``presenters.published``,
    ``presenters.operational`` and ``presenters.staff`` (built in Chinese); without ``staff``
    no table names a person."""
    book = Workbook()
    book.remove(book.active)
    sheet = _sheet(book, "年度统计", f"{office}{name}统计数据")
    sheet.append(["项目", "数据", "数值", "单位"])
    for cell in sheet[2]:
        cell.font = BOLD
    for section in sections:
        sheet.append([section["title"]])
        sheet.cell(sheet.max_row, 1).font = BOLD
        for row in section["rows"]:
            sheet.append([row.label, row.text, row.value, row.unit])
            if row.unit in ("万元", "亿元"):
                sheet.cell(sheet.max_row, 3).number_format = "0.00"
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 18

    ops = _sheet(book, "运行情况", "在办案件与期限")
    ops.append(["案件类型", "状态", "在办案件数"])
    for r in operational["by_state"]:
        ops.append([r["kind"], r["state"], r["count"]])
    if staff is not None:
        ops.append([])
        ops.append(["承办人", "在办案件数"])
        for r in staff["by_handler"]:
            ops.append([r["name"], r["count"]])
    ops.append([])
    ops.append(["事项", "已超期", "3个工作日内到期", "在计期限"])
    for r in operational["clocks"]:
        ops.append([r["subject"], r["overdue"], r["due_soon"], r["open"]])
    ops.append([])
    ops.append(["事项", "环节", "期限内完成", "超期完成", "期限内完成比例"])
    for r in operational["steps"]:
        ops.append([r["subject"], r["title"], r["met"], r["late"], r["share"]])
    ops.append([])
    ops.append(["风险补偿资金池", "数据", "数值", "单位"])
    for row in operational["pool"]:
        ops.append([row.label, row.text, row.value, row.unit])
    if staff is not None:
        ops.append([])
        ops.append(["预审员", "审结请求数", "合格", "不合格"])
        for r in staff["examiners"]:
            ops.append([r["name"], r["decided"], r["passed"], r["failed"]])
    ops.column_dimensions["A"].width = 30
    ops.column_dimensions["B"].width = 24

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
