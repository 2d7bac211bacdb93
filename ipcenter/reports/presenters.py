"""The figures as the page, the PDF and the workbook show them: sections of labelled rows (the
label, the figure as a report writes it, the number and its unit), and the charts' data (plain
lists, embedded in the page as JSON and drawn by ``static/reports/charts.js``). One home for the
wording: the page, the PDF and the workbook read the same rows.

The tables that name the centre's staff (``staff``: open cases by handler, each examiner's
decisions) are kept apart from the others, so that a view hands them only to whom
``reports.staff_figures`` lets see them; ``charts`` leaves the examiners' chart out likewise."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ipcenter.cases.kinds import KINDS as CASE_SPECS
from ipcenter.reports.figures import Annual, Operations
from ipcenter.reports.units import amount_in, in_wan_or_yi

SUBJECTS = {"case": _l("Cases"), "prexam": _l("Pre-examination requests"),
            "prexam_filing": _l("Pre-examination filings"), "pledge": _l("Pledge loans")}
CASE_KINDS = {"patent": _l("Patent dispute"), "trademark": _l("Trademark enforcement")}


@dataclass(frozen=True)
class Row:
    label: str
    text: str                 # the figure as the report writes it: "271.26万元", "357宗"
    value: object = None      # the number (int, Decimal in the unit, float for a share)
    unit: str = ""


def percent(share: float | None) -> str:
    """85.7% (one decimal); "—" when there is nothing to divide."""
    return "—" if share is None else f"{share * 100:.1f}%"


def _count(label, n: int, unit: str) -> Row:
    return Row(str(label), f"{n}{unit}", n, unit)


def _money(label, value: Decimal | None, unit: str | None = None) -> Row:
    if value is None:
        return Row(str(label), "—")
    text = in_wan_or_yi(value, unit)
    shown = text[-2:]
    return Row(str(label), text, amount_in(value, shown), shown)


def _days(label, days) -> Row:
    if days is None:
        return Row(str(label), "—")
    return Row(str(label), _("%(n)s days", n=format(days, ".1f")), round(days, 1), _("days"))


def published(report: Annual) -> list[dict]:
    """The annual report's sections: ``[{"title", "rows": [Row…]}]``."""
    c, loans, p = report.cases, report.loans, report.prexam
    return [
        {"title": _("Patent administrative cases"), "rows": [
            _count(_l("Patent cases filed"), c.patent_filed, "宗"),
            _count(_l("Patent cases closed"), c.patent_closed, "宗")]},
        {"title": _("Trademark infringement cases"), "rows": [
            _count(_l("Trademark cases investigated"), c.trademark_filed, "件"),
            _count(_l("Trademark cases closed"), c.trademark_closed, "件"),
            _count(_l("Trademark cases decided"), c.trademark_decided, "件"),
            _money(_l("Value of the cases decided"), c.case_value),
            _money(_l("Fines and confiscations"), c.penalties),
            _money(_l("of which fines"), c.fines),
            _count(_l("Cases referred as suspected crimes"), c.referred, "件"),
            _count(_l("Complaints by foreign rights holders received"),
                   c.foreign_complaints, "宗")]},
        {"title": _("IP pledge financing"), "rows": [
            _money(_l("Pledge loans disbursed"), loans.total, "亿元"),
            _count(_l("Loans disbursed"), loans.count, "笔"),
            _money(_l("Largest single loan"), loans.largest, "万元")]},
        {"title": _("Rapid pre-examination"), "rows": [
            _count(_l("Requests received"), p.received, "件"),
            _count(_l("Requests passed"), p.outcomes.passed, "件"),
            _count(_l("Requests failed"), p.outcomes.failed, "件"),
            Row(_("Pass rate"), percent(p.pass_rate), p.pass_rate, "%"),
            _count(_l("Patents granted"), p.outcomes.granted, "件"),
            _days(_l("Average days from filing at CNIPA to grant"), p.to_grant.average),
            _days(_l("Fewest days from filing at CNIPA to grant"), p.to_grant.fastest)]},
    ]


