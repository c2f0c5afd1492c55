"""Dutch notation for money and numbers; rounding happens only here.

All amounts are exact (Fraction or Decimal) until they are shown. Rounding is
half-up (away from zero on .5), to cents on receipts and in JSON, to whole
euros in the scenario table, as the method's own tables do.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

CENT = Decimal("0.01")
EURO = Decimal("1")


_EXPONENT = {CENT: -2, EURO: 0}


def _units(value: Fraction | int, exponent: int) -> int:
    """An exact rational rounded half-up to a whole number of 10**exponent (cents: -2), in integers only."""
    n = value.numerator * 10 ** -exponent
    d = value.denominator
    q, r = divmod(abs(n), d)
    if 2 * r >= d:
        q += 1
    return -q if n < 0 else q


def to_decimal(value: Fraction | Decimal | int, places: Decimal = CENT) -> Decimal:
    """Round an exact value half-up to ``places`` (CENT or EURO)."""
    if value.__class__ is Fraction or isinstance(value, Fraction):  # the class first: isinstance asks an ABC
        exponent = _EXPONENT.get(places)
        if exponent is None:
            exponent = places.as_tuple().exponent
        # built from its digits, so no decimal context can round it however large it is
        return Decimal(f"{_units(value, exponent)}E{exponent}")
    d = Decimal(value)
    with localcontext() as ctx:
        ctx.prec = max(28, len(d.as_tuple().digits) + 4)
        return d.quantize(places, rounding=ROUND_HALF_UP)


def group(digits: str) -> str:
    """'57650' -> '57.650'."""
    if len(digits) <= 3:
        return digits
    if digits.isdigit():
        return f"{int(digits):,}".replace(",", ".")
    out = []
    while len(digits) > 3:
        out.append(digits[-3:])
        digits = digits[:-3]
    out.append(digits)
    return ".".join(reversed(out))


def number_nl(value: Decimal, decimals: int) -> str:
    """A rounded Decimal in Dutch notation without the euro sign: 1.052,32."""
    sign = "-" if value < 0 else ""
    text = f"{abs(value):.{decimals}f}"
    whole, _, frac = text.partition(".")
    return sign + group(whole) + ("," + frac if decimals else "")


def euro(value: Fraction | Decimal | int, cents: bool = True) -> str:
    """``€ 57.650,00`` (cents) or ``€ 57.650`` (whole euros); negative ``€ -3.600``, the one notation of a
    negative amount in every output (a minus sign before the euro sign is never used)."""
    cls = value.__class__  # Fraction's isinstance goes through its abstract base class: asked last
    if cls is Fraction or cls is int or isinstance(value, (Fraction, int)):
        # the common case, in integers (a page shows a hundred amounts, most of them whole euros)
        if value.denominator == 1:
            q = value.numerator
            if not cents:
                return "€ " + f"{q:,}".replace(",", ".")  # the sign before the digits: "€ -3.600"
            return _euro_units(q * 100, True)
        return _euro_units(_units(value, -2 if cents else 0), cents)
    if isinstance(value, Decimal) and value.is_finite():
        sign, digits, exponent = value.as_tuple()
        if exponent >= -2 and len(digits) < 30:  # whole cents or coarser (a price from a list): exact in integers
            q = int("".join(map(str, digits)) or "0") * 10 ** (exponent + 2)
            if not cents:
                q, r = divmod(q, 100)
                q += r >= 50  # half-up on the absolute value: the sign comes after
            return _euro_units(-q if sign else q, cents)
    d = to_decimal(value, CENT if cents else EURO)
    if d == 0:
        d = abs(d)  # never show "-0"
    return "€ " + number_nl(d, 2 if cents else 0)


def _euro_units(q: int, cents: bool) -> str:
    """An amount already rounded to whole cents (or euros) in integers, in Dutch notation."""
    sign = "-" if q < 0 else ""  # a zero is never "-0"
    if not cents:
        return f"€ {sign}{abs(q):,}".replace(",", ".")
    whole, cent = divmod(abs(q), 100)
    return f"€ {sign}{whole:,}".replace(",", ".") + f",{cent:02d}"


def signed_euro(value: Fraction | Decimal | int, cents: bool = True) -> str:
    """An amount with its sign always shown, in the one notation for signs: ``€ +2.150``, ``€ -100``, ``€ 0``."""
    text = euro(value, cents)
    return text if text.startswith("€ -") or text in ("€ 0", "€ 0,00") else text.replace("€ ", "€ +", 1)


def plural(n: int, one: str, many: str) -> str:
    """``1 casus``, ``3 casussen``."""
    return f"{n} {one if n == 1 else many}"


def unbroken(text: str) -> str:
    """Running text in which an amount never breaks between the euro sign and the figure."""
    return text.replace("€ ", "€\u00a0")


def amount_json(value: Fraction | Decimal | int) -> str:
    """The JSON contract: two decimals, '.' as decimal point, no grouping: ``-3600.00``."""
    d = to_decimal(value, CENT)
    if d == 0:
        d = abs(d)
    return f"{d:.2f}"


def terminates(f: Fraction) -> bool:
    """Whether a fraction has a finite decimal expansion (its denominator has only factors 2 and 5)."""
    d = f.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def quantity_plain(value: Fraction, max_places: int = 6) -> str:
    """An exact quantity as a plain decimal string: ``1.5``, ``182``; non-terminating ones rounded."""
    if value.denominator == 1:
        return str(value.numerator)
    if terminates(value):
        with localcontext() as ctx:
            ctx.prec = 100  # exact: a terminating quantity of bounded size has far fewer digits
            d = Decimal(value.numerator) / Decimal(value.denominator)
            return format(d.normalize(), "f")
    d = to_decimal(value, Decimal(1).scaleb(-max_places)).normalize()
    return format(d, "f")


def quantity_nl(value: Fraction, max_places: int = 4) -> str:
    """A quantity in Dutch notation: ``1,5``, ``182``, ``1.040``."""
    if value.__class__ is Fraction and value.denominator == 1:  # most quantities: whole numbers
        return f"{value.numerator:,}".replace(",", ".")
    text = quantity_plain(value, max_places)
    whole, _, frac = text.partition(".")
    sign = ""
    if whole.startswith("-"):
        sign, whole = "-", whole[1:]
    return sign + group(whole) + ("," + frac if frac else "")


def comparison_label(value: Fraction | Decimal, against: str, cents: bool = True) -> tuple[str, str]:
    """The method's label for a comparison, from its sign as displayed.

    ``against`` is "huidig" or "dreigend". A positive figure is a return
    ("Rendement t.o.v. …"), a negative one a cost ("Kosten t.o.v. …") shown
    as its absolute value.
    """
    target = "huidige situatie" if against == "huidig" else "dreigend scenario"
    if value.__class__ is Fraction or value.__class__ is int:  # in integers: rounded half-up, then its sign
        q = _units(value, -2 if cents else 0)
        if q < 0:
            return f"Kosten t.o.v. {target}", _euro_units(-q, cents)
        return f"Rendement t.o.v. {target}", _euro_units(q, cents)
    shown = to_decimal(value, CENT if cents else EURO)
    if shown < 0:
        return f"Kosten t.o.v. {target}", euro(-shown, cents)
    return f"Rendement t.o.v. {target}", euro(shown, cents)


def percent_nl(value: Fraction | Decimal, decimals: int = 1) -> str:
    d = to_decimal(Fraction(value) * 100 if not isinstance(value, Decimal) else value * 100, Decimal(1).scaleb(-decimals))
    return number_nl(d, decimals) + "%"


EXACT_PLACES = 10  # decimals for the rare value without a finite decimal expansion, in machine output


def decimal_text(value, min_places: int = 0) -> tuple[str, bool]:
    """(plain decimal string, exact?) of an exact value, for machine output.

    Exact when it has a finite decimal expansion; else rounded half-up to
    EXACT_PLACES decimals (and ``exact`` is false). ``min_places`` pads with zeros.
    """
    f = value if isinstance(value, Fraction) else Fraction(value)
    exact = terminates(f)
    if exact:
        text = quantity_plain(f)
    else:
        text = f"{to_decimal(f, Decimal(1).scaleb(-EXACT_PLACES)):.{EXACT_PLACES}f}"
    if min_places:
        whole, _, frac = text.partition(".")
        if len(frac) < min_places:
            text = whole + "." + frac.ljust(min_places, "0")
    return text, exact


MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def date_nl(value) -> str:
    """``2026-11-02`` (date or ISO text) -> ``2 november 2026``; other text as it is."""
    if isinstance(value, str):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                return value
        else:
            return value
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
