"""Shared test setup: every test gets its own empty result cache."""

import os
import pathlib
import shutil
import warnings

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_cases"
DATA = pathlib.Path(__file__).resolve().parent / "data"
# The six plans from Het Grote Doorbraakboek, whose portfolio figures the report tests work out by hand. The other
# samples (an evaluated plan) have tests of their own.
BOOK = [str(SAMPLES / name) for name in (
    "plan-2-esther-en-javairo.yaml", "plan-3-lars-en-klaas.yaml", "plan-4-derk-jan.yaml", "plan-5-willem.yaml",
    "plan-6-eveline.yaml", "plan-6b-eveline-gesloten-jeugdzorg.yaml")]


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("DOORBRAAK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    # no test ever finds a real user's age key or per-case keys
    keys = tmp_path_factory.mktemp("keys")
    monkeypatch.setenv("DOORBRAAK_AGE_KEY_FILE", str(keys / "geen-sleutel.txt"))
    monkeypatch.setenv("DOORBRAAK_SLEUTELMAP", str(keys / "casussleutels"))
    for name in ("SOPS_AGE_KEY", "SOPS_AGE_KEY_FILE", "SOPS_AGE_KEY_CMD"):
        monkeypatch.delenv(name, raising=False)


class Clock:
    """The day the commands that date what they record (``new``, ``status``, ``stop``, ``realisatie``,
    ``instemming``, ``meting``) take for today: set ``day`` to move it."""

    def __init__(self, day):
        self.day = day


@pytest.fixture
def clock(monkeypatch):
    """A test that walks a case on with fixed dates runs the commands on fixed days, so it holds on every day it
    runs: ``new`` dates its scaffold (``datum``, the ``aangemeld`` event) on ``clock.day`` (2026-12-04 at first),
    and a step dated after ``clock.day`` is refused as in the future."""
    import datetime
    import importlib

    clock = Clock(datetime.date(2026, 12, 4))

    class _Day(datetime.date):
        @classmethod
        def today(cls):
            return cls(clock.day.year, clock.day.month, clock.day.day)

    for name in ("new", "status", "stop", "realisatie", "instemming", "meting"):
        monkeypatch.setattr(importlib.import_module(f"doorbraak_cli.commands.{name}"), "date", _Day)
    return clock


@pytest.fixture
def minimal_text() -> str:
    return (DATA / "minimaal.yaml").read_text(encoding="utf-8")


@pytest.fixture
def write_case(tmp_path):
    """Write YAML text to a case file in a fresh folder and return its path."""

    def write(text: str, name: str = "casus.yaml") -> str:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def chromium_or_skip(what: str) -> str:
    """The path of a Chromium to drive headless; without one the test is skipped, loudly: ``what`` did not run."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    message = (f"!!! CHROMIUM NOT FOUND: {what} did NOT run. "
               "Install it with: apt-get install chromium (.ci/run does this in CI) !!!")
    warnings.warn(message, stacklevel=2)
    pytest.skip(message)


def keep(*paths) -> None:
    """Copy screenshots and documents a browser test made to $DOORBRAAK_E2E_ARTIFACTS, when set (for a human look)."""
    target = os.environ.get("DOORBRAAK_E2E_ARTIFACTS")
    if target:
        os.makedirs(target, exist_ok=True)
        for p in paths:
            shutil.copy(p, target)


def read_pty(fd: int) -> bytes:
    """Everything a program wrote to its pseudo-terminal until it closed (Linux gives EIO at the end)."""
    import os

    seen = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    return seen
