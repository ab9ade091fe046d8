"""options.py: the shared checks raise OptionError naming the option and what it accepts."""

from __future__ import annotations

import pytest

from saferinsight.errors import OptionError
from saferinsight.options import check_alpha, check_choice, check_whole_number


@pytest.mark.parametrize("alpha", [0, 1, 2, -0.1, float("nan"), float("inf"), "0.05", True, None])
def test_alpha_outside_zero_to_one_is_refused(alpha: object) -> None:
    with pytest.raises(OptionError) as caught:
        check_alpha(alpha)
    assert caught.value.option == "alpha"
    assert "between 0 and 1 (not 0 or 1)" in str(caught.value)
    assert caught.value.hint is not None
    assert dict(caught.value.hint.options) == {"alpha": 0.05}


def test_alpha_inside_is_returned_as_a_float() -> None:
    assert check_alpha(1e-9) == 1e-9
    assert isinstance(check_alpha(0.5), float)


@pytest.mark.parametrize("value", [-1, 0, 1.5, "3", True, None])
def test_whole_numbers_out_of_range_are_refused(value: object) -> None:
    with pytest.raises(OptionError, match=r"^limit must be a whole number of rows, 1 or more"):
        check_whole_number(value, option="limit", minimum=1, noun="a whole number of rows")


def test_whole_numbers_name_both_ends_of_a_range() -> None:
    assert check_whole_number(36, option="spc_baseline", minimum=2, maximum=36) == 36
    with pytest.raises(OptionError, match="from 2 to 36; got 37"):
        check_whole_number(37, option="spc_baseline", minimum=2, maximum=36)


def test_choices_are_listed() -> None:
    assert check_choice("etest", option="test_method", choices=("etest",)) == "etest"
    with pytest.raises(OptionError, match="'t' is not one of a, b"):
        check_choice("t", option="test_method", choices=("a", "b"))
