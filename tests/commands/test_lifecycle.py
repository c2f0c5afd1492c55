"""The lifecycle commands (status, realisatie, instemming): only the change in the diff, a refusal changes nothing,
concurrent runs lose nothing, and each command's help shows an example."""

import difflib
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from conftest import SAMPLES, read_pty
from typer.testing import CliRunner

from doorbraak_cli.check.case import check_file
from doorbraak_cli.cli import app

runner = CliRunner()
WILLEM = SAMPLES / "plan-5-willem.yaml"  # status ingediend, no reis; comments at the top


@pytest.fixture
def case(tmp_path):
    path = tmp_path / "willem.yaml"
    shutil.copyfile(WILLEM, path)
    return path


def cli(*args):
    return runner.invoke(app, list(map(str, args)))


def changes(before: bytes, after: bytes):
    """(removed lines, added lines) between two versions of a file."""
    a, b = before.decode().splitlines(), after.decode().splitlines()
    removed, added = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            removed += a[i1:i2]
        if op in ("replace", "insert"):
            added += b[j1:j2]
    return removed, added


def test_status_changes_only_the_status_line_and_adds_the_event(case):
    before = case.read_bytes()
    result = cli("status", case, "goedgekeurd", "--datum", "2020-02-11", "--bij", "werktafel",
                 "--toelichting", "Akkoord: urgentie # met voorrang")
    assert result.exit_code == 0, result.output
    after = case.read_bytes()
    removed, added = changes(before, after)
    assert removed == ["status: ingediend"]
    assert added == ["status: goedgekeurd", "reis:", "  - datum: 2020-02-11", "    gebeurtenis: goedgekeurd",
                     "    bij: werktafel", '    toelichting: "Akkoord: urgentie # met voorrang"']
    assert after.startswith(before[:before.index(b"status:")]), "the comments and keys above stay byte for byte"
    checked = check_file(str(case), full=True)
    assert checked.errors == []
    assert checked.case.status == "goedgekeurd"
    assert [(str(e.datum), e.gebeurtenis, e.bij) for e in checked.case.reis] == [("2020-02-11", "goedgekeurd", "werktafel")]


def test_status_keeps_a_comment_after_the_value_and_windows_line_endings(tmp_path):
    path = tmp_path / "crlf.yaml"
    text = WILLEM.read_text(encoding="utf-8").replace("status: ingediend\n", "status: ingediend   # wacht op de werktafel\n")
    path.write_bytes(text.replace("\n", "\r\n").encode())
    before = path.read_bytes()
    assert cli("status", path, "afgewezen", "--datum", "2020-02-11").exit_code == 0
    after = path.read_bytes()
    assert b"status: afgewezen   # wacht op de werktafel\r\n" in after
    removed, added = changes(before.replace(b"\r\n", b"\n"), after.replace(b"\r\n", b"\n"))
    assert removed == ["status: ingediend   # wacht op de werktafel"]
    assert after.count(b"\n") == after.count(b"\r\n"), "every line keeps its Windows ending"


def test_geevalueerd_closes_the_case_and_intake_changes_no_status(case):
    assert cli("status", case, "goedgekeurd", "--datum", "2020-02-11").exit_code == 0
    assert cli("status", case, "gerealiseerd", "--datum", "2020-03-16").exit_code == 0
    assert cli("status", case, "geevalueerd", "--datum", "2021-03-20").exit_code == 0
    checked = check_file(str(case))
    assert checked.case.status == "afgesloten"
    assert [e.gebeurtenis for e in checked.case.reis] == ["goedgekeurd", "gerealiseerd", "geevalueerd"]


