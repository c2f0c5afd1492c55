"""Exact sums and order statistics over Amounts (numerator, denominator), for the portfolio figures."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import lcm


def frac(a) -> Fraction:
    """The Fraction of an :data:`~.shape.Amount` (numerator, denominator)."""
    return Fraction(a[0], a[1])


def sign(a) -> int:
    """The sign of an Amount."""
    n = a[0]
    return (n > 0) - (n < 0)


def add(acc: dict, a) -> None:
    """Add an Amount to an exact sum kept as {denominator: numerator total}."""
    n, d = a
    acc[d] = acc.get(d, 0) + n


def merge(into: dict, other: dict) -> None:
    """Add one exact sum to another."""
    for den, num in other.items():
        into[den] = into.get(den, 0) + num


def value(acc: dict) -> Fraction:
    """The value of an exact sum."""
    return sum((Fraction(n, d) for d, n in acc.items()), Fraction(0))


def sums(keys) -> dict:
    """An empty exact sum per key."""
    return {k: {} for k in keys}


def sum_values(values) -> Fraction:
    acc: dict = {}
    for v in values:
        acc[v.denominator] = acc.get(v.denominator, 0) + v.numerator
    return value(acc)


def exact_sorted(amounts) -> SortedExact:
    """Amounts sorted exactly, through integer keys over a common denominator."""
    pairs = list(amounts)
    if pairs:
        common = lcm(*{d for _, d in pairs})
        pairs.sort(key=lambda p: p[0] * (common // p[1]))
    return SortedExact(pairs)


class SortedExact(Sequence):
    """Exact values in order, kept as (numerator, denominator) pairs: a Fraction is made only for the few values a
    median or quantile reads (a portfolio of 10,000 cases sorts several such lists in every run)."""

    __slots__ = ("_pairs",)

    def __init__(self, pairs: list):
        self._pairs = pairs

    def __len__(self) -> int:
        return len(self._pairs)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [Fraction(n, d) for n, d in self._pairs[i]]
        n, d = self._pairs[i]
        return Fraction(n, d)

    def total(self) -> Fraction:
        """The exact sum of all values."""
        acc: dict = {}
        for n, d in self._pairs:
            acc[d] = acc.get(d, 0) + n
        return value(acc)


def median(values: Sequence) -> Fraction | None:
    """The median of sorted exact values (mean of the middle two for an even count)."""
    n = len(values)
    if not n:
        return None
    mid = n // 2
    return Fraction(values[mid]) if n % 2 else (Fraction(values[mid - 1]) + Fraction(values[mid])) / 2


def quantile(values: Sequence, p: Fraction) -> Fraction | None:
    """The inclusive quantile (linear between closest ranks, as spreadsheets' QUARTILE.INC) of sorted values."""
    n = len(values)
    if not n:
        return None
    h = (n - 1) * p
    lo = int(h)
    if lo + 1 >= n:
        return Fraction(values[-1])
    return values[lo] + (h - lo) * (values[lo + 1] - values[lo])


def count(into: dict, key, n: int = 1) -> None:
    into[key] = into.get(key, 0) + n


def merge_counts(into: dict, other: dict) -> None:
    for k, v in other.items():
        into[k] = into.get(k, 0) + v
