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
               ", 'indicatief': 'BOOLEAN', 'kosten_batenanalyse': 'BOOLEAN'}"
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
    # the money figures count the cases with a cost-benefit analysis: the column says which
    kba = "CAST(kosten_batenanalyse AS BOOLEAN)"
    every, src = src, f"(SELECT * FROM {src} WHERE {kba})"
    rows = con.execute(f"SELECT scenario, CAST(ROUND(SUM(CAST(bedrag AS DECIMAL(38,10))), 2) AS VARCHAR) "
                       f"FROM {src} GROUP BY scenario").fetchall()
    totals = {s: D(v) for s, v in rows}
    assert {s: totals[s] for s in SCEN} == {s: D(rep["totalen"][s]) for s in SCEN}
    # an unknown realised amount is null, never 0; the cases with one are the report's worklist
    incomplete = sorted(r[0] for r in con.execute(
        f"SELECT DISTINCT id FROM {src} WHERE scenario = 'gerealiseerd' AND bedrag IS NULL").fetchall())
    assert incomplete == rep["evaluatie"]["nacalculatie_ontbreekt"]
    # realised rows of the complete cases add up to the report's realised total
    complete = f"id NOT IN (SELECT id FROM {src} WHERE scenario = 'gerealiseerd' AND bedrag IS NULL)"
    real = con.execute(f"SELECT CAST(ROUND(SUM(CAST(bedrag AS DECIMAL(38,10))), 2) AS VARCHAR) FROM {src} "
                       f"WHERE scenario = 'gerealiseerd' AND {complete}").fetchone()[0]
    assert D(real) == D(rep["evaluatie"]["gerealiseerd"])
    per_dom = con.execute(f"SELECT domein, scenario, CAST(ROUND(SUM(CAST(bedrag AS DECIMAL(38,10))), 2) AS VARCHAR) "
                          f"FROM {src} WHERE scenario <> 'gerealiseerd' OR {complete} GROUP BY domein, scenario"
                          ).fetchall()
    for domein, scenario, total in per_dom:
        if scenario == "gerealiseerd":
            assert D(total) == D(rep["evaluatie"]["per_domein"][domein]["gerealiseerd"]), domein
        else:
            assert D(total) == D(rep["per_domein"][domein][scenario]), (domein, scenario)
    per_gem = dict(con.execute(
        f"SELECT gemeente, CAST(ROUND(SUM(CASE WHEN scenario = 'dreigend' THEN CAST(bedrag AS DECIMAL(38,10)) "
        f"WHEN scenario = 'doorbraak' THEN -CAST(bedrag AS DECIMAL(38,10)) ELSE 0 END), 2) AS VARCHAR) "
        f"FROM {src} GROUP BY gemeente").fetchall())
    for gemeente, v in rep["per_gemeente"].items():
        assert D(per_gem[gemeente]) == D(v["rendement"]["dreigend"]), gemeente
    (n_cases,) = con.execute(f"SELECT COUNT(DISTINCT id) FROM {every}").fetchone()
    assert n_cases == rep["aantal_casussen"] == 157  # 7 samples + 150 generated
    (n_kba,) = con.execute(f"SELECT COUNT(DISTINCT id) FROM {src}").fetchone()
    assert n_kba == rep["per_casus"]["aantal"] < n_cases  # drafts are exported, and counted in no money figure
    assert "rijen van 157 casussen geschreven" in result.stderr