def state_label(kind: str, state: str) -> str:
    """The state's label, from the kind's own spec."""
    spec = CASE_SPECS.get(kind)
    return str(spec.state_labels.get(state, state)) if spec else state


def operational(ops: Operations) -> dict:
    """The operational tables as plain rows (none names a person: see ``staff``)."""
    decisions = ops.decisions
    pool = ops.pool
    return {
        "by_state": [{"kind": str(CASE_KINDS.get(r.kind, r.kind)),
                      "state": state_label(r.kind, r.state), "count": r.count}
                     for r in ops.open_by_state],
        "clocks": [{"subject": str(SUBJECTS.get(r.subject, r.subject)), "overdue": r.overdue,
                    "due_soon": r.due_soon, "open": r.open} for r in ops.clocks],
        "steps": [{"subject": str(SUBJECTS.get(s.subject, s.subject)), "title": s.title,
                   "met": s.met, "late": s.late, "share": percent(s.share_met)}
                  for s in ops.steps],
        "decided_within_limit": percent(decisions.share_met if decisions else None),
        "pool": [
            _money(_l("Pool balance"), pool.balance),
            _money(_l("Covered principal outstanding"), pool.outstanding),
            _money(_l("Lending the pool can back"), pool.capacity),
            _money(_l("Headroom"), pool.headroom),
            _money(_l("Compensation paid by the pool"), pool.compensations),
            _money(_l("Recovered"), pool.recoveries),
            _money(_l("Principal disbursed to date"), pool.lent),
            Row(_("Loss rate (compensation ÷ principal disbursed)"), percent(pool.loss_rate),
                pool.loss_rate, "%"),
        ],
    }


def staff(report: Annual, ops: Operations) -> dict:
    """The tables naming the centre's staff: the open cases of each handler in charge and each
    examiner's decisions in the period (the director's: ``reports.staff_figures``)."""
    return {
        "by_handler": [{"name": r.name, "count": r.count} for r in ops.open_by_handler],
        "examiners": [{"name": e.name, "decided": e.decided, "passed": e.passed,
                       "failed": e.failed} for e in report.prexam.examiners],
    }


def charts(report: Annual, ops: Operations, *, with_staff: bool = True) -> list[dict]:
    """The charts' data (each has a table beside it on the page); the examiners' chart only
    ``with_staff``."""
    c, p = report.cases, report.prexam
    kinds = [str(k) for k in p.by_kind]
    from ipcenter.prexam.presenters import KIND_LABELS

    drawn = [
        {"id": "cases", "title": _("Cases filed and closed"),
         "categories": [str(CASE_KINDS["patent"]), str(CASE_KINDS["trademark"])],
         "series": [{"name": _("Cases filed"), "data": [c.patent_filed, c.trademark_filed]},
                    {"name": _("Cases closed"), "data": [c.patent_closed, c.trademark_closed]}]},
        {"id": "open", "title": _("Open cases by state"),
         "categories": [state_label(r.kind, r.state) for r in ops.open_by_state],
         "series": [{"name": _("Open cases"), "data": [r.count for r in ops.open_by_state]}]},
        {"id": "clocks", "title": _("Time limits overdue and due soon"),
         "categories": [str(SUBJECTS.get(r.subject, r.subject)) for r in ops.clocks],
         "series": [{"name": _("Overdue"), "data": [r.overdue for r in ops.clocks]},
                    {"name": _("Due within 3 working days"),
                     "data": [r.due_soon for r in ops.clocks]}]},
        {"id": "prexam_months", "title": _("Pre-examination requests by month"),
         "categories": [f"{m.month.year}-{m.month.month:02d}" for m in p.months],
         "series": [{"name": str(KIND_LABELS.get(k, k)),
                     "data": [m.by_kind.get(k, 0) for m in p.months]} for k in kinds]},
        {"id": "examiners", "title": _("Decisions by examiner"),
         "categories": [e.name for e in p.examiners],
         "series": [{"name": _("Passed"), "data": [e.passed for e in p.examiners]},
                    {"name": _("Failed"), "data": [e.failed for e in p.examiners]}]},
    ]
    return drawn if with_staff else [chart for chart in drawn if chart["id"] != "examiners"]
