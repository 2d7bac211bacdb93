"""The formal checks an examiner ticks for each kind of request, and the articles an opinion's
points may cite.

The pre-examination looks at what CNIPA's preliminary examination (初步审查) looks at, so the
checklists follow 专利法实施细则第五十条第一款第（二）项 (utility models) and 第（三）项 (designs).
Articles are numbered as in the 实施细则 revised on 2023-12-11 (国务院令第769号, in force
2024-01-20), whose renumbering moved most articles (the old 第十七条 on the description is now
第二十条, the old 第四十四条 on preliminary examination now 第五十条). The 2023 text was read for
each ``verified`` item (LawRefBook/Laws, 行政法规/专利法实施细则(2023-12-11).md); the 专利法 (2020)
paragraphs are those that 实施细则第五十条 itself cites. Figures from the 专利审查指南 (the
300-character abstract, line drawings rather than photographs, the names of the six views) were
not read in the 2023 guidelines and are marked ``verified=False``.

Since 2024 a utility model's preliminary examination checks obvious non-compliance with the
whole of 专利法第二十二条 — novelty, inventiveness and practical applicability (实施细则第五十条第一款
第（二）项) — hence one item for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ipcenter.core.errors import InvalidInput


@dataclass(frozen=True)
class Check:
    code: str
    label: object
    basis: str
    verified: bool = False


@dataclass(frozen=True)
class Basis:
    code: str
    label: str


GUIDELINES = "专利审查指南（2023）第一部分"

CHECKLISTS: dict[str, tuple[Check, ...]] = {
    "utility_model": (
        Check("request", _l("The request is complete (title, applicants with their codes, "
                            "inventors, agency, signatures, list of documents)"),
              "专利法实施细则第十九条", True),
        Check("description", _l("The description has its title and the five sections in order "
                                "(field, background, content, drawings, embodiments), without "
                                "references to the claims or advertising"),
              "专利法实施细则第二十条第一款至第三款", True),
        Check("drawings", _l("Drawings show the product's shape or structure, numbered Fig. 1, "
                             "Fig. 2 …, with reference signs consistent with the text"),
              "专利法实施细则第二十条第五款、第二十一条", True),
        Check("drawings_no_photos", _l("Drawings are line drawings, not photographs"),
              f"{GUIDELINES}第二章", False),
        Check("claims_form", _l("Claims are numbered, in one- or two-part form, dependent "
                                "claims refer only to earlier claims, no drawings in the "
                                "claims"),
              "专利法实施细则第二十二条、第二十四条、第二十五条", True),
        Check("claims_clear_supported", _l("Claims are clear and concise and supported by the "
                                           "description; the independent claim has the "
                                           "essential technical features"),
              "专利法第二十六条第四款；专利法实施细则第二十三条", True),
        Check("disclosure", _l("The description discloses the solution clearly and completely "
                               "enough to be carried out"),
              "专利法第二十六条第三款", True),
        Check("abstract", _l("The abstract states the title, field, problem, solution and use, "
                             "without advertising, and an abstract drawing is designated"),
              "专利法实施细则第二十六条", True),
        Check("abstract_length", _l("The abstract's text is at most 300 characters"),
              f"{GUIDELINES}第二章", False),
        Check("subject_matter", _l("The subject is a product's shape, structure or their "
                                   "combination (not a method or a material as such)"),
              "专利法第二条第三款", True),
        Check("exclusions", _l("Not obviously contrary to law or public interest, nor an "
                               "excluded subject"),
              "专利法第五条、第二十五条", True),
        Check("patentability", _l("Not obviously lacking novelty, inventiveness or practical "
                                  "applicability"),
              "专利法第二十二条；专利法实施细则第五十条第一款第（二）项", True),
        Check("unity", _l("The claims belong to one general inventive concept"),
              "专利法第三十一条第一款；专利法实施细则第三十九条", True),
        Check("good_faith", _l("No sign of an abnormal application (based on a genuine "
                               "invention)"),
              "专利法实施细则第十一条", True),
    ),
    "design": (
        Check("request", _l("The request is complete (product name, applicants with their "
                            "codes, designers, agency, signatures, list of documents)"),
              "专利法实施细则第十九条", True),
        Check("views", _l("The pictures or photographs show clearly the design for which "
                          "protection is sought (partial designs: solid and dashed lines)"),
              "专利法第二十七条第二款；专利法实施细则第三十条", True),
        Check("views_set", _l("The views are complete, named and consistent with each other "
                              "(front, rear, left, right, top, bottom, perspective as needed)"),
              f"{GUIDELINES}第三章", False),
        Check("brief_description", _l("The brief description states the product's name, use, "
                                      "design points and the view that best shows them, "
                                      "omitted views and colours, without advertising or "
                                      "performance"),
              "专利法实施细则第三十一条", True),
        Check("subject_matter", _l("The subject is a new design of a product's shape, pattern "
                                   "or their combination with colour, fit for industrial "
                                   "application"),
              "专利法第二条第四款", True),
        Check("exclusions", _l("Not obviously contrary to law or public interest, nor a flat "
                               "print mainly serving as an indicator"),
              "专利法第五条、第二十五条第一款第（六）项", True),
        Check("prior_design", _l("Not obviously an existing design nor without a distinct "
                                 "difference from existing designs"),
              "专利法第二十三条第一款、第二款", True),
        Check("multiple_designs", _l("Several designs in one application are similar designs "
                                     "of one product (at most 10) or a set of one class"),
              "专利法第三十一条第二款；专利法实施细则第四十条", True),
        Check("good_faith", _l("No sign of an abnormal application (based on a genuine "
                               "design)"),
              "专利法实施细则第十一条", True),
    ),
}

OPINION_BASES: tuple[Basis, ...] = (
    Basis("pl_2_3", "专利法第二条第三款"),
    Basis("pl_2_4", "专利法第二条第四款"),
    Basis("pl_5", "专利法第五条"),
    Basis("pl_9", "专利法第九条"),
    Basis("pl_22_2", "专利法第二十二条第二款"),
    Basis("pl_22_3", "专利法第二十二条第三款"),
    Basis("pl_22_4", "专利法第二十二条第四款"),
    Basis("pl_23_1", "专利法第二十三条第一款"),
    Basis("pl_23_2", "专利法第二十三条第二款"),
    Basis("pl_25", "专利法第二十五条"),
    Basis("pl_26_3", "专利法第二十六条第三款"),
    Basis("pl_26_4", "专利法第二十六条第四款"),
    Basis("pl_27_2", "专利法第二十七条第二款"),
    Basis("pl_31_1", "专利法第三十一条第一款"),
    Basis("pl_31_2", "专利法第三十一条第二款"),
    Basis("pl_33", "专利法第三十三条"),
    Basis("ir_11", "专利法实施细则第十一条"),
    Basis("ir_19", "专利法实施细则第十九条"),
    Basis("ir_20", "专利法实施细则第二十条"),
    Basis("ir_21", "专利法实施细则第二十一条"),
    Basis("ir_22", "专利法实施细则第二十二条"),
    Basis("ir_23", "专利法实施细则第二十三条"),
    Basis("ir_24", "专利法实施细则第二十四条"),
    Basis("ir_25", "专利法实施细则第二十五条"),
    Basis("ir_26", "专利法实施细则第二十六条"),
    Basis("ir_30", "专利法实施细则第三十条"),
    Basis("ir_31", "专利法实施细则第三十一条"),
    Basis("ir_39", "专利法实施细则第三十九条"),
    Basis("ir_40", "专利法实施细则第四十条"),
    Basis("ir_49_1", "专利法实施细则第四十九条第一款"),
)
_BASES = {b.code: b for b in OPINION_BASES}

MAX_TEXT = 2000
MAX_POINTS = 50


def basis(code) -> Basis:
    """The article ``code`` names. Raises ``InvalidInput`` for an unknown code."""
    try:
        return _BASES[code]
    except (KeyError, TypeError):
        raise InvalidInput(_l("“%(code)s” is not an article an opinion may cite.",
                              code=code)) from None


def checks(kind: str) -> tuple[Check, ...]:
    """The checklist of ``kind``. Raises ``InvalidInput`` for another kind."""
    if kind not in CHECKLISTS:
        raise InvalidInput(_l("Rapid pre-examination serves utility models and designs only."))
    return CHECKLISTS[kind]


def unticked(kind: str, ticked: Mapping[str, bool]) -> tuple[Check, ...]:
    """The checks of ``kind`` not ticked ``True`` in ``ticked``, in the list's order.

    Raises ``InvalidInput`` for a code that is not on the kind's checklist."""
    items = checks(kind)
    known = {c.code for c in items}
    unknown = sorted(str(code) for code in ticked if code not in known)
    if unknown:
        raise InvalidInput(_l("Not on the checklist: %(codes)s.", codes="、".join(unknown)))
    return tuple(c for c in items if ticked.get(c.code) is not True)


