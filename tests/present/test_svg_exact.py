"""The charts' shortcuts give the very bytes the plain way gives: a bar's height from integers is
``float(a / b)``, a wrapped label from the cache is textwrap's, an escaped text from the cache is
``safe.html_text``'s (a Markup, which escapes differently, never comes from the cache)."""

import textwrap
from fractions import Fraction as F

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from doorbraak_cli.present import svg
from doorbraak_cli.present.safe import html_text

amounts = st.fractions(min_value=-10**12, max_value=10**12, max_denominator=10**8) | st.integers(-10**12, 10**12)


@given(amounts, amounts.filter(lambda b: b > 0))
@settings(max_examples=1500, deadline=None)
def test_ratio_is_the_float_of_the_fraction(a, b):
    assert svg.ratio(a, b) == float(F(a) / F(b))


def test_ratio_where_rounding_is_close():
    # numerators and denominators past 2**53, where a float of each part would round
    for a, b in ((F(2**60 + 1, 3), F(2**61 - 1, 7)), (F(10**20 + 1, 10**20), F(1)), (F(1, 3), F(2, 3))):
        assert svg.ratio(a, b) == float(a / b)


texts = st.lists(st.sampled_from(list("ab cdé-\t\n€.,;") + ["Familie", "  "]), max_size=30).map("".join)


@given(st.lists(texts, max_size=4), st.sampled_from([14, 18, 21, 40]))
@settings(max_examples=1500, deadline=None)
def test_lines_are_textwraps(lines, width):
    expected = []
    for line in lines:
        expected.extend(textwrap.wrap(line, width, break_long_words=False) or [""])
    assert svg._lines(lines, width) == expected
    assert svg._lines(lines, width) == expected  # again, from the cache


@given(st.text(max_size=40))
@settings(max_examples=1500, deadline=None)
def test_escaped_text_is_html_texts(text):
    assert svg._e(text) == html_text(text)
    assert svg._e(text) == html_text(text)
    assert svg._e(Markup(text)) == html_text(Markup(text))


def test_a_markup_is_not_taken_from_the_cache():
    svg._e("a & b")
    assert svg._e(Markup("a & b")) == html_text(Markup("a & b"))


@given(st.lists(amounts, max_size=8))
@settings(max_examples=1500, deadline=None)
def test_largest_positive_is_max(values):
    expected = max([v for v in values if v > 0], default=0)
    got = svg.largest_positive(values)
    assert got == expected and (got > 0) == bool(got)
