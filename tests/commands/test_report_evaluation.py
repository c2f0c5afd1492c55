"""report's Evaluatie section: realised against planned over the cases, quality of life, and the worklist of late
follow-up measurements on a peildatum. Every expected figure is worked out by hand in the comments."""

import json

import pytest
from conftest import DATA
from typer.testing import CliRunner

from doorbraak_cli.cli import app

runner = CliRunner()
BASE = (DATA / "minimaal.yaml").read_text(encoding="utf-8")  # huidig 0, dreigend 18.200 + 10.500 = 28.700, doorbraak 2.100


def scores(*six):
    names = ("lichaamsfuncties", "mentaal_welbevinden", "zingeving", "kwaliteit_van_leven", "meedoen",
             "dagelijks_functioneren")
    return "    scores:\n" + "".join(f"      {n}: {v}\n" for n, v in zip(names, six))


def case(cid, gemeente="Testdorp", realisatie="", metingen=(), huurtoeslag=None, status="gerealiseerd"):
    text = BASE.replace("id: 2026-testdorp-001", f"id: {cid}").replace("gemeente: Testdorp", f"gemeente: {gemeente}")
    text = text.replace("status: ingediend", f"status: {status}")
    if huurtoeslag is not None:
        text = text.replace("        doorbraak: 1\n", f"        doorbraak: 1\n        gerealiseerd: {huurtoeslag}\n")
    if realisatie:
        text += "realisatie:\n" + realisatie
    if metingen:
        text += "metingen:\n" + "".join(f"  - datum: {d}\n" + scores(*s) for d, s in metingen)
    return text