def validate_points(points: list[dict]) -> list[dict]:
    """An opinion's points as ``[{"basis": code, "text": text}]``, the text stripped: at least
    one point, each citing a known basis with a text of 1–2000 characters.

    Raises ``InvalidInput`` naming the point otherwise."""
    if not isinstance(points, (list, tuple)) or not points:
        raise InvalidInput(_l("An opinion has at least one point."))
    if len(points) > MAX_POINTS:
        raise InvalidInput(_l("An opinion has at most %(n)s points.", n=MAX_POINTS))
    clean = []
    for number, point in enumerate(points, start=1):
        if not isinstance(point, Mapping):
            raise InvalidInput(_l("Point %(n)s: give its basis and its text.", n=number))
        code = point.get("basis")
        if not isinstance(code, str) or code not in _BASES:
            raise InvalidInput(_l("Point %(n)s: “%(code)s” is not an article an opinion may "
                                  "cite.", n=number, code=code))
        text = point.get("text")
        text = text.strip() if isinstance(text, str) else ""
        if not text:
            raise InvalidInput(_l("Point %(n)s: write the point.", n=number))
        if len(text) > MAX_TEXT:
            raise InvalidInput(_l("Point %(n)s: at most %(max)s characters (%(len)s written).",
                                  n=number, max=MAX_TEXT, len=len(text)))
        clean.append({"basis": code, "text": text})
    return clean
