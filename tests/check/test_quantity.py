"""Quantity grammar, unit conversion and Dutch amounts (case-format.md, 'Quantities')."""

from decimal import Decimal
from fractions import Fraction as F

import pytest

from doorbraak_cli.check.quantity import PriceError, QuantityError, parse_money, parse_quantity


@pytest.mark.parametrize("text,unit,expected", [
    (None, "dag", F(0)),
    ("", "dag", F(0)),
    (0, "dag", F(0)),
    (182, "dag", F(182)),
    (Decimal("1.5"), "jaar", F(3, 2)),
    ("3", "keer", F(3)),
    ("1,5", "jaar", F(3, 2)),
    ("0.25", "jaar", F(1, 4)),
    ("3 x 6 maanden", "jaar", F(3, 2)),          # Eveline: pleegzorg for three children, half a year each
    ("3 x 6 maanden", "maand", F(18)),
    ("2 x 26 weken", "jaar", F(1)),
    ("2 x 26 weken", "maand", F(12)),            # 52 weken = 12 maanden, exactly
    ("12 maanden", "jaar", F(1)),
    ("1,5 jaar", "maand", F(18)),
    ("1 jaar", "dag", F(365)),
    ("182 dagen", "jaar", F(182, 365)),          # stays exact: no rounding before display
    ("1 kwartaal", "maand", F(3)),
    ("4 kwartalen", "jaar", F(1)),
    ("1 week", "dag", F(365, 52)),               # the method's own equivalences, taken literally
    ("2 x 3 x 4", "keer", F(24)),
    ("3x6 maanden", "jaar", F(3, 2)),
    ("3 × 6 maanden", "jaar", F(3, 2)),
    ("12 uur", "uur", F(12)),                    # the price's own unit is accepted
    ("12 uren", "uur", F(12)),
    ("416 dagdelen", "dagdeel", F(416)),
    (" 12 maanden ", "maand", F(12)),
    ("6 maanden", "per maand", F(6)),            # a unit written as 'per maand' is the time unit maand
    ("1 jaar", "Per Week", F(52)),
    ("12 uur", "per uur", F(12)),
    ("6 maanden", "maanden", F(6)),              # a plural price unit
])
def test_parse_quantity(text, unit, expected):
    assert parse_quantity(text, unit) == expected


@pytest.mark.parametrize("text,unit,code,fragment", [
    ("veel", "dag", "aantal", "geen aantal"),
    ("3 x", "dag", "aantal", "geen aantal"),
    ("x 3", "dag", "aantal", "geen aantal"),
    ("-3", "dag", "negatief-aantal", "negatief"),
    (-3, "dag", "negatief-aantal", "negatief"),
    (Decimal("-0.5"), "jaar", "negatief-aantal", "negatief"),
    ("1.000", "dag", "dubbelzinnig-aantal", "1000 (punt als duizendtal) of 1,000?"),
    ("6 maanden", "keer", "eenheid-past-niet", "'keer'"),
    ("6 maanden", "uur", "eenheid-past-niet", "tijdsduur (maand)"),
    ("2 weken", "interventie", "eenheid-past-niet", "'interventie'"),
    ("6 mand", "jaar", "onbekende-eenheid", "bedoelde u '6 maanden'?"),
    ("3 x 6 mand", "jaar", "onbekende-eenheid", "bedoelde u '3 x 6 maanden'?"),   # valid text: a space, the whole product
    ("1 maandn", "jaar", "onbekende-eenheid", "bedoelde u '1 maand'?"),
    (Decimal("1.052"), "keer", "dubbelzinnig-aantal", "1052"),                  # a thousands separator read as a decimal
    (Decimal("12.500"), "uur", "dubbelzinnig-aantal", "12,500"),
    ("6 maandn", "jaar", "onbekende-eenheid", "bedoelde u '6 maanden'?"),
    ("3 uur", "keer", "eenheid-past-niet", "de eenheid 'uur' in '3 uur' past niet bij de prijs, die per 'keer' is"),
    (True, "dag", "aantal", "geen aantal"),
])
def test_bad_quantities(text, unit, code, fragment):
    with pytest.raises(QuantityError) as info:
        parse_quantity(text, unit)
    assert info.value.code == code
    assert fragment in info.value.message + " " + info.value.hint


