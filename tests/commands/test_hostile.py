"""Issue 22 "Nothing lost, nothing forged": one test per path a hostile run found, named after its item.

Each test failed on the code before the fix. The general rules they pin down are in SECURITY.md.
"""

import os
import shutil
import subprocess
import sys
import time

import pytest
from conftest import ROOT, SAMPLES
from typer.testing import CliRunner

from doorbraak_cli.check.case import check_file
from doorbraak_cli.cli import app

runner = CliRunner()
WILLEM = SAMPLES / "plan-5b-willem-gerealiseerd.yaml"
SCORES = ["--lichaamsfuncties", "7", "--mentaal-welbevinden", "7,5", "--zingeving", "6",
          "--kwaliteit-van-leven", "8", "--meedoen", "7", "--dagelijks-functioneren", "6.5"]
CLI = [sys.executable, "-m", "doorbraak_cli"]


def cli(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def case(tmp_path):
    path = tmp_path / "willem.yaml"
    shutil.copyfile(WILLEM, path)
    return path


def dates_in(path) -> list[str]:
    checked = check_file(str(path), full=True)
    assert checked.errors == [], checked.errors
    return [str(m.datum) for m in checked.case.metingen]


# --- data loss --------------------------------------------------------------------------------------------------


def test_02_meting_waits_for_another_edit_of_the_case_and_keeps_it(case):
    """A run that holds the case's lock (here: this test, as a lifecycle command would) makes ``meting`` wait; it
    then reads what that run wrote, so neither edit is lost."""
    from doorbraak_cli.source.locking import LockedEdit

    with LockedEdit(case, 2 * 1024 * 1024) as edit:
        proc = subprocess.Popen([*CLI, "meting", str(case), "--datum", "2021-09-01", *SCORES],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        time.sleep(2.0)
        assert proc.poll() is None, "meting must wait for the lock, not write past it: " + (proc.stdout.read() or "")
        ours = edit.data.replace(b"titel: ", b"titel: Bewerkt ", 1)
        edit.replace(ours)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, out
    text = case.read_text(encoding="utf-8")
    assert "titel: Bewerkt " in text, "the edit made under the lock survives"
    assert dates_in(case)[-1] == "2021-09-01", "and so does the measurement"


def test_02_parallel_meting_runs_lose_no_measurement(case):
    days = [f"2022-0{m}-01" for m in range(1, 9)]
    procs = [subprocess.Popen([*CLI, "meting", str(case), "--datum", d, *SCORES], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True) for d in days]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0] * len(days), outs
    assert set(days) <= set(dates_in(case)), "every run's measurement is in the file"


def test_02_meting_refuses_when_the_file_changed_between_read_and_write(case):
    from doorbraak_cli.source.locking import FileChanged, LockedEdit

    with LockedEdit(case, 2 * 1024 * 1024) as edit:
        case.write_text(case.read_text(encoding="utf-8") + "# een editor schreef dit\n", encoding="utf-8")
        with pytest.raises(FileChanged):
            edit.replace(edit.data)
    assert case.read_text(encoding="utf-8").endswith("# een editor schreef dit\n")


def _special(tmp_path, kind: str) -> str:
    path = str(tmp_path / f"uit-{kind}.csv")
    if kind == "fifo":
        os.mkfifo(path)
    else:
        import socket

        sock = socket.socket(socket.AF_UNIX)
        sock.bind(path)
        sock.close()
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and Unix sockets")
@pytest.mark.parametrize("kind", ["fifo", "socket"])
@pytest.mark.parametrize("command", ["render", "report", "export", "import-prices"])
def test_03_output_onto_a_fifo_socket_or_device_is_refused_even_with_force(tmp_path, case, kind, command):
    import stat

    target = _special(tmp_path, kind)
    sheet = tmp_path / "prijzen.csv"
    sheet.write_text("id;omschrijving;prijs;eenheid;domein;bron\nx;Een post;100;dag;Wmo;test\n", encoding="utf-8")
    args = {"render": ["render", case, "-f", "markdown"], "report": ["report", case], "export": ["export", case],
            "import-prices": ["import-prices", sheet, "--naam", "test"]}[command]
    if command == "import-prices":
        os.rename(target, target[:-4] + ".yaml")
        target = target[:-4] + ".yaml"
    mode = os.lstat(target).st_mode
    result = cli(*args, "-o", target, "--force")
    assert result.exit_code == 1, result.output
    assert "geen gewoon bestand" in result.output
    assert os.lstat(target).st_mode == mode and not stat.S_ISREG(mode), "the FIFO or socket is still there"


def test_03_atomic_write_never_replaces_a_device_or_fifo(tmp_path):
    from doorbraak_cli.source.files import NotRegularFile, write_file

    fifo = tmp_path / "pijp"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFile):
        write_file(fifo, "x", overwrite=True)
    assert not fifo.is_file() and fifo.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["pijp"], "no temporary file left behind"


