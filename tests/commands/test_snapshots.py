"""Every output over the sample cases, byte for byte as stored in tests/snapshots/.

These are not golden figures (those come from the book, see test_golden.py); they
guard against unintended change. A refactoring must leave every file identical.
A change that means to alter an output regenerates the files, and the diff shows
what changed, in the same commit:

    DOORBRAAK_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_snapshots.py

The date a document was made is replaced by ``<vandaag>`` (it is today's date).
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES
from typer.testing import CliRunner

from doorbraak_cli.cli import app

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("DOORBRAAK_UPDATE_SNAPSHOTS") == "1"
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")

CASES = sorted(p.name for p in SAMPLES.glob("*.yaml"))
PER_CASE = {
    "calc": ["calc", "{case}"],
    "calc-jaren": ["calc", "--jaren", "--gevoeligheid", "{case}"],
    "calc-md": ["calc", "-f", "markdown", "{case}"],
    "calc-md-jaren": ["calc", "-f", "markdown", "--jaren", "--gevoeligheid", "{case}"],
    "calc-json": ["calc", "-f", "json", "{case}"],
    "calc-json-horizon": ["calc", "-f", "json", "--horizon", "3", "{case}"],
    "calc-csv": ["calc", "-f", "csv", "{case}"],
    "render-md": ["render", "-f", "markdown", "-o", "-", "{case}"],
    "render-md-anoniem": ["render", "-f", "markdown", "--anoniem", "-o", "-", "{case}"],
    "render-html": ["render", "-f", "html", "-o", "-", "{case}"],
    "render-html-anoniem": ["render", "-f", "html", "--anoniem", "-o", "-", "{case}"],
}
PORTFOLIO = {
    "report": ["report", "--quiet", "--no-cache", "sample_cases"],
    "report-md": ["report", "-q", "--no-cache", "-f", "markdown", "sample_cases"],
    "report-html": ["report", "-q", "--no-cache", "-f", "html", "sample_cases"],
    "report-json": ["report", "-q", "--no-cache", "-f", "json", "sample_cases"],
    "report-csv": ["report", "-q", "--no-cache", "-f", "csv", "sample_cases"],
    "report-json-filter": ["report", "-q", "--no-cache", "-f", "json", "--gemeente", "Doorbraakdorp", "sample_cases"],
    "export-csv": ["export", "-q", "--no-cache", "sample_cases"],
    "export-jsonl": ["export", "-q", "--no-cache", "-f", "jsonl", "--indicatief", "sample_cases"],
    "validate": ["validate", "sample_cases"],
    "validate-json": ["validate", "-f", "json", "sample_cases"],
    "prices": ["prices"],
    "prices-opvang": ["prices", "opvang"],
    "prices-json": ["prices", "-f", "json"],
    "prices-csv": ["prices", "-f", "csv"],
    "schema": ["schema"],
    "schema-prijslijst": ["schema", "--prijslijst"],
}


def _today() -> str:
    d = date.today()
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _run(args: list[str]) -> str:
    old = os.getcwd()
    os.chdir(ROOT)  # paths in messages are relative, as a user types them
    try:
        result = CliRunner().invoke(app, args)
    finally:
        os.chdir(old)
    text = f"$ doorbraak {' '.join(args)}\n--- exit {result.exit_code}\n--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
    text = re.sub(re.escape(_today()), "<vandaag>", text)
    return text.replace(date.today().isoformat(), "<vandaag>")


def _check(name: str, args: list[str]) -> None:
    path = SNAPSHOTS / f"{name}.txt"
    actual = _run(args)
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no snapshot {path.name}; make it with DOORBRAAK_UPDATE_SNAPSHOTS=1"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path.name} changed"


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("kind", list(PER_CASE))
def test_case_output_unchanged(kind, case):
    args = [a.format(case=f"sample_cases/{case}") for a in PER_CASE[kind]]
    _check(f"{Path(case).stem}.{kind}", args)


@pytest.mark.parametrize("kind", list(PORTFOLIO))
def test_portfolio_output_unchanged(kind):
    _check(kind, PORTFOLIO[kind])


def test_every_snapshot_is_still_produced():
    """A stored snapshot nobody makes any more is a check that silently stopped."""
    made = {f"{Path(c).stem}.{k}.txt" for c in CASES for k in PER_CASE} | {f"{k}.txt" for k in PORTFOLIO}
    stored = {p.name for p in SNAPSHOTS.glob("*.txt")}
    assert stored == made
