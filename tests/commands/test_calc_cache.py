"""calc's result cache: identical output, never stale, safe to lose."""

import json
import os
import shutil

import pytest
from conftest import ROOT, SAMPLES
from typer.testing import CliRunner

from doorbraak_cli.cli import app
from doorbraak_cli.source import cache

runner = CliRunner()


def _calc(path, *args):
    result = runner.invoke(app, ["calc", *args, str(path)])
    assert result.exit_code == 0, result.output
    return result.stdout


def _entries():
    return list(cache.cache_dir().glob("calc/*/*.json"))


def _entry(p):
    return json.loads(p.read_text(encoding="utf-8"))


def test_warm_output_is_identical_and_comes_from_the_cache(tmp_path, monkeypatch):
    case = tmp_path / "c.yaml"
    shutil.copy(SAMPLES / "plan-6-eveline.yaml", case)
    for fmt in ("terminal", "json", "markdown", "csv"):
        cold = _calc(case, "--format", fmt)
        warm = _calc(case, "--format", fmt)
        assert warm == cold
        assert _calc(case, "--format", fmt, "--no-cache") == cold
    assert len(_entries()) == 4
    # the warm path is the stored one: nothing is read, checked or computed
    from doorbraak_cli.check import case as check_case

    monkeypatch.setattr(check_case, "check_file", lambda *a, **k: (_ for _ in ()).throw(AssertionError("recomputed")))
    assert '"dreigend": "57650.00"' in _calc(case, "--format", "json")


def test_the_cache_keeps_one_answer_per_question(tmp_path, monkeypatch):
    """Editing a case, another day or another version of the tool replaces the stored answer: the cache does not
    grow with every edit."""
    import datetime

    from doorbraak_cli.commands import calc

    case = tmp_path / "c.yaml"
    shutil.copy(SAMPLES / "plan-6-eveline.yaml", case)
    text = case.read_text(encoding="utf-8")
    outs = []
    for i in range(3):
        case.write_text(text + f"# versie {i}\n", encoding="utf-8")
        outs.append(_calc(case, "--format", "json"))
    day = datetime.date.today() + datetime.timedelta(days=1)
    assert calc.answer(str(case), "json", True, {"horizon": None}, day).code == 0  # as if run tomorrow
    assert len(_entries()) == 1 and outs[0] == outs[2]
    _calc(case, "--format", "csv")  # another question: its own place
    assert len(_entries()) == 2


def test_a_hand_edited_entry_is_a_miss_and_is_rewritten(tmp_path):
    """The cache can only miss, never lie: an edited figure is never printed."""
    case = tmp_path / "c.yaml"
    shutil.copy(SAMPLES / "plan-6-eveline.yaml", case)
    cold = _calc(case, "--format", "json")
    (p,) = _entries()
    e = _entry(p)
    e["value"]["out"] = e["value"]["out"].replace("57650.00", "999999.99")
    p.write_text(json.dumps(e), encoding="utf-8")
    assert _calc(case, "--format", "json") == cold  # recomputed: the edited figure is never shown
    assert "999999.99" not in p.read_text(encoding="utf-8")  # and the entry is written again
    assert _calc(case, "--format", "json") == cold


