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


def _plain_bar_chart(bars, title, description=""):
    """The bar chart as it was made before its fixed parts were kept: every part made anew."""
    width, height = 560, 330
    top, bottom, side = 48, 70, 12
    plot_h = height - top - bottom
    n = len(bars)
    slot = (width - 2 * side) / max(n, 1)
    bar_w = min(120.0, slot * 0.64)
    base = top + plot_h
    highest = max((b.value for b in bars if b.value > 0), default=F(0))
    e = html_text
    parts = [f'<svg class="grafiek" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="100%" role="img" aria-labelledby="grafiek-titel" preserveAspectRatio="xMidYMid meet" '
             f'font-family="{e(svg.FONT)}">', f'<title id="grafiek-titel">{e(title)}</title>']
    if description:
        parts.append(f"<desc>{e(description)}</desc>")
    for q in (1, 2, 3, 4):
        y = base - plot_h * q / 4
        parts.append(f'<line x1="{side}" x2="{width - side}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e7ec" stroke-width="1"/>')
    for i, b in enumerate(bars):
        cx = side + slot * i + slot / 2
        x = cx - bar_w / 2
        h = max(2.0, float(b.value / highest) * plot_h) if highest > 0 and b.value > 0 else 0.0
        y = base - h
        colour = svg.BAR_COLOURS.get(b.key, "#55606e")
        parts.append(f'<rect class="staaf" data-scenario="{e(b.key)}" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                     f'height="{h:.1f}" rx="3" fill="{colour}"><title>{e(b.label)}: {e(b.shown)}</title></rect>')
        parts.append(f'<text x="{cx:.1f}" y="{y - 10:.1f}" text-anchor="middle" font-size="23" font-weight="700" '
                     f'fill="#1f2933">{e(b.shown)}</text>')
        for j, line in enumerate(textwrap.wrap(str(b.label), 14, break_long_words=False) or [""]):
            parts.append(f'<text x="{cx:.1f}" y="{base + 27 + 22 * j:.1f}" text-anchor="middle" font-size="19" '
                         f'fill="#3e4c59">{e(line)}</text>')
    parts.append(f'<line x1="{side}" x2="{width - side}" y1="{base:.1f}" y2="{base:.1f}" stroke="#3e4c59" '
                 'stroke-width="1.5"/>')
    parts.append("</svg>")
    return "".join(parts)


labels = st.sampled_from(["Huidige situatie", "Dreigend scenario", "Doorbraak", "a & <b>", "Een heel lang label hier"])


@given(st.lists(st.tuples(st.sampled_from(["huidig", "dreigend", "doorbraak", "x"]), labels, amounts),
                min_size=1, max_size=4), st.booleans())
@settings(max_examples=800, deadline=None)
def test_bar_chart_is_the_plain_one(rows, markup):
    bars = [svg.Bar(k, Markup(label) if markup else label, v, f"€ {v}") for k, label, v in rows]
    assert svg.bar_chart(bars, "Titel <x>", "Uitleg") == _plain_bar_chart(bars, "Titel <x>", "Uitleg")
    assert svg.bar_chart(bars, "T") == _plain_bar_chart(bars, "T")
