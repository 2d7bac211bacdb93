"""The director's statistics (``/reports/``): the published figures of a year, a quarter or a
month, the operational figures of the day, charts drawn in the browser with the tables beside
them; the same report as a PDF and as an Excel workbook. The director and the provincial
office's reader (``reports.view``); the tables naming the centre's staff to the director alone
(``reports.staff_figures``), on the page, in the PDF and in the workbook."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request
from flask_babel import force_locale
from flask_login import current_user, login_required

from ipcenter.auth import policy
from ipcenter.core import clock
from ipcenter.core.pdf import render_pdf
from ipcenter.reports import figures, periods, presenters, workbook

bp = Blueprint("reports", __name__)
REPORT_LOCALE = "zh_Hans_CN"   # the PDF and the workbook are the office's: always Chinese


def _chosen() -> tuple[periods.Chosen, object]:
    policy.require(current_user, "reports.view")
    today = clock.today()
    chosen = periods.choose(request.args.get("year"), request.args.get("quarter"),
                            request.args.get("month"), today=today)
    return chosen, today


def _gather(chosen: periods.Chosen, today):
    return figures.annual(chosen.period), figures.operations(chosen.period, today)


def _staff(report, ops) -> dict | None:
    """The tables naming the centre's staff, for whom may see them; ``None`` otherwise."""
    if not policy.can(current_user, "reports.staff_figures"):
        return None
    return presenters.staff(report, ops)


@bp.get("/")
@login_required
def index():
    chosen, today = _chosen()
    report, ops = _gather(chosen, today)
    years = list(range(today.year, periods.FIRST_YEAR - 1, -1))[:10]
    staff = _staff(report, ops)
    return render_template("reports/index.html", chosen=chosen, report=report, ops=ops,
                           sections=presenters.published(report),
                           operational=presenters.operational(ops), staff=staff,
                           charts=presenters.charts(report, ops, with_staff=staff is not None),
                           years=years,
                           args={k: v for k, v in request.args.items()
                                 if k in ("year", "quarter", "month") and v})


def _plain(rows) -> list[dict]:
    return [{"label": r.label, "text": r.text} for r in rows]


def _title(chosen: periods.Chosen) -> str:
    return f"{chosen.name}知识产权保护工作统计报告"


def _filename(chosen: periods.Chosen, ext: str) -> str:
    return f"ipcenter-report-{chosen.slug}.{ext}"


@bp.get("/report.pdf")
@login_required
def pdf():
    chosen, today = _chosen()
    report, ops = _gather(chosen, today)
    with force_locale(REPORT_LOCALE):
        sections = [{"title": s["title"], "rows": _plain(s["rows"])}
                    for s in presenters.published(report)]
        operational = presenters.operational(ops)
        operational["pool"] = _plain(operational["pool"])
    data = {"office": current_app.config["IPCENTER_OFFICE_NAME"], "title": _title(chosen),
            "number": None, "verify_code": "", "site_url": "", "issued_on": today,
            "period_start": chosen.period.start, "period_end": chosen.period.end,
            "sections": sections, "operational": operational,
            "staff": _staff(report, ops), "today": today}
    content = render_pdf("reports/annual_report", data)
    return Response(content, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{_filename(chosen, "pdf")}"'})


@bp.get("/report.xlsx")
@login_required
def spreadsheet():
    chosen, today = _chosen()
    report, ops = _gather(chosen, today)
    with force_locale(REPORT_LOCALE):
        content = workbook.build(chosen.name, current_app.config["IPCENTER_OFFICE_NAME"],
                                 presenters.published(report), presenters.operational(ops),
                                 _staff(report, ops))
    return Response(content, mimetype="application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet", headers={
                        "Content-Disposition":
                            f'attachment; filename="{_filename(chosen, "xlsx")}"'})
