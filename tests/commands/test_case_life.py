"""One case's life from `new` to the second measurement with commands only (the README's walk), and `todo`."""

import json
import re
import shutil
from datetime import date

from conftest import SAMPLES
from typer.testing import CliRunner

from doorbraak_cli.check.case import check_file
from doorbraak_cli.cli import app

runner = CliRunner()
SCORES = ["--lichaamsfuncties", "5", "--mentaal-welbevinden", "4", "--zingeving", "5",
          "--kwaliteit-van-leven", "4", "--meedoen", "3", "--dagelijks-functioneren", "4"]


def cli(*args):
    result = runner.invoke(app, list(map(str, args)))
    return result


def ok(*args):
    result = cli(*args)
    assert result.exit_code == 0, (args, result.output)
    return result.output


def write_the_plan(path):
    """What happens in the editor: the six steps written into the scaffold (here: Willem's, from the book)."""
    scaffold = path.read_text(encoding="utf-8")
    head = scaffold[: scaffold.index("\n", scaffold.index("\ndatum:") + 1) + 1]
    willem = (SAMPLES / "plan-5-willem.yaml").read_text(encoding="utf-8")
    prijslijst = re.search(r"^prijslijst:.*\n", willem, re.M).group(0)
    reis = re.search(r"^reis:\n(?:[ #].*\n)*", scaffold, re.M).group(0)  # the journey so far stays
    path.write_text(head + prijslijst + willem[willem.index("\nsituatieschets:") + 1:] + reis, encoding="utf-8")


def test_the_readme_walk_from_new_to_the_second_measurement(tmp_path, clock):
    folder = tmp_path / "casussen"
    folder.mkdir()
    ok("new", folder, "--titel", "Willem", "--gemeente", "Tilburg", "--regievoerder", "Esma", "--no-input")
    case = next(folder.glob("*.yaml"))
    clock.day = date(2028, 3, 1)  # the story told afterwards: every step below has happened
    ok("status", case, "intake", "--datum", "2026-12-20")        # the first visit at home
    write_the_plan(case)
    ok("validate", case)
    ok("status", case, "ingediend", "--datum", "2027-01-05", "--bij", "werktafel")
    ok("status", case, "goedgekeurd", "--datum", "2027-01-19", "--bij", "werktafel")
    ok("instemming", case, "--datum", "2027-01-20", "--door", "Willem",
       "--citaat", "Als ik ergens anders mag wonen, dan wil ik er iets van maken.")
    ok("meting", case, "--datum", "2027-01-25", *SCORES, "--door", "samen")
    ok("realisatie", case, "--datum", "2027-02-01", "--uitkomst", "gelukt", "--post", "1=120",
       "--post", "Mutatie van een woning=1")
    todo = json.loads(ok("todo", folder, "--format", "json", "--peildatum", "2027-05-10"))
    assert [(t["soort"], t["dagen"]) for t in todo["taken"]] == [("meting", 9)], "the first follow-up is 9 days late"
    ok("meting", case, "--datum", "2027-05-11", *SCORES[:-1], "6")
    ok("meting", case, "--datum", "2028-02-03", *SCORES[:-1], "7")
    ok("validate", case, "--strict")
    checked = check_file(str(case), full=True)
    c = checked.case
    assert c.status == "gerealiseerd"
    assert [e.gebeurtenis for e in c.reis] == ["aangemeld", "intake", "ingediend", "goedgekeurd", "gerealiseerd"]
    assert len(c.metingen) == 3 and c.instemming.door == "Willem"
    calc = json.loads(ok("calc", case, "--format", "json"))
    assert calc["totalen"]["doorbraak"] == "7700.00"        # the book's figure for Willem's breakthrough
    assert json.loads(ok("todo", folder, "--format", "json", "--peildatum", "2028-03-01"))["taken"] == []


