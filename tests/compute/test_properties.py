"""Property tests: the totals are the sum of the lines, and the comparisons are consistent."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from doorbraak_cli.check.case import check_data
from doorbraak_cli.compute.cost import compute
from doorbraak_cli.present import numbers as fmt
from doorbraak_cli.source import yamlread

UNITS = ["dag", "week", "maand", "jaar", "uur", "keer", "interventie"]
TIME = {"dag", "week", "maand", "jaar"}

prices = st.decimals(min_value=Decimal("0"), max_value=Decimal("200000"), places=2, allow_nan=False)


@st.composite
def quantity(draw, unit):
    kind = draw(st.sampled_from(["int", "dec", "product", "time"] if unit in TIME else ["int", "dec", "product"]))
    if kind == "int":
        return str(draw(st.integers(0, 1000)))
    if kind == "dec":
        return f"{draw(st.integers(0, 99))},{draw(st.integers(0, 99))}"
    if kind == "product":
        return f"{draw(st.integers(0, 9))} x {draw(st.integers(0, 40))}"
    return f"{draw(st.integers(0, 9))} x {draw(st.integers(1, 30))} {draw(st.sampled_from(['dagen', 'weken', 'maanden', 'jaar']))}"


@st.composite
def case_text(draw):
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        unit = draw(st.sampled_from(UNITS))
        price = draw(prices)
        line = (f"      - omschrijving: Post\n        prijs: {price}\n        eenheid: {unit}\n"
                f"        domein: {draw(st.sampled_from(['Wmo', 'Jeugdwet', 'Wlz', 'Participatiewet']))}\n")
        for s in ("huidig", "dreigend", "doorbraak"):
            if draw(st.booleans()):
                line += f"        {s}: {draw(quantity(unit))}\n"
        if draw(st.integers(0, 5)) == 0:
            line += "        zekerheid: indicatief\n"
        lines.append(line)
    return ("schema: doorbraakplan/1\nid: p-1\ntitel: T\nstatus: concept\nsituatieschets: x\n"
            "toekomstperspectief: {kort: x}\noverzicht: {zelf: x, ondersteuning: x, behandeling: x}\n"
            "doorbraak: [{omschrijving: x, leefgebied: wonen}]\n"
            "waardendriehoek:\n  legitimiteit: []\n  betrokkenheid: x\n  afweging: x\n  rendement:\n    posten:\n"
            + "".join(lines) + "actieplan: {acties: [], vangnet: x}\n")


@settings(max_examples=150, deadline=None)
@given(case_text())
def test_totals_are_the_sum_of_the_lines_and_comparisons_are_consistent(text):
    checked = check_data(yamlread.parse(text, "p.yaml"))
    assert checked.case is not None, [p.format() for p in checked.errors]
    r = compute(checked.case)
    for s in ("huidig", "dreigend", "doorbraak"):
        assert r.totals[s] == sum((x.amounts[s] for x in r.lines), Fraction(0))
        assert r.totals[s] == sum((t[s] for t in r.per_domein.values()), Fraction(0))
        for x in r.lines:
            assert x.amounts[s] == Fraction(x.line.prijs) * x.line.quantity(s).value
    assert r.rendement["dreigend"] - r.rendement["huidig"] == r.totals["dreigend"] - r.totals["huidig"]
    # indicative lines never count
    assert all(not x.line.indicatief for x in r.lines)
    # the JSON contract rounds the exact figure once, half-up
    assert Decimal(fmt.amount_json(r.rendement["dreigend"])) == fmt.to_decimal(r.rendement["dreigend"])


@settings(max_examples=100, deadline=None)
@given(case_text())
def test_backends_agree_on_generated_cases(text):
    figures = []
    for backend in ("libyaml", "pyyaml", "ruamel"):
        r = compute(check_data(yamlread.parse(text, "p.yaml", backend)).case)
        figures.append((r.totals, r.rendement, r.per_domein))
    assert figures[0] == figures[1] == figures[2]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.fractions(min_value=-10**6, max_value=10**6, max_denominator=400), max_size=40))
def test_exact_sorted_is_the_sorted_fractions(values):
    """The portfolio's order statistics read a lazily made sorted sequence: every item, slice, the sum, the
    median and the quartiles are those of the plainly sorted Fractions."""
    from doorbraak_cli.compute.portfolio import exact as ex

    amounts = [v.as_integer_ratio() for v in values]  # as a case's summary holds them
    got, want = ex.exact_sorted(amounts), sorted(values)
    assert len(got) == len(want) and list(got) == want and got[1:3] == want[1:3]
    assert got.total() == sum(want, Fraction(0))
    assert ex.median(got) == ex.median(want)
    for p in (Fraction(1, 4), Fraction(3, 4)):
        assert ex.quantile(got, p) == ex.quantile(want, p)
    if want:
        assert got[-1] == want[-1] and isinstance(got[0], Fraction)
