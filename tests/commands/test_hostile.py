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
    from doorbraak_cli.site import write as site_write

    out = tmp_path / "site"
    real = site_write.write_site

    def interrupted(say, model, w, *a, **kw):
        for folder in list(w.folders):
            with open(os.path.join(folder, f".tmp-{os.getpid()}-pagina-abc.html"), "w") as fh:
                fh.write("<half")
        raise KeyboardInterrupt

    monkeypatch.setattr(site_write, "write_site", interrupted)
    with pytest.raises(KeyboardInterrupt):
        site([SAMPLES], out)
    assert list(out.rglob(".tmp-*")) == []
    monkeypatch.setattr(site_write, "write_site", real)
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


@pytest.mark.parametrize("failure", ["busy", "changed", "refused"])
@pytest.mark.parametrize("command, args, what", [
    ("meting", ["--datum", "2021-09-01", *SCORES], "meting niet toegevoegd"),
    ("status", ["ingediend", "--datum", "2021-09-01"], "status niet gezet"),
    ("vergeet", [], "niets gewist"),
])
def test_02_an_edit_that_cannot_take_place_says_so_in_one_wording(case, monkeypatch, failure, command, args, what):
    """Every command that edits a case tells a lock not free in time, a file changed under it and the system's
    refusal in the same words, each naming what did not happen; the file stays as it was."""
    from doorbraak_cli.source import locking

    exc = {"busy": locking.FileBusy(), "changed": locking.FileChanged(), "refused": PermissionError(13, "nee")}[failure]

    class Failing(locking.LockedEdit):
        def __enter__(self):
            raise exc

    monkeypatch.setattr(locking, "LockedEdit", Failing)
    before = case.read_bytes()
    result = cli(command, case, *args)
    said = {"busy": "een andere opdracht bewerkt dit bestand nu; " + what + ", probeer het zo opnieuw",
            "changed": "het bestand is intussen veranderd; " + what + ", probeer opnieuw",
            "refused": "kan niet lezen of schrijven (geen toegang: onvoldoende rechten); " + what}[failure]
    assert result.exit_code == 1 and said in result.output, result.output
    assert case.read_bytes() == before


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


CONTROLS = {"form-feed": "\f", "escape": "\x1b", "del": "\x7f", "c1": "\x9b", "niet-teken": "\ufffe"}


