"""What a new user stumbles over gets a message that helps, and figures that would be wrong are refused.

Periods that stretch a year into nonsense, partial drafts, keys in the wrong
place, a comma inside { }, a unit that is known but does not fit.
"""

import json

from conftest import DATA
from typer.testing import CliRunner

from doorbraak_cli.check.case import check_file
from doorbraak_cli.cli import app

runner = CliRunner()
BASE = (DATA / "minimaal.yaml").read_text(encoding="utf-8")


def case(write_case, **replace) -> str:
    text = BASE
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return write_case(text)


def codes(path) -> dict:
    return {p.code: p for p in check_file(path, full=True).problems}


def test_a_period_under_a_day_is_an_error(write_case):
    for periode in ("0,0000000000000000000000001 dag", "0 dagen", "1 x 0,5 dag"):
        path = case(write_case, **{"periode: 12 maanden": f"periode: {periode}"})
        found = codes(path)
        problem = found.get("periode-te-kort") or found.get("ongeldige-periode")
        assert problem is not None and problem.is_error and (problem.line, problem.column) == (30, 14), found
        result = runner.invoke(app, ["calc", "-f", "json", path])
        assert result.exit_code == 1 and "e+" not in result.stdout  # never a figure of 10^32


def test_a_period_under_a_year_names_the_lines_the_year_figures_stretch(write_case):
    path = case(write_case, **{"periode: 12 maanden": "periode: 4 maanden",
                               "        dreigend: 182\n": "        dreigend: 30\n        looptijd: 4 maanden\n"})
    found = codes(path)
    warning = found["korte-periode"]
    assert not warning.is_error and "3 keer" in warning.message
    assert "'Pleegzorgplaats'" in warning.message  # recurring, no looptijd: stretched to a whole year
    assert "Verblijf maatschappelijke opvang" not in warning.message  # it says looptijd
    assert "looptijd: 4 maanden" in warning.hint
    assert check_file(path).case is not None  # a warning: the plan still computes


def test_a_concept_may_be_partial(write_case):
    text = ("id: 2026-testdorp-009\ntitel: Huishouden Q\nstatus: concept\nwaardendriehoek:\n  rendement:\n    posten:\n"
            "      - {omschrijving: Opvang, prijs: 100, eenheid: dag, domein: Wmo, dreigend: 30}\nactieplan: {}\n")
    path = write_case(text)
    result = runner.invoke(app, ["validate", path])
    assert result.exit_code == 0, result.output
    assert "0 fouten" in result.stdout and "waarschuwing[lege-stap]" in result.stdout
    data = json.loads(runner.invoke(app, ["calc", "-f", "json", path]).stdout)
    assert data["totalen"]["dreigend"] == "3000.00"
    submitted = write_case(text.replace("status: concept", "status: ingediend"), "b.yaml")
    assert runner.invoke(app, ["validate", submitted]).exit_code == 1  # from ingediend on, the steps are required


def test_a_known_key_in_the_wrong_place_says_where_it_belongs(write_case):
    path = case(write_case, **{"    periode: 12 maanden\n": "    periode: 12 maanden\n    prijslijst: doorbraakboek-aanvullend\n"})
    problem = codes(path)["onbekende-sleutel"]
    assert problem.path[-1] == "prijslijst" and "hoort bovenaan het bestand" in problem.hint
    path = case(write_case, **{"  evaluatie: na vier maanden\n": "  evaluatie: na vier maanden\n  wie_gaat_erover: college\n"})
    problem = codes(path)["onbekende-sleutel"]
    assert "onder waardendriehoek.legitimiteit" in problem.hint


def test_a_comma_inside_a_flow_mapping_hints_at_quotes(write_case):
    path = case(write_case, **{"    - wie: Gemeentelijk loket\n      wat: verleent urgentie\n      wanneer: binnen twee weken\n"
                               "      fase: doorbraak\n":
                               "    - {wie: gezin, Nadia en gemeente, wat: verleent urgentie, fase: doorbraak}\n"})
    problem = codes(path)["onbekende-sleutel"]
    assert "komma" in problem.hint and 'wie: "gezin, Nadia en gemeente"' in problem.hint


def test_a_unit_suggestion_never_suggests_the_word_it_rejects(write_case):
    path = case(write_case, **{"        eenheid: dag\n        domein: Wmo\n        dreigend: 182":
                               "        eenheid: uur\n        domein: Wmo\n        dreigend: 2 keren"})
    problem = codes(path)["eenheid-past-niet"]
    assert "'2 keren'" not in problem.hint and "keren" in problem.message and "uur" in problem.message


def test_prices_speaks_of_one_post_and_names_an_unknown_list():
    one = runner.invoke(app, ["prices", "e-bike"])
    assert one.exit_code == 0 and "1 post met 'e-bike'" in one.stdout and "1 posten" not in one.stdout
    unknown = runner.invoke(app, ["prices", "--lijst", "onbekend"])
    assert unknown.exit_code == 1 and "prijslijst 'onbekend' niet gevonden" in unknown.stderr
    assert "maatschappelijke-prijslijst-2017" in unknown.stderr
