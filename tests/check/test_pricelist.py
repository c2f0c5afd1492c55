"""Price lists: shipped, looked up upward from the case, validated, searchable."""

import json

from conftest import ROOT
from typer.testing import CliRunner

from doorbraak_cli.check import pricelists as pricelist
from doorbraak_cli.check.case import check_file
from doorbraak_cli.cli import app

runner = CliRunner()
CASE_WITH_POST = """schema: doorbraakplan/1
id: t-1
titel: T
status: concept
regievoerder: R
gemeente: G
situatieschets: x
toekomstperspectief: {kort: x}
overzicht: {zelf: x, ondersteuning: x, behandeling: x}
doorbraak: [{omschrijving: x, leefgebied: wonen}]
waardendriehoek:
  legitimiteit: [{regel: r, bedoeling: b, uitzonderingsgronden: u, wie_gaat_erover: w}]
  betrokkenheid: x
  afweging: x
  rendement:
    posten:
      - post: maatschappelijke-opvang-verblijf
        dreigend: 182
actieplan: {acties: [{wie: a, wat: b, wanneer: morgen, fase: doorbraak}], vangnet: x}
"""


def test_shipped_lists_are_clean_and_ids_unique():
    seen = {}
    for path in sorted((ROOT / "pricelists").glob("*.yaml")):
        plist, problems = pricelist.load(path)
        assert not problems, [p.format() for p in problems]
        for pid in plist.items:
            assert pid not in seen, (pid, seen.get(pid), path.name)
            seen[pid] = path.name
    assert len(seen) == 45  # 28 + 5 + 12 items in prijslijst-bronnen.md


def test_shipped_prices_match_the_sources():
    items = {i.id: i for i in pricelist.all_items()[0]}
    assert str(items["maatschappelijke-opvang-verblijf"].prijs) == "100"
    assert items["gesloten-jeugdzorg"].prijs == 55800 and items["gesloten-jeugdzorg"].eenheid == "jaar"
    assert str(items["bijstand-alleenstaand"].prijs) == "1052.32"
    assert items["jeugdbescherming"].eenheid == "interventie" and items["jeugdbescherming"].domein == "Jeugdwet"