@pytest.mark.parametrize("name", list(CONTROLS))
def test_08_a_raw_control_character_is_a_located_problem_and_validate_goes_on(tmp_path, name, minimal_text):
    folder = tmp_path / "casussen"
    folder.mkdir()
    bad = minimal_text.replace("titel: ", "titel: Huis" + CONTROLS[name], 1)
    (folder / "a-stuurteken.yaml").write_text(bad, encoding="utf-8")
    (folder / "b-ander.yaml").write_text(minimal_text.replace("status: ingediend", "status: klaar"), encoding="utf-8")
    line = bad[: bad.index(CONTROLS[name])].count("\n") + 1
    result = cli("validate", folder)
    assert result.exit_code == 1, result.output
    assert f"a-stuurteken.yaml:{line}:" in result.output and "(controle)teken" in result.output
    assert "b-ander.yaml:" in result.output, "the next file is still checked"
    assert "2 bestanden gecontroleerd" in result.output
    for command in (["calc"], ["render", "-f", "markdown", "-o", "-"]):
        got = cli(*command, folder / "a-stuurteken.yaml")
        assert got.exit_code == 1 and "interne fout" not in got.output, got.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_10_a_fifo_in_the_cache_folder_never_makes_a_command_hang(tmp_path):
    cache = tmp_path / "cache"
    env = {**os.environ, "DOORBRAAK_CACHE_DIR": str(cache)}
    commands = [["calc", str(WILLEM)], ["report", str(SAMPLES)], ["export", str(SAMPLES)]]
    first = [subprocess.run([*CLI, *c], env=env, capture_output=True, text=True, timeout=120) for c in commands]
    assert [r.returncode for r in first] == [0, 0, 0], [r.stderr for r in first]
    swapped = 0
    for root, _, names in os.walk(cache):
        for name in names:
            path = os.path.join(root, name)
            os.unlink(path)
            os.mkfifo(path)
            swapped += 1
    assert swapped >= 3, "the cache had entries and an index"
    for c, before in zip(commands, first):
        try:
            again = subprocess.run([*CLI, *c], env=env, capture_output=True, text=True, timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{c[0]} hangs on a FIFO in the cache")
        assert again.returncode == 0 and again.stdout == before.stdout, again.stderr


EDGES = {
    "datum": ("datum: 2026-11-02", "datum: 9999-12-01"),
    "realisatie": ("realisatie:\n  datum: 2020-03-16", "realisatie:\n  datum: 9999-12-01"),
    "meting": ("  - datum: 2020-06-15", "  - datum: 0001-06-15"),
    "metingen_na": ("metingen_na: [3 maanden, 12 maanden]", "metingen_na: [1000000 jaar]"),
}


def _edge_case(tmp_path, which, minimal_text):
    old, new = EDGES[which]
    text = minimal_text if which == "datum" else WILLEM.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / f"rand-{which}.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("which", list(EDGES))
def test_09_dates_at_the_edge_are_refused_by_validate_and_never_crash(tmp_path, which, minimal_text):
    path = _edge_case(tmp_path, which, minimal_text)
    result = cli("validate", path)
    assert result.exit_code == 1 and ("datum-buiten-bereik" in result.output or "ongeldige-termijn" in result.output), \
        result.output
    for command in (["calc"], ["report"], ["export"], ["render", "-f", "markdown", "-o", "-"]):
        got = cli(*command, path)
        assert got.exit_code in (0, 1) and "interne" not in got.output, (command, got.output)


@pytest.mark.parametrize("which", list(EDGES))
def test_19_report_and_validate_judge_validity_alike(tmp_path, which, minimal_text):
    import json

    path = _edge_case(tmp_path, which, minimal_text)
    valid = cli("validate", path).exit_code == 0
    report = json.loads(cli("report", path, "--format", "json").stdout)
    assert (len(report["ongeldig"]) == 0) == valid
    assert all("interne-fout" not in o["fout"] for o in report["ongeldig"]), report["ongeldig"]


def _raw(port: int, data: bytes, reset: bool = False) -> bytes:
    import socket
    import struct

    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(data)
    if reset:  # a browser that goes away: the connection is reset, not closed
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
        return b""
    out = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        out += chunk
    s.close()
    return out


@pytest.fixture
def served(tmp_path):
    from test_serve import Served

    root = tmp_path / "casussen"
    root.mkdir()
    for name in ("plan-3-lars-en-klaas.yaml", "plan-5-willem.yaml", "plan-6-eveline.yaml"):
        shutil.copy(SAMPLES / name, root / name)
    s = Served(root)
    yield s
    if s.proc.poll() is None:
        s.stop()


def test_11_serve_is_quiet_when_a_browser_drops_the_connection(served):
    for i in range(20):
        half = b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % served.port  # headers never finished
        _raw(served.port, half if i % 2 else half + b"\r\n", reset=True)
    status, _ = served.get("/index.html")
    assert status == 200, "the server still answers"
    code, err = served.stop()
    assert "Traceback" not in err and "Error" not in err and "----" not in err, err
    assert len([line for line in err.splitlines() if "verzoek" in line]) <= 1


# --- forged or leaking output -----------------------------------------------------------------------------------


def test_17_serve_answers_a_malformed_request_in_dutch_with_its_security_headers(served):
    answer = _raw(served.port, b"ONZIN\r\n\r\n").decode("utf-8", "replace")
    head, _, body = answer.partition("\r\n\r\n")
    assert head.startswith(("HTTP/1.0 400", "HTTP/1.1 400")), head
    assert "content-security-policy: default-src 'none'" in head.lower()
    assert "ongeldig verzoek" in body and "Bad request" not in answer and "<html" not in body.lower()


@pytest.mark.parametrize("args, says", [
    (["serve", "--port", "70000"], "geef een getal van 0 tot en met 65535"),
    (["report", "-j", "0"], "geef een getal van minstens 1"),
    (["calc", "--horizon", "veel"], "is geen geheel getal"),
])
def test_17_option_bounds_are_told_in_dutch(args, says, capsys):
    from doorbraak_cli.cli import main

    assert main([*args, str(SAMPLES / "plan-4-derk-jan.yaml")]) == 2
    err = capsys.readouterr().err
    assert says in err and "<=x" not in err and "not in the range" not in err and "not a valid" not in err, err


def test_17_a_value_in_a_message_is_shown_as_written_not_as_a_python_repr(tmp_path, minimal_text):
    path = tmp_path / "casus.yaml"
    text = WILLEM.read_text(encoding="utf-8").replace("      lichaamsfuncties: 6\n", "      lichaamsfuncties: 11.5\n", 1)
    path.write_text(text, encoding="utf-8")
    other = tmp_path / "tweede.yaml"
    other.write_text(minimal_text.replace("prijs: 100\n", "prijs: [1.5, 2]\n", 1), encoding="utf-8")
    result = cli("validate", path, other)
    assert result.exit_code == 1
    assert "11.5" in result.output and "1.5, 2" in result.output
    assert "Decimal" not in result.output, result.output


def test_12_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    import zipfile

    wb = openpyxl.Workbook()
    wb.active.append(["id", "omschrijving", "prijs", "eenheid", "domein", "bron"])
    wb.active.append(["x", "Een post", 100, "dag", "Wmo", "test"])
    plain = tmp_path / "gewoon.xlsx"
    wb.save(plain)
    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":  # the rows, then 300 MB of one repeated cell
                data = data.replace(b"</sheetData>", b"<row r=\"3\">" + b"<c t=\"inlineStr\"><is><t>a</t></is></c>"
                                    * 8_000_000 + b"</row></sheetData>")
            dst.writestr(item, data)
    assert bomb.stat().st_size < 3 * 1024 * 1024
    start = time.monotonic()
    result = cli("import-prices", bomb, "--naam", "bom", "-o", tmp_path / "bom.yaml")
    assert result.exit_code == 1, result.output
    assert "te groot" in result.output and "MB" in result.output, result.output
    assert not (tmp_path / "bom.yaml").exists()
    assert time.monotonic() - start < 60
    result = cli("import-prices", plain, "--naam", "gewoon", "-o", tmp_path / "gewoon.yaml")
    assert result.exit_code == 0, result.output


def _hostile_text_case(tmp_path):
    import re

    text = WILLEM.read_text(encoding="utf-8")
    text = re.sub(r"^titel: .*$", 'titel: "X\\\\e[2J\\\\u0007Y"', text, count=1, flags=re.M)
    text = re.sub(r"^gemeente: .*$", 'gemeente: "Gem\\\\e]0;titel\\\\u0007"', text, count=1, flags=re.M)
    text = re.sub(r"^(\s+- omschrijving: ).*$", lambda m: m.group(1) + '"=1+1\\\\e[31m\\\\u009b rood"', text, count=2,
                  flags=re.M)
    text = re.sub(r"^(\s+regel: ).*$", lambda m: m.group(1) + '"Regel\\\\u202e\\\\e[31m"', text, count=1, flags=re.M)
    path = tmp_path / "vreemd.yaml"
    path.write_text(text, encoding="utf-8")
    assert cli("validate", path).exit_code == 0
    return path


RAW_CONTROL = __import__("re").compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("args", [
    ["calc", "-f", "csv"], ["calc", "-f", "markdown"], ["calc"], ["calc", "-f", "json"],
    ["report", "-f", "csv"], ["report", "-f", "html"], ["report", "-f", "markdown"], ["report"],
    ["export"], ["export", "-f", "jsonl"], ["export", "--metingen"],
    ["render", "-f", "markdown", "-o", "-"], ["render", "-f", "html", "-o", "-"],
])
def test_14_no_control_character_from_a_case_reaches_the_output(tmp_path, args):
    path = _hostile_text_case(tmp_path)
    result = cli(*args, path)
    assert result.exit_code == 0, result.output
    bad = RAW_CONTROL.findall(result.output)
    assert bad == [], (args, bad)
    if "csv" in args or args == ["export"] or "--metingen" in args:
        assert ",=1+1" not in result.output, "the formula neutralising stays"


def test_14_site_pages_carry_no_control_character(tmp_path):
    path = _hostile_text_case(tmp_path)
    out = tmp_path / "site"
    assert site([path], out)[0] == 0
    for page in out.rglob("*"):
        if page.is_file() and page.suffix in (".html", ".json", ".css", ".js", ".svg", ".txt"):
            assert RAW_CONTROL.findall(page.read_text(encoding="utf-8")) == [], page


FORGED = "vals.yaml:1:1: fout[vervalst]: dit bericht komt niet van doorbraak"


@pytest.mark.skipif(sys.platform == "win32", reason="a line break in a file name")
@pytest.mark.parametrize("command", [["validate"], ["report"], ["calc"], ["render", "-o", "-"],
                                     ["meting", "--datum", "2026-01-01", *SCORES], ["export"]])
def test_15_a_line_break_in_a_file_name_forges_no_message(tmp_path, minimal_text, command):
    folder = tmp_path / "casussen"
    folder.mkdir()
    name = "casus\n" + FORGED + "\nrest.yaml"
    path = folder / name
    path.write_text(minimal_text.replace("status: ingediend", "status: klaar"), encoding="utf-8")
    target = path if command[0] in ("calc", "render", "meting") else folder
    result = cli(command[0], target, *command[1:])
    assert result.exit_code == 1 or command[0] in ("report", "export"), result.output
    lines = result.output.splitlines()
    assert not [line for line in lines if line.startswith(FORGED[:20])], result.output
    assert "klaar" in result.output or command[0] in ("report", "export")


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_16_bash_completion_inserts_a_municipality_as_one_literal_word(tmp_path, minimal_text):
    from test_completion import launcher, script

    folder = tmp_path / "casussen"
    folder.mkdir()
    names = ["$(touch gehackt)", "Den Haag *"]
    for i, name in enumerate(names):
        text = minimal_text.replace("gemeente: Testdorp", f"gemeente: '{name}'").replace("2026-testdorp-001", f"x-{i}")
        (folder / f"c{i}.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "completion.bash").write_text(script("bash"), encoding="utf-8")
    program = (f"source {tmp_path / 'completion.bash'}\n"
               "COMP_WORDS=(doorbraak report casussen --gemeente '')\n"
               "COMP_CWORD=4\n"
               "_doorbraak_completion doorbraak\n"
               # what the shell makes of each inserted value when the line is run
               "for w in \"${COMPREPLY[@]}\"; do eval \"set -- $w\"; printf '%s|%s\\n' \"$#\" \"$1\"; done\n")
    env = {**os.environ, "PATH": f"{launcher(tmp_path)}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert sorted(done.stdout.splitlines()) == sorted(f"1|{n}" for n in names), done.stdout
    assert not (tmp_path / "gehackt").exists(), "nothing in a municipality's name runs"


def test_20_municipalities_spelled_differently_are_one_row_and_validate_warns(tmp_path, minimal_text):
    import json

    folder = tmp_path / "casussen"
    folder.mkdir()
    for i, name in enumerate(["Den Haag", "den haag ", "Den  Haag", "DEN HAAG", "Den Haag", "Delft"]):
        text = minimal_text.replace("gemeente: Testdorp", f"gemeente: '{name}'").replace("2026-testdorp-001", f"c-{i}")
        (folder / f"c{i}.yaml").write_text(text, encoding="utf-8")
    report = json.loads(cli("report", folder, "--format", "json").stdout)
    rows = report["per_gemeente"]
    names = sorted(rows) if isinstance(rows, dict) else sorted(r["gemeente"] for r in rows)
    assert names == ["Delft", "Den Haag"], rows
    haag = rows["Den Haag"] if isinstance(rows, dict) else next(r for r in rows if r["gemeente"] == "Den Haag")
    assert haag["aantal"] == 5
    terminal = cli("report", folder).stdout
    assert "den haag" not in terminal and "DEN HAAG" not in terminal
    result = cli("validate", folder)
    assert result.exit_code == 0, result.output
    warned = [line for line in result.output.splitlines() if "gemeente-spelling" in line]
    assert len(warned) == 3 and all("'Den Haag'" in line for line in warned), result.output
    assert "Delft" not in result.output
    assert cli("validate", folder, "--strict").exit_code == 1
    out = tmp_path / "site"
    assert site([folder], out)[0] == 0
    assert sorted(p.name for p in (out / "gemeente").iterdir()) == ["delft.html", "den-haag.html", "index.html"]


def test_01_a_site_made_before_digests_gets_them_and_can_remove_its_pages_again(tmp_path):
    cases = tmp_path / "casussen"
    shutil.copytree(SAMPLES, cases)
    out = tmp_path / "site"
    assert site([cases], out)[0] == 0
    marker = _marker(out)
    marker["bestanden"] = {rel: v[:2] for rel, v in marker["bestanden"].items()}  # as an older version wrote it
    _write_marker(out, marker)
    assert site([cases], out, use_cache=False)[0] == 0  # a run that does its work (not one skipped as unchanged)
    assert all(len(v) == 3 for v in _marker(out)["bestanden"].values())
    (cases / "plan-4-derk-jan.yaml").unlink()
    code, err = site([cases], out)
    assert code == 0 and "verwijderd" in err, err


def test_19_a_case_the_report_cannot_compute_is_not_valid_to_validate_either(tmp_path, minimal_text, monkeypatch):
    import json

    from doorbraak_cli.compute import analysis

    folder = tmp_path / "casussen"
    folder.mkdir()
    (folder / "goed.yaml").write_text(minimal_text, encoding="utf-8")
    (folder / "stuk.yaml").write_text(minimal_text.replace("2026-testdorp-001", "2026-testdorp-stuk"), encoding="utf-8")
    real = analysis.analyse

    def failing(case, *a, **kw):  # a computation that fails on one case (as a date beyond the calendar did)
        if case.id.endswith("stuk"):
            raise OverflowError("date value out of range")
        return real(case, *a, **kw)

    monkeypatch.setattr(analysis, "analyse", failing)
    report = json.loads(cli("report", folder, "--format", "json", "--no-cache", "--jobs", "1").stdout)
    result = cli("validate", folder)
    assert [o["bestand"].endswith("stuk.yaml") for o in report["ongeldig"]] == [True]
    assert result.exit_code == 1 and "stuk.yaml" in result.output and "goed.yaml" not in result.output, \
        result.output


@pytest.mark.skipif(sys.platform == "win32", reason="a line break in a file name")
def test_15_no_message_line_can_be_forged_by_a_file_name(tmp_path):
    """Every message is one line: whatever a command puts in it, a line break in a name never starts a line."""
    sheet = tmp_path / ("werkblad\n" + FORGED + "\n.csv")
    sheet.write_text("id;omschrijving;prijs;eenheid;domein;bron\nx;Een post;veel;dag;Wmo;test\n", encoding="utf-8")
    result = cli("import-prices", sheet, "--naam", "test", "-o", tmp_path / "lijst.yaml")
    assert result.exit_code == 1, result.output
    assert not [line for line in result.output.splitlines() if line.startswith(FORGED[:20])], result.output


def test_17_a_system_error_is_told_in_dutch(tmp_path):
    import errno
    import io
    import socket

    from doorbraak_cli.commands import Io
    from doorbraak_cli.commands import serve as serve_cmd
    from doorbraak_cli.model.problem import os_reason

    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "de schijf is vol"
    assert os_reason(OSError(errno.EACCES, "Permission denied")).startswith("geen toegang")
    folder = tmp_path / "casussen"
    folder.mkdir()
    shutil.copy(SAMPLES / "plan-4-derk-jan.yaml", folder)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        err = io.StringIO()
        assert serve_cmd.run(Io(io.StringIO(), err), [str(folder)], port=sock.getsockname()[1]) == 1
    assert "de poort is al in gebruik" in err.getvalue() and "Address already in use" not in err.getvalue()
