"""`render --format docx`: a real Word file with the six steps, the book's figures as Word tables, PNG charts.

Read back with python-docx, as a user's Word would open it. The figures are typed from the
method (the book's part III, as in tests/compute/test_golden.py), not taken from the program.
"""

import io
import re
import zipfile

import pytest
from conftest import SAMPLES

from doorbraak_cli.commands import Io
from doorbraak_cli.commands import render as cmd

docx = pytest.importorskip("docx")

STEPS = ["Stap 1 · Situatieschets", "Stap 2 · Toekomstperspectief", "Stap 3 · Overzicht", "Stap 4 · Doorbraak",
         "Stap 5 · Onderbouwen met de waardendriehoek", "Stap 6 · Actieplan"]

# totals huidig / dreigend / doorbraak in whole euros, the two comparisons, and the receipts' cent figures
GOLDEN = {
    "plan-2-esther-en-javairo": (("€ 23.580", "€ 67.378", "€ 27.188"), "Kosten t.o.v. huidige situatie: € 3.608",
                                 "Rendement t.o.v. dreigend scenario: € 40.190", ("€ 67.377,84", "€ 27.187,84")),
    "plan-3-lars-en-klaas": (("€ 12.628", "€ 12.628", "€ 1.750"), "Rendement t.o.v. huidige situatie: € 10.878",
                             "Rendement t.o.v. dreigend scenario: € 10.878", ("€ 12.627,84", "€ 10.877,84")),
    "plan-4-derk-jan": (("€ 3.380", "€ 37.388", "€ 15.256"), "Kosten t.o.v. huidige situatie: € 11.876",
                        "Rendement t.o.v. dreigend scenario: € 22.132", ("€ 37.387,84", "€ 15.255,84")),
    "plan-5-willem": (("€ 6.500", "€ 42.500", "€ 7.700"), "Kosten t.o.v. huidige situatie: € 1.200",
                      "Rendement t.o.v. dreigend scenario: € 34.800", ("€ 42.500,00", "€ 34.800,00")),
    "plan-6-eveline": (("€ 0", "€ 57.650", "€ 3.600"), "Kosten t.o.v. huidige situatie: € 3.600",
                       "Rendement t.o.v. dreigend scenario: € 54.050", ("€ 57.650,00", "€ 54.050,00")),
    "plan-6b-eveline-gesloten-jeugdzorg": (("€ 0", "€ 57.650", "€ 59.400"), "Kosten t.o.v. huidige situatie: € 59.400",
                                           "Kosten t.o.v. dreigend scenario: € 1.750", ("€ 59.400,00", "€ 1.750,00")),
}


def render(case, *args, **kwargs):
    out, err = io.StringIO(), io.StringIO()
    code = cmd.run(Io(out, err), str(case), "docx", *args, **kwargs)
    return code, out.getvalue(), err.getvalue()


def norm(text: str) -> str:
    """What a reader sees: a no-break space is a space."""
    return text.replace("\u00a0", " ")


def cells(table) -> list[list[str]]:
    return [[norm(c.text) for c in row.cells] for row in table.rows]


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for t in document.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    return norm("\n".join(parts))


def copy_case(tmp_path, stem: str):
    case = tmp_path / f"{stem}.yaml"
    case.write_bytes((SAMPLES / f"{stem}.yaml").read_bytes())
    return case


@pytest.mark.parametrize("stem", sorted(GOLDEN))
def test_word_document_has_the_six_steps_and_the_books_figures(tmp_path, stem):
    case = copy_case(tmp_path, stem)
    code, _, err = render(case)
    assert code == 0, err
    target = case.with_suffix(".docx")
    assert f"geschreven: {target}" in err
    document = docx.Document(str(target))
    headings = [norm(p.text) for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [h for h in headings if h.startswith("Stap ")] == STEPS
    totals, first, second, receipts = GOLDEN[stem]
    # the book's cost-benefit table is a Word table, its last row the three totals
    (table,) = [t for t in document.tables if norm(t.rows[0].cells[0].text) == "Omschrijving"
                and "Huidig totaal" in norm(t.rows[0].cells[4].text).replace("\n", " ")]
    total_row = cells(table)[-1]
    assert total_row[0] == "Totaal" and (total_row[4], total_row[6], total_row[8]) == totals
    text = all_text(document)
    assert first in text and second in text
    for figure in receipts:  # the closing receipts, to the cent
        assert figure in text, figure
    assert "€" in text and not re.search(r"€ ?\d+\.\d{2}(?!\d)", text), "Dutch notation only: no € 1234.56"


def test_charts_are_png_images_with_a_description(tmp_path):
    from PIL import Image

    case = copy_case(tmp_path, "plan-6-eveline")
    assert render(case)[0] == 0
    target = case.with_suffix(".docx")
    with zipfile.ZipFile(target) as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
        assert len(media) == 2  # the scenario bars and the money flows
        for name in media:
            image = Image.open(io.BytesIO(zf.read(name)))
            assert image.format == "PNG" and image.width >= 1000
        xml = zf.read("word/document.xml").decode("utf-8")
        rels = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".rels"))
    assert 'descr="Staafdiagram van de totale kosten per scenario: Huidige situatie € 0; Dreigend scenario ' in norm(xml)
    assert "TargetMode=\"External\"" not in rels  # nothing is loaded from outside the file
    document = docx.Document(str(target))
    assert len(document.inline_shapes) == 2
    assert document.core_properties.language == "nl-NL"


