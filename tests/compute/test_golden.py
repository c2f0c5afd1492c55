"""The book's figures for every shipped sample plan (METHOD.md, Het Grote Doorbraakboek part III).

Exact totals are the book's price × quantity sums (e.g. 12 × € 1.052,32 =
€ 12.627,84); whole-euro figures are those printed in the book's tables.
They are typed here from the sources, never taken from the program's output.
"""

import json

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from doorbraak_cli.cli import app

# file, exact totals (huidig, dreigend, doorbraak), exact comparisons (t.o.v. huidig, t.o.v. dreigend),
# whole-euro figures as the book prints them, with their labels
GOLDEN = [
    ("plan-2-esther-en-javairo.yaml", ("23579.92", "67377.84", "27187.84"), ("-3607.92", "40190.00"),
     ["€ 23.580", "€ 67.378", "€ 27.188", "Kosten t.o.v. huidige situatie: € 3.608",
      "Rendement t.o.v. dreigend scenario: € 40.190", "€ 9.020", "€ 54.750", "€ 12.628", "€ 14.560"]),
    ("plan-3-lars-en-klaas.yaml", ("12627.84", "12627.84", "1750.00"), ("10877.84", "10877.84"),
     ["€ 12.628", "€ 1.750", "Rendement t.o.v. huidige situatie: € 10.878",
      "Rendement t.o.v. dreigend scenario: € 10.878"]),
    ("plan-4-derk-jan.yaml", ("3380.00", "37387.84", "15255.84"), ("-11875.84", "22132.00"),
     ["€ 3.380", "€ 37.388", "€ 15.256", "Kosten t.o.v. huidige situatie: € 11.876",
      "Rendement t.o.v. dreigend scenario: € 22.132", "€ 6.760", "€ 1.128"]),
    ("plan-5-willem.yaml", ("6500.00", "42500.00", "7700.00"), ("-1200.00", "34800.00"),
     ["€ 6.500", "€ 42.500", "€ 7.700", "Kosten t.o.v. huidige situatie: € 1.200",
      "Rendement t.o.v. dreigend scenario: € 34.800", "€ 36.500"]),
    # the same plan as Willem's in the book, with a realisation and three measurements made up for the sample
    ("plan-5b-willem-gerealiseerd.yaml", ("6500.00", "42500.00", "7700.00"), ("-1200.00", "34800.00"),
     ["€ 6.500", "€ 42.500", "€ 7.700", "Kosten t.o.v. huidige situatie: € 1.200",
      "Rendement t.o.v. dreigend scenario: € 34.800"]),
    ("plan-6-eveline.yaml", ("0.00", "57650.00", "3600.00"), ("-3600.00", "54050.00"),
     ["€ 0", "€ 57.650", "€ 3.600", "Kosten t.o.v. huidige situatie: € 3.600",
      "Rendement t.o.v. dreigend scenario: € 54.050", "€ 18.200", "€ 16.200", "€ 10.500", "€ 11.250"]),
    ("plan-6b-eveline-gesloten-jeugdzorg.yaml", ("0.00", "57650.00", "59400.00"), ("-59400.00", "-1750.00"),
     ["€ 57.650", "€ 59.400", "Kosten t.o.v. huidige situatie: € 59.400",
      "Kosten t.o.v. dreigend scenario: € 1.750", "€ 55.800"]),
]

runner = CliRunner()


def test_every_sample_has_golden_figures():
    assert sorted(p.name for p in SAMPLES.glob("*.yaml")) == sorted(g[0] for g in GOLDEN)