def test_wrong_shape_or_truncated_entries_are_a_miss(tmp_path):
    from doorbraak_cli.source import cache as c

    case = tmp_path / "c.yaml"
    shutil.copy(SAMPLES / "plan-5-willem.yaml", case)
    cold = _calc(case, "-f", "json")
    (p,) = _entries()
    good = p.read_text(encoding="utf-8")
    e = _entry(p)
    for value in ({"out": 5, "err": ""}, {"out": "x"}, ["x"], None, "x"):  # checksums that match a wrong shape
        e["value"] = value
        e["sum"] = c.checksum(c.canonical(value))
        p.write_text(json.dumps(e), encoding="utf-8")
        result = runner.invoke(app, ["calc", "-f", "json", str(case)])
        assert result.exit_code == 0 and result.stdout == cold, value
    p.write_text(good[: len(good) // 2], encoding="utf-8")  # cut off, as by a full disk
    assert _calc(case, "-f", "json") == cold


def test_a_stored_warning_never_names_the_file_as_another_run_typed_it(tmp_path, monkeypatch):
    case = tmp_path / "c.yaml"
    shutil.copy(SAMPLES / "plan-5-willem.yaml", case)
    case.write_text(case.read_text(encoding="utf-8").replace("regievoerder:", "# regievoerder:"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    first = runner.invoke(app, ["calc", "-f", "json", "c.yaml"])
    assert "c.yaml:" in first.stderr and "waarschuwing[geen-regievoerder]" in first.stderr
    second = runner.invoke(app, ["calc", "-f", "json", "./c.yaml"])
    assert "./c.yaml:" in second.stderr, second.stderr
    absolute = runner.invoke(app, ["calc", "-f", "json", str(case)])
    assert f"{case}:" in absolute.stderr


def test_a_changed_case_or_price_list_is_never_served_stale(tmp_path):
    (tmp_path / "pricelists").mkdir()
    case = tmp_path / "c.yaml"
    shutil.copy(SAMPLES / "plan-6-eveline.yaml", case)
    first = json.loads(_calc(case, "-f", "json"))
    assert first["totalen"]["dreigend"] == "57650.00"
    # 1. a local list with the same name now shadows the shipped one (182 days at € 110)
    src = (ROOT / "pricelists" / "maatschappelijke-prijslijst-2017.yaml").read_text(encoding="utf-8")
    local = tmp_path / "pricelists" / "maatschappelijke-prijslijst-2017.yaml"
    local.write_text(src.replace("prijs: 100\n", "prijs: 110\n", 1), encoding="utf-8")
    assert json.loads(_calc(case, "-f", "json"))["totalen"]["dreigend"] == "59470.00"
    # 2. the local list changes
    local.write_text(src.replace("prijs: 100\n", "prijs: 120\n", 1), encoding="utf-8")
    assert json.loads(_calc(case, "-f", "json"))["totalen"]["dreigend"] == "61290.00"
    # 3. the case changes
    case.write_text(case.read_text(encoding="utf-8").replace("dreigend: 182", "dreigend: 100"), encoding="utf-8")
    assert json.loads(_calc(case, "-f", "json"))["totalen"]["dreigend"] == "51450.00"  # 57.650 − 182 × 100 + 100 × 120
    # 4. the local list disappears again
    local.unlink()
    assert json.loads(_calc(case, "-f", "json"))["totalen"]["dreigend"] == "49450.00"  # 57.650 − 18.200 + 100 × 100


def test_corrupt_or_missing_cache_is_only_a_miss(tmp_path):
    case = tmp_path / "c.yaml"
    shutil.copy(SAMPLES / "plan-5-willem.yaml", case)
    cold = _calc(case, "-f", "json")
    for p in _entries():
        p.write_text("{niet json", encoding="utf-8")
    assert _calc(case, "-f", "json") == cold
    shutil.rmtree(cache.cache_dir())
    assert _calc(case, "-f", "json") == cold


def test_switched_off_cache_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("DOORBRAAK_NO_CACHE", "1")
    _calc(SAMPLES / "plan-5-willem.yaml", "-f", "json")
    assert not _entries()


def test_cache_files_are_private(tmp_path):
    _calc(SAMPLES / "plan-5-willem.yaml", "-f", "json")
    (entry,) = _entries()
    assert oct(os.stat(entry).st_mode & 0o777) == "0o600"
    assert oct(os.stat(cache.cache_dir()).st_mode & 0o777) == "0o700"


def test_errors_are_not_cached(write_case):
    path = write_case("schema: doorbraakplan/1\n")
    assert runner.invoke(app, ["calc", path]).exit_code == 1
    assert not _entries()


def test_other_code_never_serves_an_old_answer(tmp_path, monkeypatch):
    """An edit to the tool that keeps its version number (a development checkout) is a miss too."""
    from doorbraak_cli.source import cache as c

    case = tmp_path / "c.yaml"
    shutil.copy(SAMPLES / "plan-5-willem.yaml", case)
    _calc(case, "-f", "json")
    (entry,) = _entries()
    e = _entry(entry)
    e["value"]["out"] = e["value"]["out"].replace("42500.00", "1.00")
    e["sum"] = c.checksum(c.canonical(e["value"]))  # consistent, as other code would have written it
    entry.write_text(json.dumps(e), encoding="utf-8")
    assert '"dreigend": "1.00"' in _calc(case, "-f", "json")  # same code, intact entry: the stored answer
    monkeypatch.setattr(cache, "_code", ["een andere versie van de code"])
    assert '"dreigend": "42500.00"' in _calc(case, "-f", "json")


def test_a_cache_folder_that_is_not_private_is_not_used(tmp_path, monkeypatch):
    folder = tmp_path / "gedeeld"
    folder.mkdir(mode=0o777)
    os.chmod(folder, 0o777)  # others may write in it: an entry there could be planted
    monkeypatch.setenv("DOORBRAAK_CACHE_DIR", str(folder))
    result = runner.invoke(app, ["calc", "-f", "json", str(SAMPLES / "plan-5-willem.yaml")])
    assert result.exit_code == 0 and json.loads(result.stdout)["totalen"]["dreigend"] == "42500.00"
    assert result.stderr.count("de cache wordt niet gebruikt") == 1 and "chmod 700" in result.stderr
    assert not any(folder.rglob("*.json"))


def test_a_cache_folder_of_another_user_is_not_used(tmp_path, monkeypatch):
    """A cache folder owned by someone else is never read: its entries could say anything."""
    import pwd

    if os.getuid() != 0:
        pytest.skip("needs root to give a folder to another user")
    folder = tmp_path / "van-een-ander"
    folder.mkdir(mode=0o700)
    nobody = pwd.getpwnam("nobody")
    os.chown(folder, nobody.pw_uid, nobody.pw_gid)
    monkeypatch.setenv("DOORBRAAK_CACHE_DIR", str(folder))
    result = runner.invoke(app, ["calc", "-f", "json", str(SAMPLES / "plan-5-willem.yaml")])
    assert result.exit_code == 0 and json.loads(result.stdout)["totalen"]["dreigend"] == "42500.00"
    assert result.stderr.count("is niet van u") == 1
    assert not any(folder.rglob("*.json"))


def test_code_fingerprint_follows_the_modules(tmp_path, monkeypatch):
    pkg = tmp_path / "pkg"
    (pkg / "present").mkdir(parents=True)
    (pkg / "a.py").write_text("x = 1\n")
    (pkg / "present" / "b.py").write_text("y = 1\n")
    monkeypatch.setattr(cache, "__file__", str(pkg / "source" / "cache.py"))

    def fingerprint():
        cache._code.clear()
        return cache.code_fingerprint()

    monkeypatch.setattr(cache, "_code", [])
    first = fingerprint()
    assert fingerprint() == first
    (pkg / "present" / "b.py").write_text("y = 22\n")
    assert fingerprint() != first