@pytest.mark.parametrize("text,unit,expected", [
    ("3 x 6m", "jaar", F(3, 2)),
    ("6 mnd", "maand", F(6)),
    ("6 mnd.", "jaar", F(1, 2)),
    ("6mnd", "jaar", F(1, 2)),
    ("2 jr", "maand", F(24)),
    ("1 jr.", "maand", F(12)),
    ("3 wk", "dag", F(3 * 365, 52)),
    ("2 kw", "maand", F(6)),
    ("10 dg", "dag", F(10)),
])
def test_dutch_abbreviations_of_time_units(text, unit, expected):
    assert parse_quantity(text, unit) == expected


def test_a_yaml_number_that_reads_like_thousands_gives_both_readings_as_a_price_does():
    with pytest.raises(QuantityError) as info:
        parse_quantity(Decimal("1.052"), "keer")
    text = info.value.message + " " + info.value.hint
    assert "1052" in text and "1,052" in text
    assert parse_quantity(Decimal("1.5"), "keer") == F(3, 2)      # one or two decimals are no lookalike
    assert parse_quantity(Decimal("0.125"), "jaar") == F(1, 8)


def test_periode_horizon_and_follow_up_terms_read_the_same_units():
    from doorbraak_cli.check.evaluation import parse_duration
    from doorbraak_cli.check.quantity import parse_term, parse_years

    assert parse_years("18 mnd") == F(3, 2)
    assert parse_years("2 jr.") == F(2)
    assert parse_term("3 mnd.") == (3, "maand")
    assert parse_duration("3 mnd").months == 3
    assert parse_duration("1 jr").months == 12
    assert parse_duration("6 wkn").days == 42
    assert parse_duration("straks") is None and parse_duration("1,5 jaar") is None


def test_time_error_names_both_units():
    with pytest.raises(QuantityError) as info:
        parse_quantity("3 x 6 maanden", "huishouden")
    assert "maand" in info.value.message and "huishouden" in info.value.message


@pytest.mark.parametrize("value,expected", [
    (100, Decimal("100")),
    (Decimal("1052.32"), Decimal("1052.32")),
    ("1.052,32", Decimal("1052.32")),
    ("€ 1.052,32", Decimal("1052.32")),
    ("€1.052,32", Decimal("1052.32")),
    ("1052,32", Decimal("1052.32")),
    ("1052.32", Decimal("1052.32")),
    ("€ 57.650", Decimal("57650")),
    ("1.052.000", Decimal("1052000")),
    ("55.800,-", Decimal("55800")),
    ("EUR 751,66", Decimal("751.66")),
    ("-35", Decimal("-35")),
])
def test_parse_money(value, expected):
    assert parse_money(value) == expected


@pytest.mark.parametrize("value", ["1.052", "twee", "1,05,2", "", None, True, "12.34.5"])
def test_bad_money_is_refused_with_advice(value):
    with pytest.raises(PriceError) as info:
        parse_money(value)
    assert info.value.hint


def test_a_bare_number_that_reads_like_thousands_is_refused_with_the_fix():
    """A price copied from a text that writes € 1.052 (one thousand and fifty-two) must never count as € 1,052."""
    for value, whole in ((Decimal("1.052"), "1052"), (Decimal("12.500"), "12500"), (Decimal("999.999"), "999999")):
        with pytest.raises(PriceError) as exc:
            parse_money(value)
        assert exc.value.code == "dubbelzinnig-bedrag"
        assert f"Schrijf dan {whole}, {whole},00 of" in exc.value.hint
    assert parse_money(Decimal("0.125")) == Decimal("0.125")  # a tariff of 12,5 cents: not a thousands lookalike
    assert parse_money(Decimal("1052.32")) == Decimal("1052.32")
    assert parse_money(Decimal("1052.320")) == Decimal("1052.32")
    assert parse_money("1,052") == Decimal("1.052")  # written with a Dutch decimal comma: unambiguous




def test_a_quantity_parsed_before_is_the_same_and_a_refusal_is_repeated():
    """A portfolio repeats its quantities: a text or whole number parsed before is given again (the same immutable
    Fraction), but only for the same type and price unit, and what was refused is refused again."""
    assert parse_quantity("3 x 6 maanden", "jaar") is parse_quantity("3 x 6 maanden", "jaar") == F(3, 2)
    assert parse_quantity("3 x 6 maanden", "maand") == 18
    assert parse_quantity(1, None) == 1
    for value in (True, Decimal("1.000"), "2 uur"):  # equal to 1 (or parsed before) as a key, but refused
        for _ in range(2):
            with pytest.raises(QuantityError):
                parse_quantity(value, "maand")
    assert parse_quantity(None, "dag") == 0 and parse_quantity("", "dag") == 0
