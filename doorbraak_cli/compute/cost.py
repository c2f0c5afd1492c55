"""The cost rules of the method: pure functions, exact arithmetic, no I/O.

For each scenario s (huidig, dreigend, doorbraak)::

    totaal(s) = Σ prijs × aantal(s)         over the counted lines

    rendement t.o.v. huidige situatie  = totaal(huidig)   − totaal(doorbraak)
    rendement t.o.v. dreigend scenario = totaal(dreigend) − totaal(doorbraak)

Lines marked ``zekerheid: indicatief`` are computed but kept apart and never
counted. The same totals and comparisons are given per ``domein`` (who pays).
Nothing is rounded here; presenters round half-up when they show a figure.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from ..model.case import Case, CostLine
from ..model.vocabulary import COMPARISONS, REALISED, SCENARIOS, domain_order
from .rational import difference, product, total


class LineAmounts(NamedTuple):
    line: CostLine
    amounts: dict  # scenario -> Fraction


class Result(NamedTuple):
    case: Case
    lines: tuple  # counted LineAmounts
    indicative: tuple  # LineAmounts left out of the totals
    totals: dict  # scenario -> Fraction
    rendement: dict  # "huidig"/"dreigend" -> Fraction
    per_domein: dict  # domein -> {scenario -> Fraction}
    rendement_per_domein: dict  # domein -> {"huidig"/"dreigend" -> Fraction}
    indicative_totals: dict  # scenario -> Fraction


_ZERO = Fraction(0)
_ALL = (*SCENARIOS, REALISED)


def line_amounts(line: CostLine) -> LineAmounts:
    """prijs × aantal for each scenario, and for what was realised after the breakthrough (``gerealiseerd``;
    None when a planned line does not say: unknown is not zero; a line with nothing planned and nothing
    recorded needed nothing)."""
    price = None
    amounts = {}
    for s in _ALL:
        if s == REALISED and line.gerealiseerd is None and line.doorbraak.value:
            amounts[s] = None
            continue
        q = line.quantity(s).value
        if q:
            if price is None:
                price = Fraction(line.prijs)
            amounts[s] = product(price, q)
        else:
            amounts[s] = _ZERO  # most lines are empty in most scenarios: no arithmetic for those
    return LineAmounts(line, amounts)


def totals(rows) -> dict:
    out = {}
    for s in SCENARIOS:
        amounts = [row.amounts[s] for row in rows]
        out[s] = total([a for a in amounts if a]) if any(amounts) else _ZERO  # zeros: no arithmetic at all
    return out


def comparisons(tot: dict) -> dict:
    """The two signed comparisons: positive = return, negative = cost."""
    return {against: difference(tot[against], tot["doorbraak"]) for against in COMPARISONS}


def compute(case: Case) -> Result:
    rows = [line_amounts(line) for line in case.rendement.posten]
    counted = tuple(r for r in rows if not r.line.indicatief)
    indicative = tuple(r for r in rows if r.line.indicatief)
    by_domain: dict = {}
    for r in counted:
        by_domain.setdefault(r.line.domein, []).append(r)
    per_domein = {d: totals(by_domain[d]) for d in sorted(by_domain, key=domain_order)}
    tot = totals(counted)
    return Result(
        case=case,
        lines=counted,
        indicative=indicative,
        totals=tot,
        rendement=comparisons(tot),
        per_domein=per_domein,
        rendement_per_domein={d: comparisons(t) for d, t in per_domein.items()},
        indicative_totals=totals(indicative),
    )
