"""Rounding (half-up, only for display), Dutch notation and the method's sign labels."""

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doorbraak_cli.present.numbers import (
    CENT,
    EURO,
    amount_json,
    comparison_label,
    euro,
    number_nl,
    quantity_nl,
    quantity_plain,
    to_decimal,
)


@pytest.mark.parametrize("value,cents,expected", [
    (Decimal("57650"), True, "€ 57.650,00"),
    (Decimal("3156.96"), False, "€ 3.157"),         # the book: 3 × € 1.052,32 shown as € 3.157
    (Decimal("23579.92"), False, "€ 23.580"),
    (Decimal("0.5"), False, "€ 1"),                 # half-up, not banker's rounding
    (Decimal("2.5"), False, "€ 3"),
    (Decimal("1.005"), True, "€ 1,01"),
    (F(1, 200), True, "€ 0,01"),                    # exactly half a cent
    (F(1, 3), True, "€ 0,33"),
    (F(2, 3), True, "€ 0,67"),
    (Decimal("-3600"), True, "€ -3.600,00"),
    (Decimal("-0.004"), True, "€ 0,00"),            # never "-0"
    (Decimal("1234567.891"), True, "€ 1.234.567,89"),
    (0, False, "€ 0"),
    (Decimal("999.995"), True, "€ 1.000,00"),
])
def test_euro(value, cents, expected):
    assert euro(value, cents) == expected


def test_half_up_is_away_from_zero_for_negatives():
    assert to_decimal(Decimal("-2.5"), Decimal("1")) == Decimal("-3")
    assert to_decimal(F(-5, 2), Decimal("1")) == Decimal("-3")
    assert to_decimal(F(-1, 200), Decimal("0.01")) == Decimal("-0.01")


@pytest.mark.parametrize("value,expected", [
    (Decimal("-3600"), "-3600.00"), (F(1750), "1750.00"), (F(1, 3), "0.33"), (Decimal("0.005"), "0.01"),
    (Decimal("-0.001"), "0.00"), (F(2262768, 100), "22627.68"),
])
def test_amount_json(value, expected):
    assert amount_json(value) == expected


@pytest.mark.parametrize("value,against,label,amount", [
    (Decimal("-3607.92"), "huidig", "Kosten t.o.v. huidige situatie", "€ 3.608"),
    (Decimal("40190"), "dreigend", "Rendement t.o.v. dreigend scenario", "€ 40.190"),
    (Decimal("10877.84"), "huidig", "Rendement t.o.v. huidige situatie", "€ 10.878"),
    (Decimal("-1750"), "dreigend", "Kosten t.o.v. dreigend scenario", "€ 1.750"),
    (Decimal("0"), "dreigend", "Rendement t.o.v. dreigend scenario", "€ 0"),
    (Decimal("-0.4"), "huidig", "Rendement t.o.v. huidige situatie", "€ 0"),  # the label follows what is shown
])
def test_comparison_labels(value, against, label, amount):
    assert comparison_label(value, against, cents=False) == (label, amount)


@pytest.mark.parametrize("value,plain,nl", [
    (F(182), "182", "182"), (F(3, 2), "1.5", "1,5"), (F(1040), "1040", "1.040"), (F(1, 3), "0.333333", "0,3333"),
    (F(182, 365), "0.49863", "0,4986"), (F(0), "0", "0"),
])
def test_quantities_shown(value, plain, nl):
    assert quantity_plain(value) == plain
    assert quantity_nl(value) == nl


@given(st.integers(-10**15, 10**15), st.integers(1, 10**6), st.booleans())
@settings(max_examples=2000, deadline=None)
def test_euro_of_a_fraction_is_the_decimal_rounding(n, d, cents):
    """The integer fast path gives what rounding the exact value as a Decimal gives (half-up, Dutch notation)."""
    value = F(n, d)
    with localcontext() as ctx:
        ctx.prec = 60  # far more digits than an amount has: the division is exact where it matters (at .5)
        rounded = (Decimal(n) / Decimal(d)).quantize(CENT if cents else EURO, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    assert euro(value, cents) == "€ " + number_nl(rounded, 2 if cents else 0)
    assert to_decimal(value, CENT if cents else EURO) == rounded


@given(st.integers(-10**15, 10**15), st.integers(1, 10**6), st.booleans(), st.sampled_from(["huidig", "dreigend"]))
@settings(max_examples=2000, deadline=None)
def test_comparison_label_of_a_fraction_is_the_decimal_ones(n, d, cents, against):
    """The integer path of a Fraction's (or int's) label gives what its rounded Decimal gives: the sign of the
    amount as shown (so -0,4 is a return of € 0), the amount without its sign, half-up at .5 both ways."""
    value = F(n, d)
    shown = to_decimal(value, CENT if cents else EURO)
    target = "huidige situatie" if against == "huidig" else "dreigend scenario"
    expected = ((f"Kosten t.o.v. {target}", euro(-shown, cents)) if shown < 0
                else (f"Rendement t.o.v. {target}", euro(shown, cents)))
    assert comparison_label(value, against, cents) == expected
    assert comparison_label(shown, against, cents) == expected  # the same as its own Decimal
    if d == 1:
        assert comparison_label(n, against, cents) == expected


@pytest.mark.parametrize("value,cents,expected", [
    (F(-1, 2), False, ("Kosten t.o.v. dreigend scenario", "€ 1")),
    (F(-1, 3), False, ("Rendement t.o.v. dreigend scenario", "€ 0")),
    (F(1, 2), False, ("Rendement t.o.v. dreigend scenario", "€ 1")),
    (F(-1, 200), True, ("Kosten t.o.v. dreigend scenario", "€ 0,01")),
    (F(-1, 201), True, ("Rendement t.o.v. dreigend scenario", "€ 0,00")),
    (F(-360799, 100), False, ("Kosten t.o.v. dreigend scenario", "€ 3.608")),
])
def test_comparison_label_at_the_ties(value, cents, expected):
    assert comparison_label(value, "dreigend", cents) == expected


@given(st.integers(-10**18, 10**18), st.booleans())
@settings(max_examples=2000, deadline=None)
def test_euro_of_a_whole_amount_is_the_decimal_rounding(n, cents):
    """Whole euros (most amounts on a page) take a shorter path; it gives what the Decimal gives."""
    expected = "€ " + number_nl(abs(Decimal(n)) if n == 0 else Decimal(n), 2 if cents else 0)
    assert euro(F(n), cents) == expected
    assert euro(n, cents) == expected


@given(st.integers(-10**18, 10**18))
@settings(max_examples=2000, deadline=None)
def test_quantity_of_a_whole_number_is_the_plain_ones_grouped(n):
    from doorbraak_cli.present.numbers import group

    plain = quantity_plain(F(n))
    assert plain == str(n)
    assert quantity_nl(F(n)) == ("-" if n < 0 else "") + group(plain.lstrip("-"))
