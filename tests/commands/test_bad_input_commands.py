"""Bad input to the commands beyond one case file: a configuration, a folder, a spreadsheet, an option.

Every row is something a user typed or a file held; each must end in a located Dutch message and a documented
exit code, never an internal error, a silently shorter list or a parser's English.
"""

import json
import shutil

import pytest
from conftest import DATA, SAMPLES

from doorbraak_cli.cli import main

SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))


def cli(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def team(tmp_path):
    """A case repository with the sample cases in casussen/."""
    root = tmp_path / "team"
    (root / ".git").mkdir(parents=True)
    (root / "casussen").mkdir()
    for f in SAMPLE_FILES:
        shutil.copy(f, root / "casussen" / f.name)
    return root


# --- bewaartermijn ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("config,where,says", [
    # a term past any calendar: it was a date overflow (exit 3) before
    ("bewaartermijn:\n  afgesloten: 99999 jaar\n", ":2:15: fout[ongeldige-termijn]: bewaartermijn.afgesloten:",
     "te lang"),
    ("bewaartermijn:\n  afgesloten: 1300 maanden\n", ":2:15: fout[ongeldige-termijn]:", "te lang"),
    ("bewaartermijn:\n  afgesloten: twee jaar\n", ":2:15: fout[ongeldige-termijn]: bewaartermijn.afgesloten:",
     "geen termijn"),
    ("bewaartermijn:\n  gestopt: 1 jaar\n  Afgesloten: 2 jaar\n", ":3:3: fout[onbekende-status]:", "afgesloten"),
    ("bewaartermijn: 2 jaar\n", ":1:16: fout[bewaartermijn]: bewaartermijn:", "geen mapping"),
])
def test_a_bad_retention_configuration_is_a_located_error(team, capsys, config, where, says):
    (team / ".doorbraak.yaml").write_text(config)
    code, out, err = cli(["bewaartermijn", str(team / "casussen"), "--peildatum", "2199-01-01"], capsys)
    assert code == 1, err
    assert f"{team / '.doorbraak.yaml'}{where}" in err and says in err, err
    assert "interne fout" not in err and out == ""


def test_bewaartermijn_of_a_folder_that_is_not_there_is_an_error_not_an_empty_list(team, capsys):
    (team / ".doorbraak.yaml").write_text("bewaartermijn:\n  afgesloten: 2 jaar\n")
    code, out, err = cli(["bewaartermijn", str(team / "casussn")], capsys)
    assert code == 1 and "bestaat niet" in err and "casussn" in err
    assert "0 over de termijn" not in out


def test_bewaartermijn_names_a_case_it_cannot_read(team, capsys):
    """A closed case with an error is past its term as much as any other: it is named, never left out silently."""
    (team / ".doorbraak.yaml").write_text("bewaartermijn:\n  afgesloten: 2 jaar\n")
    broken = (DATA / "minimaal.yaml").read_text().replace("status: ingediend", "status: afgesloten\nbogus: 1")
    (team / "casussen" / "kapot.yaml").write_text(broken)
    code, out, _ = cli(["bewaartermijn", str(team / "casussen"), "--peildatum", "2199-01-01"], capsys)
    assert code == 0
    assert "niet te lezen" in out and "kapot.yaml" in out
    code, out, _ = cli(["bewaartermijn", str(team / "casussen"), "--format", "json", "--peildatum", "2199-01-01"],
                       capsys)
    assert code == 0
    assert [f for f in json.loads(out)["niet_te_lezen"] if f.endswith("kapot.yaml")]


# --- import-prices ------------------------------------------------------------------------------------------------

_ENGLISH = ("unexpected", "expected", "BadZipFile", "File is not", "Error", "field")


@pytest.mark.parametrize("name,content,says", [
    ("open.csv", b'id;omschrijving;prijs;eenheid;domein\nopvang;"Opvang;100;dag;Wmo\n',
     "rij 2: geen geldige CSV: een aanhalingsteken wordt niet gesloten"),
    ("na.csv", b'id,omschrijving,prijs,eenheid,domein\nopvang,"Opvang"x,100,dag,Wmo\n',
     "rij 2: geen geldige CSV: na een sluitend aanhalingsteken"),
    ("geen.xlsx", b"dit is geen werkmap", "geen geldig XLSX-bestand"),
    ("stuk.xlsx", b"PK\x03\x04" + b"\x00" * 40, "geen geldig XLSX-bestand"),
])
def test_a_broken_spreadsheet_is_told_in_dutch_never_in_the_readers_english(tmp_path, capsys, name, content, says):
    sheet = tmp_path / name
    sheet.write_bytes(content)
    code, out, err = cli(["import-prices", str(sheet), "--naam", "tarieven", "-o", str(tmp_path / "t.yaml")], capsys)
    assert code == 1 and says in err, err
    assert not any(word in err for word in _ENGLISH), err
    assert not (tmp_path / "t.yaml").exists()


# --- options ------------------------------------------------------------------------------------------------------


_FILTERS = [
    # Python reads these as dates too; --sinds then compared '20200101' with '2020-01-20' as texts and counted 0 cases
    (["--sinds", "20200101"], "--sinds"),
    (["--sinds", "2020-W01-1"], "--sinds"),
    (["--gemeente", ""], "--gemeente"),  # no case has an empty municipality: it counted 0 without a word
    (["--gemeente", "  "], "--gemeente"),
]


