"""`doorbraak import-prices`: a price list from a CSV or XLSX sheet, exact, checked row by row, never half-written."""

import io
import json
import os
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doorbraak_cli.check.pricelists import load
from doorbraak_cli.commands import Io, calc
from doorbraak_cli.commands import import_prices as cmd
from doorbraak_cli.source import yamlread

CASE = """\
schema: doorbraakplan/1
id: 2026-import-001
titel: Huishouden I
gemeente: Importdorp
status: concept
regievoerder: Consulent
prijslijst: {naam}
situatieschets: Een test.
toekomstperspectief:
  kort: Rust.
overzicht:
  zelf: [iets]
  ondersteuning: []
  behandeling: []
doorbraak:
  - omschrijving: Iets anders
    leefgebied: wonen
waardendriehoek:
  legitimiteit: []
  betrokkenheid: Meer grip.
  rendement:
    posten:
      - post: opvang-dag
        dreigend: 182
      - post: begeleiding
        huidig: 12
        doorbraak: 40
      - post: schuldhulp
        doorbraak: 1
  afweging: Goedkoper.
actieplan:
  acties:
    - wie: Consulent
      wat: regelt het
      wanneer: morgen
      fase: doorbraak
  evaluatie: na drie maanden
  vangnet: Opnieuw kijken.
"""


def run(*args, **kwargs):
    out, err = io.StringIO(), io.StringIO()
    code = cmd.run(Io(out, err), *args, **kwargs)
    return code, out.getvalue(), err.getvalue()