def test_sample_rows_are_exact_by_hand(tmp_path):
    out = tmp_path / "v.csv"
    assert runner.invoke(app, ["export", str(SAMPLES), "-o", str(out)]).exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["id", "gemeente", "status", "datum", "domein", "post", "omschrijving", "prijs", "eenheid",
                             "scenario", "aantal", "bedrag", "exact", "indicatief", "kosten_batenanalyse"]
    # plans 2-6b have 4 + 2 + 6 + 4 + 6 + 7 lines, each in three scenarios; Willem's evaluated plan (5b) has
    # 5 lines in four scenarios (the moving costs were not planned, so it is a line of its own)
    assert len(rows) == 3 * (4 + 2 + 6 + 4 + 6 + 7) + 4 * 5
    realised = [(r["post"] or r["omschrijving"], r["aantal"], r["bedrag"]) for r in rows if r["scenario"] == "gerealiseerd"]
    assert realised == [("maatschappelijk-werker", "120", "7800.00"), ("mutatie-woning", "1", "1200.00"),
                        ("Verhuiskosten (inrichting nieuwe woning)", "1", "850.00"),
                        ("uitzetting-huurwoning", "0", "0.00"), ("maatschappelijke-opvang-verblijf", "0", "0.00")]
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
    assert ids == {"2020-voorbeeld-003", "2020-voorbeeld-005", "2020-voorbeeld-005b"}
    assert "niet geëxporteerd (ongeldig)" in result.stderr and "kapot.yaml:" in result.stderr


def test_export_has_no_names_and_repeats_identically(corpus):
    first = runner.invoke(app, ["export", str(corpus), "-f", "jsonl"])
    again = runner.invoke(app, ["export", str(corpus), "-f", "jsonl"])
    assert first.exit_code == again.exit_code == 0
    assert again.stdout == first.stdout  # the second run comes from the index
    assert casegen.NAME_MARK not in first.stdout
    assert runner.invoke(app, ["export", str(corpus), "-f", "jsonl", "--no-cache"]).stdout == first.stdout


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_measurements_as_a_long_table(tmp_path, fmt):
    """Willem's three measurements (typed in the sample) as 3 × 6 rows; SQL sees the same means as calc."""
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / f"metingen.{fmt}"
    result = runner.invoke(app, ["export", "--metingen", str(SAMPLES), "-o", str(out)])
    assert result.exit_code == 0, result.output
    con = duckdb.connect()
    src = {"csv": f"read_csv('{out}', header=true, all_varchar=true)",
           "jsonl": f"read_json('{out}', format='newline_delimited', columns={{'id': 'VARCHAR', 'gemeente': 'VARCHAR', "
                    f"'datum': 'VARCHAR', 'volgnummer': 'INTEGER', 'door': 'VARCHAR', 'dimensie': 'VARCHAR', "
                    f"'score': 'VARCHAR'}})",
           "parquet": f"read_parquet('{out}')"}[fmt]
    cols = [d[0] for d in con.execute(f"SELECT * FROM {src} LIMIT 1").description]
    assert cols == ["id", "gemeente", "datum", "volgnummer", "door", "dimensie", "score"]
    rows = con.execute(f"SELECT id, CAST(datum AS VARCHAR), CAST(volgnummer AS INTEGER), door, "
                       f"CAST(ROUND(AVG(CAST(score AS DECIMAL(4,1))), 2) AS VARCHAR), COUNT(*) FROM {src} "
                       f"GROUP BY ALL ORDER BY 3").fetchall()
    # means by hand: 25 / 6, 35,5 / 6, 41 / 6
    assert [(r[0], r[1], r[2], r[3], D(r[4]), r[5]) for r in rows] == [
        ("2020-voorbeeld-005b", "2020-02-10", 1, "samen", D("4.17"), 6),
        ("2020-voorbeeld-005b", "2020-06-15", 2, "huishouden", D("5.92"), 6),
        ("2020-voorbeeld-005b", "2021-03-20", 3, "huishouden", D("6.83"), 6)]
    (kwaliteit,) = con.execute(f"SELECT CAST(score AS VARCHAR) FROM {src} WHERE dimensie = 'kwaliteit_van_leven' "
                               f"AND CAST(volgnummer AS INTEGER) = 2").fetchone()
    assert D(kwaliteit) == D("6.5")  # written "6,5" in the case: a Dutch comma, read exactly
    assert "Willem" not in out.read_bytes().decode("utf-8", "replace")


def test_measurements_follow_the_filters(tmp_path):
    none = runner.invoke(app, ["export", "--metingen", str(SAMPLES), "--gemeente", "Voorbeeldstad"])
    assert none.exit_code == 0
    assert none.stdout.splitlines() == ["id,gemeente,datum,volgnummer,door,dimensie,score"]
