"""Stopping is a record, at any step; the journey knows the intake; a rule may carry a stable id.

A household that stops before a plan needs only the header and ``gestopt``; a case with status gestopt says why,
from the fixed list of reasons. Locations are counted by hand from the texts below.
"""

import pytest
from conftest import DATA
from typer.testing import CliRunner

from doorbraak_cli.check.case import check_file
from doorbraak_cli.cli import app
from doorbraak_cli.model.vocabulary import STOP_REASONS

runner = CliRunner()
BASE = (DATA / "minimaal.yaml").read_text(encoding="utf-8")

STOPPED_EARLY = """schema: doorbraakplan/1
id: 2027-tilburg-004
titel: Huishouden S
gemeente: Tilburg
datum: 2027-01-10
status: gestopt
gestopt:
  datum: 2027-02-01
  reden: situatie-verbeterd
  toelichting: Na een advies zelf een woning gevonden.
"""


def check(tmp_path, text, name="casus.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return check_file(str(path), full=True)


def codes(checked):
    return [p.code for p in checked.problems]


def test_a_case_stopped_before_a_plan_needs_only_its_header_and_why(tmp_path):
    checked = check(tmp_path, STOPPED_EARLY)
    assert [p.format() for p in checked.problems] == []  # no empty step, no missing key, no regievoerder asked
    case = checked.case
    assert case.status == "gestopt" and not case.has_plan
    assert (str(case.gestopt.datum), case.gestopt.reden) == ("2027-02-01", "situatie-verbeterd")
    assert case.gestopt.toelichting.startswith("Na een advies")
    result = runner.invoke(app, ["validate", "--strict", str(tmp_path / "casus.yaml")])
    assert result.exit_code == 0, result.output


def test_gestopt_status_without_a_record_is_an_error_with_the_reasons(tmp_path):
    text = STOPPED_EARLY.split("gestopt:\n")[0]
    checked = check(tmp_path, text)
    assert checked.case is None
    p = next(p for p in checked.errors if p.code == "gestopt-zonder-reden")
    assert (p.line, p.column) == (6, 9)  # the status
    assert all(reason in p.hint for reason in STOP_REASONS)


def test_gestopt_without_reden_is_an_error_with_the_reasons(tmp_path):
    text = STOPPED_EARLY.replace("  reden: situatie-verbeterd\n", "")
    checked = check(tmp_path, text)
    p = next(p for p in checked.errors if p.code == "gestopt-zonder-reden")
    assert p.path == ("gestopt", "reden") and p.line == 8  # in the record, as a missing key is located
    assert all(reason in p.hint for reason in STOP_REASONS)


def test_an_unknown_reason_is_an_error_that_suggests_one(tmp_path):
    checked = check(tmp_path, STOPPED_EARLY.replace("reden: situatie-verbeterd", "reden: situatie verbeterd"))
    p = next(p for p in checked.errors if p.path == ("gestopt", "reden"))
    assert (p.line, p.column) == (9, 10)
    assert "situatie-verbeterd" in p.hint and "adviesrol" in p.hint


def test_a_case_stopped_after_a_plan_is_held_to_its_steps(tmp_path):
    text = BASE.replace("status: ingediend", "status: gestopt").replace(
        "situatieschets: |\n  Een gezin zonder vaste woonplek; de schulden lopen op.\n", "")
    text += "gestopt:\n  datum: 2027-02-01\n  reden: elders-opgelost\n"
    checked = check(tmp_path, text)
    assert "lege-stap" in [p.code for p in checked.errors]  # it has cost lines: a plan was written
    ok = check(tmp_path, BASE.replace("status: ingediend", "status: gestopt")
               + "gestopt:\n  datum: 2027-02-01\n  reden: elders-opgelost\n")
    assert ok.errors == [] and ok.case.has_plan


def test_a_gestopt_record_beside_another_status_warns(tmp_path):
    checked = check(tmp_path, BASE + "gestopt:\n  reden: anders\n")
    assert checked.ok and "gestopt-bij-status" in codes(checked)


def test_the_journey_knows_the_intake(tmp_path):
    text = STOPPED_EARLY + "reis:\n  - datum: 2027-01-10\n    gebeurtenis: aangemeld\n" \
                           "  - datum: 2027-01-20\n    gebeurtenis: intake\n    bij: wijkteam\n"
    checked = check(tmp_path, text)
    assert checked.problems == ()
    assert [e.gebeurtenis for e in checked.case.reis] == ["aangemeld", "intake"]


def test_a_rule_may_carry_a_stable_id(tmp_path):
    text = BASE.replace("    - regel: Urgentieprotocol, punt 7\n",
                        "    - regel: Urgentieprotocol, punt 7\n      regel_id: urgentieprotocol-7\n")
    checked = check(tmp_path, text)
    assert checked.ok and checked.case.legitimiteit[0].regel_id == "urgentieprotocol-7"
    bad = check(tmp_path, text.replace("regel_id: urgentieprotocol-7", "regel_id: \"urgentie protocol 7\""))
    p = next(p for p in bad.errors if p.path[-1:] == ("regel_id",))
    assert p.line == 25


@pytest.mark.parametrize("status", ["aangemeld", "concept"])
def test_a_draft_is_still_a_draft(tmp_path, status):
    """The leniency for a stopped case changed nothing for drafts: their empty steps still warn."""
    checked = check(tmp_path, STOPPED_EARLY.replace("status: gestopt", f"status: {status}").split("gestopt:")[0])
    assert checked.ok and "lege-stap" in codes(checked)


def test_one_rule_written_two_ways_is_one_group_by_its_id_and_validate_warns_when_split(tmp_path):
    """Precedents and the rule list group by regel_id; near-identical wordings in two groups are named."""
    import json

    a = BASE.replace("Urgentieprotocol, punt 7", "Urgentieregeling art. 7\n      regel_id: urgentie-7")
    b = BASE.replace("id: 2026-testdorp-001", "id: 2026-testdorp-002").replace(
        "Urgentieprotocol, punt 7", "De urgentieregeling, punt zeven\n      regel_id: urgentie-7")
    c = BASE.replace("id: 2026-testdorp-001", "id: 2026-testdorp-003").replace(
        "Urgentieprotocol, punt 7", "Urgentieregelingen art. 7")
    for name, text in (("a.yaml", a), ("b.yaml", b), ("c.yaml", c)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    rep = json.loads(runner.invoke(app, ["report", "-q", "-f", "json", str(tmp_path)]).stdout)
    # a and b share the id (one rule, two wordings); c has no id and a slightly different wording: its own rule
    assert [(r["casussen"], r["schrijfwijzen"], r["sleutel"]) for r in rep["legitimiteit"]["regels"]] == [
        (2, 2, "#urgentie-7"), (1, 1, "urgentieregelingen art 7")]
    out = runner.invoke(app, ["validate", str(tmp_path)]).stdout
    warned = [line for line in out.splitlines() if "regel-twee-keer" in line]
    assert len(warned) == 1 and "c.yaml" in warned[0] and "a.yaml" in warned[0] and "urgentie-7" in warned[0]
