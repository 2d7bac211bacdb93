"""What the pre-examination pages show: labels of kinds and states, plain values for the
templates."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KIND_LABELS = {"utility_model": _l("Utility model"), "design": _l("Design")}
