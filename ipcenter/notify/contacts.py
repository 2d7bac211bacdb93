"""A user's own addresses for notices: the e-mail address and the mainland mobile number,
checked for their shape (the rule the settings page and its service share). Empty is allowed:
no address, no notices on that channel."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from ipcenter.core.errors import InvalidInput

# One @, something before it, a domain with a dot and no spaces; the mail server says the rest.
EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")
# A mainland mobile number: 11 digits, 1 then 3 to 9.
MOBILE = re.compile(r"1[3-9]\d{9}")
EMAIL_MAX, PHONE_MAX = 200, 30


class Invalid(InvalidInput):
    """The settings were refused; ``errors`` maps each field to what to fix."""

    status = 400

    def __init__(self, errors: dict[str, list]):
        super().__init__(_l("Please correct the marked fields."))
        self.errors = errors


def check(email: str, phone: str) -> tuple[str, str]:
    """The address and number as stored (trimmed; the number without spaces or dashes), or
    ``Invalid`` naming what is wrong with each."""
    email = (email or "").strip()
    phone = re.sub(r"[\s-]", "", phone or "")
    phone = phone.removeprefix("+86")
    errors: dict[str, list] = {}
    if email and (len(email) > EMAIL_MAX or not EMAIL.fullmatch(email)):
        errors["email"] = [_l("Enter an e-mail address such as name@example.cn.")]
    if phone and (len(phone) > PHONE_MAX or not MOBILE.fullmatch(phone)):
        errors["phone"] = [_l("Enter a mainland mobile number: 11 digits beginning with 13 "
                              "to 19, such as 13812345678.")]
    if errors:
        raise Invalid(errors)
    return email, phone