def test_04_import_prices_will_not_overwrite_a_case(tmp_path, case):
    sheet = tmp_path / "prijzen.csv"
    sheet.write_text("id;omschrijving;prijs;eenheid;domein;bron\nx;Een post;100;dag;Wmo;test\n", encoding="utf-8")
    before = case.read_bytes()
    result = cli("import-prices", sheet, "--naam", "test", "-o", case, "--force")
    assert result.exit_code == 1, result.output
    assert "casus" in result.output
    assert case.read_bytes() == before


@pytest.mark.parametrize("kind", ["alleen-lezen", "prijslijst", "ongeldig", "te-groot"])
def test_04_meting_refuses_files_it_must_not_write(tmp_path, case, kind):
    path = case
    if kind == "alleen-lezen":
        os.chmod(path, 0o444)
        says = "alleen-lezen"
    elif kind == "prijslijst":
        path = tmp_path / "lijst.yaml"
        shutil.copyfile(ROOT / "pricelists" / "zoetermeer-crisisteam.yaml", path)
        says = "prijslijst"
    elif kind == "ongeldig":
        path.write_text(path.read_text(encoding="utf-8").replace("status: afgesloten", "status: klaar"),
                        encoding="utf-8")
        says = "herstel"
    else:
        text = path.read_text(encoding="utf-8")
        room = 2 * 1024 * 1024 - len(text.encode()) - 40
        path.write_text(text + ("#" + "x" * 99 + "\n") * (room // 101), encoding="utf-8")
        says = "groter"
    before = path.read_bytes()
    result = cli("meting", path, "--datum", "2021-09-01", *SCORES)
    assert result.exit_code == 1, result.output
    assert says in result.output
    assert path.read_bytes() == before


def test_07_meting_vervang_keeps_toelichting_door_and_comments(case):
    text = case.read_text(encoding="utf-8")
    text = text.replace("  - datum: 2020-06-15\n    scores:\n",
                        "  - datum: 2020-06-15  # de tweede meting\n    door: samen\n"
                        "    # gescoord aan de keukentafel\n    scores:\n"
                        "      # de scores van het huishouden\n", 1)
    text = text.replace("      dagelijks_functioneren: 6\n  - datum: 2021-03-20",
                        "      dagelijks_functioneren: 6  # laag door de verhuizing\n"
                        "    toelichting: Na de verhuizing\n  - datum: 2021-03-20", 1)
    case.write_text(text, encoding="utf-8")
    assert dates_in(case) == ["2020-02-10", "2020-06-15", "2021-03-20"]
    result = cli("meting", case, "--datum", "2020-06-15", *SCORES, "--vervang")
    assert result.exit_code == 0, result.output
    after = case.read_text(encoding="utf-8")
    for kept in ("# de tweede meting", "door: samen", "# gescoord aan de keukentafel", "# de scores van het huishouden",
                 "# laag door de verhuizing", "toelichting: Na de verhuizing"):
        assert kept in after, kept
    replaced = check_file(str(case), full=True).case.metingen[1]
    assert replaced.door == "samen" and replaced.toelichting == "Na de verhuizing"
    assert str(replaced.scores["mentaal_welbevinden"]) == "7.5"
    assert len(after.splitlines()) == len(text.splitlines()), "values are set in place; no line added or lost"