def test_local_list_comes_before_the_shipped_one(tmp_path):
    (tmp_path / ".git").mkdir()  # a case repository
    (tmp_path / "pricelists").mkdir()
    text = (ROOT / "pricelists" / "maatschappelijke-prijslijst-2017.yaml").read_text(encoding="utf-8")
    text = text.replace("prijs: 100\n", "prijs: 120\n", 1)
    assert "prijs: 120" in text
    (tmp_path / "pricelists" / "maatschappelijke-prijslijst-2017.yaml").write_text(text, encoding="utf-8")
    sub = tmp_path / "casussen" / "2026"
    sub.mkdir(parents=True)
    (sub / "c.yaml").write_text(CASE_WITH_POST.replace("status: concept", "status: concept\nprijslijst: maatschappelijke-prijslijst-2017"), encoding="utf-8")
    result = runner.invoke(app, ["calc", "-f", "json", str(sub / "c.yaml")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["totalen"]["dreigend"] == "21840.00"  # 182 × € 120 from the local list


def test_new_local_folder_is_seen_by_a_long_running_process(tmp_path):
    """A pricelists/ folder created after the first calc in the same process is used by the next one."""
    (tmp_path / ".git").mkdir()  # a case repository
    sub = tmp_path / "casussen"
    sub.mkdir()
    (sub / "c.yaml").write_text(CASE_WITH_POST.replace("status: concept", "status: concept\nprijslijst: maatschappelijke-prijslijst-2017"), encoding="utf-8")
    args = ["calc", "--no-cache", "-f", "json", str(sub / "c.yaml")]
    first = runner.invoke(app, args)
    assert json.loads(first.stdout)["totalen"]["dreigend"] == "18200.00"  # 182 × € 100, shipped list
    (tmp_path / "pricelists").mkdir()
    text = (ROOT / "pricelists" / "maatschappelijke-prijslijst-2017.yaml").read_text(encoding="utf-8")
    (tmp_path / "pricelists" / "maatschappelijke-prijslijst-2017.yaml").write_text(
        text.replace("prijs: 100\n", "prijs: 120\n", 1), encoding="utf-8")
    second = runner.invoke(app, args)
    assert json.loads(second.stdout)["totalen"]["dreigend"] == "21840.00"
    with pricelist.snapshot():  # within one run, a list is resolved once
        a = pricelist.find("maatschappelijke-prijslijst-2017", str(sub / "c.yaml"))
        assert pricelist.find("maatschappelijke-prijslijst-2017", str(sub / "c.yaml")) is a
        assert pricelist.load(a) is pricelist.load(a)


def test_broken_price_list_is_never_used_silently(tmp_path):
    (tmp_path / "pricelists").mkdir()
    (tmp_path / "pricelists" / "eigen.yaml").write_text(
        "naam: Eigen\nbron: test\nposten:\n  maatschappelijke-opvang-verblijf:\n    omschrijving: Opvang\n"
        "    prijs: honderd\n    eenheid: dag\n    domein: Wmo\n", encoding="utf-8")
    case = tmp_path / "c.yaml"
    case.write_text(CASE_WITH_POST.replace("status: concept", "status: concept\nprijslijst: eigen"), encoding="utf-8")
    checked = check_file(str(case))
    assert checked.case is None
    codes = {(p.code, p.file.endswith("eigen.yaml"), p.line) for p in checked.errors}
    assert ("ongeldige-prijs", True, 6) in codes
    assert any(p.code == "prijslijst-fout" for p in checked.errors)
    result = runner.invoke(app, ["validate", str(tmp_path / "pricelists" / "eigen.yaml")])
    assert result.exit_code == 1 and "eigen.yaml:6:12: fout[ongeldige-prijs]" in result.output


def test_unknown_list_name_suggests(tmp_path):
    case = tmp_path / "c.yaml"
    case.write_text(CASE_WITH_POST.replace("status: concept", "status: concept\nprijslijst: maatschappelijke-prijslijst-2071"), encoding="utf-8")
    (p,) = [p for p in check_file(str(case)).errors if p.code == "onbekende-prijslijst"]
    assert "bedoelde u 'maatschappelijke-prijslijst-2017'?" in p.hint


def test_prices_command_finds_ids():
    result = runner.invoke(app, ["prices", "opvang"])
    assert result.exit_code == 0
    assert "maatschappelijke-opvang-verblijf" in result.stdout and "€ 100,00" in result.stdout
    data = json.loads(runner.invoke(app, ["prices", "gesloten", "--format", "json"]).stdout)
    assert data == [{"id": "gesloten-jeugdzorg", "omschrijving": data[0]["omschrijving"], "prijs": "55800.00",
                     "eenheid": "jaar", "domein": "Jeugdwet", "prijslijst": "maatschappelijke-prijslijst-2017",
                     "bron": data[0]["bron"]}]
    assert runner.invoke(app, ["prices", "zzzzqqq"]).exit_code == 1
    csv_out = runner.invoke(app, ["prices", "--lijst", "zoetermeer-crisisteam", "-f", "csv"]).stdout.splitlines()
    assert csv_out[0].startswith("id,omschrijving,prijs") and len(csv_out) == 13


CHEAP_LIST = ("schema: prijslijst/1\nnaam: Goedkoop\nbron: ergens\nposten:\n"
              "  maatschappelijke-opvang-verblijf: {omschrijving: Opvang, prijs: 2, eenheid: dag, domein: Wmo}\n")


def _case(folder, text=CASE_WITH_POST):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "c.yaml"
    path.write_text(text.replace("status: concept", "status: concept\nprijslijst: maatschappelijke-prijslijst-2017"),
                    encoding="utf-8")
    return path


def _dreigend(path) -> str:
    result = runner.invoke(app, ["calc", "--no-cache", "-f", "json", str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["totalen"]["dreigend"]


def test_a_pricelists_folder_above_the_repository_is_never_used(tmp_path):
    """A pricelists/ folder somewhere higher up on the machine cannot replace the prices of a repository's cases."""
    (tmp_path / "pricelists").mkdir()
    (tmp_path / "pricelists" / "maatschappelijke-prijslijst-2017.yaml").write_text(CHEAP_LIST, encoding="utf-8")
    repo = tmp_path / "werk" / "repo"
    (repo / ".git").mkdir(parents=True)
    case = _case(repo / "casussen")
    assert _dreigend(case) == "18200.00"  # 182 × € 100 from the shipped list, not 182 × € 2
    assert pricelist.local_dir(str(case)) is None


def test_outside_a_repository_only_the_cases_own_folder_counts(tmp_path):
    (tmp_path / "pricelists").mkdir()
    (tmp_path / "pricelists" / "maatschappelijke-prijslijst-2017.yaml").write_text(CHEAP_LIST, encoding="utf-8")
    deeper = _case(tmp_path / "sub")
    assert _dreigend(deeper) == "18200.00"  # the parent's list is not the case's
    beside = _case(tmp_path)
    assert _dreigend(beside) == "364.00"  # its own folder's list: 182 × € 2
    # ... and then it is named: a warning says which list replaced the shipped one, and the JSON says where prices came from
    checked = check_file(str(beside))
    (w,) = [p for p in checked.warnings if p.code == "eigen-prijslijst"]
    assert "maatschappelijke-prijslijst-2017" in w.message and "pricelists" in w.message
    data = json.loads(runner.invoke(app, ["calc", "--no-cache", "-f", "json", str(beside)]).stdout)
    (ref,) = data["prijslijsten"]
    assert ref["naam"] == "maatschappelijke-prijslijst-2017" and ref["herkomst"] == "eigen"
    assert ref["bestand"] == "pricelists/maatschappelijke-prijslijst-2017.yaml"
    import hashlib

    assert ref["sha256"] == hashlib.sha256(CHEAP_LIST.encode()).hexdigest()


def test_provenance_names_the_shipped_list_with_version_and_digest():
    import hashlib

    data = json.loads(runner.invoke(app, ["calc", "-f", "json", str(ROOT / "sample_cases" / "plan-3-lars-en-klaas.yaml")]).stdout)
    refs = {r["naam"]: r for r in data["prijslijsten"]}
    assert set(refs) == {"doorbraakboek-aanvullend"}  # bijstand 2020 and the e-bike; the case names two lists, uses one
    shipped = ROOT / "pricelists" / "doorbraakboek-aanvullend.yaml"
    assert refs["doorbraakboek-aanvullend"]["sha256"] == hashlib.sha256(shipped.read_bytes()).hexdigest()
    assert refs["doorbraakboek-aanvullend"]["herkomst"] == "meegeleverd"
    assert refs["doorbraakboek-aanvullend"]["versie"] == "2020"
    terminal = runner.invoke(app, ["calc", str(ROOT / "sample_cases" / "plan-3-lars-en-klaas.yaml")]).stdout
    assert "Prijzen uit: doorbraakboek-aanvullend (versie 2020, meegeleverd met doorbraak" in terminal
