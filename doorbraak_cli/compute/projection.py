"""When does it pay back? The rendement projected over several years.

Rules (documented in the README, pure functions):

* The case's quantities cover ``rendement.periode`` (default 12 maanden). A
  recurring line costs its amount × (1 jaar / periode) in each year of the
  horizon, or for its own ``looptijd``.
* A one-off line (``eenmalig: true``; by default lines in keer, traject,
  interventie, fiets or auto) costs its amount once, in year 1.
* Amounts are those after ``kans`` and ``toerekening`` (see uncertainty.py),
  which are the method's own when those keys are absent.
* With ``disconto`` r, year k counts 1 / (1 + r)^(k − 1): year 1 is today's money.
* The payback year against a scenario is the first year in which the
  cumulative comparison is no longer negative.

For Lars (an e-bike of € 1.750 once, against 12 months of bijstand that recur):
year 1 gives € 10.878, every later year € 12.628.
"""

from __future__ import annotations

from fractions import Fraction
from math import ceil
from typing import NamedTuple

from ..model.vocabulary import COMPARISONS, SCENARIOS
from .cost import Result, comparisons
from .uncertainty import adjusted


class Year(NamedTuple):
    year: int
    totals: dict  # scenario -> Fraction (discounted)
    rendement: dict
    cumulative_totals: dict
    cumulative_rendement: dict


class Projection(NamedTuple):
    horizon: int
    disconto: Fraction | None
    years: tuple  # of Year
    payback: dict  # "huidig"/"dreigend" -> first year the cumulative comparison >= 0, or None


def _active(line, year: int) -> bool:
    if line.eenmalig:
        return year == 1
    if line.looptijd is None:
        return True
    return year <= ceil(line.looptijd)


def _share(line, year: int) -> Fraction:
    """The part of a full year a recurring line runs in ``year`` (a looptijd of 1,5 jaar: 1, then 1/2)."""
    if line.eenmalig or line.looptijd is None:
        return Fraction(1)
    return min(Fraction(1), max(Fraction(0), line.looptijd - (year - 1)))


def plain_one_year(result: Result, n: int) -> bool:
    """The method's own case: one year over a period of a year, no kans, toerekening or looptijd under a year.

    Then every line's adjusted amount is its calc amount and the one projected year is calc's own year.
    """
    rend = result.case.rendement
    if n != 1 or rend.kans is not None or rend.disconto or rend.periode_jaren != 1:
        return False
    return all(r.line.kans is None and r.line.toerekening == 1 and (r.line.looptijd is None or r.line.looptijd >= 1)
               for r in result.lines)


def project(result: Result, horizon: int | None = None) -> Projection:
    """The years over the horizon; the common one-year case straight from calc's totals (the same figures,
    tests/compute/test_outlook.py keeps the two paths in step), since a report projects 10,000 cases."""
    n = horizon or result.case.rendement.horizon
    if plain_one_year(result, n):
        tot = dict(result.totals)
        rend = comparisons(tot)
        year = Year(1, tot, rend, dict(tot), dict(rend))
        return Projection(1, result.case.rendement.disconto, (year,), {a: 1 if rend[a] >= 0 else None
                                                                        for a in COMPARISONS})
    return project_years(result, n)


def project_years(result: Result, n: int) -> Projection:
    """Year by year, every line with its kans, toerekening, looptijd, period and the discount."""
    rend = result.case.rendement
    per_year = 1 / rend.periode_jaren
    rows = [(r.line, adjusted(r, rend.kans)) for r in result.lines]
    years = []
    cum = {s: Fraction(0) for s in SCENARIOS}
    payback: dict = {a: None for a in COMPARISONS}
    for k in range(1, n + 1):
        discount = 1 / (1 + rend.disconto) ** (k - 1) if rend.disconto else Fraction(1)
        tot = {s: Fraction(0) for s in SCENARIOS}
        for line, amounts in rows:
            if not _active(line, k):
                continue
            factor = (Fraction(1) if line.eenmalig else per_year * _share(line, k)) * discount
            for s in SCENARIOS:
                if amounts[s]:
                    tot[s] += amounts[s] if factor == 1 else amounts[s] * factor
        for s in SCENARIOS:
            cum[s] += tot[s]
        cum_rend = comparisons(cum)
        for a in COMPARISONS:
            if payback[a] is None and cum_rend[a] >= 0:
                payback[a] = k
        years.append(Year(k, tot, comparisons(tot), dict(cum), cum_rend))
    return Projection(n, rend.disconto, tuple(years), payback)