@pytest.fixture
def portfolio(tmp_path):
    cases = {
        # realised on 31 January: follow-ups due 30 April 2026 (no 31 April) and 31 January 2027; none taken
        "a": case("2026-test-a", realisatie="  datum: 2026-01-31\n  uitkomst: gelukt\n", huurtoeslag=1,
                  metingen=[("2026-01-10", (4, 4, 4, 4, 4, 4))]),
        # the first follow-up taken on 10 May (late, but taken): only the second is open
        "b": case("2026-test-b", realisatie="  datum: 2026-01-31\n  uitkomst: deels\n", huurtoeslag=2,
                  metingen=[("2026-01-10", (5, 5, 5, 5, 5, 5)), ("2026-05-10", (6, 7, 5, 6.5, 4, 5))]),
        # six weeks after 15 March is 26 April; one follow-up only
        "c": case("2026-test-c", gemeente="Anderdorp",
                  realisatie="  datum: 2026-03-15\n  metingen_na: [6 weken]\n"),
        # measured, not realised: never on the worklist
        "d": case("2026-test-d", status="goedgekeurd", metingen=[("2025-12-01", (3, 3, 3, 3, 3, 3))]),
    }
    for name, text in cases.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def report(folder, *args):
    result = runner.invoke(app, ["report", "-q", "-f", "json", *args, str(folder)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["evaluatie"]


@pytest.mark.parametrize("peildatum, late", [
    ("2026-04-26", []),  # due today is not late yet
    ("2026-04-27", [("2026-test-c", "eerste vervolgmeting", "2026-04-26")]),
    ("2026-05-01", [("2026-test-c", "eerste vervolgmeting", "2026-04-26"),
                    ("2026-test-a", "eerste vervolgmeting", "2026-04-30")]),
    ("2027-02-01", [("2026-test-c", "eerste vervolgmeting", "2026-04-26"),
                    ("2026-test-a", "eerste vervolgmeting", "2026-04-30"),
                    ("2026-test-a", "tweede vervolgmeting", "2027-01-31"),
                    ("2026-test-b", "tweede vervolgmeting", "2027-01-31")]),
])
def test_worklist_lists_exactly_the_late_follow_ups(portfolio, peildatum, late):
    ev = report(portfolio, "--peildatum", peildatum)
    assert ev["peildatum"] == peildatum
    assert [(x["id"], x["meting"], x["vervaldatum"]) for x in ev["metingen_te_laat"]] == late


def test_worklist_follows_the_filters_and_shows_in_every_format(portfolio):
    ev = report(portfolio, "--peildatum", "2027-02-01", "--gemeente", "Testdorp")
    assert [x["id"] for x in ev["metingen_te_laat"]] == ["2026-test-a", "2026-test-a", "2026-test-b"]
    md = runner.invoke(app, ["report", "-q", "-f", "markdown", "--peildatum", "2026-05-01", str(portfolio)]).stdout
    assert "te laat zijn: 2." in md and "| 2026-test-c | eerste vervolgmeting | 2026-04-26 |" in md
    term = runner.invoke(app, ["report", "-q", "--peildatum", "2026-05-01", str(portfolio)]).stdout
    assert "2026-test-a" in term and "Te late vervolgmetingen" in term


def test_a_repeated_report_on_another_peildatum_is_not_the_cached_one(portfolio):
    assert len(report(portfolio, "--peildatum", "2026-05-01")["metingen_te_laat"]) == 2
    assert len(report(portfolio, "--peildatum", "2027-02-01")["metingen_te_laat"]) == 4
    assert len(report(portfolio, "--peildatum", "2026-05-01")["metingen_te_laat"]) == 2


def test_bad_peildatum_is_a_usage_error(portfolio):
    result = runner.invoke(app, ["report", "-q", "--peildatum", "2026-02-30", str(portfolio)])
    assert result.exit_code == 2 and "--peildatum" in result.output


def test_realised_figures_count_the_complete_cases_on_both_sides(portfolio):
    ev = report(portfolio, "--peildatum", "2026-05-01")
    # outcomes of the three realised cases: a gelukt, b deels, c not stated
    assert ev["per_uitkomst"] == {"gelukt": 1, "deels": 1, "niet gelukt": 0, "niet vermeld": 1}
    # c is realised but says nothing of its planned Huurtoeslag: its realised cost is unknown (not 0), so it is
    # on the worklist and in neither sum; a (huurtoeslag 1 × 2.100) and b (2 × 2.100) are complete
    assert ev["nacalculatie_ontbreekt"] == ["2026-test-c"]
    assert ev["casussen_met_realisatie"] == 2
    assert ev["gepland"] == "4200.00"  # 2 × 2.100: the plans of a and b only, never c's
    assert ev["gerealiseerd"] == "6300.00"  # 2.100 + 4.200
    assert ev["afwijking"] == "2100.00"
    # realised rendement per case against dreigend: 28.700 − 2.100 = 26.600 and 28.700 − 4.200 = 24.500
    assert ev["rendement_per_casus"]["dreigend"] == {"som": "51100.00", "gemiddeld": "25550.00",
                                                     "mediaan": "25550.00"}
    assert ev["rendement_per_casus"]["huidig"] == {"som": "-6300.00", "gemiddeld": "-3150.00", "mediaan": "-3150.00"}
    assert ev["rendement_gepland"]["dreigend"]["som"] == "53200.00"  # 2 × (28.700 − 2.100)
    assert ev["per_domein"] == {"Overig": {"gepland": "4200.00", "gerealiseerd": "6300.00", "afwijking": "2100.00"}}
    # quality of life: only b was measured twice; from 5 everywhere to 6, 7, 5, 6.5, 4, 5 (mean 33.5 / 6 = 5.58)
    h = ev["gezondheid"]
    assert h["casussen"] == 1
    assert h["dimensies"]["mentaal_welbevinden"]["verandering_gemiddeld"] == "2.00"
    assert (h["dimensies"]["meedoen"]["slechter"], h["dimensies"]["zingeving"]["gelijk"]) == (1, 1)
    assert h["gemiddelde"]["eerste"] == "5.00" and h["gemiddelde"]["laatste"] == "5.58"
    assert h["gemiddelde"]["verandering_gemiddeld"] == "0.58"  # 3.5 / 6


def test_report_names_no_one(portfolio):
    for fmt in ("json", "markdown", "html", "csv"):
        out = runner.invoke(app, ["report", "-q", "-f", fmt, "--peildatum", "2027-02-01", str(portfolio)]).stdout
        assert "Huishouden T" not in out and "Consulent wijkteam" not in out
