"""calc's result cache: identical output, never stale, safe to lose."""

import json
import os
import shutil

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


def test_warm_output_is_identical_and_comes_from_the_cache(tmp_path):
    case = tmp_path / "c.yaml"
    shutil.copy(SAMPLES / "plan-6-eveline.yaml", case)
    for fmt in ("terminal", "json", "markdown", "csv"):
        cold = _calc(case, "--format", fmt)
        warm = _calc(case, "--format", fmt)
        assert warm == cold
        assert _calc(case, "--format", fmt, "--no-cache") == cold
    assert len(_entries()) == 4
    entry = json.loads(_entries()[0].read_text(encoding="utf-8"))
    # prove the warm path is the stored one: tamper with an entry and see it served
    for p in _entries():
        e = json.loads(p.read_text(encoding="utf-8"))
        if e["out"].startswith("{"):
            e["out"] = e["out"].replace("57650.00", "1.00")
            p.write_text(json.dumps(e), encoding="utf-8")
    assert '"dreigend": "1.00"' in _calc(case, "--format", "json")
    assert set(entry) >= {"out", "err"}


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
    case = tmp_path / "c.yaml"
    shutil.copy(SAMPLES / "plan-5-willem.yaml", case)
    _calc(case, "-f", "json")
    (entry,) = _entries()
    e = json.loads(entry.read_text(encoding="utf-8"))
    e["out"] = e["out"].replace("42500.00", "1.00")
    entry.write_text(json.dumps(e), encoding="utf-8")
    assert '"dreigend": "1.00"' in _calc(case, "-f", "json")  # same code: the stored answer
    monkeypatch.setattr(cache, "_code", ["een andere versie van de code"])
    assert '"dreigend": "42500.00"' in _calc(case, "-f", "json")


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
