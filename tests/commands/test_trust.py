"""The tool as an attacker and a careless user would try it: real files, real processes (SECURITY.md).

FIFOs, killed runs, broken pipes, Ctrl-C, outputs over inputs, a tampered index,
and text that tries to act in a spreadsheet, a terminal or a Markdown viewer.
"""

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from conftest import DATA, ROOT, SAMPLES
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from doorbraak_cli.cli import app

runner = CliRunner()
BIN = [sys.executable, "-m", "doorbraak_cli"]


def _env(tmp_path):
    return dict(os.environ, DOORBRAAK_CACHE_DIR=str(tmp_path / "cache"))


def _samples(tmp_path, name="casussen"):
    folder = tmp_path / name
    shutil.copytree(SAMPLES, folder)
    return folder


def _generated(tmp_path, n):
    import casegen

    folder = tmp_path / "regio"
    casegen.generate(str(folder), n, seed=7)
    return folder


# --- files and folders ----------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["report", "-q"], ["export", "-q"], ["validate"]])
def test_a_fifo_among_the_cases_is_skipped_never_opened(tmp_path, args):
    folder = _samples(tmp_path)
    os.mkfifo(folder / "pijp.yaml")
    result = subprocess.run([*BIN, *args, str(folder)], capture_output=True, text=True, timeout=60,
                            env=_env(tmp_path), cwd=ROOT)
    assert "pijp.yaml" in result.stderr + result.stdout and "geen gewoon bestand" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    if args[0] != "validate":
        assert result.returncode == 0


def test_a_fifo_named_on_the_command_line_is_not_opened(tmp_path):
    os.mkfifo(tmp_path / "pijp.yaml")
    result = subprocess.run([*BIN, "calc", str(tmp_path / "pijp.yaml")], capture_output=True, text=True, timeout=60,
                            env=_env(tmp_path), cwd=ROOT)
    assert result.returncode == 1 and "geen gewoon bestand" in result.stderr


def test_an_unreadable_folder_is_an_error_that_names_it(tmp_path, monkeypatch):
    folder = _samples(tmp_path)
    closed = folder / "dicht"
    closed.mkdir()
    shutil.copy(SAMPLES / "plan-5-willem.yaml", closed / "a.yaml")
    real = os.scandir

    def scandir(path="."):  # as a folder without read permission behaves (root reads everything anyway)
        if os.path.abspath(path) == str(closed):
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    for args in (["report", "-q", "-f", "json"], ["export", "-q"]):
        result = runner.invoke(app, [*args, str(folder)])
        assert result.exit_code == 1, result.output
        assert str(closed) in result.stderr and "kan niet gelezen worden" in result.stderr
        assert "alles in orde" not in result.stdout and '"aantal_casussen"' not in result.stdout


@pytest.mark.skipif(os.getuid() == 0, reason="root reads every folder; covered above by simulating the refusal")
def test_an_unreadable_folder_for_real(tmp_path):
    folder = _samples(tmp_path)
    closed = folder / "dicht"
    closed.mkdir()
    os.chmod(closed, 0)
    try:
        result = subprocess.run([*BIN, "report", "-q", str(folder)], capture_output=True, text=True, env=_env(tmp_path))
        assert result.returncode == 1 and str(closed) in result.stderr
    finally:
        os.chmod(closed, 0o755)


@pytest.mark.parametrize("command", ["report", "export"])
def test_an_output_is_never_written_onto_an_input_case(tmp_path, command):
    folder = _samples(tmp_path)
    victim = folder / "plan-5-willem.yaml"
    before = victim.read_bytes()
    for target in (victim, tmp_path / "link.yaml"):
        if target.name == "link.yaml":
            target.symlink_to(victim)
        result = runner.invoke(app, [command, "-q", "--force", "-o", str(target), str(folder)])
        assert result.exit_code == 1 and "een van de casussen" in result.stderr, result.output
    assert victim.read_bytes() == before


