"""What the shared case machinery (page, presenter, index) asks of a trademark enforcement case.

Read through the kind's ``KindSpec``; nothing outside looks at ``case.kind`` to find it.
"""

from __future__ import annotations

from datetime import date, datetime

from ipcenter.cases.trademark.workflow import ACTIVE, TE, TRADEMARK_FLOW
from ipcenter.ip import search as ip_search


def offer_facts(case, now: datetime):
    """The case's facts with the form-supplied inputs assumed present, to decide what to offer:
    where a referral may be proposed, the referral's facts."""
    from ipcenter.cases.trademark import services as tm

    if TRADEMARK_FLOW.find(case.state, TE.PROPOSE_REFERRAL) is not None:
        return tm.referral_facts(case, now, "…")
    return tm.facts(case, now, reason="…", hearing_on=tm.earliest_hearing(now),
                    earliest_hearing=tm.earliest_hearing(now))


def hidden_actions(case, user) -> set[str]:
    """Actions the table allows but the case's own record rules out now."""
    from ipcenter.core import timelimits

    hidden = set()
    if case.statement_at is not None:
        hidden.add("statement")
    if not any(m.ended_on is None for m in case.measures):
        hidden.add("end_measure")
    decision = [r for r in timelimits.open_for("case", case.id, "decision")]
    if not decision or not decision[0].extension:
        hidden.add("collective_extension")
    return hidden


def page_extra(case, user, today: date) -> dict:
    """The penalty range, repeat findings and referral assessment an officer sees."""
    from ipcenter.cases.trademark import services as tm

    sources = {"clue_sources": tm.CLUE_SOURCES}
    if not user.has_role("enforcer", "director"):
        return sources
    info = {**sources, "earlier": tm.earlier_infringements(case) if case.respondents else {}}
    if case.findings:
        try:
            info["fine_range"] = tm.fine_range(case, today)
        except ValueError:
            info["fine_range"] = None
        try:
            info["referral"] = tm.assess_referral(case, today)
        except ValueError as exc:
            info["referral_missing"] = str(exc)
    info["amount_due"] = tm.amount_due(case, today) if case.fine is not None else None
    # While the case is open before its decision, a reached threshold must be acted on.
    info["referral_due"] = case.state in ACTIVE
    return info


def codes(case) -> list[str]:
    """The numbers of the rights the case concerns."""
    return [m.registration_number for m in case.marks]


def index_fields(case) -> dict:
    return {"codes": [(ip_search.TRADEMARK, number) for number in codes(case)]}


def index_body(case) -> list:
    return [case.facts, *[f"{m.text} {m.holder}" for m in case.marks], case.findings,
            case.statement]


def ruling(case) -> tuple[str, list]:
    """The published decision's title and text."""
    body = [*[f"“{m.text}”注册商标（第{m.registration_number}号）" for m in case.marks],
            case.findings, f"罚款{case.fine:.2f}元" if case.fine is not None else ""]
    return f"行政处罚决定书 {case.decision_number or case.number}", body


def document_data(doc, now: datetime) -> dict:
    from ipcenter.cases.documents import trademark_data

    return trademark_data(doc, now)