def write(folder, name, source, *replacements):
    text = (SAMPLES / source).read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    (folder / name).write_text(text, encoding="utf-8")


def test_todo_lists_each_kind_of_task_with_how_late(tmp_path):
    folder = tmp_path / "map"
    folder.mkdir()
    willem = "plan-5-willem.yaml"
    write(folder, "concept.yaml", willem, ("status: ingediend", "status: concept\ndatum: 2026-09-01"))
    write(folder, "vers-concept.yaml", willem, ("status: ingediend", "status: concept\ndatum: 2026-10-20"),
          ("id: 2020-voorbeeld-005", "id: vers"))
    write(folder, "wacht.yaml", willem, ("status: ingediend", "status: ingediend\nreis:\n  - datum: 2026-10-01\n"
                                                             "    gebeurtenis: ingediend"), ("id: 2020-voorbeeld-005", "id: wacht"))
    shutil.copyfile(SAMPLES / "plan-5b-willem-gerealiseerd.yaml", folder / "gerealiseerd.yaml")
    realised = (folder / "gerealiseerd.yaml").read_text(encoding="utf-8")
    # a realised case whose second follow-up has not been done, and one post without a realised quantity
    cut = realised.index("  - datum: 2021-03-20", realised.index("metingen:"))
    text = realised[:cut].replace("        gerealiseerd: 1\n", "", 1)
    (folder / "gerealiseerd.yaml").write_text(text, encoding="utf-8")
    (folder / "kapot.yaml").write_text("schema: doorbraakplan/1\nid: [\n", encoding="utf-8")
    write(folder, "gestopt.yaml", willem, ("status: ingediend", "status: gestopt"), ("id: 2020-voorbeeld-005", "id: stop"))
    result = json.loads(ok("todo", folder, "--format", "json", "--peildatum", "2026-11-01"))
    assert result["aantal_casussen"] == 6
    assert ("gestopt-zonder-reden", "gestopt.yaml", None) in [(t["soort"], t["bestand"].rsplit("/", 1)[-1], t["dagen"])
                                                               for t in result["taken"]]
    tasks = [(t["soort"], t["bestand"].rsplit("/", 1)[-1], t["dagen"]) for t in result["taken"]]
    assert ("concept", "concept.yaml", 61) in tasks
    assert not any(t[1] == "vers-concept.yaml" for t in tasks), "a draft of 12 days is not yet on the list"
    assert ("wacht-op-besluit", "wacht.yaml", 31) in tasks
    # realised 2020-03-16, the second follow-up was due 12 maanden later: 2021-03-16
    assert ("meting", "gerealiseerd.yaml", (date(2026, 11, 1) - date(2021, 3, 16)).days) in tasks
    assert any(t[0] == "nacalculatie" and t[1] == "gerealiseerd.yaml" for t in tasks)
    assert any(t[0] == "ongeldig" and t[1] == "kapot.yaml" for t in tasks)
    text = ok("todo", folder, "--peildatum", "2026-11-01")
    assert "61 dagen" in text and "31 dagen zonder besluit" in text and "te laat" in text


def test_todo_says_when_a_follow_up_is_due_soon(tmp_path):
    shutil.copyfile(SAMPLES / "plan-5b-willem-gerealiseerd.yaml", tmp_path / "w.yaml")
    text = (tmp_path / "w.yaml").read_text(encoding="utf-8")
    cut = text.index("  - datum: 2020-06-15", text.index("metingen:"))
    (tmp_path / "w.yaml").write_text(text[:cut], encoding="utf-8")
    out = ok("todo", tmp_path, "--peildatum", "2020-06-10")    # due 2020-06-16 (16 March + 3 maanden)
    assert "eerste vervolgmeting binnenkort: op 2020-06-16, over 6 dagen" in out
    assert "eerste vervolgmeting te laat: was op 2020-06-16, 1 dag geleden" in ok("todo", tmp_path, "--peildatum", "2020-06-17")