def test_a_killed_export_leaves_no_temporary_file_behind_the_next_run(tmp_path):
    folder = _generated(tmp_path, 1500)
    out = tmp_path / "uit"
    out.mkdir()
    p = subprocess.Popen([*BIN, "export", "-q", "--no-cache", str(folder), "-o", str(out / "feiten.csv")],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(tmp_path), cwd=ROOT,
                         start_new_session=True)
    deadline = time.time() + 30
    while not any(n.startswith(".tmp-") for n in os.listdir(out)) and time.time() < deadline and p.poll() is None:
        time.sleep(0.02)
    os.killpg(p.pid, signal.SIGKILL)
    p.wait()
    left = [n for n in os.listdir(out) if n.startswith(".tmp-")]
    if not left:
        pytest.skip("the export finished before it could be killed")
    result = subprocess.run([*BIN, "export", "-q", str(SAMPLES), "-o", str(out / "ander.csv")], capture_output=True,
                            text=True, env=_env(tmp_path), cwd=ROOT)
    assert result.returncode == 0
    assert not [n for n in os.listdir(out) if n.startswith(".tmp-")]


def test_a_killed_report_leaves_nothing_in_the_cache_that_a_next_run_keeps(tmp_path):
    folder = _generated(tmp_path, 1500)
    env = _env(tmp_path)
    p = subprocess.Popen([*BIN, "report", "-q", "-f", "json", str(folder)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, env=env, cwd=ROOT, start_new_session=True)
    index = tmp_path / "cache" / "index"
    deadline = time.time() + 30
    while not (index.exists() and any(n.startswith(".tmp-") for n in os.listdir(index))) and time.time() < deadline \
            and p.poll() is None:
        time.sleep(0.02)
    os.killpg(p.pid, signal.SIGKILL)
    p.wait()
    if not (index.exists() and any(n.startswith(".tmp-") for n in os.listdir(index))):
        pytest.skip("the report finished before it could be killed")
    result = subprocess.run([*BIN, "report", "-q", "-f", "json", str(folder)], capture_output=True, text=True, env=env,
                            cwd=ROOT)
    assert result.returncode == 0 and json.loads(result.stdout)["aantal_casussen"] > 0
    assert not [n for n in os.listdir(index) if n.startswith(".tmp-")]


# --- processes ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["export", "-q", "{big}"], ["export", "-q", "-f", "jsonl", "{big}"], ["report", "-q", "-f", "json", "{big}"],
    ["validate", "{big}"], ["calc", "{case}"], ["calc", "-f", "json", "{case}"], ["prices"], ["schema"],
    ["render", "-f", "html", "-o", "-", "{case}"], ["report", "-q", "{big}"],
])
def test_a_reader_that_stops_is_no_error(tmp_path_factory, args):
    big = tmp_path_factory.getbasetemp() / "groot"
    if not big.exists():
        import casegen

        casegen.generate(str(big), 400, seed=5)
    argv = [a.format(big=big, case=SAMPLES / "plan-5-willem.yaml") for a in args]
    p = subprocess.Popen([*BIN, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                         env=dict(os.environ, DOORBRAAK_CACHE_DIR=str(tmp_path_factory.mktemp("c"))))
    p.stdout.read(20)
    p.stdout.close()  # as `| head -c 20` does
    err = p.stderr.read().decode()
    assert p.wait(timeout=60) == 0, err
    assert "Traceback" not in err and "Exception ignored" not in err and "BrokenPipe" not in err


@pytest.mark.parametrize("args", [["report", "-q", "--no-cache"], ["export", "-q", "--no-cache"], ["validate"]])
def test_ctrl_c_says_afgebroken_and_exits_130(tmp_path, args):
    folder = _generated(tmp_path, 2500)
    extra = ["-o", str(tmp_path / "uit.csv")] if args[0] == "export" else []
    p = subprocess.Popen([*BIN, *args, str(folder), *extra], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         env=_env(tmp_path), cwd=ROOT, start_new_session=True)
    time.sleep(1.0)
    if p.poll() is not None:
        pytest.skip("finished before Ctrl-C")
    os.killpg(p.pid, signal.SIGINT)  # a terminal sends it to the whole process group, workers included
    err = p.communicate(timeout=60)[1].decode()
    assert p.returncode == 130, err
    assert err.strip().endswith("afgebroken") and "Traceback" not in err
    assert not (tmp_path / "uit.csv").exists()
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".tmp-")]


