"""The integer sums, differences and products give the very Fraction that Fraction's own operators give."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from doorbraak_cli.compute.rational import difference, product, total

# amounts as a case makes them: prices in cents times quantities in days, weeks, months, negative too
fractions = st.builds(Fraction, st.integers(-10**12, 10**12), st.sampled_from([1, 2, 3, 4, 7, 12, 52, 100, 365, 1200]))
numbers = st.one_of(fractions, st.integers(-10**6, 10**6))


def _same(a, b) -> bool:
    return type(a) is type(b) is Fraction and (a.numerator, a.denominator) == (b.numerator, b.denominator)


@given(st.lists(numbers, max_size=12))
def test_total_is_the_sum(values):
    assert _same(total(values), sum(values, Fraction(0)))


@given(numbers, numbers)
def test_difference_and_product(a, b):
    assert _same(difference(a, b), Fraction(a) - b)
    assert _same(product(a, b), Fraction(a) * b)


@given(st.decimals(min_value=-10**9, max_value=10**9, places=3, allow_nan=False), fractions)
def test_a_price_times_a_quantity(price, q):
    assert _same(product(price, q), Fraction(price) * q)


def test_a_single_value_and_a_zero_are_given_back():
    x = Fraction(7, 12)
    assert total([x]) is x and difference(x, Fraction(0)) is x
    assert _same(total([]), Fraction(0)) and _same(total([3]), Fraction(3))


def test_a_case_without_kans_or_toerekening_expects_its_own_totals():
    """assess() takes a plain case's totals as its expected figures without adding them up again: the same
    figures as the line-by-line sum after kans and toerekening, for every sample and variants with a kans (1 or
    not) and a toerekening."""
    from conftest import SAMPLES

    from doorbraak_cli.check.case import check_data
    from doorbraak_cli.compute import uncertainty as u
    from doorbraak_cli.compute.cost import comparisons, compute
    from doorbraak_cli.source import yamlread

    variants = [("", ""), ("    posten:\n", "    kans: 1\n    posten:\n"), ("    posten:\n", "    kans: 50%\n    posten:\n"),
                ("        domein:", "        toerekening: 0,5\n        domein:"), ("        domein:", "        kans: 1\n        domein:")]
    plain = []
    for path in sorted(SAMPLES.glob("*.yaml")):
        for old, new in variants:
            text = path.read_text(encoding="utf-8").replace(old, new, 1) if old else path.read_text(encoding="utf-8")
            result = compute(check_data(yamlread.parse(text, str(path))).case)
            kans = result.case.rendement.kans
            exp = u._sum(u.adjusted(r, kans) for r in result.lines)
            base = u._sum(u.attributed(r) for r in result.lines)
            assert u.assess(result) == u.Uncertainty(kans, exp, comparisons(exp), u.break_even(base)), (path, new)
            plain.append(u._plain(result))
    assert any(plain) and not all(plain)
