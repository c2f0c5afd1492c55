"""An index line whose checksum is right but whose payload has another shape is a miss: that file is computed
again, the index is written anew, and the report, the site and the export equal those made without a cache.

(A line whose checksum does not match is covered in test_trust.py; here the line is signed again after the
change, as other code, an older version or a hand that knows the checksum would write it.)
"""

import json
import shutil

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from doorbraak_cli.batch import index as ix
from doorbraak_cli.batch import workers
from doorbraak_cli.cli import app
from doorbraak_cli.compute.portfolio.casesummary import CaseHead, CaseSummary
from doorbraak_cli.present.export import ExportCase, ExportLine

runner = CliRunner()
FIELD = {name: i for i, name in enumerate(CaseSummary._fields)}  # the summary's JSON is an array in this order


def _resign(path, change) -> list:
    """Rewrite an index with ``change(data)`` applied to the payload of every case line (None: leave the line);
    every changed line carries a valid checksum. Returns the files changed."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = json.loads(lines[0])
    entries = ix.load_index(str(path), header["kind"])
    assert entries
    out, changed = [lines[0]], []
    for file, e in entries.items():
        new = change(json.loads(e.payload_json)) if e.kind == "case" else None
        if new is None:
            out.append(e.line)
            continue
        out.append(ix.index_line(file, e.sha, e.env, e.kind, e.case_id, json.dumps(new, ensure_ascii=False)))
        changed.append(file)
    path.write_text("".join(out), encoding="utf-8")
    assert ix.load_index(str(path), header["kind"]) is not None  # still an intact index: only the shape is wrong
    return changed


def _counting(monkeypatch) -> list:
    seen = []
    real = workers.process_file

    def counted(path, work, backend=None):
        seen.append(path)
        return real(path, work, backend)

    monkeypatch.setattr(workers, "process_file", counted)
    return seen


def _drop(key):
    def change(data):
        del data[FIELD[key]]
        return data
    return change


def _float_amount(data):
    data[FIELD["totalen"]][0] = 1234.5
    return data


def _head_of_another_type(data):
    data[FIELD["head"]][CaseHead._fields.index("kba")] = "ja"
    return data


def _first_only(change):
    done = []

    def once(data):
        if done:
            return None
        done.append(1)
        return change(data)
    return once


@pytest.mark.parametrize("change", [_drop("problemen"), _float_amount, _head_of_another_type],
                         ids=["field-missing", "float-amount", "head-field-type"])
def test_report_recomputes_a_summary_of_another_shape(tmp_path, monkeypatch, change):
    folder = tmp_path / "casussen"
    shutil.copytree(SAMPLES, folder)
    env = {"DOORBRAAK_CACHE_DIR": str(tmp_path / "cache")}
    truth = runner.invoke(app, ["report", "-q", "-f", "json", "--no-cache", str(folder)], env=env)
    assert truth.exit_code == 0
    assert runner.invoke(app, ["report", "-q", "-f", "json", str(folder)], env=env).stdout == truth.stdout
    (idx,) = (tmp_path / "cache" / "index").glob("report-*.jsonl")
    changed = _resign(idx, _first_only(change))
    assert len(changed) == 1
    shutil.rmtree(tmp_path / "cache" / "report-out")  # the stored report would answer before the index is read
    seen = _counting(monkeypatch)
    again = runner.invoke(app, ["report", "-q", "-f", "json", str(folder)], env=env)
    assert again.exit_code == 0 and again.stdout == truth.stdout
    assert seen == changed  # that file, and only that one, was computed again
    # and the index holds its summary as it should be now: the next run from the index computes nothing
    seen.clear()
    shutil.rmtree(tmp_path / "cache" / "report-out")
    assert runner.invoke(app, ["report", "-q", "-f", "markdown", str(folder)], env=env).exit_code == 0
    assert seen == []


def test_every_summary_of_another_shape_is_recomputed(tmp_path, monkeypatch):
    """Every line of the index of the old layout (a field the code no longer has): the report is the fresh one."""
    folder = tmp_path / "casussen"
    shutil.copytree(SAMPLES, folder)
    env = {"DOORBRAAK_CACHE_DIR": str(tmp_path / "cache")}
    truth = runner.invoke(app, ["report", "-q", "-f", "markdown", "--no-cache", str(folder)], env=env).stdout
    runner.invoke(app, ["report", "-q", "-f", "markdown", str(folder)], env=env)
    (idx,) = (tmp_path / "cache" / "index").glob("report-*.jsonl")

    def old_layout(data):
        data.append(10)  # a field the summary no longer has
        return data

    changed = _resign(idx, old_layout)
    shutil.rmtree(tmp_path / "cache" / "report-out")
    seen = _counting(monkeypatch)
    again = runner.invoke(app, ["report", "-q", "-f", "markdown", str(folder)], env=env)
    assert again.exit_code == 0 and again.stdout == truth
    assert sorted(seen) == sorted(changed) and len(changed) >= 5


def test_site_recomputes_a_payload_of_another_shape(tmp_path, monkeypatch):
    folder = tmp_path / "casussen"
    shutil.copytree(SAMPLES, folder)
    env = {"DOORBRAAK_CACHE_DIR": str(tmp_path / "cache")}
    fresh = tmp_path / "vers"
    assert runner.invoke(app, ["site", "-q", "--no-cache", str(folder), "-o", str(fresh)], env=env).exit_code == 0
    first = tmp_path / "eerst"
    assert runner.invoke(app, ["site", "-q", str(folder), "-o", str(first)], env=env).exit_code == 0
    (idx,) = (tmp_path / "cache" / "index").glob("site-*.jsonl")

    def page_part_in_summary(data):  # [summary, page part]: the page part where it no longer belongs
        summary, page = data
        return [summary + [page]]

    changed = _resign(idx, _first_only(page_part_in_summary))
    seen = _counting(monkeypatch)
    out = tmp_path / "weer"
    result = runner.invoke(app, ["site", "-q", str(folder), "-o", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert seen == changed
    for page in ("cijfers.json", "index.html", "lijst/alle.html"):
        assert (out / page).read_bytes() == (fresh / page).read_bytes(), page


def test_export_recomputes_rows_of_another_shape(tmp_path, monkeypatch):
    folder = tmp_path / "casussen"
    shutil.copytree(SAMPLES, folder)
    env = {"DOORBRAAK_CACHE_DIR": str(tmp_path / "cache")}
    truth = runner.invoke(app, ["export", "-q", "--no-cache", str(folder)], env=env).stdout
    assert runner.invoke(app, ["export", "-q", str(folder)], env=env).stdout == truth
    (idx,) = (tmp_path / "cache" / "index").glob("export-*.jsonl")

    def three_cells(data):
        lines = data[ExportCase._fields.index("posten")]
        if not lines:
            return None
        cells = ExportLine._fields.index("cellen")
        lines[0][cells] = lines[0][cells][:2]
        return data

    changed = _resign(idx, _first_only(three_cells))
    seen = _counting(monkeypatch)
    again = runner.invoke(app, ["export", "-q", str(folder)], env=env)
    assert again.exit_code == 0 and again.stdout == truth
    assert seen == changed


# Run in a new interpreter, so that the run forks as on the command line (see test_report.py's FOLD_BESIDE).
CHECKED_BESIDE = """
import json, os, shutil, sys
from doorbraak_cli.batch import index as ix, workers
from doorbraak_cli.commands import report
from doorbraak_cli.source import cache