# --- the cache and the index cannot lie ------------------------------------------------------------------------


def _index(tmp_path):
    (path,) = list((tmp_path / "cache" / "index").glob("report-*.jsonl"))
    return path


def test_a_tampered_or_truncated_index_is_only_a_miss(tmp_path):
    folder = _samples(tmp_path)
    env = {"DOORBRAAK_CACHE_DIR": str(tmp_path / "cache")}
    truth = runner.invoke(app, ["report", "-q", "-f", "json", "--no-cache", str(folder)], env=env).stdout
    assert runner.invoke(app, ["report", "-q", "-f", "json", str(folder)], env=env).stdout == truth
    idx = _index(tmp_path)
    lines = idx.read_text(encoding="utf-8").splitlines(keepends=True)
    # a figure edited in one summary: that line no longer matches its checksum
    check, head, payload = lines[1].split("\t")  # the summary: [[head], [totalen], ...]
    edited = [lines[0], "\t".join([check, head, payload.replace('],["', '],["9', 1)])] + lines[2:]
    assert edited[1] != lines[1]
    idx.write_text("".join(edited), encoding="utf-8")
    shutil.rmtree(tmp_path / "cache" / "report-out")
    again = runner.invoke(app, ["report", "-q", "-f", "json", str(folder)], env=env)
    assert again.exit_code == 0 and again.stdout == truth
    # cut off in the middle of a line, as a full disk or a killed run leaves it
    text = idx.read_text(encoding="utf-8")
    idx.write_text(text[: len(text) - 40], encoding="utf-8")
    shutil.rmtree(tmp_path / "cache" / "report-out")
    for _ in range(2):  # and every later run too
        result = runner.invoke(app, ["report", "-q", "-f", "json", str(folder)], env=env)
        assert result.exit_code == 0 and result.stdout == truth


def test_a_tampered_stored_report_is_a_miss(tmp_path):
    folder = _samples(tmp_path)
    env = {"DOORBRAAK_CACHE_DIR": str(tmp_path / "cache")}
    truth = runner.invoke(app, ["report", "-q", "-f", "json", str(folder)], env=env).stdout
    runner.invoke(app, ["report", "-q", "-f", "json", str(folder)], env=env)
    for p in (tmp_path / "cache" / "report-out").rglob("*.json"):
        e = json.loads(p.read_text(encoding="utf-8"))
        e["value"]["out"] = e["value"]["out"].replace("275193.52", "1.00")
        p.write_text(json.dumps(e), encoding="utf-8")
    result = runner.invoke(app, ["report", "-q", "-f", "json", str(folder)], env=env)
    assert result.exit_code == 0 and result.stdout == truth and "1.00" not in result.stdout.split("275193.52")[0][-10:]


# --- text that tries to act ---------------------------------------------------------------------------------


def _hostile_case(tmp_path, **replace) -> str:
    text = (DATA / "minimaal.yaml").read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "vijandig.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_spreadsheet_cells_never_start_a_formula(tmp_path):
    path = _hostile_case(tmp_path, **{"omschrijving: Verblijf maatschappelijke opvang":
                                      'omschrijving: "=HYPERLINK(\\"http://x\\";\\"klik\\")"',
                                      "gemeente: Testdorp": 'gemeente: "@SOM(A1)"'})
    for args in (["calc", "-f", "csv", path], ["export", "-q", "--no-cache", path], ["report", "-q", "-f", "csv", path]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        cells = [c for row in csv.reader(io.StringIO(result.stdout)) for c in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")], args
        assert not [c for c in cells if c.startswith("-") and not c.lstrip("-").replace(".", "", 1).isdigit()], args
        if args[0] != "report":
            assert any(c.startswith("'=HYPERLINK") for c in cells)
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["export", "-q", "--no-cache", path]).stdout)))
    assert rows[0]["gemeente"] == "'@SOM(A1)" and float(rows[0]["bedrag"]) >= 0  # numbers stay numbers


