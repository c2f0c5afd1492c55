"""`doorbraak init`: a case repository made or completed, never overwritten; a second run changes nothing.

And what it sets up: `doorbraak new` points its modeline at the repository's schema copy, and
`git diff`, `git log -p` and `git show` of a case show its figures (the textconv driver).
git runs the driver as this Python's ``doorbraak textconv`` (``python -m doorbraak_cli textconv``).
"""

import hashlib
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, SAMPLES

from doorbraak_cli.commands import Io, init, new, textconv

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

DRIVER = f"{sys.executable} -m doorbraak_cli textconv"
GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_CONFIG_NOSYSTEM": "1", "GIT_PAGER": "cat", "PAGER": "cat"}


def git(repo, *args) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_ENV, HOME=str(repo.parent))  # no user's global config
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def run_init(folder, driver=DRIVER):
    out, err = io.StringIO(), io.StringIO()
    code = init.run(Io(out, err), str(folder), driver=driver)
    return code, out.getvalue(), err.getvalue()


def snapshot(root: Path) -> dict:
    """Every file (the git config included, the rest of .git not) by content digest."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and (not rel.startswith(".git/") or rel == ".git/config"):
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir() and not rel.startswith(".git"):
            out[rel + "/"] = "map"
    return out


def test_init_makes_a_case_repository_and_a_second_run_changes_nothing(tmp_path):
    repo = tmp_path / "team"
    code, out, err = run_init(repo)
    assert code == 0, err
    for made in ("git-repository", "casussen/", "pricelists/", "schema/doorbraakplan-1.schema.json",
                 "schema/prijslijst-1.schema.json", ".vscode/settings.json", ".gitattributes", ".pre-commit-config.yaml",
                 "README.md"):
        assert re.search(rf"gemaakt:\s+{re.escape(made)}", out), (made, out)
    assert re.search(r"ingesteld:\s+git config diff\.doorbraak\.textconv", out)
    assert (repo / ".git").is_dir()
    assert git(repo, "config", "--local", "diff.doorbraak.textconv").strip() == DRIVER
    settings = json.loads((repo / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./schema/doorbraakplan-1.schema.json"] == ["casussen/**/*.yaml", "casussen/**/*.yml"]
    assert "casussen/**/*.yaml diff=doorbraak" in (repo / ".gitattributes").read_text(encoding="utf-8")
    config = (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "id: doorbraak-validate" in config
    assert f"entry: {json.dumps(shlex.quote(sys.executable) + ' -m doorbraak_cli validate')}" in config
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Doorbraakplannen · team") and "doorbraak init" in readme
    assert git(repo, "check-attr", "diff", "casussen/2026/a.yaml").strip().endswith("diff: doorbraak")
    assert git(repo, "check-attr", "diff", "pricelists/a.yaml").strip().endswith("diff: unspecified")

    before = snapshot(repo)
    code, out, err = run_init(repo)
    assert code == 0, err
    assert snapshot(repo) == before  # byte-identical, the git config included
    assert "gemaakt" not in out and "ingesteld" not in out and "klaar: 11 bestond al" in out


def test_init_completes_and_never_overwrites(tmp_path):
    repo = tmp_path / "bestaand"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "README.md").write_text("# Ons eigen verhaal\n", encoding="utf-8")
    (repo / ".gitattributes").write_text("*.pdf binary", encoding="utf-8")  # no newline at the end
    (repo / ".vscode").mkdir()
    (repo / ".vscode" / "settings.json").write_text('{"editor.tabSize": 2}', encoding="utf-8")
    (repo / ".vscode" / "extensions.json").write_text("// commentaar\n{}", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    (repo / "schema").mkdir()
    (repo / "schema" / "doorbraakplan-1.schema.json").write_text("{}", encoding="utf-8")
    git(repo, "config", "diff.doorbraak.textconv", "iets-anders")
    code, out, err = run_init(repo)
    assert code == 0, err
    assert re.search(r"bestond al:\s+git-repository", out)
    assert (repo / "README.md").read_text(encoding="utf-8") == "# Ons eigen verhaal\n"
    assert (repo / "schema" / "doorbraakplan-1.schema.json").read_text(encoding="utf-8") == "{}"
    assert "verschilt van het schema van deze doorbraak" in out
    assert (repo / ".gitattributes").read_text(encoding="utf-8").startswith("*.pdf binary\n")
    assert "casussen/**/*.yaml diff=doorbraak" in (repo / ".gitattributes").read_text(encoding="utf-8")
    assert re.search(r"aangevuld:\s+\.gitattributes", out)
    settings = json.loads((repo / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["editor.tabSize"] == 2 and "yaml.schemas" in settings
    assert (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8") == "repos: []\n"
    assert re.search(r"zelf doen:\s+\.pre-commit-config\.yaml", out) and "- id: doorbraak-validate" in out
    assert git(repo, "config", "--local", "diff.doorbraak.textconv").strip() == "iets-anders"
    assert "staat op 'iets-anders'; niet gewijzigd" in out
    # settings with comments (VS Code allows them) are left, with what to add
    (repo / ".vscode" / "settings.json").write_text('// mijn instellingen\n{"a": 1}', encoding="utf-8")
    code, out, _ = run_init(repo)
    assert (repo / ".vscode" / "settings.json").read_text(encoding="utf-8") == '// mijn instellingen\n{"a": 1}'
    assert re.search(r"zelf doen:\s+\.vscode/settings\.json\s+\(geen gewone JSON", out)
    assert '"yaml.schemas"' in out


def test_init_in_a_folder_of_another_repository_does_not_nest_one(tmp_path):
    outer = tmp_path / "alles"
    outer.mkdir()
    git(outer, "init", "-q")
    code, out, err = run_init(outer / "doorbraak")
    assert code == 0, err
    assert not (outer / "doorbraak" / ".git").exists()
    assert f"deze map ligt in de repository {outer.resolve()}" in out
    assert "pre-commit leest alleen de hoofdmap" in out
    assert git(outer, "config", "--local", "diff.doorbraak.textconv").strip() == DRIVER
    assert git(outer, "check-attr", "diff", "doorbraak/casussen/x.yaml").strip().endswith("diff: doorbraak")


def test_init_refuses_a_file_and_reports_in_dutch(tmp_path):
    (tmp_path / "bestand").write_text("x", encoding="utf-8")
    code, out, err = run_init(tmp_path / "bestand")
    assert code == 1 and "bestaat al en is geen map" in err and out == ""


def test_new_in_a_case_repository_points_at_its_schema_copy(tmp_path):
    repo = tmp_path / "team"
    assert run_init(repo)[0] == 0
    out, err = io.StringIO(), io.StringIO()
    code = new.run(Io(out, err), str(repo / "casussen" / "2026"), "Familie Q", "Tilburg", "Esma", None, True)
    assert code == 0, err.getvalue()
    case = Path(out.getvalue().strip())
    first = case.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/doorbraakplan-1.schema.json"
    assert os.path.samefile(case.parent / first.split("=", 1)[1], repo / "schema" / "doorbraakplan-1.schema.json")


def test_the_driver_and_the_hook_start_this_python_never_a_bare_doorbraak(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/local/bin/doorbraak")  # on PATH now, maybe not later
    assert init.own_command("textconv") == f"{shlex.quote(sys.executable)} -m doorbraak_cli textconv"
    assert init.own_command("validate") == f"{shlex.quote(sys.executable)} -m doorbraak_cli validate"


def test_git_diff_shows_the_figures_without_doorbraak_on_path(tmp_path, monkeypatch):
    """init ran where doorbraak was on PATH; git diff runs from a PATH without it (a GUI client, another shell)."""
    git_exe = shutil.which("git")
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/local/bin/doorbraak")
    repo = tmp_path / "team"
    assert run_init(repo, driver=None)[0] == 0
    shutil.copy(SAMPLES / "plan-5-willem.yaml", repo / "casussen" / "willem.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Willem")
    case = repo / "casussen" / "willem.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("dreigend: 365", "dreigend: 300"), encoding="utf-8")
    env = {"PATH": os.pathsep.join(p for p in ("/usr/bin", "/bin") if os.path.isdir(p)), "HOME": str(tmp_path),
           **GIT_ENV}
    done = subprocess.run([git_exe, "diff"], cwd=repo, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "+# doorbraak: huidig € 6.500,00 · dreigend € 36.000,00 · doorbraak € 7.700,00" in done.stdout


def test_a_moved_case_gets_a_warning_and_init_repair_fixes_its_modeline(tmp_path):
    from doorbraak_cli.commands import validate

    repo = tmp_path / "team"
    assert run_init(repo)[0] == 0
    out, err = io.StringIO(), io.StringIO()
    assert new.run(Io(out, err), str(repo / "casussen"), "Familie Q", "Tilburg", "Esma", None, True) == 0
    made = Path(out.getvalue().strip())
    moved = repo / "casussen" / "2026" / "q.yaml"  # one folder deeper: '../schema/…' now leads nowhere
    moved.parent.mkdir()
    made.rename(moved)
    before = moved.read_text(encoding="utf-8")
    out = io.StringIO()
    validate.run(Io(out, io.StringIO()), [str(moved)])
    assert f"{moved}:1:" in out.getvalue() and "waarschuwing[modeline-kapot]" in out.getvalue()
    assert "doorbraak init --repair" in out.getvalue()
    code, report, err = run_init(repo)                       # without --repair: nothing changes
    assert code == 0 and moved.read_text(encoding="utf-8") == before
    out, err = io.StringIO(), io.StringIO()
    assert init.run(Io(out, err), str(repo), driver=DRIVER, repair=True) == 0, err.getvalue()
    assert re.search(r"hersteld:\s+casussen/2026/q\.yaml", out.getvalue()), out.getvalue()
    after = moved.read_text(encoding="utf-8")
    assert after.splitlines()[0] == "# yaml-language-server: $schema=../../schema/doorbraakplan-1.schema.json"
    assert after.splitlines()[1:] == before.splitlines()[1:], "only the modeline changed"
    out = io.StringIO()
    validate.run(Io(out, io.StringIO()), [str(moved)])
    assert "modeline-kapot" not in out.getvalue()


def test_init_repair_points_git_and_the_local_hook_at_this_doorbraak(tmp_path):
    repo = tmp_path / "team"
    assert run_init(repo, driver="/oud/venv/bin/doorbraak textconv")[0] == 0
    config = repo / ".pre-commit-config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        json.dumps(init.own_command("validate")), '"/oud/venv/bin/python -m doorbraak_cli validate"'), encoding="utf-8")
    assert run_init(repo)[0] == 0
    assert git(repo, "config", "--local", "diff.doorbraak.textconv").strip() == "/oud/venv/bin/doorbraak textconv"
    out, err = io.StringIO(), io.StringIO()
    assert init.run(Io(out, err), str(repo), driver=DRIVER, repair=True) == 0
    assert git(repo, "config", "--local", "diff.doorbraak.textconv").strip() == DRIVER
    assert f"entry: {json.dumps(init.own_command('validate'))}" in config.read_text(encoding="utf-8")


# --- the figures in git diff ----------------------------------------------------------------------

LOCAL_LIST = """\
schema: prijslijst/1
naam: Eigen tarieven
bron: Test
posten:
  opvang-dag:
    omschrijving: Opvang
    prijs: {prijs}
    eenheid: dag
    domein: Wmo
