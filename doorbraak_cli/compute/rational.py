"""Exact sums, differences and products of Fractions in integer arithmetic, with one Fraction made per result.

A case's figures are sums of a few Fractions each; Fraction's own operators
make (and reduce) a new Fraction at every step, most of the time an analysis
took. These give the very same Fraction (reduced once, at the end: a Fraction
in lowest terms is unique), in integers.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd


def total(values: list) -> Fraction:
    """The sum of a list of Fractions (or ints), exactly ``sum(values, Fraction(0))``: one Fraction is itself."""
    if len(values) == 1 and values[0].__class__ is Fraction:
        return values[0]
    n, d = 0, 1
    for v in values:
        vd = v.denominator
        if vd == d:
            n += v.numerator
        elif d == 1:
            n = n * vd + v.numerator
            d = vd
        else:
            g = gcd(d, vd)
            step = vd // g
            n = n * step + v.numerator * (d // g)
            d *= step
    return Fraction(n, d)


def difference(a, b) -> Fraction:
    """``a - b`` of two Fractions (or ints)."""
    if not b and a.__class__ is Fraction:
        return a
    ad, bd = a.denominator, b.denominator
    if ad == bd:
        return Fraction(a.numerator - b.numerator, ad)
    return Fraction(a.numerator * bd - b.numerator * ad, ad * bd)


def product(a, b) -> Fraction:
    """``a * b`` of two Fractions (or ints, or a Decimal ``a``: a price, exactly as Fraction(a) * b)."""
    if a.__class__ is not Fraction and a.__class__ is not int:
        a = Fraction(a)
    return Fraction(a.numerator * b.numerator, a.denominator * b.denominator)
