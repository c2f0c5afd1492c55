"""`doorbraak new`: the scaffold validates, never overwrites, never prompts without a terminal."""

import os
import re
from datetime import date

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from doorbraak_cli.check.case import check_file
from doorbraak_cli.cli import app
from doorbraak_cli.commands import new as scaffold
from doorbraak_cli.source.resources import CASE_SCHEMA

runner = CliRunner()
YEAR = date.today().year


def new(*args, input=None):
    return runner.invoke(app, ["new", *args], input=input)


def problems(path):
    checked = check_file(str(path), full=True)
    return checked.errors, checked.warnings, checked


def test_fresh_scaffold_validates_with_warnings_only(tmp_path):
    result = new(str(tmp_path), "--titel", "Eveline", "--gemeente", "Tilburg", "--regievoerder", "Esma (wijkteam)",
                 "--no-input")
    assert result.exit_code == 0, result.output
    path = tmp_path / f"{YEAR}-tilburg-001.yaml"
    assert path.is_file()
    assert result.stdout.strip() == str(path)
    errors, warnings, checked = problems(path)
    assert errors == [], [p.format() for p in errors]
    assert warnings, "an empty plan warns about its empty steps"
    assert {p.code for p in warnings} <= {"lege-stap", "geen-posten", "leeg-onderdeel", "geen-vangnet"}
    case = checked.case
    assert (case.id, case.titel, case.gemeente, case.regievoerder, case.status) == (
        f"{YEAR}-tilburg-001", "Eveline", "Tilburg", "Esma (wijkteam)", "concept")
    assert case.datum == date.today()
    # the CLI agrees: warnings only, exit 0
    v = runner.invoke(app, ["validate", str(path)])
    assert v.exit_code == 0 and "0 fouten" in v.stdout
    assert runner.invoke(app, ["validate", "--strict", str(path)]).exit_code == 1


def test_header_points_at_the_shipped_schema(tmp_path):
    new(str(tmp_path), "-t", "A", "-g", "Breda", "--no-input")
    path = tmp_path / f"{YEAR}-breda-001.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert m, first
    assert os.path.samefile(os.path.join(tmp_path, m.group(1)), CASE_SCHEMA)


def test_every_step_has_guiding_comments_and_betrokkenheid_offers_standard_reasonings(tmp_path):
    new(str(tmp_path), "-t", "A", "-g", "Breda", "--no-input")
    text = (tmp_path / f"{YEAR}-breda-001.yaml").read_text(encoding="utf-8")
    heads = [text.index(f"Stap {n} · {name}") for n, name in enumerate(
        ["Situatieschets", "Toekomstperspectief", "Overzicht", "Doorbraak", "Onderbouwen met de waardendriehoek",
         "Actieplan"], 1)]
    assert heads == sorted(heads)
    for question in ("1. Waar staat de regel?", "2. Waarvoor is de regel bedoeld?", "3. Welke uitzonderingen",
                     "4. Welke andere regels", "5. Wie mag de uitzondering toestaan?"):
        assert question in text
    reasonings = re.findall(r"^  # betrokkenheid: \|", text, re.MULTILINE)
    assert len(reasonings) == 4
    assert "vangnet" in text and "evaluatie" in text


def test_a_commented_reasoning_and_breakthrough_can_be_taken_as_they_are(tmp_path):
    """The starting points are real YAML: uncommented, the plan still reads (and validates)."""
    new(str(tmp_path), "-t", "A", "-g", "Breda", "--no-input")
    path = tmp_path / f"{YEAR}-breda-001.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    out, taking = [], 0
    for line in lines:
        if line == "  betrokkenheid:":
            continue
        if line.startswith("  # betrokkenheid: |   # de vicieuze cirkel"):
            taking = 3
        if line.startswith(("#  - omschrijving:", "#    leefgebied:", "#    uitzondering:")):
            line = line[1:]
        if taking:
            line = line.replace("# ", "", 1)
            taking -= 1
        out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    errors, _, checked = problems(path)
    assert errors == [], [p.format() for p in errors]
    assert checked.case.betrokkenheid.startswith("Om [B] te krijgen moet het huishouden eerst [A] doen")
    assert checked.case.doorbraken[0].leefgebied == "wonen"


