"""Issue 5 on one case: years, uncertainty and money flows (calc side)."""

import json
from decimal import Decimal
from fractions import Fraction

import pytest
from conftest import SAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st
from test_properties import case_text
from typer.testing import CliRunner

from doorbraak_cli.check.case import check_data, check_file
from doorbraak_cli.cli import app
from doorbraak_cli.compute.cost import compute
from doorbraak_cli.compute.flows import flows
from doorbraak_cli.compute.projection import plain_one_year, project, project_years
from doorbraak_cli.compute.uncertainty import assess as analyse
from doorbraak_cli.source import yamlread

runner = CliRunner()
SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))


def _json(path, *args):
    result = runner.invoke(app, ["calc", "-f", "json", *args, str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_lars_pays_back_in_year_one_and_saves_more_every_year_after():
    """The book: € 10.878 in the first year, then € 12.628 a year (the e-bike is bought once)."""
    data = _json(SAMPLES / "plan-3-lars-en-klaas.yaml", "--horizon", "4")
    years = data["meerjarig"]["jaren"]
    assert [y["rendement"]["dreigend"] for y in years] == ["10877.84", "12627.84", "12627.84", "12627.84"]
    assert [y["cumulatief"]["rendement"]["huidig"] for y in years][:2] == ["10877.84", "23505.68"]
    assert data["meerjarig"]["terugverdiend_in_jaar"] == {"huidig": 1, "dreigend": 1}
    md = runner.invoke(app, ["calc", "-f", "markdown", "--jaren", "--horizon", "2", str(SAMPLES / "plan-3-lars-en-klaas.yaml")]).stdout
    assert "rendement € 10.878" in md and "rendement € 12.628" in md and "rendement € 23.506" in md


def test_horizon_key_in_the_case(write_case, minimal_text):
    text = minimal_text.replace("    periode: 12 maanden\n", "    periode: 12 maanden\n    horizon: 3 jaar\n")
    data = _json(write_case(text))
    assert data["meerjarig"]["horizon"] == 3 and len(data["meerjarig"]["jaren"]) == 3


def test_without_new_keys_every_figure_is_the_foundations():
    for path in SAMPLE_FILES:
        data = _json(path)
        assert data["onzekerheid"]["verwacht"]["totalen"] == data["totalen"]
        assert data["onzekerheid"]["verwacht"]["rendement"] == data["rendement"]
        (year,) = data["meerjarig"]["jaren"]
        assert year["totalen"] == data["totalen"] and year["rendement"] == data["rendement"]


@settings(max_examples=60, deadline=None)
@given(case_text())
def test_property_no_new_keys_changes_nothing(text):
    r = compute(check_data(yamlread.parse(text, "p.yaml")).case)
    u = analyse(r)
    assert u.expected_totals == r.totals
    (year,) = project(r).years
    assert year.totals == r.totals and year.rendement == r.rendement


@settings(max_examples=80, deadline=None)
@given(case_text(), st.sampled_from(["", "        eenmalig: true\n", "        looptijd: 2 jaar\n",
                                     "        looptijd: 1 jaar\n", "        looptijd: 6 maanden\n",
                                     "        toerekening: 0,5\n", "        kans: 0,8\n"]))
def test_the_one_year_short_path_is_the_year_by_year_path(text, extra):
    """A report projects 10,000 cases: the method's own one-year case skips the year loop, with the same figures."""
    text = text.replace("        domein:", extra + "        domein:", 1)
    r = compute(check_data(yamlread.parse(text, "p.yaml")).case)
    assert project(r, 1) == project_years(r, 1)
    assert project(r, 3) == project_years(r, 3)
    plain = extra in ("", "        eenmalig: true\n", "        looptijd: 2 jaar\n", "        looptijd: 1 jaar\n")
    if any(x.line.index == 0 for x in r.lines):  # the first line (the one changed) is counted, not indicative
        assert plain_one_year(r, 1) == plain


def test_kans_one_reproduces_the_one_period_figures(write_case):
    text = (SAMPLES / "plan-6-eveline.yaml").read_text(encoding="utf-8").replace("    posten:\n", "    kans: 1\n    posten:\n", 1)
    data = _json(write_case(text))
    assert data["onzekerheid"]["verwacht"]["totalen"] == {"huidig": "0.00", "dreigend": "57650.00", "doorbraak": "3600.00"}
    assert data["onzekerheid"]["verwacht"]["rendement"] == {"huidig": "-3600.00", "dreigend": "54050.00"}
    assert data["meerjarig"]["jaren"][0]["rendement"] == {"huidig": "-3600.00", "dreigend": "54050.00"}


def test_kans_weighs_the_threat_against_the_current_situation(write_case):
    text = (SAMPLES / "plan-6-eveline.yaml").read_text(encoding="utf-8").replace("    posten:\n", "    kans: 50%\n    posten:\n", 1)
    data = _json(write_case(text))
    assert data["onzekerheid"]["kans"] == "0.5"
    assert data["onzekerheid"]["verwacht"]["totalen"]["dreigend"] == "28825.00"  # ½ × 57.650 + ½ × 0
    assert data["onzekerheid"]["verwacht"]["rendement"]["dreigend"] == "25225.00"
    assert data["totalen"]["dreigend"] == "57650.00"  # the method's own figure is untouched


def test_attribution_credits_part_of_a_lines_effect(write_case, minimal_text):
    text = minimal_text.replace("        dreigend: 182\n", "        dreigend: 182\n        toerekening: 0,5\n")
    data = _json(write_case(text))
    # opvang 18.200 is credited for half: 9.100 (the other lines unchanged: 10.500 − 2.100)
    assert data["onzekerheid"]["verwacht"]["rendement"]["dreigend"] == "17500.00"


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_break_even_probability_solves_the_equation(path):
    data = _json(path)
    t = {k: Decimal(v) for k, v in data["totalen"].items()}
    p = data["onzekerheid"]["break_even_kans"]
    if p is None:
        # no probability in [0, 1]: then the equation's solution lies outside it (or does not exist)
        if t["dreigend"] != t["huidig"]:
            sol = (t["doorbraak"] - t["huidig"]) / (t["dreigend"] - t["huidig"])
            assert not (0 <= sol <= 1)
        assert data["onzekerheid"]["break_even_toelichting"]
    else:
        p = Decimal(p)
        assert 0 <= p <= 1
        assert abs(p * t["dreigend"] + (1 - p) * t["huidig"] - t["doorbraak"]) <= Decimal("0.01")


def test_break_even_for_eveline_and_the_variant():
    assert Decimal(_json(SAMPLES / "plan-6-eveline.yaml")["onzekerheid"]["break_even_kans"]).quantize(Decimal("0.0001")) == Decimal("0.0624")  # 3.600 / 57.650
    assert _json(SAMPLES / "plan-6b-eveline-gesloten-jeugdzorg.yaml")["onzekerheid"]["break_even_kans"] is None
    out = runner.invoke(app, ["calc", str(SAMPLES / "plan-6-eveline.yaml")]).stdout
    assert "Break-even-kans: 6,2%" in out


def test_discounting_is_exact_and_year_one_is_todays_money(write_case):
    text = (SAMPLES / "plan-3-lars-en-klaas.yaml").read_text(encoding="utf-8").replace(
        "    posten:\n", "    disconto: 2,25%\n    horizon: 2 jaar\n    posten:\n", 1)
    years = _json(write_case(text))["meerjarig"]["jaren"]
    assert years[0]["rendement"]["dreigend"] == "10877.84"
    assert years[1]["rendement"]["dreigend"] == "12349.97"  # 12.627,84 / 1,0225 = 12.349,9657… rounded half-up


def test_one_off_by_unit_and_by_key(write_case, minimal_text):
    case = check_file(str(SAMPLES / "plan-5-willem.yaml")).case
    by_unit = {line.eenheid: line.eenmalig for line in case.rendement.posten}
    assert by_unit == {"uur": False, "keer": True, "dag": False}
    text = minimal_text.replace("        doorbraak: 1\n", "        doorbraak: 1\n        eenmalig: true\n")
    years = _json(write_case(text), "--horizon", "2")["meerjarig"]["jaren"]
    assert years[1]["totalen"]["doorbraak"] == "0.00"  # huurtoeslag now once


def test_looptijd_limits_a_recurring_line(write_case, minimal_text):
    text = minimal_text.replace("        dreigend: 3 x 6 maanden\n", "        dreigend: 3 x 6 maanden\n        looptijd: 1 jaar\n")
    years = _json(write_case(text), "--horizon", "2")["meerjarig"]["jaren"]
    assert years[0]["totalen"]["dreigend"] == "28700.00"
    assert years[1]["totalen"]["dreigend"] == "18200.00"  # the pleegzorg line stops after a year


@pytest.mark.parametrize("old,new,code", [
    ("    periode: 12 maanden\n", "    periode: 12 maanden\n    kans: 120%\n", "buiten-bereik"),
    ("    periode: 12 maanden\n", "    periode: 12 maanden\n    kans: veel\n", "ongeldige-waarde"),
    ("    periode: 12 maanden\n", "    periode: 12 maanden\n    horizon: 18 maanden\n", "ongeldige-waarde"),
    ("    periode: 12 maanden\n", "    periode: 12 maanden\n    disconto: 2.25.1\n", "ongeldige-waarde"),
    ("        dreigend: 182\n", "        dreigend: 182\n        toerekening: 2\n", "buiten-bereik"),
    ("        dreigend: 182\n", "        dreigend: 182\n        eenmalig: ja\n", "verkeerd-type"),
])
def test_bad_new_keys_are_located_errors(write_case, minimal_text, old, new, code):
    checked = check_file(write_case(minimal_text.replace(old, new)), full=True)
    assert not checked.ok and code in {p.code for p in checked.errors}, [p.format() for p in checked.problems]
    assert all(p.line for p in checked.errors)


def test_esther_flows_show_who_invests_and_who_profits():
    r = compute(check_file(str(SAMPLES / "plan-2-esther-en-javairo.yaml")).case)
    against_current = {d.domein: d for d in flows(r, "huidig").domains}
    assert against_current["Participatiewet"].investeert == Fraction("3607.92")  # 12.627,84 − 9.019,92
    against_threat = flows(r, "dreigend")
    assert {d.domein: d.profiteert for d in against_threat.domains}["Wlz"] == 54750
    assert sum(a for _, _, a in against_threat.stromen) == sum(d.investeert for d in against_threat.domains)


def test_sensitivity_table():
    out = runner.invoke(app, ["calc", "-f", "markdown", "--gevoeligheid", str(SAMPLES / "plan-6-eveline.yaml")]).stdout
    assert "| dreigend -50% | kosten € 3.600 | rendement € 25.225 |" in out  # ½ × 57.650 − 3.600
    assert "| kans 0% | kosten € 3.600 | kosten € 3.600 |" in out
    assert "| kans 100% | kosten € 3.600 | rendement € 54.050 |" in out


def test_who_pays_reads_as_the_book_for_esther():
    """METHOD.md: the investment is made from the Participatiewet, the saving lands in the Wlz."""
    from doorbraak_cli.present.tables import who_pays

    r = compute(check_file(str(SAMPLES / "plan-2-esther-en-javairo.yaml")).case)
    sentences = who_pays(r)
    assert sentences[0].startswith("Investeert t.o.v. de huidige situatie") and "Participatiewet (€ 3.608)" in sentences[0]
    assert sentences[-1].startswith("Profiteert t.o.v. het dreigende scenario") and sentences[-1].endswith("Wlz (€ 54.750)")
    assert not any("Wlz" in s for s in sentences[:-1])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["Zvw", "Wmo", "Jeugdwet", "Wlz", "Participatiewet", "Wgs", "Overig"]),
                       st.fractions(min_value=-100000, max_value=100000, max_denominator=100), min_size=1))
def test_money_flows_never_overstate(nets):
    """What flows from a domain never exceeds what it invests, what flows into one never exceeds what it saves."""
    from types import SimpleNamespace

    result = SimpleNamespace(rendement_per_domein={d: {"dreigend": v, "huidig": v} for d, v in nets.items()})
    f = flows(result, "dreigend")
    invest = {d: -v for d, v in nets.items() if v < 0}
    save = {d: v for d, v in nets.items() if v > 0}
    out = {d: sum((x for van, _, x in f.stromen if van == d), Fraction(0)) for d in invest}
    into = {d: sum((x for _, naar, x in f.stromen if naar == d), Fraction(0)) for d in save}
    assert all(out[d] <= invest[d] for d in invest) and all(into[d] <= save[d] for d in save)
    total = sum((x for _, _, x in f.stromen), Fraction(0))
    assert total == min(sum(invest.values(), Fraction(0)), sum(save.values(), Fraction(0))) or not (invest and save)
    assert f.rest == sum(save.values(), Fraction(0)) - sum(invest.values(), Fraction(0))