HOSTILE = """\
schema: doorbraakplan/1
id: 2026-test-001
titel: "<script>alert('titel')</script> Sanne"
gemeente: Test
status: concept
regievoerder: Esma
situatieschets: |
  Een **vette** zin en <script>alert(1)</script> in de *tekst*, met `code`.

  - eerste punt
  - tweede punt

  1. stap een
  2. stap twee

  > een citaat

  Zie [de regeling](https://example.org/regeling) en ![foto](https://example.org/x.png), of <https://example.org/z>.
toekomstperspectief:
  kort: "Een <b>eigen</b> huis met een \\u202egevaarlijk\\u202c teken en een \\x1b escape"
overzicht:
  zelf: [Post openen | sorteren]
  ondersteuning: []
  behandeling: []
doorbraak:
  - omschrijving: Urgentie <img src=x onerror=alert(2)>
    leefgebied: wonen
waardendriehoek:
  legitimiteit:
    - regel: Protocol </td><script>alert(3)</script>
      bron: https://example.org/protocol
      bedoeling: Eerlijk verdelen
      uitzonderingsgronden: Geen
      wie_gaat_erover: Wethouder
  betrokkenheid: "Sanne kan *zelf* weer zorgen."
  rendement:
    posten:
      - omschrijving: "Opvang <script>alert(4)</script>"
        prijs: 100
        eenheid: dag
        domein: Wmo
        dreigend: 10
  afweging: "- eerst\\n- dan"
actieplan:
  acties:
    - wie: "Wijkteammedewerker Esma"
      wat: belt **vandaag** de corporatie
      wanneer: 2026-12-01
      fase: doorbraak
  vangnet: Opnieuw kijken.
"""


def test_markdown_becomes_word_formatting_and_nothing_becomes_a_link(tmp_path):
    case = tmp_path / "vijandig.yaml"
    case.write_text(HOSTILE, encoding="utf-8")
    code, _, err = render(case)
    assert code == 0, err
    target = case.with_suffix(".docx")
    with zipfile.ZipFile(target) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
        rels = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".rels"))
    assert "<w:hyperlink" not in xml and "HYPERLINK" not in xml and "example.org" not in rels
    assert "\u202e" not in xml and "\x1b" not in xml  # shown escaped, never acting
    document = docx.Document(str(target))
    text = all_text(document)
    assert "**" not in text and "](" not in text and "![" not in text
    assert "de regeling (https://example.org/regeling)" in text
    assert "[foto] (https://example.org/x.png)" in text
    assert "<script>alert(1)</script>" in text  # user text is text, in Word as anywhere
    runs = [r for p in document.paragraphs for r in p.runs]
    assert any(r.text == "vette" and r.bold for r in runs)
    assert any(r.text == "tekst" and r.italic for r in runs)
    assert any(r.text == "code" and r.font.name == "Courier New" for r in runs)
    styles = {norm(p.text): p.style.name for p in document.paragraphs}
    assert styles["eerste punt"] == "List Bullet" and styles["tweede punt"] == "List Bullet"
    assert "1. stap een" in styles and "2. stap twee" in styles
    assert styles["een citaat"] == "Quote"
    assert styles["eerst"] == "List Bullet"  # the afweging's own list
    (actions,) = [t for t in document.tables if norm(t.rows[0].cells[0].text) == "Wie"]
    wat = actions.rows[1].cells[1].paragraphs[0]
    assert wat.text == "belt vandaag de corporatie" and any(r.bold and r.text == "vandaag" for r in wat.runs)


def test_anoniem_replaces_the_names_in_the_document_and_its_properties(tmp_path):
    case = copy_case(tmp_path, "plan-5-willem")
    code, _, err = render(case, anoniem=True)
    assert code == 0, err
    document = docx.Document(str(case.with_suffix(".docx")))
    text = all_text(document)
    assert "Huishouden A" in text and "Geanonimiseerd" in text
    assert "Willem" not in document.core_properties.title
    assert "Willem" not in norm(document.paragraphs[0].text)
    assert "Rendement t.o.v. dreigend scenario: € 34.800" in text  # the figures are untouched


