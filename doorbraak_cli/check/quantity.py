"""Quantities and prices as people write them, parsed exactly.

Quantity grammar (case-format v1)::

    quantity := factor ( " x " factor )* [ unit ]
    factor   := digits [ ("," | ".") digits ]       e.g. 3   1,5   0.5
    unit     := dag | week | maand | kwartaal | jaar  (singular or plural, or a
                common Dutch abbreviation: d, dg, wk, wkn, m, mnd, mnd., kw, jr, jr.),
                or the price's own unit (e.g. "12 uur" against a price per uur)

The time units are read here and nowhere else: a quantity, ``periode``,
``horizon``, ``looptijd`` and ``realisatie.metingen_na`` all go through
:func:`time_unit` and :func:`split_unit`.

Time units convert exactly into the price's unit when that is a time unit:
1 jaar = 4 kwartalen = 12 maanden = 52 weken = 365 dagen. Arithmetic uses
:class:`fractions.Fraction`, so ``3 x 6 maanden`` against a price per jaar is
exactly 3/2. Failures raise :class:`QuantityError` with a Dutch message and hint.
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

# Each time unit as its number per year: q units of A = q * PER_YEAR[B] / PER_YEAR[A] units of B.
PER_YEAR = {"jaar": 1, "kwartaal": 4, "maand": 12, "week": 52, "dag": 365}
TIME_UNITS = {
    "dag": "dag", "dagen": "dag",
    "week": "week", "weken": "week",
    "maand": "maand", "maanden": "maand",
    "kwartaal": "kwartaal", "kwartalen": "kwartaal",
    "jaar": "jaar", "jaren": "jaar",
    # the abbreviations people write (a trailing full stop is dropped first: 'mnd.' is 'mnd')
    "d": "dag", "dg": "dag", "dgn": "dag",
    "wk": "week", "wkn": "week",
    "m": "maand", "mnd": "maand", "mnden": "maand", "mndn": "maand", "mnds": "maand",
    "kw": "kwartaal", "kwt": "kwartaal",
    "j": "jaar", "jr": "jaar", "jrn": "jaar",
}
# How a canonical time unit is written in a suggestion: singular after 1, plural otherwise.
TIME_PLURALS = {"dag": "dagen", "week": "weken", "maand": "maanden", "kwartaal": "kwartalen", "jaar": "jaar"}
# Plural forms of common non-time units, so "12 uren" matches a price per uur.
PLURALS = {
    "uren": "uur", "dagdelen": "dagdeel", "keren": "keer", "interventies": "interventie",
    "trajecten": "traject", "huishoudens": "huishouden", "leerlingen": "leerling",
    "fietsen": "fiets", "auto's": "auto", "gezinnen": "gezin", "personen": "persoon",
    "plaatsen": "plaats", "nachten": "nacht", "sessies": "sessie", "gesprekken": "gesprek",
}
# Abbreviations of non-time units, mapped to what they probably meant (for the hint only).
_ABBREVIATIONS = {"u": "uur", "hr": "uur", "hrs": "uur"}


class QuantityError(ValueError):
    def __init__(self, message: str, hint: str = "", code: str = "aantal"):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.code = code


def bare_unit(unit: str) -> str:
    """A unit name as compared: lower case, without a leading 'per' ('per maand' is 'maand') or a trailing '.'."""
    u = unit.strip().lower()
    if u.startswith("per "):
        u = u[4:].lstrip()
    if u.endswith(".") and len(u) > 1:
        u = u[:-1]
    return u


def time_unit(unit: str | None) -> str | None:
    """The canonical time unit for a unit name, or None when it is not one."""
    if not unit:
        return None
    return TIME_UNITS.get(bare_unit(unit))


def _norm_unit(unit: str) -> str:
    u = bare_unit(unit)
    return TIME_UNITS.get(u) or PLURALS.get(u) or u


_EXPONENT = re.compile(r"[-+]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)[eE][-+]?[0-9]+")
_NUMBER = re.compile(r"[0-9]+([.,][0-9]+)?\Z")
_SEPARATOR = re.compile(r"\s*[x×X*]\s*")
_UNIT_TAIL = re.compile(r"^(.*?[0-9])\s*([^\W\d][\w']*\.?)\s*$")


def split_unit(text: str) -> tuple[str, str | None]:
    """'3 x 6 mnd.' -> ('3 x 6', 'mnd.'); '3 x 6' -> ('3 x 6', None). The unit is the word after the last digit."""
    whole = text.strip()
    m = _UNIT_TAIL.match(whole)
    if m and m.group(2).lower() != "x":  # "3 x" is an unfinished product, not a unit
        return m.group(1), m.group(2)
    return whole, None


def parse_term(text) -> tuple[int, str] | None:
    """A calendar term such as '3 maanden', '3 mnd.' or '1 jr': (3, 'maand'); None when it is no whole number of
    a time unit. The one reader of terms (``realisatie.metingen_na``), with the same units as a quantity."""
    if not isinstance(text, str):
        return None
    body, unit = split_unit(text)
    if unit is None or not re.fullmatch(r"[0-9]{1,6}", body.strip()):
        return None
    canonical = time_unit(unit)
    return (int(body), canonical) if canonical else None


def written(number: str, unit: str) -> str:
    """A canonical time unit as a Dutch text would write it after ``number``: '6 maanden', '1 maand'."""
    return f"{number} {unit if number.strip() == '1' else TIME_PLURALS.get(unit, unit)}"


def _factor(text: str, whole: str) -> Fraction:
    t = text.strip()
    if t.startswith("-"):
        raise QuantityError(f"een aantal kan niet negatief zijn ('{whole}')", "schrijf 0 of een positief aantal", "negatief-aantal")
    if not _NUMBER.match(t):
        raise QuantityError(
            f"'{whole}' is geen aantal",
            "schrijf een getal (1,5), een product (3 x 6 maanden) of een getal met tijdseenheid (12 maanden)",
        )
    if len(t) > 40:
        raise QuantityError(f"'{whole}' is te groot voor een aantal", "controleer het getal", "te-groot-getal")
    if "." in t and re.fullmatch(r"[0-9]{1,3}\.[0-9]{3}", t):
        raise QuantityError(
            f"'{whole}' is dubbelzinnig: {t.replace('.', '')} (punt als duizendtal) of {t.replace('.', ',')}?",
            f"schrijf {whole.replace(t, t.replace('.', ''))} voor het duizendtal, of "
            f"{whole.replace(t, t.replace('.', ','))} met een komma voor een decimaal", "dubbelzinnig-aantal",
        )
    return Fraction(t.replace(",", "."))


_ZERO = Fraction(0)
_PARSED: dict = {}  # (type, value, price unit) -> Fraction, for texts and whole numbers: a portfolio repeats them
_PARSED_MAX = 4096


def parse_quantity(value, price_unit: str | None) -> Fraction:
    """Parse a quantity into an exact number of ``price_unit``.

    ``value`` is what the YAML held: None (0), an int, a Decimal or a string. A text or whole number parsed before
    gives the same (immutable) Fraction again without the work; what does not parse is parsed, and refused, again.
    """
    if value is None:
        return _ZERO
    kind = value.__class__
    if kind is not str and kind is not int:  # a Decimal: 1.0 == 1.000, but only 1.000 is a thousands lookalike
        return _parse_quantity(value, price_unit)
    key = (kind, value, price_unit)
    q = _PARSED.get(key)
    if q is None:
        q = _parse_quantity(value, price_unit)
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[key] = q
    return q


def _parse_quantity(value, price_unit: str | None) -> Fraction:
    if value is None or value == "":
        return _ZERO
    if isinstance(value, bool):
        raise QuantityError(f"'{value}' is geen aantal", "schrijf een getal")
    if isinstance(value, (int, Decimal)):
        if value < 0:
            raise QuantityError(f"een aantal kan niet negatief zijn ({value})", "schrijf 0 of een positief aantal", "negatief-aantal")
        if isinstance(value, Decimal) and _thousands_lookalike(value):  # the same rule as for a price
            whole, decimal = str(value).replace(".", ""), str(value).replace(".", ",")
            raise QuantityError(
                f"{value} is dubbelzinnig: YAML leest dit als {decimal}, maar in Nederlandse notatie is de punt een "
                f"duizendtal ({whole})",
                f"bedoelt u {whole}? Schrijf dan {whole}; bedoelt u echt {decimal}, schrijf dan \"{decimal}\"",
                "dubbelzinnig-aantal")
        return _bounded(Fraction(value), str(value))
    if not isinstance(value, str):
        raise QuantityError(f"'{value}' is geen aantal", "schrijf een getal")
    whole = value.strip()
    if _EXPONENT.fullmatch(whole):  # only a YAML number beyond any case arrives as such text
        raise QuantityError(f"'{whole}' is te groot of te klein voor een aantal", "controleer het getal en schrijf het voluit",
                            "te-groot-getal")
    body, unit = split_unit(whole)
    factors = [f for f in _SEPARATOR.split(body)]
    if not body or any(not f for f in factors):
        raise QuantityError(
            f"'{whole}' is geen aantal",
            "schrijf een getal (1,5), een product (3 x 6 maanden) of een getal met tijdseenheid (12 maanden)",
        )
    result = Fraction(1)
    for f in factors:
        result *= _factor(f, whole)
        _bounded(result, whole)
    if unit is None:
        return result
    return _bounded(result * unit_factor(unit, price_unit, whole, body), whole)


MAX_QUANTITY = 10 ** 12  # a million million units: no household's plan comes near


def _bounded(q: Fraction, whole: str) -> Fraction:
    if q.numerator > MAX_QUANTITY * q.denominator:  # q > MAX_QUANTITY in integers (a denominator is positive)
        raise QuantityError(f"'{whole}' is te groot voor een aantal", "controleer het getal; een aantal is hoogstens "
                            "een miljoen miljoen", "te-groot-getal")
    return q


def unit_factor(unit: str, price_unit: str | None, whole: str, body: str | None = None) -> Fraction:
    """How many price units one ``unit`` is; raise when they do not fit. ``body``: the number(s) before the unit,
    for a suggestion that is itself valid text ('3 x 6 maanden', never '3 x 6maanden')."""
    q_time = time_unit(unit)
    p_time = time_unit(price_unit)
    if q_time is None:
        if price_unit and _norm_unit(unit) == _norm_unit(price_unit):
            return Fraction(1)
        known = _norm_unit(unit)
        if known in PLURALS.values():  # a unit we know ('2 keren'), but not the price's
            per = f"per '{price_unit}'" if price_unit else "zonder eenheid"
            raise QuantityError(
                f"de eenheid '{unit}' in '{whole}' past niet bij de prijs, die {per} is",
                f"schrijf het aantal {price_unit} als getal" if price_unit else
                f"geef de post 'eenheid: {known}', of schrijf het aantal als getal", "eenheid-past-niet")
        guess = _ABBREVIATIONS.get(bare_unit(unit))
        if guess is None:
            candidates = [u for u in list(TIME_UNITS) + list(PLURALS) if len(u) > 3 and u != bare_unit(unit)]
            close = difflib.get_close_matches(bare_unit(unit), candidates, n=1, cutoff=0.7)
            guess = close[0] if close else None
        if guess in TIME_UNITS and body is not None:
            last = _SEPARATOR.split(body)[-1].strip()
            guess = written(last, TIME_UNITS[guess]).split(" ", 1)[1]
        suggestion = f"{body.strip()} {guess}" if guess and body is not None else None
        hint = f"bedoelde u '{suggestion}'?" if suggestion and suggestion != whole else (
            "gebruik dag, week, maand, kwartaal of jaar, of de eenheid van de prijs"
            + (f" ('{price_unit}')" if price_unit else ""))
        raise QuantityError(f"onbekende eenheid '{unit}' in '{whole}'", hint, "onbekende-eenheid")
    if p_time is None and not price_unit:
        raise QuantityError(
            f"'{whole}' is een tijdsduur ({q_time}), maar de prijs heeft geen eenheid",
            "geef de post een 'eenheid' (bijvoorbeeld maand), of schrijf het aantal als getal",
            "eenheid-past-niet",
        )
    if p_time is None:
        raise QuantityError(
            f"'{whole}' is een tijdsduur ({q_time}), maar de prijs is per '{price_unit}', geen tijdseenheid",
            f"een tijdsduur past alleen bij een prijs per dag, week, maand, kwartaal of jaar; "
            f"schrijf het aantal {price_unit} als getal",
            "eenheid-past-niet",
        )
    return Fraction(PER_YEAR[p_time], PER_YEAR[q_time])


class PriceError(ValueError):
    def __init__(self, message: str, hint: str = "", code: str = "ongeldige-prijs"):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.code = code


_DUTCH_MONEY = re.compile(r"[0-9]{1,3}(\.[0-9]{3})*(,[0-9]+)?\Z|[0-9]+(,[0-9]+)?\Z")
_PLAIN_MONEY = re.compile(r"[0-9]+(\.[0-9]+)?\Z")


def parse_money(value) -> Decimal:
    """A price or amount: a YAML number (exact Decimal) or Dutch/plain text.

    ``"1.052,32"``, ``"€ 1.052,32"``, ``"1052,32"`` and ``"1052.32"`` are
    understood. Text that could mean two things (``"1.052"``) is refused with
    what to write instead.
    """
    if isinstance(value, bool) or value is None:
        raise PriceError(f"'{value}' is geen bedrag", "schrijf een bedrag, bijvoorbeeld 1052.32")
    if isinstance(value, (int, Decimal)):
        if isinstance(value, Decimal) and _thousands_lookalike(value):
            whole = str(abs(value)).replace(".", "")
            raise PriceError(
                f"{value} is waarschijnlijk fout: YAML leest dit als {str(value).replace('.', ',')} euro, maar in "
                f"Nederlandse notatie is de punt een duizendtal ({whole} euro)",
                f"bedoelt u {whole} euro? Schrijf dan {whole}, {whole},00 of \"{abs(value)},00\"; "
                f"bedoelt u echt {str(value).replace('.', ',')} euro, schrijf dan \"{str(value).replace('.', ',')}\"",
                "dubbelzinnig-bedrag")
        return _money_bounded(Decimal(value), value)
    if not isinstance(value, str):
        raise PriceError(f"'{value}' is geen bedrag", "schrijf een bedrag, bijvoorbeeld 1052.32")
    t = value.strip()
    euro = t.startswith("€") or t.lower().startswith("eur")
    t = re.sub(r"^(€|eur(o)?)\s*", "", t, flags=re.IGNORECASE).strip()
    t = t.replace("\u00a0", "").replace(" ", "")
    negative = t.startswith("-")
    if negative:
        t = t[1:]
    if t.endswith(",-"):  # "55.800,-": Dutch for whole euros
        t = t[:-2]
        euro = True
    if not t:
        raise PriceError(f"'{value}' is geen bedrag", "schrijf een bedrag, bijvoorbeeld 1052.32")
    try:
        if "," in t:
            if not _DUTCH_MONEY.match(t):
                raise PriceError(f"'{value}' is geen bedrag", "schrijf bijvoorbeeld 1052.32 of \"1.052,32\"")
            amount = Decimal(t.replace(".", "").replace(",", "."))
        elif re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+", t):
            if not euro and t.count(".") == 1:
                plain = t.replace(".", "")
                raise PriceError(
                    f"'{value}' is dubbelzinnig: {plain} euro (punt als duizendtal) of {t.replace('.', ',')} euro?",
                    f"schrijf {plain} of \"{t.replace('.', ',')}\"", "dubbelzinnig-bedrag",
                )
            amount = Decimal(t.replace(".", ""))
        elif _PLAIN_MONEY.match(t):
            amount = Decimal(t)
        else:
            raise PriceError(f"'{value}' is geen bedrag", "schrijf bijvoorbeeld 1052.32 of \"1.052,32\"")
    except InvalidOperation:  # pragma: no cover - the patterns above only pass valid numbers
        raise PriceError(f"'{value}' is geen bedrag", "schrijf bijvoorbeeld 1052.32") from None
    return _money_bounded(-amount if negative else amount, value)


MAX_AMOUNT = Decimal(10) ** 12  # a million million euros


def _money_bounded(amount: Decimal, value) -> Decimal:
    if not amount.is_finite() or abs(amount) > MAX_AMOUNT or amount.as_tuple().exponent < -12:
        raise PriceError(f"'{value}' is geen bruikbaar bedrag (te groot of te veel decimalen)",
                         "controleer het bedrag; schrijf bijvoorbeeld 1052.32")
    return amount


def _thousands_lookalike(value: Decimal) -> bool:
    """A bare YAML number such as ``1.052`` or ``12.500``: 1 to 999, a point, exactly three digits.

    Copied from a text that writes € 1.052 it means one thousand and fifty-two
    euros; read as YAML it is one euro. ``0.125`` (a tariff of 12,5 cents) is
    no such lookalike.
    """
    return value.as_tuple().exponent == -3 and 1 <= abs(value) < 1000


def parse_share(value, what: str = "kans") -> Fraction:
    """A probability or share between 0 and 1: ``0.8``, ``"0,8"``, ``"80%"``, ``"80 %"``."""
    if isinstance(value, bool) or value is None:
        raise QuantityError(f"'{value}' is geen {what}", "schrijf een getal van 0 tot en met 1, of een percentage: 0,8 of 80%")
    if isinstance(value, (int, Decimal)):
        share = Fraction(value)
    elif isinstance(value, str):
        t = value.strip().replace(" ", "")
        percent = t.endswith("%")
        t = t.rstrip("%")
        if not re.fullmatch(r"[0-9]+([.,][0-9]+)?", t):
            raise QuantityError(f"'{value}' is geen {what}", "schrijf een getal van 0 tot en met 1, of een percentage: 0,8 of 80%")
        share = Fraction(t.replace(",", ".")) / (100 if percent else 1)
    else:
        raise QuantityError(f"'{value}' is geen {what}", "schrijf een getal van 0 tot en met 1")
    if not 0 <= share <= 1:
        raise QuantityError(f"een {what} ligt tussen 0 en 1 (0% en 100%), maar is {value}",
                            "schrijf bijvoorbeeld 0,5 of 50%", "buiten-bereik")
    return share


def parse_years(value, what: str = "horizon") -> Fraction:
    """A duration in years: ``3``, ``"3 jaar"``, ``"18 maanden"`` (= 1,5), ``"12 maanden"`` (= 1)."""
    if isinstance(value, bool) or value is None:
        raise QuantityError(f"'{value}' is geen duur", "schrijf bijvoorbeeld '3 jaar' of '12 maanden'")
    if isinstance(value, (int, Decimal)):
        years = Fraction(value)
    elif isinstance(value, str):
        whole = value.strip()
        if time_unit(split_unit(whole)[1]) is None:
            raise QuantityError(f"'{value}' is geen duur", "schrijf bijvoorbeeld '3 jaar' of '12 maanden'")
        years = parse_quantity(whole, "jaar")
    else:
        raise QuantityError(f"'{value}' is geen duur", "schrijf bijvoorbeeld '3 jaar' of '12 maanden'")
    if years <= 0:
        raise QuantityError(f"een {what} moet langer dan nul zijn ({value})", "schrijf bijvoorbeeld '3 jaar'", "buiten-bereik")
    return years
