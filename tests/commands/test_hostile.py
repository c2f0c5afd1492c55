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


def site(paths, out, **kw):
    import io

    from doorbraak_cli.commands import Io
    from doorbraak_cli.commands import site as site_cmd

    err = io.StringIO()
    code = site_cmd.run(Io(io.StringIO(), err), [str(p) for p in paths], str(out), **kw)
    return code, err.getvalue()


def _marker(out):
    import json

    return json.loads((out / ".doorbraak-site.json").read_text(encoding="utf-8"))


def _write_marker(out, marker):
    import json

    (out / ".doorbraak-site.json").write_text(json.dumps(marker), encoding="utf-8")


@pytest.mark.parametrize("where", ["parent", "absolute", "dotted"])
def test_01_site_marker_naming_a_file_outside_the_folder_removes_nothing(tmp_path, where):
    out = tmp_path / "site"
    assert site([SAMPLES], out)[0] == 0
    victim = tmp_path / "eigen.txt"
    victim.write_text("van de gebruiker\n", encoding="utf-8")
    rel = {"parent": "../eigen.txt", "absolute": str(victim), "dotted": "casus/../../eigen.txt"}[where]
    marker = _marker(out)
    some = next(iter(marker["bestanden"].values()))
    marker["bestanden"][rel] = [some[0], victim.stat().st_size] + some[2:]
    _write_marker(out, marker)
    code, err = site([SAMPLES], out)
    assert victim.read_text(encoding="utf-8") == "van de gebruiker\n"
    assert code == 1 and "niet leeg" in err, "a marker that does not hold up counts as absent"
    assert site([SAMPLES], out, force=True)[0] == 0 and victim.exists()


def test_01_site_removes_only_a_file_with_the_size_and_digest_it_wrote(tmp_path):
    out = tmp_path / "site"
    cases = tmp_path / "casussen"
    shutil.copytree(SAMPLES, cases)
    assert site([cases], out)[0] == 0
    # a user's file in the folder, listed in the marker with its size but not with what the site wrote
    own = out / "lijst" / "notities.html"
    own.write_text("mijn aantekeningen\n", encoding="utf-8")
    marker = _marker(out)
    fp, _, *digest = marker["bestanden"]["lijst/alle.html"]
    marker["bestanden"]["lijst/notities.html"] = [fp, own.stat().st_size, *digest]
    _write_marker(out, marker)
    # a page the site did write, and that the next run no longer makes: it goes
    page = out / "casus" / "2020-voorbeeld-005.html"
    assert page.exists()
    for f in cases.glob("plan-5*"):
        f.unlink()
    code, err = site([cases], out)
    assert code == 0, err
    assert own.read_text(encoding="utf-8") == "mijn aantekeningen\n"
    assert "verwijderd" in err and not page.exists(), "a page the site wrote, unchanged, still goes"


def test_05_an_interrupted_first_site_run_does_not_block_the_next(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    out = tmp_path / "site"
    (out / "casus").mkdir(parents=True)
    (out / "casus" / f".tmp-{dead.pid}-pagina-0123456789abcdef.html").write_text("<half", encoding="utf-8")
    (out / f".tmp-{dead.pid}-7.html").write_text("<half", encoding="utf-8")
    code, err = site([SAMPLES], out)
    assert code == 0, err
    left = [p for p in out.rglob(".tmp-*")]
    assert left == [], left
    assert (out / "index.html").exists()


def test_05_an_interrupted_site_run_removes_its_own_temporaries(tmp_path, monkeypatch):
    from doorbraak_cli.commands import site as site_cmd

    out = tmp_path / "site"
    real = site_cmd.write_site

    def interrupted(io, model, w, *a, **kw):
        for folder in list(w.folders):
            with open(os.path.join(folder, f".tmp-{os.getpid()}-pagina-abc.html"), "w") as fh:
                fh.write("<half")
        raise KeyboardInterrupt

    monkeypatch.setattr(site_cmd, "write_site", interrupted)
    with pytest.raises(KeyboardInterrupt):
        site([SAMPLES], out)
    assert list(out.rglob(".tmp-*")) == []
    monkeypatch.setattr(site_cmd, "write_site", real)
    assert site([SAMPLES], out)[0] == 0


@pytest.mark.parametrize("sub", ["casus", "lijst"])
def test_06_site_refuses_to_write_through_a_linked_subfolder(tmp_path, sub):
    out = tmp_path / "site"
    assert site([SAMPLES], out)[0] == 0
    elsewhere = tmp_path / "elders"
    shutil.copytree(out / sub, elsewhere)
    shutil.rmtree(out / sub)
    os.symlink(elsewhere, out / sub)
    for p in elsewhere.iterdir():
        p.write_text("van iemand anders", encoding="utf-8")
    before = {p.name: p.read_text(encoding="utf-8") for p in elsewhere.iterdir()}
    code, err = site([SAMPLES], out, force=True)
    assert code == 1 and "koppeling" in err, err
    assert {p.name: p.read_text(encoding="utf-8") for p in elsewhere.iterdir()} == before


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


# --- crashes and hangs ------------------------------------------------------------------------------------------


def test_13_jobs_beyond_the_processors_starts_no_more_workers_than_processors(tmp_path, monkeypatch):
    import concurrent.futures

    import casegen

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cases = tmp_path / "casussen"
    casegen.generate(str(cases), 60, seed=5)
    sizes = []
    real = concurrent.futures.ProcessPoolExecutor

    class Counted(real):
        def __init__(self, max_workers=None, *a, **kw):
            sizes.append(max_workers)
            super().__init__(max_workers, *a, **kw)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counted)
    result = cli("report", cases, "--jobs", "1000", "--no-cache", "--format", "json")
    assert result.exit_code == 0, result.output
    assert sizes and max(sizes) <= cpus, sizes


def _children(pid: int) -> set[int]:
    out = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out |= {int(x) for x in fh.read().split()}
        except OSError:
            pass
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_18_site_workers_end_when_the_run_is_killed(tmp_path):
    import signal

    import casegen

    cases = tmp_path / "casussen"
    casegen.generate(str(cases), 600, seed=11)
    out = tmp_path / "site"
    proc = subprocess.Popen([*CLI, "site", str(cases), "-o", str(out), "--jobs", "2", "--no-cache", "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = set()
    deadline = time.monotonic() + 120
    while not workers and proc.poll() is None and time.monotonic() < deadline:
        workers = _children(proc.pid)
        time.sleep(0.02)
    assert workers, "the run started worker processes"
    time.sleep(0.3)
    workers |= _children(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 5
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert left == [], "workers go when their run is killed"
