"""Possible duplicates of a new request: earlier requests (of any firm) and granted patents of
the rights register whose title or claims are near its own, found through search and flagged
to the examiner (never refused: the same invention filed twice is for the examiner to judge).

``find_for(request)`` runs inside ``services.submit_request``, after the request's rows are
flushed and before the commit, so the index holds earlier requests only. It searches as the
centre (``role:examiner``: every firm's requests and the register's patents) in at most two
queries, then measures each candidate itself:

- the **title**: the Dice coefficient ``2|A∩B| / (|A|+|B|)`` of the two titles' bigrams of
  units (each CJK character, each Latin word or number whole; "一种" and "的" dropped, which
  nearly every Chinese patent title has), so a short generic title does not flag every longer
  one holding it, nor a long one every short one it holds;
- the **claims** (earlier requests only; the register holds no claims): the Dice coefficient of
  the two claims' shingles of three units.

A candidate is flagged when either reaches ``THRESHOLD`` (0.6): "一种可调光LED吸顶灯" against
"可调光的LED吸顶灯" scores 1.0 and against "一种LED吸顶灯" 0.67 (the same lamp, less said),
while "一种智能吸顶灯" scores 0.4 and "一种LED筒灯" 0 — another lamp of the same trade. The
engine's own score is not used as the measure: BM25 is not bounded and depends on the rest of
the index, so a fixed threshold on it would mean something else as the index grows; it only
ranks which candidates are measured.

Left out: the request itself; earlier requests withdrawn or returned (out of scope), which
were never examined, so a new request for the same invention is the firm's legitimate second
attempt, not a duplicate; and a granted patent whose own request is flagged already (the
request says more). Failed and rejected requests stay in: resubmitting what failed is exactly
what the examiner should see.

When the index cannot be read, the submission goes on: ``find_for`` logs it, returns ``[]``
and records the audit row ``prexam.duplicates_unchecked`` on the request, so that the page
can say "not checked" (``checked(request)``) instead of showing an empty list as "none found".
"""

from __future__ import annotations

import logging
import re

import sqlalchemy as sa

from ipcenter import search
from ipcenter.core import audit
from ipcenter.core.db import db
from ipcenter.core.models import AuditEvent
from ipcenter.ip.search import RIGHT_KIND
from ipcenter.prexam.models import KIND, PrexamRequest
from ipcenter.prexam.workflow import S
from ipcenter.search import analysis

log = logging.getLogger(__name__)

# The centre's view of the index: every firm's requests and the register's patents.
PRINCIPALS = frozenset({"role:examiner"})
THRESHOLD = 0.6
LIMIT = 5            # flags kept, best first
CANDIDATES = 20      # hits of each query measured
MAX_TERMS = 16       # the query language's clauses (``search.query.MAX_CLAUSES``)
MAX_QUERY = 250      # and its length (``search.query.MAX_QUERY_CHARS``)
# Earlier requests that are no duplicate of anything: never examined.
NOT_COUNTED = frozenset({str(S.WITHDRAWN), str(S.RETURNED)})
UNCHECKED = "prexam.duplicates_unchecked"

# Words nearly every title has, which would make any two titles alike.
_BOILERPLATE = ("一种", "的")
_RUN = re.compile(r"[^\W_]+")
_UNIT = re.compile(f"[{analysis.CJK_CHARS}]|[^\\W_{analysis.CJK_CHARS}]+")


def _runs(text: str, *, boilerplate: bool) -> list[list[str]]:
    folded = analysis.fold(text or "")
    if boilerplate:
        for word in _BOILERPLATE:
            folded = folded.replace(word, "")
    return [[u[:20] for u in _UNIT.findall(run)] for run in _RUN.findall(folded)]


def _grams(text: str, n: int, *, boilerplate: bool = False) -> list[str]:
    """The n-grams of units of ``text``, in order, each once (a run shorter than ``n`` gives
    itself whole)."""
    out: dict[str, None] = {}
    for units in _runs(text, boilerplate=boilerplate):
        if len(units) < n:
            out["".join(units)] = None
            continue
        for i in range(len(units) - n + 1):
            out["".join(units[i:i + n])] = None
    return list(out)


