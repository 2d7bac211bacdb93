"""The cases' cast and the loans' crew, for the tests of the events that notify them."""

from tests.cases.conftest import cast  # noqa: F401
from tests.pledge.conftest import crew  # noqa: F401