@pytest.mark.parametrize("args,code,says", [
    (["goedgekeurd", "--datum", "2020-02-01"], 1, "stap terug"),                  # after gerealiseerd
    (["geevalueerd", "--datum", "2020-03-01"], 1, "vóór de laatste gebeurtenis"),  # dated before the last event
    (["gestopt"], 2, "doorbraak stop"),
    (["klaar"], 2, "kies uit"),
    (["goedgekeurd", "--datum", "2020-02-30"], 2, "geen datum"),
])
def test_a_refused_step_leaves_the_file_byte_identical(approved, args, code, says):
    case = approved
    assert cli("status", case, "gerealiseerd", "--datum", "2020-03-16").exit_code == 0
    before = case.read_bytes()
    result = cli("status", case, *args)
    assert result.exit_code == code, result.output
    assert says in result.output
    assert case.read_bytes() == before


def test_force_takes_the_step_back(approved):
    case = approved
    assert cli("status", case, "gerealiseerd", "--datum", "2020-03-16").exit_code == 0
    assert cli("status", case, "goedgekeurd", "--datum", "2020-02-01", "--force").exit_code == 0
    assert check_file(str(case)).case.status == "goedgekeurd"


def test_a_rejected_plan_may_be_submitted_again(case):
    assert cli("status", case, "afgewezen", "--datum", "2020-02-11").exit_code == 0
    assert cli("status", case, "ingediend", "--datum", "2020-03-01").exit_code == 0


def test_submitting_an_unfinished_draft_is_refused_with_the_errors(tmp_path):
    assert cli("new", tmp_path, "--titel", "Familie Q", "--gemeente", "Tilburg", "--no-input").exit_code == 0
    path = next(tmp_path.glob("*.yaml"))
    before = path.read_bytes()
    result = cli("status", path, "ingediend")
    assert result.exit_code == 1
    assert "fout[" in result.output and "status niet gezet" in result.output
    assert path.read_bytes() == before


def test_a_case_with_errors_is_not_touched(case):
    case.write_text(case.read_text(encoding="utf-8").replace("status: ingediend", "status: ingediend\nonbekend: 1"),
                    encoding="utf-8")
    before = case.read_bytes()
    result = cli("status", case, "goedgekeurd")
    assert result.exit_code == 1
    assert "herstel die eerst" in result.output
    assert case.read_bytes() == before