@pytest.mark.parametrize("command,args,option", [
    *(("report", a, o) for a, o in _FILTERS), *(("export", a, o) for a, o in _FILTERS),
    ("report", ["--peildatum", "20261204"], "--peildatum"), ("todo", ["--peildatum", "2026-W49-5"], "--peildatum"),
    # a typo in the year: no follow-up was late in 0206, every one is by 3000; the cases' own dates lie in 1900-2199
    ("report", ["--peildatum", "0206-12-04"], "--peildatum"), ("todo", ["--peildatum", "3000-01-01"], "--peildatum"),
    ("export", ["--sinds", "1850-01-01"], "--sinds"),
])
def test_a_filter_that_would_silently_count_nothing_is_a_usage_error(capsys, command, args, option):
    code, out, err = cli([command, str(SAMPLES), *(["--quiet"] if command != "todo" else []), *args], capsys)
    assert code == 2, (out, err)
    assert f"ongeldige waarde voor {option}" in err and out == ""


def test_a_written_date_filter_still_counts():
    code = main(["report", str(SAMPLES), "--quiet", "--sinds", "2020-01-01", "--format", "json", "-o",
                 "-"])
    assert code == 0


def test_verwachting_says_once_what_is_wrong(capsys):
    code, _, err = cli(["report", str(SAMPLES), "--quiet", "--verwachting", "1e400"], capsys)
    assert code == 2 and err.count("geen bedrag") == 1, err


def test_prices_bij_a_case_that_is_not_there_is_an_error_not_the_shipped_lists(tmp_path, capsys):
    code, out, err = cli(["prices", "--bij", str(tmp_path / "casus.yaml"), "opvang"], capsys)
    assert code == 1 and "bestaat niet" in err and "casus.yaml" in err
    assert out == ""


# --- price lists --------------------------------------------------------------------------------------------------


def _case_with_own_list(root):
    (root / ".git").mkdir(parents=True)
    (root / "pricelists").mkdir()
    text = (DATA / "minimaal.yaml").read_text().replace("datum: 2026-11-02", "datum: 2026-11-02\nprijslijst: eigen")
    (root / "casus.yaml").write_text(text)
    return root / "casus.yaml"


@pytest.mark.parametrize("kind", ["folder", "broken link", "fifo"])
def test_a_price_list_name_that_is_no_file_is_never_suggested_as_itself(tmp_path, capsys, kind):
    case = _case_with_own_list(tmp_path)
    target = tmp_path / "pricelists" / "eigen.yaml"
    if kind == "folder":
        target.mkdir()
    elif kind == "broken link":
        target.symlink_to(tmp_path / "nergens.yaml")
    else:
        import os

        os.mkfifo(target)
    code, _, err = cli(["calc", str(case)], capsys)
    assert code == 1 and "fout[onbekende-prijslijst]" in err
    assert "bedoelde u 'eigen'" not in err, err


def test_a_price_list_that_is_no_mapping_is_told_to_begin_as_a_price_list(tmp_path, capsys):
    case = _case_with_own_list(tmp_path)
    (tmp_path / "pricelists" / "eigen.yaml").write_text("- opvang\n- 100\n")
    code, _, err = cli(["calc", str(case)], capsys)
    assert code == 1 and "fout[geen-mapping]" in err
    assert "'schema: prijslijst/1'" in err and "doorbraakplan/1" not in err, err


# --- a line break in a short field --------------------------------------------------------------------------------


def test_a_line_break_in_a_short_field_makes_no_block_of_its_own_in_the_markdown_plan(tmp_path, capsys):
    text = (DATA / "minimaal.yaml").read_text()
    text = text.replace("titel: Huishouden T", 'titel: "Huishouden T\\n# Ingevoegde kop"')
    text = text.replace("termijn: 6 maanden", 'termijn: "6 maanden\\n\\n- ingevoegd punt"')
    case = tmp_path / "casus.yaml"
    case.write_text(text)
    code, out, err = cli(["render", str(case), "-f", "markdown", "-o", "-"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert "# Ingevoegde kop" not in lines and "- ingevoegd punt" not in lines
    assert lines[0].startswith("# Huishouden T") and "Ingevoegde kop" in lines[0]


@pytest.mark.parametrize("output", [[], ["-o", "-"]])
def test_parquet_to_standard_output_is_a_usage_error_not_an_internal_one(capsys, output):
    pytest.importorskip("pyarrow")
    code, out, err = cli(["export", str(SAMPLES), "--quiet", "-f", "parquet", *output], capsys)
    assert code == 2 and "-o BESTAND.parquet" in err and out == ""


@pytest.mark.parametrize("command", ["validate", "calc"])
def test_an_empty_file_name_is_named_in_the_message(capsys, command):
    code, out, err = cli([command, ""], capsys)
    said = out if command == "validate" else err  # validate reports its findings on standard output
    assert code == 1 and said.startswith('"": fout[niet-gevonden]'), (out, err)


@pytest.mark.parametrize("number", [1e300, -1e300, 1e-300])
def test_an_absurd_number_in_an_xlsx_price_cell_is_refused_not_an_internal_error(tmp_path, capsys, number):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["id", "omschrijving", "prijs", "eenheid", "domein"])
    book.active.append(["opvang", "Opvang", number, "dag", "Wmo"])
    book.save(tmp_path / "tarieven.xlsx")
    code, _, err = cli(["import-prices", str(tmp_path / "tarieven.xlsx"), "--naam", "tarieven", "-o",
                        str(tmp_path / "t.yaml")], capsys)
    assert code == 1 and "rij 2: kolom prijs:" in err and "geen bruikbaar bedrag" in err, err
    assert "00000000000" not in err  # said short, not as three hundred digits
    assert not (tmp_path / "t.yaml").exists()
