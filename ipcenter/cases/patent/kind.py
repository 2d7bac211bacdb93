"""What the shared case machinery (page, presenter, index) asks of a patent dispute.

Read through the kind's ``KindSpec``; nothing outside looks at ``case.kind`` to find it.
"""

from __future__ import annotations

from datetime import date, datetime

from ipcenter.ip import search as ip_search


def offer_facts(case, now: datetime):
    """The case's facts with the form-supplied inputs assumed present, to decide what to offer."""
    from ipcenter.cases.patent import services

    return services._facts(case, now, reason="…", hearing_on=services.earliest_hearing(now),
                           earliest_hearing=services.earliest_hearing(now))


def hidden_actions(case, user) -> set[str]:
    """Actions the table allows but the case's own record rules out now."""
    hidden = set()
    if case.extension_requested_at is None or case.extension_approved_at is not None:
        hidden.add("approve_extension")
    if case.extension_requested_at is not None:
        hidden.add("request_extension")
    if any(p.answered_at for p in case.respondents
           if p.organisation_id == user.organisation_id):
        hidden.add("answer")
    return hidden


def page_extra(case, user, today: date) -> dict:
    return {}


def codes(case) -> list[str]:
    """The numbers of the rights the case concerns."""
    return [case.patent_number]


def index_fields(case) -> dict:
    return {"codes": [(ip_search.PATENT, number) for number in codes(case)]}


def index_body(case) -> list:
    return [case.patent_title, case.claim, case.facts, case.findings,
            *[p.statement for p in case.respondents]]


def ruling(case) -> tuple[str, list]:
    """The published decision's title and text."""
    outcome = ("责令立即停止侵权行为：" + "、".join(
        x for x in (case.stop_acts, case.stop_object, case.stop_scope) if x)
        if case.infringement else "驳回请求人的请求。")
    body = [case.patent_title, case.facts, *[p.statement for p in case.respondents],
            case.findings, case.basis, outcome]
    return f"专利侵权纠纷处理决定书 {case.number}", body
