from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from ipcenter.core.errors import InvalidInput
from ipcenter.pledge.rules import parameters
from ipcenter.pledge.rules.parameters import CENTRE, FIGURES, RULE, Figure, as_of


def test_the_figures_of_216():
    p = as_of(date(2021, 9, 10))
    assert p.firm_cap == Decimal("10000000.00")
    assert dict(p.loss_shares) == {"pool": 54, "bank": 26, "insurer": 16, "valuer": 4}
    assert sum(p.loss_shares.values()) == 100
    assert p.leverage == 10
    assert (p.pool_central, p.pool_city, p.pool_size) == (
        Decimal("40000000.00"), Decimal("30000000.00"), Decimal("70000000.00"))
    assert "216号" in p.basis("loss_shares") and "216号" in p.basis("leverage")


def test_centre_parameters_are_marked_and_subsidies_are_off():
    p = as_of(date(2026, 1, 1))
    for name in ("ltv_shares", "default_days", "interest_in_loss", "interest_subsidy_share",
                 "valuation_subsidy_share"):
        assert p.figures[name].source == CENTRE, name
    assert p.figures["loss_shares"].source == RULE
    assert not p.figures["default_days"].checked  # DOMAIN.md did not confirm the trigger
    assert set(p.ltv_shares) == set(parameters.RIGHT_KINDS)
    assert all(Decimal(0) < s <= 1 for s in p.ltv_shares.values())
    assert p.interest_in_loss is False
    assert p.interest_subsidy_share == 0 and p.valuation_subsidy_share == 0


def test_every_figure_has_a_version_with_basis():
    assert set(FIGURES) == set(parameters.NAMES)
    for name, versions in FIGURES.items():
        assert versions and all(v.basis for v in versions), name


def test_as_of_picks_the_version_in_force():
    table = dict(FIGURES)
    table["default_days"] = FIGURES["default_days"] + (
        Figure(60, date(2027, 1, 1), "中心参数：2027年起逾期60天", CENTRE),)
    assert as_of(date(2026, 12, 31), table).default_days == 90
    assert as_of(date(2027, 1, 1), table).default_days == 60
    assert as_of(date(2027, 1, 1), table).basis("default_days").startswith("中心参数：2027")
    # The table a service passes is not the module's: the default stays as it was.
    assert as_of(date(2027, 1, 1)).default_days == 90


def test_before_the_rules_start(zh):
    with pytest.raises(InvalidInput) as caught:
        as_of(date(2021, 9, 9))
    assert str(caught.value.message) == \
        "2021-09-09 尚无施行的质押融资规则（规则自 2021-09-10 起施行）。"


def test_parameters_are_frozen():
    p = as_of(date(2026, 1, 1))
    with pytest.raises(TypeError):
        p.loss_shares["pool"] = 100
    assert replace(p, leverage=5).leverage == 5 and p.leverage == 10


def test_as_of_takes_a_day(zh):
    with pytest.raises(InvalidInput) as caught:
        as_of("2026-01-01")
    assert str(caught.value.message) == "审核日期必须是日期。"
