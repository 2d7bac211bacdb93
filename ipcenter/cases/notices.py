"""What the cases tell their parties and handlers (``ipcenter.notify``): a case accepted or not,
an answer or statement received, a hearing scheduled, a decision issued. Each is one call at
the end of the service that made the change, in its transaction, keyed by the case and the
event so that it notifies once. The actor is not told of what they did themselves."""

from __future__ import annotations

from datetime import datetime

from ipcenter import notify
from ipcenter.cases.represented import filing_agency
from ipcenter.core.formatting import zh_datetime

REQUESTERS, RESPONDENTS, PARTIES, HANDLERS = "requesters", "respondents", "parties", "handlers"


def _people(case, to: str) -> list:
    if to == HANDLERS:
        return [h.user_id for h in case.active_handlers]
    parties = {REQUESTERS: case.requesters, RESPONDENTS: case.respondents}.get(to, case.parties)
    orgs = [p.organisation_id for p in parties]
    if to in (REQUESTERS, PARTIES):
        # An agency that filed for the right holder is told what the right holder is told
        # (a right holder registered from the agent's particulars has no account to read it).
        agency = filing_agency(case)
        if agency is not None:
            orgs.append(agency.id)
    return notify.recipients.of_organisations(orgs)


def tell(case, event: str, text: str, now: datetime, *, to: tuple[str, ...], actor=None,
         key: str = "") -> None:
    """Notify ``to`` (``PARTIES``, ``REQUESTERS``, ``RESPONDENTS``, ``HANDLERS``) of ``event``
    on ``case``, once per ``key`` (default: the case and the event)."""
    users = dict.fromkeys(user if isinstance(user, int) else user.id
                          for group in to for user in _people(case, group))
    actor_id = getattr(actor, "id", None)
    # The case named once: a text that names it already (the title of a refused complaint,
    # the number given on acceptance) gets no label after it.
    named = text if case.label in text else f"{text}（{case.label}）"
    notify.notify([u for u in users if u != actor_id], event, ("case", case.id),
                  named, notify.links.url_of("case", case.id),
                  key or f"case:{case.id}:{event}", now=now)


def accepted(case, now: datetime, actor=None) -> None:
    tell(case, "case.accept", f"您的请求“{case.title}”已立案受理，案号{case.number}", now,
         to=(REQUESTERS,), actor=actor)


def refused(case, now: datetime, actor=None) -> None:
    tell(case, "case.refuse", f"您的请求“{case.title}”不予受理，请查阅不予受理通知书", now,
         to=(REQUESTERS,), actor=actor)


def answered(case, party, now: datetime, actor=None, what: str = "答辩") -> None:
    tell(case, "case.answer", f"已收到{party.name}的{what}", now, to=(HANDLERS, REQUESTERS),
         actor=actor, key=f"case:{case.id}:answer:{party.id}")


def hearing_scheduled(case, at: datetime, place: str, now: datetime, actor=None) -> None:
    tell(case, "case.hearing", f"听证（口头审理）定于{zh_datetime(at)}在{place}举行", now,
         to=(PARTIES, HANDLERS), actor=actor, key=f"case:{case.id}:hearing:{at.isoformat()}")


def decided(case, now: datetime, actor=None) -> None:
    tell(case, "case.decision", "本案决定书已作出，送达后可在案件页面查阅", now,
         to=(PARTIES, HANDLERS), actor=actor)
