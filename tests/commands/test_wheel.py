"""The tool works from a built wheel, away from the checkout: price lists, templates and schemas are package data."""

import json
import os
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT, SAMPLES


@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory):
    """Build the wheel (pip, isolated build with hatchling) and unpack it, as an installer would."""
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = out.glob("doorbraak-*.whl")
    site = out / "site"
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        zf.extractall(site)
    return site, names


def _run(site, cwd, *args):
    env = dict(os.environ, PYTHONPATH=str(site))  # dependencies come from this venv, the tool only from the wheel
    return subprocess.run([sys.executable, "-m", "doorbraak_cli", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=120)


def test_wheel_carries_the_data(unpacked_wheel):
    _, names = unpacked_wheel
    for needed in ("doorbraak_cli/pricelists/maatschappelijke-prijslijst-2017.yaml",
                   "doorbraak_cli/templates/plan.html.j2", "doorbraak_cli/templates/nieuwe-casus.yaml.j2",
                   "doorbraak_cli/schema/doorbraakplan-1.schema.json"):
        assert needed in names, needed
    assert not any(n.startswith(("tests/", "sample_cases/", "bench/")) for n in names)


def test_commands_run_from_the_wheel_outside_the_checkout(unpacked_wheel, tmp_path):
    site, _ = unpacked_wheel
    case = tmp_path / "eveline.yaml"
    case.write_bytes((SAMPLES / "plan-6-eveline.yaml").read_bytes())
    result = _run(site, tmp_path, "calc", "-f", "json", str(case))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rendement"]["dreigend"] == "54050.00"  # METHOD.md, plan 6
    where = subprocess.run([sys.executable, "-c", "import doorbraak_cli, sys; print(doorbraak_cli.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(site)))
    assert where.stdout.strip().startswith(str(site)), where.stdout  # the wheel's copy, not the checkout
    assert _run(site, tmp_path, "render", str(case), "-f", "html").returncode == 0
    assert "Stap 6" in (tmp_path / "eveline.html").read_text(encoding="utf-8")
    new = _run(site, tmp_path, "new", str(tmp_path), "--titel", "Q", "--gemeente", "Ergens", "--no-input")
    assert new.returncode == 0, new.stderr
    prices = _run(site, tmp_path, "prices", "opvang", "-f", "json")
    assert "maatschappelijke-opvang-verblijf" in prices.stdout
    assert '"$schema"' in _run(site, tmp_path, "schema").stdout