def title_grams(title: str) -> set[str]:
    return set(_grams(title, 2, boilerplate=True))


def claims_grams(claims: str) -> set[str]:
    return set(_grams(claims, 3))


def dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _spread(items: list[str], count: int) -> list[str]:
    """``count`` of ``items`` spread evenly over them (all when there are fewer)."""
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def _query(terms: list[str]) -> str:
    """``a OR b OR …``, within the query language's limits."""
    query = ""
    for term in _spread(terms, MAX_TERMS):
        candidate = f"{query} OR {term}" if query else term
        if len(candidate) > MAX_QUERY:
            break
        query = candidate
    return query


def _claims_terms(claims: str) -> list[str]:
    """Four-unit phrases of the first claim (where an invention is defined), joined without
    their gaps: a near copy keeps most of them."""
    first = re.split(r"\n\s*2\s*[.．、]", claims or "", maxsplit=1)[0][:2000]
    phrases = []
    for units in _runs(first, boilerplate=False):
        # Every other window: half the terms, each unit still in two of them.
        phrases += ["".join(units[i:i + 4]) for i in range(0, max(len(units) - 3, 0), 2)]
    return list(dict.fromkeys(phrases))


def _hits(query: str, kinds: list[str]):
    if not query:
        return []
    return search.search(query, PRINCIPALS, filters={"kind": kinds},
                         per_page=CANDIDATES).hits


def find_for(request: PrexamRequest) -> list[dict]:
    """The possible duplicates of ``request`` (``[{type, id, label, score}]``), best first, at
    most ``LIMIT``; ``[]`` (and the ``UNCHECKED`` audit row) when the index cannot be read."""
    ordered = _grams(request.title, 2, boilerplate=True)
    title = set(ordered)
    claims = claims_grams(request.claims_text) if request.claims_text else set()
    try:
        by_title = _hits(_query(ordered), [KIND, RIGHT_KIND])
        by_claims = _hits(_query(_claims_terms(request.claims_text)), [KIND]) \
            if claims else []
    except Exception as exc:  # noqa: BLE001  the check must never stop a submission
        log.warning("prexam: duplicate check of request %s not run: %s", request.id, exc)
        audit.record(UNCHECKED, obj_type=KIND, obj_id=request.id,
                     now=request.submitted_at or request.created_at,
                     detail={"error": type(exc).__name__})
        return []
    request_ids = {int(h.id) for h in (*by_title, *by_claims) if h.kind == KIND} - {request.id}
    earlier = db.session.execute(sa.select(PrexamRequest).where(
        PrexamRequest.id.in_(request_ids))).scalars().all() if request_ids else []
    found = []
    for other in earlier:
        if other.state in NOT_COUNTED:
            continue
        score = max(dice(title, title_grams(other.title)),
                    dice(claims, claims_grams(other.claims_text)) if claims else 0.0)
        if score >= THRESHOLD:
            found.append(({"type": "prexam", "id": other.id,
                           "label": f"{other.number} {other.title}", "score": round(score, 2)},
                          other.right_id))
    flagged_rights = {right_id for _, right_id in found if right_id}
    for hit in by_title:
        if hit.kind != RIGHT_KIND or int(hit.id) in flagged_rights:
            continue
        score = dice(title, title_grams(hit.title))
        if score >= THRESHOLD:
            found.append(({"type": "right", "id": int(hit.id),
                           "label": f"{hit.number} {hit.title}", "score": round(score, 2)},
                          None))
    found.sort(key=lambda pair: (-pair[0]["score"], pair[0]["type"], pair[0]["id"]))
    return [flag for flag, _ in found[:LIMIT]]


def checked(request: PrexamRequest) -> bool:
    """Whether the duplicate check ran on ``request`` (False: the index could not be read at
    submission, and its empty list means "not checked", not "none found")."""
    return db.session.execute(sa.select(AuditEvent.seq).where(
        AuditEvent.action == UNCHECKED, AuditEvent.object_type == KIND,
        AuditEvent.object_id == str(request.id)).limit(1)).first() is None