def test_concurrent_runs_lose_no_event(case):
    """Eight processes each add an event at once: the lock serialises them, so all eight are there."""
    procs = [subprocess.Popen([sys.executable, "-m", "doorbraak_cli", "status", str(case), "opgeschaald",
                               "--datum", "2020-02-01", "--toelichting", f"ronde {i}"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for i in range(8)]
    codes = [p.wait(timeout=120) for p in procs]
    assert codes == [0] * 8, [p.stderr.read() for p in procs]
    checked = check_file(str(case), full=True)
    assert checked.errors == []
    assert sorted(e.toelichting for e in checked.case.reis) == sorted(f"ronde {i}" for i in range(8))


# --- realisatie ------------------------------------------------------------------------------------------


@pytest.fixture
def approved(case):
    """Willem's plan after the decision: a plan is realised once it is approved."""
    assert cli("status", case, "goedgekeurd", "--datum", "2020-02-11").exit_code == 0
    return case


@pytest.mark.parametrize("status", ["concept", "ingediend", "afgewezen"])
@pytest.mark.parametrize("command", [["realisatie", "--post", "1=120"], ["status", "gerealiseerd"]])
def test_a_plan_without_approval_is_not_realised(case, status, command):
    """Realising a draft, a plan still waiting for its decision or a rejected plan would put it in the funnel's
    'gerealiseerd' without a decision: refused, the file untouched, unless --force."""
    if status == "afgewezen":
        assert cli("status", case, "afgewezen", "--datum", "2020-02-11").exit_code == 0
    elif status == "concept":
        case.write_text(case.read_text(encoding="utf-8").replace("status: ingediend", "status: concept"),
                        encoding="utf-8")
    before = case.read_bytes()
    name, *rest = command
    args = [name, case, *rest[:1], "--datum", "2020-03-16", *rest[1:]] if name == "status" else \
        [name, case, "--datum", "2020-03-16", *rest]
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert f"niet goedgekeurd (status '{status}')" in result.output and "--force" in result.output
    assert case.read_bytes() == before
    assert cli(*args, "--force").exit_code == 0
    assert check_file(str(case)).case.status == "gerealiseerd"


def test_realisatie_writes_the_block_the_quantities_and_the_step(case):
    assert cli("status", case, "goedgekeurd", "--datum", "2020-02-11").exit_code == 0
    before = case.read_bytes()
    result = cli("realisatie", case, "--datum", "2020-03-16", "--uitkomst", "gelukt",
                 "--post", "1=120", "--post", "Mutatie van een woning=1")
    assert result.exit_code == 0, result.output
    removed, added = changes(before, case.read_bytes())
    assert removed == ["status: goedgekeurd"]
    assert added == ["status: gerealiseerd", "        gerealiseerd: 120", "        gerealiseerd: 1",
                     "  - datum: 2020-03-16", "    gebeurtenis: gerealiseerd",
                     "realisatie:", "  datum: 2020-03-16", "  uitkomst: gelukt"]
    checked = check_file(str(case), full=True)
    assert checked.errors == []
    lines = checked.case.rendement.posten
    assert [(line.omschrijving, line.gerealiseerd.value) for line in lines if line.realised_known] == [
        ("Maatschappelijk werker", 120), ("Mutatie van een woning", 1)]
    assert str(checked.case.realisatie.datum) == "2020-03-16" and checked.case.realisatie.uitkomst == "gelukt"


def test_realisatie_reads_the_case_notation_of_a_quantity(tmp_path, clock):
    path = tmp_path / "eveline.yaml"
    shutil.copyfile(SAMPLES / "plan-6-eveline.yaml", path)
    checked = check_file(str(path))
    nr = next(line.index + 1 for line in checked.case.rendement.posten if line.eenheid == "jaar")
    clock.day = date(2027, 2, 1)
    assert cli("status", path, "goedgekeurd", "--datum", "2027-01-05").exit_code == 0
    result = cli("realisatie", path, "--datum", "2027-01-10", "--post", f"{nr}=3 x 6 mnd")
    assert result.exit_code == 0, result.output
    line = check_file(str(path)).case.rendement.posten[nr - 1]
    assert line.gerealiseerd.value == Decimal(3) / 2 and line.gerealiseerd.text == "3 x 6 mnd"


@pytest.mark.parametrize("args,code,says", [
    (["--post", "9=1"], 2, "geen post 9"),
    (["--post", "Verhuisdoos=1"], 2, "geen post met die omschrijving"),
    (["--post", "1"], 2, "NR=AANTAL"),
    (["--post", "2=6 weken"], 1, "tijdsduur"),            # a time against a price per keer: the check refuses it
    (["--post", "1=1.052"], 1, "dubbelzinnig"),
    (["--uitkomst", "prima"], 2, "kies uit"),
])
def test_a_refused_realisation_leaves_the_file_byte_identical(approved, args, code, says):
    case = approved
    before = case.read_bytes()
    result = cli("realisatie", case, "--datum", "2020-03-16", *args)
    assert result.exit_code == code, result.output
    assert says in result.output
    assert case.read_bytes() == before


def test_realisatie_again_changes_only_the_values(approved):
    case = approved
    assert cli("realisatie", case, "--datum", "2020-03-16", "--post", "1=100").exit_code == 0
    before = case.read_bytes()
    assert cli("realisatie", case, "--datum", "2020-03-18", "--uitkomst", "deels", "--post", "1=110").exit_code == 0
    removed, added = changes(before, case.read_bytes())
    assert removed == ["        gerealiseerd: 100", "  datum: 2020-03-16"]
    assert added == ["        gerealiseerd: 110", "  datum: 2020-03-18", "  uitkomst: deels"]


# --- instemming -----------------------------------------------------------------------------------------


def test_instemming_adds_the_block_and_a_second_run_changes_only_values(case):
    before = case.read_bytes()
    result = cli("instemming", case, "--datum", "2020-01-27", "--door", "Willem",
                 "--citaat", "Als ik ergens anders mag wonen, dan wil ik er iets van maken.")
    assert result.exit_code == 0, result.output
    after = case.read_bytes()
    assert after.startswith(before)
    assert after[len(before):].decode().splitlines() == [
        "instemming:", "  datum: 2020-01-27", "  door: Willem",
        "  in_eigen_woorden: Als ik ergens anders mag wonen, dan wil ik er iets van maken."]
    assert check_file(str(case)).case.instemming.in_eigen_woorden.startswith("Als ik")
    assert cli("instemming", case, "--datum", "2020-01-28", "--citaat", "Dit plan is van mij: 'echt'.").exit_code == 0
    removed, added = changes(after, case.read_bytes())
    assert removed == ["  datum: 2020-01-27", "  in_eigen_woorden: Als ik ergens anders mag wonen, dan wil ik er iets van maken."]
    assert added == ["  datum: 2020-01-28", "  in_eigen_woorden: \"Dit plan is van mij: 'echt'.\""]
    assert check_file(str(case)).case.instemming.in_eigen_woorden == "Dit plan is van mij: 'echt'."


def test_instemming_without_a_sentence_off_a_terminal_is_a_usage_error(case):
    before = case.read_bytes()
    result = cli("instemming", case, "--datum", "2020-01-27")
    assert result.exit_code == 2 and "--citaat" in result.output
    assert case.read_bytes() == before


@pytest.mark.parametrize("name", ["status", "stop", "realisatie", "instemming", "todo"])
def test_help_shows_an_example(name):
    result = cli(name, "--help")
    assert result.exit_code == 0
    assert "Voorbeeld:" in result.output and f"doorbraak {name} " in result.output


# --- stop -----------------------------------------------------------------------------------------------


def test_stop_writes_the_record_the_status_and_the_event(case):
    before = case.read_bytes()
    result = cli("stop", case, "--reden", "elders-opgelost", "--datum", "2020-02-01",
                 "--toelichting", "Woning via familie gevonden.")
    assert result.exit_code == 0, result.output
    removed, added = changes(before, case.read_bytes())
    assert removed == ["status: ingediend"]
    assert added == ["status: gestopt", "gestopt:", "  datum: 2020-02-01", "  reden: elders-opgelost",
                     "  toelichting: Woning via familie gevonden.", "reis:", "  - datum: 2020-02-01",
                     "    gebeurtenis: gestopt", "    toelichting: elders opgelost"]
    checked = check_file(str(case), full=True)
    assert checked.errors == []
    assert (checked.case.status, checked.case.gestopt.reden) == ("gestopt", "elders-opgelost")


def test_stop_before_a_plan_needs_nothing_else(tmp_path, clock):
    assert cli("new", tmp_path, "--titel", "Familie Q", "--gemeente", "Tilburg", "--no-input").exit_code == 0
    path = next(tmp_path.glob("*.yaml"))
    clock.day = date(2026, 12, 31)
    assert cli("status", path, "intake", "--datum", "2026-12-10").exit_code == 0
    assert cli("stop", path, "--reden", "situatie verbeterd", "--datum", "2026-12-20").exit_code == 0
    checked = check_file(str(path), full=True)
    assert checked.errors == []
    assert [e.gebeurtenis for e in checked.case.reis][-2:] == ["intake", "gestopt"]
    assert checked.case.status == "gestopt" and checked.case.gestopt.reden == "situatie-verbeterd"


def test_stop_gives_a_stopped_case_its_missing_reason(case):
    case.write_text(case.read_text(encoding="utf-8").replace("status: ingediend", "status: gestopt"), encoding="utf-8")
    assert any(p.code == "gestopt-zonder-reden" for p in check_file(str(case)).errors)
    result = cli("stop", case, "--reden", "wil-niet", "--datum", "2020-02-01")
    assert result.exit_code == 0, result.output
    assert check_file(str(case), full=True).errors == []


@pytest.mark.parametrize("args,code,says", [
    (["--reden", "verhuisd"], 2, "kies uit: situatie-verbeterd"),
    (["--reden", "wil-niet", "--datum", "2020-01-01"], 1, "vóór de laatste gebeurtenis"),
    (["--reden", "wil-niet", "--datum", "2020-05-01"], 1, "al gestopt"),
])
def test_a_refused_stop_leaves_the_file_byte_identical(case, args, code, says):
    assert cli("status", case, "goedgekeurd", "--datum", "2020-02-11").exit_code == 0
    if says == "al gestopt":
        assert cli("stop", case, "--reden", "geen-contact", "--datum", "2020-03-01").exit_code == 0
    before = case.read_bytes()
    result = cli("stop", case, *args)
    assert result.exit_code == code, result.output
    assert says in result.output
    assert case.read_bytes() == before


@pytest.mark.parametrize("command,args", [
    ("instemming", ["--datum", "2020-01-27", "--citaat", "Dit is ons plan."]),
    ("realisatie", ["--datum", "2020-03-16", "--post", "1=120"]),
    ("stop", ["--reden", "wil-niet", "--datum", "2020-03-01"]),
])
def test_concurrent_runs_of_each_command_leave_one_valid_file(case, command, args):
    """Six runs at once: the lock serialises them; the file is valid and holds the change once."""
    approval = int(command == "realisatie")  # a plan is realised after its approval
    if approval:
        assert cli("status", case, "goedgekeurd", "--datum", "2020-02-11").exit_code == 0
    procs = [subprocess.Popen([sys.executable, "-m", "doorbraak_cli", command, str(case), *args],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(6)]
    codes = [p.wait(timeout=120) for p in procs]
    assert 0 in codes and set(codes) <= {0, 1}, [p.stderr.read() for p in procs]
    checked = check_file(str(case), full=True)
    assert checked.errors == []
    text = case.read_text(encoding="utf-8")
    block = {"instemming": "instemming:", "realisatie": "realisatie:", "stop": "gestopt:"}[command]
    assert text.count("\n" + block) == 1
    assert len(checked.case.reis) == approval + (0 if command == "instemming" else 1), "one journey event, not six"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_on_a_terminal_realisatie_asks_per_post_offering_the_plan(approved):
    """Enter takes the planned quantity, '-' leaves a post open, a wrong quantity is asked again."""
    case = approved
    import os
    import pty

    main, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "doorbraak_cli", "realisatie", str(case), "--datum", "2020-03-16"],
                            stdin=child, stdout=child, stderr=child, env={**os.environ, "TERM": "dumb"})
    os.close(child)
    os.write(main, b"120\n6 weken\n1\n-\n-\n")   # post 2 is per keer: '6 weken' is asked again, then 1
    seen = read_pty(main)
    assert proc.wait(timeout=60) == 0, seen.decode(errors="replace")
    os.close(main)
    text = seen.decode(errors="replace")
    assert "1. Maatschappelijk werker (uur) [100]" in text, "the planned quantity is offered"
    assert "tijdsduur" in text, "a quantity that does not fit the post's unit is asked again"
    lines = check_file(str(case), full=True).case.rendement.posten
    assert [(line.index, line.gerealiseerd.value) for line in lines if line.gerealiseerd is not None] == [(0, 120), (1, 1)]


# --- dates in the future --------------------------------------------------------------------------------

SCORES = ["--lichaamsfuncties", "5", "--mentaal-welbevinden", "4", "--zingeving", "5",
          "--kwaliteit-van-leven", "4", "--meedoen", "3", "--dagelijks-functioneren", "4"]


@pytest.mark.parametrize("args,code", [
    (["status", "{case}", "goedgekeurd", "--datum", "{day}"], 2),
    (["stop", "{case}", "--reden", "wil-niet", "--datum", "{day}"], 2),
    (["instemming", "{case}", "--datum", "{day}", "--citaat", "Dit is ons plan."], 2),
    (["realisatie", "{case}", "--datum", "{day}", "--post", "1=120", "--force"], 2),
    (["meting", "{case}", "--datum", "{day}", *SCORES], 1),
])
def test_a_step_dated_after_today_is_refused(case, clock, args, code):
    """A step is recorded once it happened: a date after today (a typo such as 2062 for 2026) would put the case
    ahead of its own journey and skew the worklist. Refused with the day it is, the file untouched; today is fine."""
    before = case.read_bytes()
    tomorrow = "2026-12-05"  # clock.day is 2026-12-04
    result = cli(*[a.format(case=case, day=tomorrow) for a in args])
    assert result.exit_code == code, result.output
    assert "2026-12-05 ligt in de toekomst (vandaag is 2026-12-04)" in result.output
    assert case.read_bytes() == before
    assert cli(*[a.format(case=case, day="2026-12-04") for a in args]).exit_code == 0


# --- where a refusal points -----------------------------------------------------------------------------


def _line_of(path, prefix: str, last: bool = False) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [i + 1 for i, line in enumerate(lines) if line.startswith(prefix)]
    return hits[-1] if last else hits[0]


def test_a_refusal_about_the_case_points_at_the_value_it_is_about(approved):
    """A step refused because of what the case says names the file, line and column of that value (as every
    message about a case does): the status for a step back or a plan without approval, the journey's last event
    for a date before it, the reason of a stopped case."""
    case = approved
    assert cli("status", case, "gerealiseerd", "--datum", "2020-03-16").exit_code == 0
    status_at = f"{case}:{_line_of(case, 'status: ')}:9: status niet gezet: "
    result = cli("status", case, "goedgekeurd", "--datum", "2020-04-01")
    assert result.exit_code == 1 and status_at + "'goedgekeurd' is een stap terug" in result.output, result.output
    event_at = f"{case}:{_line_of(case, '  - datum: 2020-03-16', last=True)}:12: status niet gezet: "
    result = cli("status", case, "geevalueerd", "--datum", "2020-03-01")
    assert result.exit_code == 1 and event_at + "2020-03-01 ligt vóór" in result.output, result.output
    assert cli("stop", case, "--reden", "geen-contact", "--datum", "2020-04-01").exit_code == 0
    result = cli("stop", case, "--reden", "wil-niet", "--datum", "2020-05-01")
    reason_at = f"{case}:{_line_of(case, '  reden: ')}:10: stop niet vastgelegd: de casus is al gestopt"
    assert result.exit_code == 1 and reason_at in result.output, result.output
    other = case.with_name("ingediend.yaml")
    shutil.copyfile(WILLEM, other)
    result = cli("realisatie", other, "--datum", "2020-03-16")
    assert f"{other}:{_line_of(other, 'status: ')}:9: realisatie niet vastgelegd: het plan is niet goedgekeurd" \
        in result.output, result.output


def test_a_post_written_inline_is_named_as_validate_names_it_with_its_place(approved):
    """A post written between { } cannot take a new key line: refused with the post's path as validate writes it
    (posten[1], the second post) and where it stands, the file untouched; one quantity is 'aantal', not 'aantallen'."""
    case = approved
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("      - post: mutatie-woning\n        doorbraak: 1\n",
                                 "      - {post: mutatie-woning, doorbraak: 1}   # inline\n"), encoding="utf-8")
    before = case.read_bytes()
    result = cli("realisatie", case, "--datum", "2020-03-16", "--post", "2=1")
    assert result.exit_code == 1, result.output
    line = _line_of(case, "      - {post: mutatie-woning")
    assert f"{case}:{line}:9: realisatie niet vastgelegd: 'waardendriehoek.rendement.posten[1]' staat niet onder " \
        "elkaar" in result.output, result.output
    assert case.read_bytes() == before
    result = cli("realisatie", case, "--datum", "2020-03-16", "--post", "1=120")
    assert result.exit_code == 0 and "vastgelegd, 1 gerealiseerd aantal" in result.output, result.output
