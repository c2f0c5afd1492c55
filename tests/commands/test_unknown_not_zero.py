"""Unknown is not zero: a realised case whose planned lines say nothing of what they really took.

Two realised cases, figures worked out by hand:

* ``heel`` (complete): one planned line of € 28.159,84 (keer, doorbraak 1, gerealiseerd 1) and one cost nobody
  planned of € 3.150,00 (gerealiseerd 1). Planned 28.159,84, realised 31.309,84, afwijking +3.150,00.
* ``half`` (incomplete): one planned line of € 4.209,28 without ``gerealiseerd``, and a second one of € 100,00
  with ``gerealiseerd: 0`` (an explicit 0 is known). 1 of 2 lines known.

The old code counted ``half`` as € 0 realised and set 32.369,12 planned against 31.309,84 realised.
"""

import json

import pytest
from typer.testing import CliRunner

from doorbraak_cli.cli import app

runner = CliRunner()

HEAD = """schema: doorbraakplan/1
id: {id}
titel: Huishouden {id}
gemeente: Testdorp
status: gerealiseerd
regievoerder: Consulent
datum: 2026-03-01
situatieschets: Schets.
toekomstperspectief:
  kort: Een eigen woning.
overzicht:
  zelf: [Zelf zoeken]
  ondersteuning: [Hulp]
  behandeling: []
doorbraak:
  - omschrijving: Een woning
    leefgebied: wonen
waardendriehoek:
  legitimiteit:
    - regel: Urgentieregeling art. 7
      bedoeling: Voorrang voor wie het nodig heeft.
      uitzonderingsgronden: De hardheidsclausule.
      wie_gaat_erover: college van B&W
  betrokkenheid: Meer grip.
  rendement:
    posten:
{posten}  afweging: Goedkoper en beter.
actieplan:
  acties:
    - wie: Loket
      wat: regelt het
      wanneer: binnen twee weken
      fase: doorbraak
  vangnet: Samen verder zoeken.
realisatie:
  datum: 2026-06-01
  uitkomst: gelukt
"""


def post(omschrijving, prijs, extra):
    return (f"      - omschrijving: {omschrijving}\n        prijs: {prijs}\n        eenheid: keer\n"
            f"        domein: Wmo\n        dreigend: 10\n" + "".join(f"        {k}: {v}\n" for k, v in extra))


HEEL = HEAD.format(id="2026-heel", posten=post("Woningaanpassing", "28159.84", [("doorbraak", 1), ("gerealiseerd", 1)])
                   + post("Verhuisbus", "3150.00", [("gerealiseerd", 1)]))
HALF = HEAD.format(id="2026-half", posten=post("Begeleiding", "4209.28", [("doorbraak", 1)])
                   + post("Sleutels", "100.00", [("doorbraak", 1), ("gerealiseerd", 0)]))


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "heel.yaml").write_text(HEEL, encoding="utf-8")
    (tmp_path / "half.yaml").write_text(HALF, encoding="utf-8")
    return tmp_path


def run(*args):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_report_sets_the_same_cases_on_both_sides(folder):
    ev = json.loads(run("report", "-q", "-f", "json", str(folder)))["evaluatie"]
    assert ev["casussen_met_realisatie"] == 1
    assert ev["gepland"] == "28159.84"  # the complete case's own plan, never 28.159,84 + 4.309,28
    assert ev["gerealiseerd"] == "31309.84"
    assert ev["afwijking"] == "3150.00"
    assert ev["nacalculatie_ontbreekt"] == ["2026-half"]
    for fmt, fragment in (("markdown", "| 2026-half | 1 van 2 |"), ("terminal", "2026-half")):
        text = run("report", "-q", "-f", fmt, str(folder)) if fmt != "terminal" else run("report", "-q", str(folder))
        assert "Nacalculatie ontbreekt" in text and fragment in text


def test_calc_json_has_no_number_for_what_nobody_measured(folder):
    e = json.loads(run("calc", "-f", "json", str(folder / "half.yaml")))["evaluatie"]
    assert e["totalen"] == {"gepland": "4309.28", "gerealiseerd": None, "afwijking": None}
    assert e["rendement"] == {"huidig": None, "dreigend": None}
    assert e["ontbrekend"] == [{"omschrijving": "Begeleiding"}]
    assert e["volledig"] is False and e["posten_bekend"] == {"bekend": 1, "van": 2}
    assert [(x["omschrijving"], x["gerealiseerd"]) for x in e["posten"]] == [("Begeleiding", None), ("Sleutels", "0.00")]
    full = json.loads(run("calc", "-f", "json", str(folder / "heel.yaml")))["evaluatie"]
    assert full["totalen"] == {"gepland": "28159.84", "gerealiseerd": "31309.84", "afwijking": "3150.00"}
    assert full["ontbrekend"] == [] and full["volledig"] is True
    # dreigend 10 × 28.159,84 + 10 × 3.150,00 = 313.098,40; minus 31.309,84 realised
    assert full["rendement"]["dreigend"] == "281788.56"


@pytest.mark.parametrize("fmt", ["terminal", "markdown"])
def test_calc_says_incomplete_and_names_the_missing_line(folder, fmt):
    args = ["calc", str(folder / "half.yaml")] + ([] if fmt == "terminal" else ["-f", fmt])
    text = " ".join(run(*args).split())
    assert "onvolledig: 1 van 2 posten bekend" in text and "'Begeleiding'" in text
    assert "TOTAAL gerealiseerd" not in text  # no realised receipt with a total for an incomplete case


def test_render_and_export_carry_unknown_as_unknown(folder, tmp_path):
    html = run("render", str(folder / "half.yaml"), "-f", "html", "-o", "-")
    assert "onvolledig: 1 van 2 posten bekend" in html and "Begeleiding" in html
    out = tmp_path / "feiten.jsonl"
    run("export", str(folder), "-o", str(out))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    real = {(r["id"], r["omschrijving"]): (r["aantal"], r["bedrag"]) for r in rows if r["scenario"] == "gerealiseerd"}
    assert real[("2026-half", "Begeleiding")] == (None, None)
    assert real[("2026-half", "Sleutels")] == ("0", "0.00")
    assert real[("2026-heel", "Woningaanpassing")] == ("1", "28159.84")