def test_id_takes_the_next_free_number_for_year_and_municipality(tmp_path):
    for name, case_id in (("a.yaml", f"{YEAR}-s-hertogenbosch-001"), ("sub/b.yml", f"{YEAR}-s-hertogenbosch-007"),
                          ("c.yaml", f"{YEAR}-tilburg-041"), ("d.yaml", f"{YEAR - 1}-s-hertogenbosch-050")):
        p = tmp_path / name
        p.parent.mkdir(exist_ok=True)
        p.write_text(f"schema: doorbraakplan/1\nid: '{case_id}'\n", encoding="utf-8")
    result = new(str(tmp_path), "-t", "Karin", "-g", "'s-Hertogenbosch", "--no-input")
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"{YEAR}-s-hertogenbosch-008.yaml").is_file()
    assert scaffold.slugify("Súdwest-Fryslân") == "sudwest-fryslan"


def test_values_with_yaml_meaning_read_back_exactly(tmp_path):
    titel = 'Familie "De Vries": #2'
    result = new(str(tmp_path / "x.yaml"), "-t", titel, "-g", "Gemeente: Noord", "-r", "yes", "--no-input")
    assert result.exit_code == 0, result.output
    errors, _, checked = problems(tmp_path / "x.yaml")
    assert errors == []
    assert (checked.case.titel, checked.case.gemeente, checked.case.regievoerder) == (titel, "Gemeente: Noord", "yes")


