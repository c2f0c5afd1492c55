"""How sure are we? Expected figures, attribution, break-even and sensitivity.

Rules (pure functions over a computed :class:`~.cost.Result`):

* ``kans`` p (per line, else for the whole case, else 1) weighs the threat:
  the expected threatening amount of a line is p × dreigend + (1 − p) × huidig.
* ``toerekening`` t (per line, default 1) credits only part of a line's effect
  to the plan: each scenario moves towards the breakthrough amount,
  X' = doorbraak + t × (X − doorbraak), so both comparisons of that line shrink by t.
* The break-even probability p* solves p × dreigend + (1 − p) × huidig = doorbraak
  on the case totals (after attribution): the plan pays off against the threat
  when the threat is more likely than p*. When no p* lies in [0, 1] we say why.

With none of these keys every expected figure equals the method's own.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from ..model.vocabulary import SCENARIOS
from .cost import LineAmounts, Result, comparisons
from .rational import difference, total

ONE = Fraction(1)


def adjusted(row: LineAmounts, case_kans: Fraction | None) -> dict:
    """A line's amounts after kans and toerekening."""
    a = row.amounts
    p = row.line.kans if row.line.kans is not None else (case_kans if case_kans is not None else ONE)
    t = row.line.toerekening
    b = a["doorbraak"]
    if p == 1 and t == 1:  # the method's own figures (most lines): nothing to adjust
        return {"huidig": a["huidig"], "dreigend": a["dreigend"], "doorbraak": b}
    dreigend = p * a["dreigend"] + (1 - p) * a["huidig"]
    return {"huidig": b + t * (a["huidig"] - b), "dreigend": b + t * (dreigend - b), "doorbraak": b}


def attributed(row: LineAmounts) -> dict:
    """A line's amounts after toerekening only (no kans)."""
    a = row.amounts
    t = row.line.toerekening
    b = a["doorbraak"]
    if t == 1:
        return {"huidig": a["huidig"], "dreigend": a["dreigend"], "doorbraak": b}
    return {"huidig": b + t * (a["huidig"] - b), "dreigend": b + t * (a["dreigend"] - b), "doorbraak": b}


def _sum(dicts) -> dict:
    dicts = list(dicts)
    return {s: total([d[s] for d in dicts if d[s]]) for s in SCENARIOS}


class BreakEven(NamedTuple):
    kans: Fraction | None  # None when no probability in [0, 1] makes the plan pay off exactly
    reason: str  # Dutch: what the figure (or its absence) means


def break_even(totals: dict) -> BreakEven:
    h, d, b = totals["huidig"], totals["dreigend"], totals["doorbraak"]
    spread = difference(d, h)
    if not spread:
        if difference(b, h).numerator <= 0:
            return BreakEven(None, "het dreigende scenario kost evenveel als de huidige situatie; de doorbraak is "
                                   "goedkoper, dus hij betaalt zich terug hoe groot de kans ook is")
        return BreakEven(None, "het dreigende scenario kost evenveel als de huidige situatie en de doorbraak is duurder; "
                               "geen kans maakt hem goedkoper")
    p = difference(b, h) / spread
    if p.numerator >= 0 and p.numerator <= p.denominator:  # 0 <= p <= 1 in integers (a denominator is positive)
        return BreakEven(p, "de doorbraak betaalt zich terug als het dreigende scenario waarschijnlijker is dan dit")
    if p.numerator < 0:
        return BreakEven(None, "de doorbraak is goedkoper dan de huidige situatie: hij betaalt zich terug, "
                               "ook als het dreigende scenario nooit uitkomt")
    return BreakEven(None, "de doorbraak is duurder dan het dreigende scenario: ook bij zekerheid (kans 1) "
                           "verdient hij zich niet terug; de keuze rust op legitimiteit en betrokkenheid")


class Uncertainty(NamedTuple):
    kans: Fraction | None  # the case-level kans, if given
    expected_totals: dict  # scenario -> Fraction, after kans and toerekening
    expected_rendement: dict  # "huidig"/"dreigend" -> Fraction
    break_even: BreakEven


def _plain(result: Result) -> bool:
    """No kans and no toerekening other than 1 anywhere (most cases): every adjusted and attributed amount is the
    line's own, so the expected totals are the totals."""
    kans = result.case.rendement.kans
    return (kans is None or kans == 1) and all(
        (r.line.kans is None or r.line.kans == 1) and r.line.toerekening == 1 for r in result.lines)


def assess(result: Result) -> Uncertainty:
    kans = result.case.rendement.kans
    if _plain(result):
        return Uncertainty(kans, dict(result.totals), dict(result.rendement), break_even(result.totals))
    exp = _sum(adjusted(r, kans) for r in result.lines)
    base = _sum(attributed(r) for r in result.lines)
    return Uncertainty(kans, exp, comparisons(exp), break_even(base))


SENSITIVITY_FACTORS = tuple(Fraction(p, 100) for p in (-50, -25, 0, 25, 50))
SENSITIVITY_KANS = tuple(Fraction(p, 100) for p in (0, 25, 50, 75, 100))


class SensitivityRow(NamedTuple):
    label: str  # Dutch row label
    value: Fraction  # the varied quantity (change or kans)
    rendement: dict  # "huidig"/"dreigend" -> Fraction


def sensitivity(result: Result) -> tuple[list, list]:
    """How both comparisons move when the threatening quantities change, and when kans changes."""
    base = _sum(attributed(r) for r in result.lines)
    by_quantity = []
    for f in SENSITIVITY_FACTORS:
        tot = dict(base, dreigend=base["dreigend"] * (1 + f))
        by_quantity.append(SensitivityRow(f"dreigend {'+' if f > 0 else '±' if f == 0 else ''}{int(f * 100)}%", f, comparisons(tot)))
    by_kans = []
    for p in SENSITIVITY_KANS:
        tot = dict(base, dreigend=p * base["dreigend"] + (1 - p) * base["huidig"])
        by_kans.append(SensitivityRow(f"kans {int(p * 100)}%", p, comparisons(tot)))
    return by_quantity, by_kans

