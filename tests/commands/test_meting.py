"""`doorbraak meting`: one measurement in, every other byte of the case untouched; a refused one writes nothing."""

import os
import pty
import shutil
import subprocess
import sys
from decimal import Decimal

import pytest
from conftest import SAMPLES, read_pty
from typer.testing import CliRunner

from doorbraak_cli.check.case import check_file
from doorbraak_cli.cli import app

runner = CliRunner()
WILLEM = SAMPLES / "plan-5b-willem-gerealiseerd.yaml"
SCORES = ["--lichaamsfuncties", "7", "--mentaal-welbevinden", "7,5", "--zingeving", "6",
          "--kwaliteit-van-leven", "8", "--meedoen", "7", "--dagelijks-functioneren", "6.5"]


@pytest.fixture
def case(tmp_path):
    path = tmp_path / "willem.yaml"
    shutil.copyfile(WILLEM, path)
    return path


def meting(*args):
    return runner.invoke(app, ["meting", *map(str, args)])


def test_third_measurement_keeps_every_existing_line(case):
    before = case.read_bytes()
    os.chmod(case, 0o640)
    result = meting(case, "--datum", "2021-09-01", *SCORES, "--toelichting", "Na een jaar: werk gevonden")
    assert result.exit_code == 0, result.output
    after = case.read_bytes()
    assert after.startswith(before), "the existing text is kept byte for byte; the measurement comes after it"
    added = after[len(before):].decode()
    assert added.splitlines() == [
        "  - datum: 2021-09-01",
        "    door: huishouden",
        "    scores:",
        "      lichaamsfuncties: 7",
        "      mentaal_welbevinden: 7.5",
        "      zingeving: 6",
        "      kwaliteit_van_leven: 8",
        "      meedoen: 7",
        "      dagelijks_functioneren: 6.5",
        '    toelichting: "Na een jaar: werk gevonden"',
    ]
    assert os.stat(case).st_mode & 0o777 == 0o640, "the file keeps its permissions"
    checked = check_file(str(case), full=True)
    assert checked.errors == []
    last = checked.case.metingen[-1]
    assert str(last.datum) == "2021-09-01"
    assert last.scores["mentaal_welbevinden"] == Decimal("7.5")
    assert last.scores["dagelijks_functioneren"] == Decimal("6.5")
    assert len(checked.case.metingen) == 4


def test_measurement_in_the_middle_of_the_file_keeps_the_lines_after_it(tmp_path):
    text = WILLEM.read_text(encoding="utf-8")
    head, tail = text.split("metingen:", 1)
    metingen = "metingen:" + tail
    # move the measurements before 'realisatie' and give the file Windows line endings
    realisatie_at = head.index("realisatie:")
    moved = head[:realisatie_at] + metingen + head[realisatie_at:]
    path = tmp_path / "midden.yaml"
    path.write_bytes(moved.replace("\n", "\r\n").encode())
    before = path.read_bytes().split(b"\r\n")
    result = meting(path, "--datum", "2021-09-01", *SCORES)
    assert result.exit_code == 0, result.output
    after = path.read_bytes().split(b"\r\n")
    assert len(after) == len(before) + 9
    inserted_at = next(i for i, (a, b) in enumerate(zip(before, after)) if a != b)
    assert after[:inserted_at] == before[:inserted_at]
    assert after[inserted_at + 9:] == before[inserted_at:], "every line after the new measurement is unchanged"
    assert after[inserted_at] == b"  - datum: 2021-09-01"
    assert check_file(str(path), full=True).errors == []


def test_first_measurement_makes_the_list(tmp_path, minimal_text):
    path = tmp_path / "casus.yaml"
    path.write_text(minimal_text, encoding="utf-8")
    result = meting(path, "--datum", "2026-11-25", *SCORES, "--door", "samen")
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith(minimal_text)
    assert text[len(minimal_text):].startswith("metingen:\n  - datum: 2026-11-25\n    door: samen\n")
    assert check_file(str(path), full=True).errors == []


