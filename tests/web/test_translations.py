"""Every message the code and the templates hand to Flask-Babel (``_()``, ``_l()``, ``gettext``…,
as ``babel.cfg`` maps the sources for ``pybabel extract``) has its Chinese text in the
catalogue: a msgid without one shows its English on a Chinese page."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None}


def _messages() -> list[tuple[str, int, str]]:
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    return [(name, line, message[0] if isinstance(message, tuple) else message)
            for name, line, message, _comments, _context in extract_from_dir(
                str(ROOT), method_map, options_map, keywords=KEYWORDS)]


def _translated(entry) -> bool:
    if entry is None:
        return False
    strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
    return all(strings)


def test_every_message_in_the_code_and_templates_has_a_chinese_text():
    found = _messages()
    assert len(found) > 2000  # the whole application, not one folder
    with CATALOGUE.open("rb") as source:
        catalogue = read_po(source)
    missing = [f"{name}:{line}: {message}" for name, line, message in found
               if not _translated(catalogue.get(message))]
    assert not missing, "\n".join(missing)
