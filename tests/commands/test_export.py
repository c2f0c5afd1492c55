"""`doorbraak export`: the fact table, loaded into a real DuckDB and summed with SQL.

The SQL totals must equal the report's totals to the cent, per scenario and
per domain, for CSV, JSON Lines and Parquet.
"""

import csv
import io
import json
import os
import shutil
from decimal import Decimal

import casegen
import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from doorbraak_cli.cli import app

duckdb = pytest.importorskip("duckdb")
runner = CliRunner()
D = Decimal
SCEN = ("huidig", "dreigend", "doorbraak")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The sample plans plus generated cases, in nested folders."""
    root = tmp_path_factory.mktemp("export")
    shutil.copytree(SAMPLES, root / "voorbeelden")
    casegen.generate(str(root / "regio"), 150, seed=11)
    return root


def _report(root) -> dict:
    result = runner.invoke(app, ["report", "-f", "json", str(root)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _source(path: str, fmt: str) -> str:
    """A DuckDB relation over the export; amounts read as text and cast to DECIMAL, never through a float."""
    if fmt == "csv":
        return f"read_csv('{path}', header=true, all_varchar=true)"
    if fmt == "jsonl":
        cols = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in ("id", "gemeente", "domein", "scenario", "bedrag")) + \
               ", 'indicatief': 'BOOLEAN'}"
        return f"read_json('{path}', format='newline_delimited', columns={cols})"
    return f"read_parquet('{path}')"


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_sql_totals_equal_the_report(corpus, tmp_path, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / f"feiten.{fmt}"
    result = runner.invoke(app, ["export", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rep = _report(corpus)
    src = _source(str(out), fmt)
    con = duckdb.connect()
    rows = con.execute(f"SELECT scenario, CAST(ROUND(SUM(CAST(bedrag AS DECIMAL(38,10))), 2) AS VARCHAR) "
                       f"FROM {src} GROUP BY scenario").fetchall()
    assert {s: D(v) for s, v in rows} == {s: D(rep["totalen"][s]) for s in SCEN}
    per_dom = con.execute(f"SELECT domein, scenario, CAST(ROUND(SUM(CAST(bedrag AS DECIMAL(38,10))), 2) AS VARCHAR) "
                          f"FROM {src} GROUP BY domein, scenario").fetchall()
    for domein, scenario, total in per_dom:
        assert D(total) == D(rep["per_domein"][domein][scenario]), (domein, scenario)
    per_gem = dict(con.execute(
        f"SELECT gemeente, CAST(ROUND(SUM(CASE WHEN scenario = 'dreigend' THEN CAST(bedrag AS DECIMAL(38,10)) "
        f"WHEN scenario = 'doorbraak' THEN -CAST(bedrag AS DECIMAL(38,10)) ELSE 0 END), 2) AS VARCHAR) "
        f"FROM {src} GROUP BY gemeente").fetchall())
    for gemeente, v in rep["per_gemeente"].items():
        assert D(per_gem[gemeente]) == D(v["rendement"]["dreigend"]), gemeente
    (n_cases,) = con.execute(f"SELECT COUNT(DISTINCT id) FROM {src}").fetchone()
    assert n_cases == rep["aantal_casussen"] == 156
    assert "rijen van 156 casussen geschreven" in result.stderr


def test_sample_rows_are_exact_by_hand(tmp_path):
    out = tmp_path / "v.csv"
    assert runner.invoke(app, ["export", str(SAMPLES), "-o", str(out)]).exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["id", "gemeente", "status", "datum", "domein", "post", "omschrijving", "prijs", "eenheid",
                             "scenario", "aantal", "bedrag", "exact", "indicatief"]
    # plans 2-6b have 4 + 2 + 6 + 4 + 6 + 7 lines, each in three scenarios
    assert len(rows) == 3 * (4 + 2 + 6 + 4 + 6 + 7)
    pleeg = [r for r in rows if r["id"] == "2020-voorbeeld-006" and r["post"] == "pleegzorgplaats"]
    assert [(r["scenario"], r["aantal"], r["bedrag"]) for r in pleeg] == [
        ("huidig", "0", "0.00"), ("dreigend", "1.5", "10500.00"), ("doorbraak", "0", "0.00")]  # 3 x 6 maanden
    bijstand = next(r for r in rows if r["id"] == "2020-voorbeeld-002" and r["post"] == "bijstand-alleenstaand"
                    and r["scenario"] == "doorbraak")
    assert (bijstand["prijs"], bijstand["eenheid"], bijstand["domein"], bijstand["bedrag"]) == \
        ("1052.32", "maand", "Participatiewet", "12627.84")
    assert all(r["exact"] == "true" and r["indicatief"] == "false" for r in rows)
    for titel in ("Esther", "Lars", "Derk Jan", "Willem", "Eveline"):
        assert titel not in out.read_text(encoding="utf-8")


def test_a_quantity_without_finite_decimals_is_marked_and_still_sums_to_the_cent(tmp_path):
    root = tmp_path / "c"
    root.mkdir()
    text = (SAMPLES / "plan-6-eveline.yaml").read_text(encoding="utf-8").replace(
        "      - post: pleegzorgplaats\n        dreigend: 3 x 6 maanden\n",
        "      - post: pleegzorgplaats\n        dreigend: 90 dagen\n")  # 90/365 jaar = 18/73
    (root / "c.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "c.jsonl"
    assert runner.invoke(app, ["export", str(root), "-o", str(out)]).exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    (pleeg,) = [r for r in rows if r["post"] == "pleegzorgplaats" and r["scenario"] == "dreigend"]
    # 7000 x 18/73 = 1726.0273972602739726...
    assert pleeg["aantal"] == "0.2465753425" and pleeg["bedrag"] == "1726.0273972603" and pleeg["exact"] is False
    rep = _report(root)
    total = sum(D(r["bedrag"]) for r in rows if r["scenario"] == "dreigend")
    assert total.quantize(D("0.01")) == D(rep["totalen"]["dreigend"]) == D("57650") - 10500 + D("1726.03")


def test_never_overwrites_without_force_and_writes_atomically(tmp_path):
    out = tmp_path / "bestaand.csv"
    out.write_text("van iemand anders\n", encoding="utf-8")
    result = runner.invoke(app, ["export", str(SAMPLES), "-o", str(out)])
    assert result.exit_code == 1 and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "van iemand anders\n"
    assert runner.invoke(app, ["export", str(SAMPLES), "-o", str(out), "--force"]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("id,gemeente,status")
    assert sorted(os.listdir(tmp_path)) == ["bestaand.csv"]  # no temporary file left behind


def test_stdout_formats_and_parquet_needs_a_file():
    csv_out = runner.invoke(app, ["export", str(SAMPLES)])
    assert csv_out.exit_code == 0 and csv_out.stdout.startswith("id,gemeente,status,datum,domein")
    jl = runner.invoke(app, ["export", str(SAMPLES), "-f", "jsonl"])
    first = json.loads(jl.stdout.splitlines()[0])
    assert first["id"] == "2020-voorbeeld-002" and first["datum"] is None and first["exact"] is True
    pq = runner.invoke(app, ["export", str(SAMPLES), "-f", "parquet"])
    assert pq.exit_code == 2 and "-o" in pq.stderr


def test_indicative_lines_only_on_request(tmp_path):
    root = tmp_path / "i"
    root.mkdir()
    text = (SAMPLES / "plan-3-lars-en-klaas.yaml").read_text(encoding="utf-8").replace(
        "      - post: e-bike\n        doorbraak: 1\n",
        "      - post: e-bike\n        doorbraak: 1\n"
        "      - omschrijving: Minder ziekteverzuim\n        prijs: 100\n        eenheid: maand\n"
        "        domein: Zvw\n        bron: schatting\n        huidig: 3\n        zekerheid: indicatief\n")
    (root / "i.yaml").write_text(text, encoding="utf-8")
    plain = list(csv.DictReader(io.StringIO(runner.invoke(app, ["export", str(root)]).stdout)))
    assert len(plain) == 6 and all(r["indicatief"] == "false" for r in plain)
    full = list(csv.DictReader(io.StringIO(runner.invoke(app, ["export", str(root), "--indicatief"]).stdout)))
    ind = [r for r in full if r["indicatief"] == "true"]
    assert [(r["scenario"], r["bedrag"]) for r in ind] == [("huidig", "300.00"), ("dreigend", "0.00"),
                                                           ("doorbraak", "0.00")]


def test_invalid_files_and_filters(corpus, tmp_path):
    root = tmp_path / "f"
    shutil.copytree(SAMPLES, root)
    (root / "kapot.yaml").write_text("id: [\n", encoding="utf-8")
    result = runner.invoke(app, ["export", str(root), "--gemeente", "Doorbraakdorp"])
    assert result.exit_code == 0
    ids = {r["id"] for r in csv.DictReader(io.StringIO(result.stdout))}
    assert ids == {"2020-voorbeeld-003", "2020-voorbeeld-005"}
    assert "niet geëxporteerd (ongeldig)" in result.stderr and "kapot.yaml:" in result.stderr


def test_export_has_no_names_and_repeats_identically(corpus):
    first = runner.invoke(app, ["export", str(corpus), "-f", "jsonl"])
    again = runner.invoke(app, ["export", str(corpus), "-f", "jsonl"])
    assert first.exit_code == again.exit_code == 0
    assert again.stdout == first.stdout  # the second run comes from the index
    assert casegen.NAME_MARK not in first.stdout
    assert runner.invoke(app, ["export", str(corpus), "-f", "jsonl", "--no-cache"]).stdout == first.stdout