def compute(folder, naam):
    """calc --format json of a case in ``folder`` that uses the list ``naam`` from folder/pricelists/."""
    case = folder / "casus.yaml"
    case.write_text(CASE.format(naam=naam), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = calc.run(Io(out, err), str(case), "json", use_cache=False)
    assert code == 0, err.getvalue()
    return json.loads(out.getvalue())


def write_csv(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return str(path)


GOOD_CSV = (
    "ID;Omschrijving;Prijs;Eenheid;Domein;Bron\n"
    "opvang-dag;Verblijf opvang (per dag);€ 1.052,32;dag;Wmo;Tarievenlijst 2026, p. 4\n"
    "begeleiding;\"=HYPERLINK(\"\"http://x\"\")\";65,50;uur;wmo;\n"
    "schuldhulp;\"Schuldhulp; traject \"\"intake\"\"\";1500;traject;Wgs;Contract 12\n"
    "extra;\"-- zie bijlage; @ thuis\";10;uur;Overig;+ bron\n"
    ";;;;;\n"
)


def test_csv_with_dutch_notation_becomes_an_exact_price_list_that_a_case_computes_with(tmp_path):
    sheet = write_csv(tmp_path / "tarieven.csv", GOOD_CSV)
    target = tmp_path / "pricelists" / "tarieven-2026.yaml"
    code, out, err = run(sheet, "tarieven-2026", str(target))
    assert code == 0, err
    assert out.strip() == str(target)
    assert "4 posten" in err
    text = target.read_text(encoding="utf-8")
    assert "prijs: 1052.32\n" in text and "prijs: 65.50\n" in text and "prijs: 1500.00\n" in text
    plist, problems = load(target)
    assert problems == [] and plist is not None
    assert plist.items["opvang-dag"].prijs == Decimal("1052.32")
    assert plist.items["opvang-dag"].bron == "Tarievenlijst 2026, p. 4"
    # a cell starting with '=' is text, stored as it is; an empty bron names the file and the row
    assert plist.items["begeleiding"].omschrijving == '=HYPERLINK("http://x")'
    assert plist.items["begeleiding"].bron == "tarieven.csv, rij 3"
    assert plist.items["begeleiding"].domein == "Wmo"  # 'wmo' is unambiguous
    assert plist.items["schuldhulp"].omschrijving == 'Schuldhulp; traject "intake"'
    assert (plist.items["extra"].omschrijving, plist.items["extra"].bron) == ("-- zie bijlage; @ thuis", "+ bron")
    data = compute(tmp_path, "tarieven-2026")
    # 182 × 1052.32 = 191522.24; 12 × 65.50 = 786.00; 40 × 65.50 + 1500 = 4120.00
    assert data["totalen"] == {"huidig": "786.00", "dreigend": "191522.24", "doorbraak": "4120.00"}


def test_xlsx_numbers_stay_exact_and_text_cells_are_read_as_shown(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tarieven"
    ws.append(["id", "omschrijving", "prijs", "eenheid", "domein", "bron"])
    ws.append(["opvang-dag", "Verblijf opvang", 1052.32, "dag", "Wmo", "Tarievenlijst"])
    ws.append(["begeleiding", "Begeleiding", 0.1 + 65.4, "uur", "Wmo", None])  # 65.50000000000001, shown as 65,50
    ws["C3"].number_format = "#,##0.00 €"
    ws.append(["schuldhulp", "Schuldhulp", "€ 1.500,00", "traject", "Wgs", "Contract"])
    path = tmp_path / "tarieven.xlsx"
    wb.save(path)
    target = tmp_path / "pricelists" / "xl.yaml"
    code, _, err = run(str(path), "xl", str(target))
    assert code == 0, err
    plist, problems = load(target)
    assert problems == []
    assert [plist.items[i].prijs for i in ("opvang-dag", "begeleiding", "schuldhulp")] == [
        Decimal("1052.32"), Decimal("65.50"), Decimal("1500.00")]
    assert plist.items["begeleiding"].bron == "tarieven.xlsx, blad Tarieven, rij 3"
    data = compute(tmp_path, "xl")
    assert data["totalen"] == {"huidig": "786.00", "dreigend": "191522.24", "doorbraak": "4120.00"}


def test_xlsx_price_with_more_than_two_decimals_is_refused(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "omschrijving", "prijs", "eenheid", "domein"])
    ws.append(["a", "A", 12.345, "uur", "Wmo"])  # General format: the sheet shows 12,345
    ws.append(["b", "B", 1 / 3, "uur", "Wmo"])
    ws["C3"].number_format = "0.00"  # shows 0,33 but is a third: not float noise
    ws.append(["c", "C", True, "uur", "Wmo"])
    path = tmp_path / "p.xlsx"
    wb.save(path)
    code, _, err = run(str(path), "p", str(tmp_path / "p.yaml"))
    assert code == 1
    assert "p.xlsx:rij 2: kolom prijs: 12,345 heeft meer dan twee decimalen" in err
    assert "p.xlsx:rij 3: kolom prijs: 0,3333333333333333 heeft meer dan twee decimalen" in err
    assert "p.xlsx:rij 4: kolom prijs:" in err
    assert not (tmp_path / "p.yaml").exists()


def test_every_bad_row_is_reported_and_nothing_is_written(tmp_path):
    sheet = write_csv(tmp_path / "fout.csv", (
        "id,omschrijving,prijs,eenheid,domein,bron\n"
        "goed,Goed,10,uur,Wmo,x\n"
        "Met Spatie,Iets,1.052,dag,Wm,\n"
        "goed,Dubbel,12,uur,Zvw,\n"
        "leeg,,-3,,,\n"
        "drie,Drie,\"12,345\",uur,Jeugdwet,\n"
    ))
    target = tmp_path / "pricelists" / "fout.yaml"
    code, out, err = run(sheet, "fout", str(target))
    assert code == 1 and out == ""
    assert not (tmp_path / "pricelists").exists()
    lines = err.splitlines()
    for expected in (
        "fout.csv:rij 3: kolom id: 'Met Spatie' is geen geldig id (gebruik kleine letters, cijfers en streepjes, "
        "bijvoorbeeld 'met-spatie')",
        "fout.csv:rij 3: kolom prijs: '1.052' is dubbelzinnig",
        "fout.csv:rij 3: kolom domein: 'Wm' is geen domein (bedoelde u 'Wmo'?",
        "fout.csv:rij 4: kolom id: 'goed' staat ook in rij 2 (geef elke post een eigen id)",
        "fout.csv:rij 5: kolom omschrijving: is leeg",
        "fout.csv:rij 5: kolom prijs: '-3' is negatief",
        "fout.csv:rij 5: kolom eenheid: is leeg",
        "fout.csv:rij 5: kolom domein: is leeg",
        "fout.csv:rij 6: kolom prijs: '12,345' heeft meer dan twee decimalen",
    ):
        assert any(expected in line for line in lines), (expected, err)
    assert "niets geschreven: 9 fouten in 4 rijen" in err


def test_missing_columns_are_named(tmp_path):
    sheet = write_csv(tmp_path / "kop.csv", "Id;Omschrijving;Bedrag;Eenheid\nx;X;1;uur\n")
    code, _, err = run(sheet, "kop", str(tmp_path / "kop.yaml"))
    assert code == 1
    assert "kop.csv:rij 1: de kop mist de kolommen prijs, domein" in err
    assert "kolom 'Bedrag' wordt niet gebruikt" in err


def test_windows_1252_csv_is_read(tmp_path):
    sheet = write_csv(tmp_path / "win.csv", "id;omschrijving;prijs;eenheid;domein\ncafe;Café;€ 12,50;uur;Overig\n",
                      encoding="cp1252")
    code, _, err = run(sheet, "win", str(tmp_path / "win.yaml"))
    assert code == 0, err
    assert "Windows-1252" in err
    plist, _ = load(tmp_path / "win.yaml")
    assert plist.items["cafe"].omschrijving == "Café" and plist.items["cafe"].prijs == Decimal("12.50")


def test_never_overwrites_without_force_and_refuses_a_bad_name(tmp_path):
    sheet = write_csv(tmp_path / "t.csv", GOOD_CSV)
    target = tmp_path / "t.yaml"
    target.write_text("eigen inhoud\n", encoding="utf-8")
    code, _, err = run(sheet, "t", str(target))
    assert code == 1 and "bestaat al en wordt niet overschreven" in err
    assert target.read_text(encoding="utf-8") == "eigen inhoud\n"
    code, _, err = run(sheet, "t", str(target), force=True)
    assert code == 0, err
    assert load(target)[0] is not None
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".tmp-")]
    code, _, err = run(sheet, "Tarieven 2026", str(tmp_path / "x.yaml"))
    assert code == 2 and "--naam tarieven-2026" in err
    code, _, err = run(str(tmp_path / "bestaat-niet.csv"), "x", str(tmp_path / "x.yaml"))
    assert code == 1 and "bestaat niet" in err


def test_default_output_is_the_nearest_pricelists_folder(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()  # a case repository: its pricelists/ folder serves every case under it
    (tmp_path / "pricelists").mkdir()
    (tmp_path / "casussen").mkdir()
    sheet = write_csv(tmp_path / "t.csv", GOOD_CSV)
    monkeypatch.chdir(tmp_path / "casussen")
    code, out, err = run(sheet, "lokaal")
    assert code == 0, err
    assert (tmp_path / "pricelists" / "lokaal.yaml").is_file()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_quoted_text_reads_back_as_the_same_string(text):
    doc = yamlread.parse(f"x: {cmd.quote(text)}\n", "t.yaml")
    assert doc.data["x"] == text