folder = sys.argv[1]
workers.BACKGROUND_FOLD_FROM = 1
first = report.answer([folder], "json", jobs=2)
(path,) = [os.path.join(cache.cache_dir(), "index", n) for n in os.listdir(os.path.join(cache.cache_dir(), "index"))]
entries = ix.load_index(path, "report")
lines = open(path, encoding="utf-8").readlines()
victim = sorted(f for f, e in entries.items() if e.kind == "case")[3]
out = [lines[0]]
for f, e in entries.items():
    if f == victim:
        data = json.loads(e.payload_json)
        data[1] = [1.5] * len(data[1])  # amounts as floats, the checksum valid
        out.append(ix.index_line(f, e.sha, e.env, e.kind, e.case_id, json.dumps(data)))
    else:
        out.append(e.line)
open(path, "w", encoding="utf-8").write("".join(out))
shutil.rmtree(os.path.join(cache.cache_dir(), "report-out"))
seen, folded = [], []
real = workers.process_file
workers.process_file = lambda p, w, b=None: seen.append(p) or real(p, w, b)
ready = workers.Folded.result
workers.Folded.result = lambda self: folded.append(1) or ready(self)
again = report.answer([folder], "json", jobs=2)
recomputed = list(seen)
truth = report.answer([folder], "json", use_cache=False)
print(json.dumps({"codes": [first.code, again.code], "same": again.out == truth.out, "seen": recomputed == [victim],
                  "folded": folded}))
"""


def test_the_index_checked_beside_the_report_recomputes_a_summary_of_another_shape(tmp_path):
    """With many cases from the index, the report has them read back, checked and folded in forked processes:
    one of another shape there is computed again as well, and the report is the one made without a cache."""
    import os
    import subprocess
    import sys

    import casegen
    from conftest import ROOT

    cases = tmp_path / "casussen"
    casegen.generate(str(cases), 40, seed=12)
    env = dict(os.environ, DOORBRAAK_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "-c", CHECKED_BESIDE, str(cases)], capture_output=True, text=True,
                         env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert got == {"codes": [0, 0], "same": True, "seen": True, "folded": [1]}


def test_a_payload_that_does_not_read_back_is_listed_never_counted(tmp_path, monkeypatch):
    """Should a case's own payload, just made, not read back (a fault of doorbraak): the file is listed as invalid
    with a Dutch message, its case is in no figure, and the figures count the other cases exactly."""
    from doorbraak_cli.site.work import SitePayload

    folder = tmp_path / "casussen"
    shutil.copytree(SAMPLES, folder)
    victim = sorted(folder.glob("*.yaml"))[2]
    without = tmp_path / "zonder"
    shutil.copytree(folder, without)
    (without / victim.name).unlink()
    env = {"DOORBRAAK_CACHE_DIR": str(tmp_path / "cache")}
    truth = json.loads(runner.invoke(app, ["report", "-q", "-f", "json", "--no-cache", str(without)], env=env).stdout)
    victim_id = next(line.split(":", 1)[1].strip() for line in victim.read_text(encoding="utf-8").splitlines()
                     if line.startswith("id:"))
    real = SitePayload.from_json
    monkeypatch.setattr(SitePayload, "from_json",
                        lambda self, text: None if f'"{victim_id}"' in text[:200] else real(self, text))
    out = tmp_path / "site"
    result = runner.invoke(app, ["site", "-q", "--no-cache", str(folder), "-o", str(out)], env=env)
    assert result.exit_code == 0 and "1 bestand is ongeldig" in result.output, result.output
    figures = json.loads((out / "cijfers.json").read_text(encoding="utf-8"))
    assert len(figures["ongeldig"]) == 1  # (the file's name only in a site with names)
    for key in ("aantal_casussen", "totalen", "rendement", "per_casus", "per_domein"):
        assert figures[key] == truth[key], key