@pytest.mark.parametrize("name,totals,comparisons,whole", GOLDEN, ids=[g[0] for g in GOLDEN])
def test_json_to_the_cent(name, totals, comparisons, whole):
    result = runner.invoke(app, ["calc", "--format", "json", str(SAMPLES / name)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [data["totalen"][s] for s in ("huidig", "dreigend", "doorbraak")] == list(totals)
    assert [data["rendement"][s] for s in ("huidig", "dreigend")] == list(comparisons)


@pytest.mark.parametrize("name,totals,comparisons,whole", GOLDEN, ids=[g[0] for g in GOLDEN])
def test_markdown_shows_the_books_whole_euros(name, totals, comparisons, whole):
    result = runner.invoke(app, ["calc", "--format", "markdown", str(SAMPLES / name)])
    assert result.exit_code == 0, result.output
    for figure in whole:
        assert figure in result.stdout, figure


@pytest.mark.parametrize("name,totals,comparisons,whole", GOLDEN, ids=[g[0] for g in GOLDEN])
def test_kassabon_shows_cents(name, totals, comparisons, whole):
    result = runner.invoke(app, ["calc", str(SAMPLES / name)])
    assert result.exit_code == 0, result.output
    from decimal import Decimal

    from doorbraak_cli.present.numbers import euro

    for t in totals:
        assert euro(Decimal(t)) in result.stdout
    assert "KASSABON" in result.stdout


def test_eveline_json_contract_lines_and_domains():
    """The example of case-format.md: Eveline's opvang line and the Wmo domain."""
    data = json.loads(runner.invoke(app, ["calc", "-f", "json", str(SAMPLES / "plan-6-eveline.yaml")]).stdout)
    assert data["id"] == "2020-voorbeeld-006" and data["titel"] == "Eveline"
    opvang = data["posten"][0]
    assert opvang["prijs"] == "100.00" and opvang["eenheid"] == "dag" and opvang["domein"] == "Wmo"
    assert opvang["dreigend"] == {"aantal": "182", "bedrag": "18200.00"}
    assert opvang["huidig"] == {"aantal": "0", "bedrag": "0.00"}
    pleeg = [p for p in data["posten"] if p["omschrijving"].startswith("Een pleegzorgplaats")][0]
    assert pleeg["dreigend"] == {"aantal": "1.5", "bedrag": "10500.00"}  # 3 x 6 maanden of a price per jaar
    assert data["per_domein"]["Wmo"] == {"huidig": "0.00", "dreigend": "18200.00", "doorbraak": "0.00"}
    assert data["per_domein"]["Jeugdwet"]["dreigend"] == "37950.00"  # 16.200 + 10.500 + 11.250


def test_esther_investment_and_saving_land_in_different_domains():
    """The book: the municipality invests via the Participatiewet, the saving lands in the Wlz."""
    data = json.loads(runner.invoke(app, ["calc", "-f", "json", str(SAMPLES / "plan-2-esther-en-javairo.yaml")]).stdout)
    assert data["rendement_per_domein"]["Participatiewet"]["huidig"] == "-3607.92"  # 12.627,84 − 9.019,92
    assert data["rendement_per_domein"]["Wlz"]["dreigend"] == "54750.00"


def test_willem_realised_figures_by_hand():
    """Worked out by hand from the sample: the social worker 120 instead of 100 hours at € 65 (€ 7.800), the
    housing swap € 1.200 as planned, € 850 unplanned moving costs: € 9.850 realised against € 7.700 planned.
    Against the current situation (€ 6.500) that is € 3.350 cost; against the threat (€ 42.500) € 32.650 return.
    Quality of life: the mean of six scores goes from 25/6 = 4,17 via 35,5/6 = 5,92 to 41/6 = 6,83."""
    result = runner.invoke(app, ["calc", "--format", "json", str(SAMPLES / "plan-5b-willem-gerealiseerd.yaml")])
    assert result.exit_code == 0, result.output
    ev = json.loads(result.stdout)["evaluatie"]
    assert ev["totalen"] == {"gepland": "7700.00", "gerealiseerd": "9850.00", "afwijking": "2150.00"}
    assert ev["rendement"] == {"huidig": "-3350.00", "dreigend": "32650.00"}
    assert ev["per_domein"]["Wmo"] == {"gepland": "6500.00", "gerealiseerd": "7800.00", "afwijking": "1300.00"}
    assert ev["per_domein"]["Overig"] == {"gepland": "1200.00", "gerealiseerd": "2050.00", "afwijking": "850.00"}
    health = ev["gezondheid"]
    assert health["metingen"] == 3
    assert {d: (v["eerste"], v["laatste"]) for d, v in health["dimensies"].items()} == {
        "lichaamsfuncties": ("5.0", "6.5"), "mentaal_welbevinden": ("4.0", "7.0"), "zingeving": ("5.0", "7.0"),
        "kwaliteit_van_leven": ("4.0", "7.5"), "meedoen": ("3.0", "6.0"), "dagelijks_functioneren": ("4.0", "7.0")}
    assert health["gemiddelde"] == {"eerste": "4.17", "laatste": "6.83", "verschil": "2.67"}
    assert [m["gemiddelde"] for m in health["reeks"]] == ["4.17", "5.92", "6.83"]
    # realised on 2020-03-16: follow-ups due three and twelve months later
    assert [(v["vervaldatum"], v["gedaan"]) for v in ev["vervolgmetingen"]] == [
        ("2020-06-16", "2020-06-15"), ("2021-03-16", "2021-03-20")]
    markdown = runner.invoke(app, ["calc", "--format", "markdown", str(SAMPLES / "plan-5b-willem-gerealiseerd.yaml")])
    for figure in ["| **Totaal** | **€ 7.700** | **€ 9.850** | **€ +2.150** |",
                   "kosten t.o.v. huidige situatie € 3.350", "rendement t.o.v. dreigend scenario € 32.650",
                   "| **Gemiddelde** | **4,17** | **5,92** | **6,83** | **+2,67** |"]:
        assert figure in markdown.stdout, figure


def test_a_plan_without_evaluation_says_so_in_json():
    result = runner.invoke(app, ["calc", "--format", "json", str(SAMPLES / "plan-5-willem.yaml")])
    data = json.loads(result.stdout)
    assert data["evaluatie"] is None
    assert all(line["gerealiseerd"] is None for line in data["posten"])
