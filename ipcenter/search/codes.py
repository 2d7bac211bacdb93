"""Identifiers matched exactly — the code types a domain registers (``DESIGN.md``, "Search").

A document names its identifiers as typed codes in ``fields["codes"]``::

    fields={"codes": [("patent", "ZL202020123456.7"), ("uscc", "91442000MA4UABCD1X")]}

and the type says how one value is keyed in the index and which field prefixes of the query
language look it up::

    search.register_code_type("patent", analysis.patent_keys, prefixes=("专利号", "patent"),
                              label=_l("Patent number"))

The index holds every code in one field, as ``type:key``; a new type (a pledge contract number,
a pre-examination filing number) needs a registration, not a change here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ipcenter.search import analysis

# The query language's own fields: a code type may not take their names or prefixes.
TEXT_FIELDS = frozenset({"text", "parties", "number"})
RESERVED = TEXT_FIELDS | {"date"}
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,30}$")


@dataclass(frozen=True)
class CodeType:
    name: str
    keys: Callable[[str], Iterable[str]]       # the keys one value is indexed under
    query_key: Callable[[str], str | None]     # the one key a query for it looks up
    prefixes: tuple[str, ...] = ()
    label: Any = None


_TYPES: dict[str, CodeType] = {}


def _first_key(keys: Callable[[str], Iterable[str]]) -> Callable[[str], str | None]:
    def query_key(value: str) -> str | None:
        return next(iter(keys(value)), None)
    return query_key


def register_code_type(name: str, keys: Callable[[str], Iterable[str]], *,
                       query_key: Callable[[str], str | None] | None = None,
                       prefixes: Iterable[str] = (), label=None) -> None:
    """Register how codes of type ``name`` are found: ``keys(value)`` lists the keys a value is
    indexed under (empty when it holds no code); ``query_key(value)`` is the one key a query
    looks up (by default the first of ``keys``); ``prefixes`` are the field names people type
    before it (``专利号:``); ``label`` names the type. Registering a type again replaces it."""
    if not _NAME.match(name) or name in RESERVED:
        raise ValueError(f"{name!r} cannot name a code type")
    prefixes = tuple(dict.fromkeys(p.lower() for p in (name, *prefixes)))
    for prefix in prefixes:
        owner = _prefix_owner(prefix)
        if prefix in _FIXED_PREFIXES or (owner is not None and owner != name):
            raise ValueError(f"the field prefix {prefix!r} is taken")
    _TYPES[name] = CodeType(name, keys, query_key or _first_key(keys), prefixes, label)


def unregister_code_type(name: str) -> None:
    _TYPES.pop(name, None)


def code_types() -> dict[str, CodeType]:
    return dict(_TYPES)


# The prefixes of the query language's own fields (a code type's come from its registration).
_FIXED_PREFIXES = {
    "当事人": "parties", "party": "parties", "parties": "parties",
    "案号": "number", "number": "number", "no": "number",
    "日期": "date", "date": "date",
}


def _prefix_owner(prefix: str) -> str | None:
    for code_type in _TYPES.values():
        if prefix in code_type.prefixes:
            return code_type.name
    return None


def field_of(prefix: str) -> str | None:
    """The field a typed prefix (``专利号``, ``party``) names: a text field, ``date`` or a code
    type; ``None`` when it names none."""
    prefix = prefix.lower()
    return _FIXED_PREFIXES.get(prefix) or _prefix_owner(prefix)


def query_key(name: str, value: str) -> str | None:
    code_type = _TYPES.get(name)
    return code_type.query_key(value) if code_type is not None else None


def index_terms(codes) -> list[str]:
    """The ``type:key`` terms of a document's ``(type, value)`` codes. A type this process has
    not registered is keyed whole (letters and digits, folded)."""
    terms = set()
    for name, value in codes or ():
        if value in (None, ""):
            continue
        code_type = _TYPES.get(str(name))
        keys = code_type.keys if code_type is not None else analysis.whole_code_keys
        for key in keys(str(value)):
            key = "".join(str(key).split())
            if key:
                terms.add(f"{name}:{key}")
    return sorted(terms)


def term(name: str, key: str) -> str:
    return f"{name}:{key}"