def test_terminal_output_and_messages_never_carry_a_control_sequence(tmp_path):
    path = _hostile_case(tmp_path, **{"titel: Huishouden T": 'titel: "T\\e]0;gekaapt\\a\\e[2J"',
                                      "omschrijving: Pleegzorgplaats": 'omschrijving: "Pleeg\\e[31mzorg\\u009b"'})
    for args in (["calc", path], ["calc", "-f", "markdown", path], ["report", "-q", str(tmp_path)],
                 ["validate", path], ["render", "-f", "markdown", "-o", "-", path]):
        result = subprocess.run([*BIN, *args], capture_output=True, text=True, env=_env(tmp_path), cwd=ROOT)
        assert result.returncode == 0, (args, result.stderr)
        for stream in (result.stdout, result.stderr):
            assert "\x1b" not in stream and "\x07" not in stream and "\x9b" not in stream, args
    shown = subprocess.run([*BIN, "calc", path], capture_output=True, text=True, env=_env(tmp_path)).stdout
    assert "\\x1b[31m" in shown  # shown, escaped, not swallowed
    bad = _hostile_case(tmp_path, **{"status: ingediend": 'status: "ingedient\\e[8m"'})
    result = subprocess.run([*BIN, "validate", bad], capture_output=True, text=True, env=_env(tmp_path))
    assert result.returncode == 1 and "\x1b" not in result.stdout and "ingedient\\x1b[8m" in result.stdout


def test_markdown_documents_keep_only_web_and_mail_links(tmp_path):
    path = _hostile_case(tmp_path, **{
        "Een gezin zonder vaste woonplek; de schulden lopen op.":
            "Zie [het dossier](javascript:alert(document.cookie)) en [de wet](https://wetten.overheid.nl).",
        "omschrijving: Pleegzorgplaats": 'omschrijving: "[klik](data:text/html,<script>x</script>)"'})
    for args in (["render", "-f", "markdown", "-o", "-", path], ["calc", "-f", "markdown", path]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        html = MarkdownIt("commonmark").enable("table").render(result.stdout)
        assert "javascript:" not in "".join(h for h in html.split('href="')[1:] if h.startswith("javascript"))
        assert 'href="javascript' not in html and 'href="data' not in html and "<script" not in html
    assert 'href="https://wetten.overheid.nl"' in MarkdownIt("commonmark").render(
        runner.invoke(app, ["render", "-f", "markdown", "-o", "-", path]).stdout)


def test_a_template_linked_out_of_the_templates_folder_is_refused(tmp_path):
    own = tmp_path / "huisstijl"
    own.mkdir()
    secret = tmp_path / "elders.j2"
    secret.write_text("{{ plan.titel }} GEHEIM", encoding="utf-8")
    (own / "plan.md.j2").symlink_to(secret)
    result = runner.invoke(app, ["render", "-f", "markdown", "-o", "-", "--templates", str(own),
                                 str(SAMPLES / "plan-5-willem.yaml")])
    assert result.exit_code == 1 and "buiten de sjablonenmap" in result.stderr and "GEHEIM" not in result.stdout


def test_an_error_inside_a_users_template_is_a_template_error_with_file_and_line(tmp_path):
    own = tmp_path / "huisstijl"
    own.mkdir()
    (own / "plan.md.j2").write_text("# {{ plan.titel }}\n{{ plan.titel | int }}\n{{ (1 / 0) }}\n", encoding="utf-8")
    result = runner.invoke(app, ["render", "-f", "markdown", "-o", "-", "--templates", str(own),
                                 str(SAMPLES / "plan-5-willem.yaml")])
    assert result.exit_code == 1, result.output
    assert f"{own / 'plan.md.j2'}, regel 3" in result.stderr and "ZeroDivisionError" in result.stderr
    assert "interne fout" not in result.stderr