"""


@pytest.fixture
def case_repo(tmp_path):
    repo = tmp_path / "team"
    assert run_init(repo)[0] == 0
    shutil.copy(SAMPLES / "plan-5-willem.yaml", repo / "casussen" / "willem.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Willem")
    return repo


def test_git_diff_log_and_show_show_the_figures(case_repo):
    repo = case_repo
    case = repo / "casussen" / "willem.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("dreigend: 365", "dreigend: 300"), encoding="utf-8")
    diff = git(repo, "diff")
    assert "-        dreigend: 365\n+        dreigend: 300\n" in diff
    assert ("-# doorbraak: huidig € 6.500,00 · dreigend € 42.500,00 · doorbraak € 7.700,00\n"
            "-# doorbraak: kosten t.o.v. huidige situatie € 1.200,00 · rendement t.o.v. dreigend scenario € 34.800,00\n"
            "+# doorbraak: huidig € 6.500,00 · dreigend € 36.000,00 · doorbraak € 7.700,00\n"
            "+# doorbraak: kosten t.o.v. huidige situatie € 1.200,00 · rendement t.o.v. dreigend scenario € 28.300,00\n"
            ) in diff
    git(repo, "commit", "-qam", "300 dagen")
    for shown in (git(repo, "log", "-p", "-1"), git(repo, "show", "HEAD")):  # old blobs come as temporary files
        assert "+# doorbraak: huidig € 6.500,00 · dreigend € 36.000,00 · doorbraak € 7.700,00" in shown
        assert "-# doorbraak: huidig € 6.500,00 · dreigend € 42.500,00 · doorbraak € 7.700,00" in shown
    # a case that does not compute: one line with the number of errors, and git still shows the change
    case.write_text(case.read_text(encoding="utf-8").replace("status: ", "status: ingedient #", 1), encoding="utf-8")
    diff = git(repo, "diff")
    assert "+# doorbraak: niet doorgerekend: 1 fout (zie 'doorbraak validate')" in diff
    assert "-# doorbraak: huidig € 6.500,00 · dreigend € 36.000,00" in diff


def test_git_diff_shows_what_a_new_measurement_did(case_repo):
    repo = case_repo
    shutil.copy(SAMPLES / "plan-5b-willem-gerealiseerd.yaml", repo / "casussen" / "willem-5b.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Willem, gerealiseerd")
    from typer.testing import CliRunner

    from doorbraak_cli.cli import app

    added = CliRunner().invoke(app, ["meting", str(repo / "casussen" / "willem-5b.yaml"), "--datum", "2021-09-01",
                                     "--lichaamsfuncties", "7", "--mentaal-welbevinden", "7", "--zingeving", "7",
                                     "--kwaliteit-van-leven", "8", "--meedoen", "7", "--dagelijks-functioneren", "7"])
    assert added.exit_code == 0, added.output
    diff = git(repo, "diff")
    # the means by hand: 25/6, 35,5/6, 41/6 and now 43/6 = 7,17
    assert ("-# doorbraak: positieve gezondheid: 3 metingen, gemiddelde 4,17 → 5,92 → 6,83\n"
            "+# doorbraak: positieve gezondheid: 4 metingen, gemiddelde 4,17 → 5,92 → 6,83 → 7,17\n") in diff
    changed = [line for line in diff.splitlines() if line.startswith(("+# doorbraak", "-# doorbraak"))]
    assert len(changed) == 2, "a measurement changes the health line only, not the money"
    assert " # doorbraak: gerealiseerd € 9.850,00 · afwijking € 2.150,00" in diff.splitlines()


def test_old_versions_use_the_price_lists_of_the_repository(case_repo):
    """git hands old blobs over as temporary files outside the repository; their lists still come from it."""
    repo = case_repo
    (repo / "pricelists" / "eigen.yaml").write_text(LOCAL_LIST.format(prijs=100), encoding="utf-8")
    text = (DATA / "minimaal.yaml").read_text(encoding="utf-8")
    start, end = text.index("    posten:\n"), text.index("  afweging:")
    text = text[:start] + "    posten:\n      - post: opvang-dag\n        dreigend: 10\n" + text[end:]
    text = text.replace("schema: doorbraakplan/1\n", "schema: doorbraakplan/1\nprijslijst: eigen\n", 1)
    case = repo / "casussen" / "lokaal.yaml"
    case.write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "lokaal")
    case.write_text(text.replace("dreigend: 10", "dreigend: 20"), encoding="utf-8")
    git(repo, "commit", "-qam", "20 dagen")
    shown = git(repo, "show", "HEAD", "--", "casussen/lokaal.yaml")
    assert "-# doorbraak: huidig € 0,00 · dreigend € 1.000,00 · doorbraak € 0,00" in shown
    assert "+# doorbraak: huidig € 0,00 · dreigend € 2.000,00 · doorbraak € 0,00" in shown


def test_textconv_never_fails(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    broken = tmp_path / "kapot.yaml"
    broken.write_bytes(b"schema: doorbraakplan/1\ntitel: [niet gesloten\n")
    for path, expected in ((broken, "# doorbraak: niet doorgerekend: het bestand is geen leesbare YAML"),
                           (tmp_path / "weg.yaml", "# doorbraak: kan weg.yaml niet lezen"),
                           (tmp_path, "# doorbraak: kan ")):
        done = subprocess.run([sys.executable, "-m", "doorbraak_cli", "textconv", str(path)],
                              capture_output=True, timeout=60)
        assert done.returncode == 0 and done.stderr == b""
        assert expected.encode() in done.stdout
    binary = tmp_path / "binair.yaml"
    binary.write_bytes(b"\xff\xfe\x00b\x00i\x00n")
    out = textconv.convert(str(binary))
    assert out.startswith(b"\xff\xfe\x00b") and b"# doorbraak: niet doorgerekend" in out
    # a price list is shown as it is, without figures
    plist = tmp_path / "pricelists" / "p.yaml"
    plist.parent.mkdir()
    plist.write_text(LOCAL_LIST.format(prijs=100), encoding="utf-8")
    assert textconv.convert(str(plist)) == plist.read_bytes()


def test_without_git_init_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "leeg"))
    code, out, err = run_init(tmp_path / "team")
    assert code == 1 and "git is niet gevonden; installeer git" in err