@pytest.mark.parametrize("args, says", [
    (["--datum", "2021-09-01", *SCORES[:-1], "11"], "--dagelijks-functioneren: '11' kan niet: buiten 0 tot en met 10"),
    (["--datum", "2021-09-01", *SCORES[:-1], "-1"], "--dagelijks-functioneren"),
    (["--datum", "2021-09-01", *SCORES[:-1], "6.25"], "meer dan één decimaal"),
    (["--datum", "2021-09-01", *SCORES[:-1], "zes"], "'zes' kan niet"),
    (["--datum", "2021-02-30", *SCORES], "'2021-02-30' is geen datum"),
    (["--datum", "2020-06-15", *SCORES], "er staat al een meting op 2020-06-15"),
])
def test_refused_measurement_leaves_the_file_byte_identical(case, args, says):
    before = case.read_bytes()
    result = meting(case, *args)
    assert result.exit_code == 1, result.output
    assert says in result.output
    assert "meting niet toegevoegd" in result.output
    assert case.read_bytes() == before
    assert [p.name for p in case.parent.iterdir()] == [case.name], "no temporary file is left behind"


def test_missing_score_without_a_terminal_is_a_usage_error(case):
    before = case.read_bytes()
    result = meting(case, "--datum", "2021-09-01", "--meedoen", "5")
    assert result.exit_code == 2
    assert "ontbreekt: --lichaamsfuncties, --mentaal-welbevinden" in result.output
    assert "--meedoen," not in result.output
    assert case.read_bytes() == before
    assert meting(case, *SCORES).exit_code == 2, "a missing date is a usage error too"
    assert meting(case, "--datum", "2021-09-01", *SCORES, "--door", "buurman").exit_code == 2
    assert case.read_bytes() == before


def test_replace_takes_the_place_of_exactly_that_measurement(case):
    before = case.read_text(encoding="utf-8").splitlines()
    result = meting(case, "--datum", "2020-06-15", *SCORES, "--vervang")
    assert result.exit_code == 0, result.output
    assert "vervangen" in result.output
    after = case.read_text(encoding="utf-8").splitlines()
    start = before.index("  - datum: 2020-06-15")
    assert after[:start] == before[:start]
    assert after[start:start + 8] == [
        "  - datum: 2020-06-15", "    scores:", "      lichaamsfuncties: 7",
        "      mentaal_welbevinden: 7.5", "      zingeving: 6", "      kwaliteit_van_leven: 8", "      meedoen: 7",
        "      dagelijks_functioneren: 6.5"], "each score is set in its own place; no 'door' where none was given"
    assert after[start + 8:] == before[start + 8:]
    checked = check_file(str(case), full=True)
    assert checked.errors == []
    assert [str(m.datum) for m in checked.case.metingen] == ["2020-02-10", "2020-06-15", "2021-03-20"]


def test_a_flow_style_list_is_refused_not_rewritten(tmp_path, minimal_text):
    path = tmp_path / "casus.yaml"
    path.write_text(minimal_text + "metingen: [{datum: 2026-01-01, scores: {lichaamsfuncties: 5, mentaal_welbevinden: 5, "
                    "zingeving: 5, kwaliteit_van_leven: 5, meedoen: 5, dagelijks_functioneren: 5}}]\n", encoding="utf-8")
    before = path.read_bytes()
    result = meting(path, "--datum", "2026-11-25", *SCORES)
    assert result.exit_code == 1
    assert "niet onder elkaar" in result.output
    assert path.read_bytes() == before


