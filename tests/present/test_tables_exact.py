"""The tables' sign of an amount, taken from a Fraction's numerator, is the sign its comparison gives."""

from decimal import Decimal
from fractions import Fraction as F

from hypothesis import given, settings
from hypothesis import strategies as st

from doorbraak_cli.present import tables

values = (st.fractions(min_value=-10**12, max_value=10**12, max_denominator=10**6) | st.integers(-10**12, 10**12)
          | st.decimals(min_value=-10**9, max_value=10**9, allow_nan=False, places=3))


@given(values)
@settings(max_examples=2000, deadline=None)
def test_sign_is_the_comparisons(value):
    assert tables._sign(value) == (value > 0) - (value < 0)


def test_sign_at_zero_and_tiny_values():
    for value, sign in ((F(0), 0), (F(-1, 10**30), -1), (F(1, 10**30), 1), (0, 0), (Decimal("-0.000"), 0), (-3, -1)):
        assert tables._sign(value) == sign


prices = st.decimals(min_value=-10**7, max_value=10**7, allow_nan=False, allow_infinity=False, places=4)


@given(st.lists(prices, min_size=1, max_size=6))
@settings(max_examples=1500, deadline=None)
def test_a_kept_price_text_is_the_one_made_anew(values):
    """A price's text is kept per value; 1.5 and 1.50 (equal, so one entry) give the same text made anew."""
    from doorbraak_cli.present.numbers import euro

    for v in values:
        for same in (v, v.quantize(Decimal("0.0001")), v.normalize()):
            assert tables.price_text(same) == euro(same, cents=same != same.to_integral_value())