def test_never_overwrites(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("mijn werk\n", encoding="utf-8")
    result = new(str(path), "-t", "A", "--no-input")
    assert result.exit_code == 1
    assert str(path) in result.stderr and "niet overschreven" in result.stderr
    assert path.read_text(encoding="utf-8") == "mijn werk\n"
    # the file named after the id exists already (but holds another id): still untouched
    taken = tmp_path / f"{YEAR}-breda-001.yaml"
    taken.write_text("# iets anders\n", encoding="utf-8")
    result = new(str(tmp_path), "-t", "A", "-g", "Breda", "--no-input")
    assert result.exit_code == 1 and "niet overschreven" in result.stderr
    assert taken.read_text(encoding="utf-8") == "# iets anders\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["plan.yaml", taken.name])  # no temp files left


def test_never_prompts_without_a_terminal(tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr("rich.prompt.Prompt.ask", lambda *a, **k: asked.append(a) or "X")
    for extra in (["--no-input"], []):  # CliRunner's stdin is not a terminal
        result = new(str(tmp_path), "-g", "Breda", *extra, input="Eveline\n")
        assert result.exit_code == 1
        assert "de titel ontbreekt" in result.stderr and "--titel" in result.stderr
    assert asked == []
    assert list(tmp_path.iterdir()) == []


def test_no_input_wins_even_on_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr(scaffold, "is_interactive", lambda: True)
    result = new(str(tmp_path), "-t", "A", "--no-input", input="")
    assert result.exit_code == 0
    errors, warnings, checked = problems(next(tmp_path.iterdir()))
    assert errors == [] and checked.case.gemeente == "" and checked.case.id == f"{YEAR}-001"
    assert {"geen-gemeente", "geen-regievoerder"} <= {p.code for p in warnings}


def test_asks_for_missing_fields_on_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr(scaffold, "is_interactive", lambda: True)
    result = new(str(tmp_path), input="\nEveline\nTilburg\n\n")  # an empty title is asked again
    assert result.exit_code == 0, result.output
    errors, warnings, checked = problems(tmp_path / f"{YEAR}-tilburg-001.yaml")
    assert errors == []
    assert (checked.case.titel, checked.case.gemeente, checked.case.regievoerder) == ("Eveline", "Tilburg", "")
    assert "geen-regievoerder" in {p.code for p in warnings}


def test_follow_up_plan_keeps_the_content_and_resets_status_and_journey(tmp_path):
    old = tmp_path / "oud" / "plan-6.yaml"
    old.parent.mkdir()
    source = (SAMPLES / "plan-6-eveline.yaml").read_text(encoding="utf-8")
    source += ("reis:\n  - datum: 2020-03-01\n    gebeurtenis: ingediend\n"
               "maatwerkbudget:\n  - bedrag: 500\n    categorie: huurschuld\n")
    old.write_text(source, encoding="utf-8")
    target = tmp_path / "nieuw"
    result = new(str(target), "--van", str(old), "--no-input")
    assert result.exit_code == 0, result.output
    path = target / f"{YEAR}-voorbeeldstad-001.yaml"
    text = path.read_text(encoding="utf-8")
    errors, warnings, checked = problems(path)
    assert errors == [], [p.format() for p in errors]
    case = checked.case
    assert case.vorig_plan == "2020-voorbeeld-006"
    assert case.status == "concept" and case.datum == date.today()
    assert case.reis == () and case.maatwerkbudget == ()
    assert case.titel == "Eveline" and case.regievoerder == "Consulent sociaal wijkteam"
    assert case.situatieschets.startswith("Eveline is met haar drie kinderen")
    # round trip: the old comments and the order of keys survive; one header line, pointing at the schema
    assert "# Demonstratiecasus: een navertelling van doorbraakplan 6" in text
    assert "    - wie: Consulent sociaal wijkteam (regievoerder)\n" in text
    assert text.count("yaml-language-server") == 1 and text.startswith("# yaml-language-server: $schema=")
    keys = [line.split(":")[0] for line in text.splitlines() if re.match(r"^[a-z_]+:", line)]
    assert keys[:6] == ["schema", "id", "titel", "gemeente", "status", "regievoerder"]
    assert keys.index("vorig_plan") < keys.index("situatieschets")
    assert old.read_text(encoding="utf-8") == source  # the old plan is untouched


def test_follow_up_refuses_what_is_not_a_plan(tmp_path):
    result = new(str(tmp_path), "--van", str(tmp_path / "bestaat-niet.yaml"), "--no-input")
    assert result.exit_code == 1 and "bestaat niet" in result.stderr


@pytest.mark.parametrize("pad", ["plan.txt"])
def test_a_file_name_must_end_in_yaml(tmp_path, pad):
    result = new(str(tmp_path / pad), "-t", "A", "--no-input")
    assert result.exit_code == 1 and ".yaml" in result.stderr


def test_the_scaffold_starts_its_journey_with_aangemeld(tmp_path):
    result = new(str(tmp_path), "--titel", "Eveline", "--gemeente", "Tilburg", "--no-input")
    assert result.exit_code == 0, result.output
    errors, _, checked = problems(tmp_path / f"{YEAR}-tilburg-001.yaml")
    assert errors == []
    assert [(e.gebeurtenis, e.datum) for e in checked.case.reis] == [("aangemeld", date.today())]


def test_the_scaffold_says_an_unrecorded_realised_quantity_is_unknown_not_zero(tmp_path):
    """The guidance follows the rule the figures follow: a planned post without 'gerealiseerd' leaves the realised
    cost incomplete (unknown is not zero); it never counts as 0."""
    new(str(tmp_path), "-t", "A", "-g", "Breda", "--no-input")
    text = (tmp_path / f"{YEAR}-breda-001.yaml").read_text(encoding="utf-8")
    guidance = " ".join(line.lstrip("# ") for line in text.splitlines() if line.lstrip().startswith("#"))
    assert "als 0" not in guidance
    assert "onvolledig" in guidance and "onbekend is geen 0" in guidance