def test_a_broken_case_is_not_touched(tmp_path):
    path = tmp_path / "kapot.yaml"
    path.write_text("titel: [niet gesloten\n", encoding="utf-8")
    before = path.read_bytes()
    result = meting(path, "--datum", "2026-11-25", *SCORES)
    assert result.exit_code == 1
    assert "kapot.yaml:" in result.output
    assert path.read_bytes() == before


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_on_a_terminal_missing_scores_are_asked_with_an_explanation(case):
    """A real pseudo-terminal: the date default, a wrong answer asked again, each dimension explained."""
    main, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "doorbraak_cli", "meting", str(case), "--lichaamsfuncties", "6",
                             "--mentaal-welbevinden", "6", "--zingeving", "6", "--kwaliteit-van-leven", "6",
                             "--door", "samen"],
                            stdin=child, stdout=child, stderr=child, env={**os.environ, "TERM": "dumb"})
    os.close(child)
    os.write(main, b"2021-09-01\n12\n5,5\n7\n")
    seen = read_pty(main)
    assert proc.wait(timeout=30) == 0, seen.decode(errors="replace")
    os.close(main)
    text = seen.decode(errors="replace")
    assert "Meedoen:" in text and "Dagelijks functioneren:" in text, "each asked dimension is explained"
    assert "'12' kan niet" in text, "a wrong answer is asked again"
    assert "Lichaamsfuncties:" not in text, "a given score is not asked"
    last = check_file(str(case), full=True).case.metingen[-1]
    assert (str(last.datum), last.door) == ("2021-09-01", "samen")
    assert (last.scores["meedoen"], last.scores["dagelijks_functioneren"]) == (Decimal("5.5"), Decimal("7"))


def test_an_unchanged_case_is_read_quickly_and_checked_once(case, monkeypatch):
    """Before asking and again under the lock the case is checked; when its bytes did not change meanwhile the
    first reading serves (the read-back of the new text is the only other check, and needs no positions). A
    measurement list in the plain layout is spliced at places read from the text: no exact reading at all."""
    from doorbraak_cli.check import case as check_case
    from doorbraak_cli.source import yamlread

    calls = {"check": 0, "exact": 0}
    check_data, parse = check_case.check_data, yamlread.parse

    def counting_check(doc, *a, **k):
        calls["check"] += 1
        return check_data(doc, *a, **k)

    def counting_parse(*a, **k):
        calls["exact"] += 1
        return parse(*a, **k)

    monkeypatch.setattr(check_case, "check_data", counting_check)
    monkeypatch.setattr(yamlread, "parse", counting_parse)
    result = meting(case, "--datum", "2021-09-01", *SCORES)
    assert result.exit_code == 0, result.output
    assert calls == {"check": 2, "exact": 0}
    assert check_file(str(case)).ok


@pytest.mark.parametrize("replace,warned", [(False, False), (True, False), (False, True)])
def test_a_plain_measurement_does_not_load_pyyaml(case, replace, warned):
    """meting costs no more than calc: a plain case is read, spliced and read back without the exact reader
    (PyYAML's import alone is 10-18 ms), also when it has a warning (only an error stops a measurement), and the
    file is the one the exact reader's places give."""
    if warned:  # a post without its domein: a warning, not an error
        case.write_text(WILLEM.read_text(encoding="utf-8").replace("        domein: Overig\n", "", 1), encoding="utf-8")
    original = case.read_bytes()
    args = ["meting", str(case), "--datum", "2021-03-20" if replace else "2021-09-01", *SCORES] + (
        ["--vervang"] if replace else [])
    script = ("import sys, runpy\nsys.argv = ['doorbraak'] + sys.argv[1:]\ntry:\n"
              "    runpy.run_module('doorbraak_cli', run_name='__main__')\nexcept SystemExit as e:\n"
              "    print('exit', e.code, 'yaml' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", script, *args[0:]], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("exit 0 False"), out
    quick = case.read_bytes()
    case.write_bytes(original)
    from doorbraak_cli.source import blockpos

    def no_places(doc, key):
        return None

    mp = pytest.MonkeyPatch()
    mp.setattr(blockpos, "locate", no_places)  # the exact reader's places
    try:
        assert meting(*args[1:]).exit_code == 0
    finally:
        mp.undo()
    assert case.read_bytes() == quick