def test_output_rules_are_renders(tmp_path):
    case = copy_case(tmp_path, "plan-5-willem")
    target = case.with_suffix(".docx")
    target.write_bytes(b"mijn eigen versie")
    code, _, err = render(case)
    assert code == 1 and "bestaat al" in err
    assert target.read_bytes() == b"mijn eigen versie"
    assert render(case, force=True)[0] == 0
    assert zipfile.is_zipfile(target)
    code, _, err = render(case, str(case), True)
    assert code == 1 and "de casus zelf" in err
    assert case.read_bytes() == (SAMPLES / "plan-5-willem.yaml").read_bytes()
    (tmp_path / "uit").mkdir()
    assert render(case, str(tmp_path / "uit"))[0] == 0
    assert zipfile.is_zipfile(tmp_path / "uit" / "plan-5-willem.docx")
    # '-' writes the bytes to stdout
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8")
    assert cmd.run(Io(out, io.StringIO()), str(case), "docx", "-") == 0
    assert raw.getvalue()[:2] == b"PK" and zipfile.is_zipfile(io.BytesIO(raw.getvalue()))


def test_charts_without_a_system_font_fall_back_to_ascii_labels():
    from fractions import Fraction

    from PIL import Image

    from doorbraak_cli.present.plan import charts_png
    from doorbraak_cli.present.svg import Bar, FlowBar

    bars = [Bar("huidig", "Huidige situatie", Fraction(6500), "€ 6.500"),
            Bar("dreigend", "Dreigend scenario", Fraction(42500), "€ 42.500"),
            Bar("doorbraak", "Doorbraakscenario", Fraction(0), "€ 0")]
    fallback = charts_png.fonts(30, allow_system=False)
    assert fallback.text("€ 42.500 · Één") == "EUR 42.500 - Een"
    for png in (charts_png.bar_chart(bars, allow_system_fonts=False), charts_png.bar_chart(bars),
                charts_png.flow_chart([FlowBar("Wmo", Fraction(0), Fraction(100), "€ 0", "€ 100")],
                                      allow_system_fonts=False)):
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG"
    # the tallest bar is the threatening scenario's: its colour reaches higher than the current one's
    image = Image.open(io.BytesIO(charts_png.bar_chart(bars))).convert("RGB")
    column = [image.getpixel((image.width // 2, y)) for y in range(image.height)]
    first_red = next(y for y, px in enumerate(column) if px == (0xB4, 0x44, 0x1C))
    left = [image.getpixel((image.width // 6, y)) for y in range(image.height)]
    first_grey = next(y for y, px in enumerate(left) if px == (0x7A, 0x86, 0x99))
    assert first_red < first_grey


def test_without_pillow_the_chart_is_text(tmp_path, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "PIL", None)  # import PIL fails, as when it is not installed
    case = copy_case(tmp_path, "plan-5-willem")
    code, _, err = render(case)
    assert code == 0, err
    document = docx.Document(str(case.with_suffix(".docx")))
    assert len(document.inline_shapes) == 0
    assert any(re.match(r"Dreigend scenario +│█+ € 42\.500", norm(p.text)) for p in document.paragraphs)


def paragraph_texts(document) -> list[str]:
    return [norm(p.text) for p in document.paragraphs]


def test_evaluated_plan_has_the_consent_at_the_top_and_an_evaluation_section(tmp_path):
    case = copy_case(tmp_path, "plan-5b-willem-gerealiseerd")
    code, _, err = render(case)
    assert code == 0, err
    document = docx.Document(str(case.with_suffix(".docx")))
    texts = paragraph_texts(document)
    # the household's own sentence, under the title block and before the first step
    (quote,) = [i for i, t in enumerate(texts) if t.startswith("“Als ik ergens anders mag wonen")]
    assert texts[quote].endswith("om er iets van te maken.”")
    assert texts[quote + 1] == "Willem, 27 januari 2020: in eigen woorden, bij de instemming met dit plan"
    assert quote < texts.index("Stap 1 · Situatieschets")
    # the evaluation between the action plan and the appendix
    headings = [norm(p.text) for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings.index("Stap 6 · Actieplan") < headings.index("Evaluatie") < headings.index("Bijlage")
    evaluation = texts[texts.index("Evaluatie"):texts.index("Bijlage")]
    assert "Gerealiseerd op 16 maart 2020; uitkomst: gelukt." in evaluation
    assert {"Plan en werkelijkheid", "Positieve Gezondheid", "Vervolgmetingen"} <= set(evaluation)
    # planned 7.700 (the breakthrough scenario), realised 9.850: 2.150 more than planned
    (plan_vs_real,) = [t for t in document.tables if norm(t.rows[0].cells[0].text) == "Post"]
    assert cells(plan_vs_real)[-1] == ["Totaal", "€ 7.700", "€ 9.850", "€ +2.150"]
    # realised against the scenarios: 9.850 − 6.500 = 3.350 more, 42.500 − 9.850 = 32.650 less
    assert "Gerealiseerd: kosten t.o.v. huidige situatie € 3.350 (gepland: kosten € 1.200)" in evaluation
    assert "Gerealiseerd: rendement t.o.v. dreigend scenario € 32.650 (gepland: rendement € 34.800)" in evaluation
    # the means of the six scores: 25/6, 35.5/6, 41/6, and the change from the first to the last
    (health,) = [t for t in document.tables if norm(t.rows[0].cells[0].text) == "Dimensie"]
    assert cells(health)[-1] == ["Gemiddelde", "4,17", "5,92", "6,83", "+2,67"]
    assert cells(health)[0][1:4] == ["Nulmeting\n10-02-2020", "Vervolg 1\n15-06-2020", "Vervolg 2\n20-03-2021"]
    assert any(t.startswith("Eerste vervolgmeting: gedaan op 15 juni 2020") for t in evaluation)


def test_the_health_web_is_one_more_picture_with_a_description(tmp_path):
    evaluated, plain = copy_case(tmp_path, "plan-5b-willem-gerealiseerd"), copy_case(tmp_path, "plan-5-willem")
    assert render(evaluated)[0] == 0 and render(plain)[0] == 0
    with_evaluation = docx.Document(str(evaluated.with_suffix(".docx")))
    without = docx.Document(str(plain.with_suffix(".docx")))
    assert len(with_evaluation.inline_shapes) == len(without.inline_shapes) + 1
    assert "Evaluatie" not in paragraph_texts(without)
    assert not any(t.startswith("“") for t in paragraph_texts(without))
    with zipfile.ZipFile(evaluated.with_suffix(".docx")) as zf:
        xml = norm(zf.read("word/document.xml").decode("utf-8"))
    (alt,) = re.findall(r'descr="(Spinnenweb[^"]*)"', xml)
    assert "Positieve Gezondheid" in alt and "stippellijn" in alt
    assert "nulmeting (10 februari 2020), gemiddeld 4,17" in alt
    assert "tweede vervolgmeting (20 maart 2021), gemiddeld 6,83" in alt


def test_anoniem_replaces_who_gave_consent(tmp_path):
    case = copy_case(tmp_path, "plan-5b-willem-gerealiseerd")
    code, _, err = render(case, anoniem=True)
    assert code == 0, err
    texts = paragraph_texts(docx.Document(str(case.with_suffix(".docx"))))
    (by,) = [t for t in texts if t.endswith(": in eigen woorden, bij de instemming met dit plan")]
    assert "Willem" not in by and by.startswith("Persoon ")


def test_spider_chart_puts_the_last_measurement_further_out_when_scores_rose():
    from fractions import Fraction

    from PIL import Image

    from doorbraak_cli.model.vocabulary import DIMENSION_LABELS, DIMENSIONS
    from doorbraak_cli.present.plan import charts_png

    axes = [DIMENSION_LABELS[d] for d in DIMENSIONS]
    low = [Fraction(n) for n in (5, 4, 5, 4, 3, 4)]
    high = [Fraction(n) for n in ("13/2", 7, 7, "15/2", 6, 7)]
    light, dark = (0x87, 0x95, 0xA7), (0x1F, 0x5F, 0x8B)

    def top_axis(first, last) -> tuple[int, int]:
        """How far up the first axis (Lichaamsfuncties) the light and the dark polygon reach."""
        png = charts_png.spider_chart(axes, [("nulmeting", first), ("vervolgmeting", last)])
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG" and 1000 <= image.width <= 1600 and 0.6 < image.height / image.width < 1.1
        image = image.convert("RGB")
        column = [image.getpixel((image.width // 2, y)) for y in range(image.height)]
        return column.index(light), column.index(dark)

    first_light, first_dark = top_axis(low, high)
    assert first_dark < first_light  # scores rose: the solid (last) polygon lies further out
    first_light, first_dark = top_axis(high, low)
    assert first_light < first_dark
    assert Image.open(io.BytesIO(charts_png.spider_chart(axes, [("meting 1", low)], allow_system_fonts=False))
                      ).format == "PNG"
