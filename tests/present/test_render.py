"""`doorbraak render`: the document in the method's order, the book's figures, safe and self-contained.

The golden figures are typed from the method (METHOD.md, the book's part III), not taken from
the program's output.
"""

import html as htmllib
import json
import re
import shutil
import subprocess
import sys

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from doorbraak_cli.cli import app

runner = CliRunner()

STEPS = ["Stap 1 · Situatieschets", "Stap 2 · Toekomstperspectief", "Stap 3 · Overzicht", "Stap 4 · Doorbraak",
         "Stap 5 · Onderbouwen met de waardendriehoek", "Stap 6 · Actieplan"]

# totals huidig / dreigend / doorbraak (whole euros), then the two comparisons, as the book states them
GOLDEN = {
    "plan-2-esther-en-javairo": (("€ 23.580", "€ 67.378", "€ 27.188"),
                                 "Kosten t.o.v. huidige situatie: € 3.608", "Rendement t.o.v. dreigend scenario: € 40.190",
                                 ("€ 67.377,84", "€ 27.187,84")),
    "plan-3-lars-en-klaas": (("€ 12.628", "€ 12.628", "€ 1.750"),
                             "Rendement t.o.v. huidige situatie: € 10.878", "Rendement t.o.v. dreigend scenario: € 10.878",
                             ("€ 12.627,84", "€ 10.877,84")),
    "plan-4-derk-jan": (("€ 3.380", "€ 37.388", "€ 15.256"),
                        "Kosten t.o.v. huidige situatie: € 11.876", "Rendement t.o.v. dreigend scenario: € 22.132",
                        ("€ 37.387,84", "€ 15.255,84")),
    "plan-5-willem": (("€ 6.500", "€ 42.500", "€ 7.700"),
                      "Kosten t.o.v. huidige situatie: € 1.200", "Rendement t.o.v. dreigend scenario: € 34.800",
                      ("€ 42.500,00", "€ 7.700,00")),
    "plan-6-eveline": (("€ 0", "€ 57.650", "€ 3.600"),
                       "Kosten t.o.v. huidige situatie: € 3.600", "Rendement t.o.v. dreigend scenario: € 54.050",
                       ("€ 57.650,00", "€ 54.050,00")),
    "plan-6b-eveline-gesloten-jeugdzorg": (("€ 0", "€ 57.650", "€ 59.400"),
                                           "Kosten t.o.v. huidige situatie: € 59.400",
                                           "Kosten t.o.v. dreigend scenario: € 1.750",
                                           ("€ 59.400,00", "€ 1.750,00")),
}


def render(*args):
    return runner.invoke(app, ["render", *args])


def text_of(html: str) -> str:
    """What a reader sees: tags removed, entities decoded, white space collapsed."""
    body = re.sub(r"<(style|title)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", body)).split()).replace(" :", ":")


def in_order(text: str, needles) -> bool:
    pos = [text.find(n) for n in needles]
    return all(p >= 0 for p in pos) and pos == sorted(pos)


@pytest.fixture
def sample(tmp_path):
    def copy(stem: str):
        dst = tmp_path / f"{stem}.yaml"
        shutil.copy(SAMPLES / f"{stem}.yaml", dst)
        return dst

    return copy


def write(tmp_path, text, name="casus.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("stem", sorted(GOLDEN))
def test_html_has_every_step_in_order_and_the_books_figures(sample, stem):
    case = sample(stem)
    result = render(str(case))
    assert result.exit_code == 0, result.output
    out = case.with_suffix(".html")
    html = out.read_text(encoding="utf-8")
    text = text_of(html)
    totals, vs_huidig, vs_dreigend, receipt_amounts = GOLDEN[stem]
    assert in_order(text, STEPS)
    heads = [text_of(h) for h in re.findall(r"<h2\b[^>]*>(.*?)</h2>", html, re.S)]
    assert [h for h in heads if h.startswith("Stap ")] == STEPS
    # the table's total row: the three scenario totals, in order
    foot = re.search(r"<table class=\"kosten\">.*?<tfoot>(.*?)</tfoot>", html, re.S).group(1)
    assert in_order(text_of(foot), ["Totaal", *totals])
    assert vs_huidig in text and vs_dreigend in text
    for amount in receipt_amounts:  # the receipts are in cents
        assert amount in text
    assert "KASSABON · Directe" in text and ("KASSABON · Verwacht voordeel" in text or "Verwachte meerkosten" in text)
    # the chart: inline SVG with one bar per scenario, labelled with the totals
    chart = re.search(r"<svg class=\"grafiek\".*?</svg>", html, re.S).group(0)
    bars = re.findall(r'<rect class="staaf" data-scenario="(\w+)"[^>]* height="([\d.]+)"', chart)
    assert [b[0] for b in bars] == ["huidig", "dreigend", "doorbraak"]
    for (scenario, height), total in zip(bars, totals):
        assert (float(height) > 0) == (total != "€ 0"), (scenario, height, total)
        assert f">{total}</text>" in chart
    # the value triangle, the per-domain table and the action plan's two phases
    assert '<svg class="driehoek"' in html and html.count('class="hoek"') == 3
    assert "Per domein: wie investeert, wie profiteert" in text
    assert in_order(text, ["Voor de doorbraak", "Daarna", "Evaluatiemomenten", "Vangnet"])
    assert in_order(text, ["Legitimiteit", "Betrokkenheid", "Rendement", "Afweging"])


def test_same_figures_as_calc(sample):
    case = sample("plan-4-derk-jan")
    data = json.loads(runner.invoke(app, ["calc", "--format", "json", str(case)]).stdout)
    html = text_of(render(str(case), "-o", "-").stdout)
    for amount in data["totalen"].values():  # "37387.84" -> "€ 37.387,84" on the receipts
        whole, cents = amount.split(".")
        shown = f"€ {int(whole):,}".replace(",", ".") + f",{cents}"
        if amount != "0.00":  # a subtotal that a receipt subtracts is shown as € -…, the one notation of a minus
            assert shown in html or shown.replace("€ ", "€ -") in html, shown


def test_legitimacy_as_five_questions_per_rule(sample):
    html = render(str(sample("plan-4-derk-jan")), "-o", "-").stdout
    text = text_of(html)
    questions = ["Waar staat de regel?", "Wat is de bedoeling van de regel?", "Welke uitzonderingsgronden zijn er?",
                 "Welke andere regels zijn van toepassing?", "Wie gaat erover?"]
    for q in questions:
        assert text.count(q) == 3  # Derk Jan's plan has three rules
    rule2 = text[text.index("Regel 2"):text.index("Regel 3")]
    assert in_order(rule2, [questions[0], "Wet educatie en beroepsonderwijs, artikel 8.1.1c, lid 3", questions[4],
                            "Het bevoegd gezag van de school"])


def test_markdown_has_the_same_content(sample):
    case = sample("plan-6-eveline")
    result = render(str(case), "--format", "markdown")
    assert result.exit_code == 0, result.output
    md = case.with_suffix(".md").read_text(encoding="utf-8")
    assert in_order(md, [f"## {s}" for s in STEPS])
    assert "| **Totaal** |  |  |  | **€ 0** |  | **€ 57.650** |  | **€ 3.600** |" in md
    assert "- **Kosten t.o.v. huidige situatie: € 3.600**" in md
    assert "- **Rendement t.o.v. dreigend scenario: € 54.050**" in md
    assert "| **Rendement t.o.v. dreigend scenario** | **€ 54.050,00** |" in md
    assert re.search(r"Dreigend scenario │█+ € 57\.650", md)  # the text bar chart
    assert "5. **Wie gaat erover?** College van B&W" in md


HOSTILE = """\
schema: doorbraakplan/1
id: 2026-test-001
titel: "<script>alert('titel')</script> Sanne"
gemeente: Test
status: concept
regievoerder: Esma
situatieschets: |
  Een **vette** zin en <script>alert(1)</script> in de tekst.

  - eerste punt
  - tweede punt

  Zie [de regeling](https://example.org/regeling) en ![foto](https://example.org/x.png).
toekomstperspectief:
  kort: Een <b>eigen</b> huis
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
    - wie: "Wijkteammedewerker Esma <script>x()</script>"
      wat: belt de corporatie
      wanneer: 2026-12-01
      fase: doorbraak
    - wie: Sanne
      wat: zoekt zelf een woning
      wanneer: binnen een maand
      fase: daarna
  vangnet: Opnieuw kijken.
"""


def test_user_text_is_escaped_and_markdown_is_rendered(tmp_path):
    case = write(tmp_path, HOSTILE)
    result = render(str(case))
    assert result.exit_code == 0, result.output
    html = case.with_suffix(".html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#39;titel&#39;)&lt;/script&gt;" in html  # in <title> and <h1>
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in html  # a cost line in the table
    assert "<strong>vette</strong>" in html and "<li>eerste punt</li>" in html
    assert "Een &lt;b&gt;eigen&lt;/b&gt; huis" in html
    assert "<em>zelf</em>" in html
    assert "2026-12-01" not in text_of(html) and "1 december 2026" in text_of(html)
    # links and images in user text become text: nothing points outside the file
    assert "https://example.org/regeling" in text_of(html)
    assert not re.search(r"\b(src|href|srcset|action|data)\s*=\s*[\"']?(https?:|//|file:)", html, re.I)


def test_markdown_output_escapes_raw_html(tmp_path):
    case = write(tmp_path, HOSTILE)
    md = render(str(case), "-f", "markdown", "-o", "-").stdout
    assert "<script" not in md.lower() and "<img" not in md.lower() and "<b>" not in md
    assert "&lt;script>alert(1)&lt;/script>" in md
    assert "| Opvang &lt;script>alert(4)&lt;/script> |" in md
    # rendered by a Markdown viewer: no raw HTML and no image that would be fetched
    from markdown_it import MarkdownIt

    viewed = MarkdownIt("commonmark").enable("table").render(md).lower()
    assert "<script" not in viewed and "<img" not in viewed and "<b>" not in viewed


@pytest.mark.parametrize("stem", ["plan-4-derk-jan", "plan-6-eveline"])
def test_html_is_self_contained(sample, stem):
    html = render(str(sample(stem)), "-o", "-").stdout
    lowered = html.lower()
    for forbidden in ("<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "url(", "@font-face"):
        assert forbidden not in lowered, forbidden
    assert set(re.findall(r"\bhref=\"([^\"]*)\"", html)) <= {f"#stap-{n}" for n in range(1, 7)}
    assert not re.search(r"\bsrc\s*=", html, re.I)
    assert "@media print" in html and "size: A4" in html and "break-inside: avoid" in html
    assert "break-before: page" not in html, "no page per step: a page breaks only where a block would split"
    assert '<meta name="viewport"' in html and "@media (max-width" in html


def test_anoniem_replaces_names(sample, tmp_path):
    html = render(str(sample("plan-6-eveline")), "--anoniem", "-o", "-").stdout
    text = text_of(html)
    assert "Eveline" not in html and "Consulent sociaal wijkteam" not in html
    assert "Huishouden A" in text and "Persoon A" in text and "Regievoerder" in text
    assert "€ 57.650" in text  # the figures do not change
    case = write(tmp_path, HOSTILE.replace("<script>alert('titel')</script> ", ""))
    out = render(str(case), "--anoniem", "-f", "markdown", "-o", "-").stdout
    assert "Sanne" not in out and "Esma" not in out
    assert "| Betrokkene 1 | belt de corporatie |" in out
    assert "| Persoon A | zoekt zelf een woning |" in out
    assert "Persoon A kan *zelf* weer zorgen." in out


def test_never_overwrites_without_force_and_never_the_case(sample):
    case = sample("plan-5-willem")
    out = case.with_suffix(".html")
    out.write_text("eigen werk", encoding="utf-8")
    result = render(str(case))
    assert result.exit_code == 1
    assert str(out) in result.stderr and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "eigen werk"
    assert render(str(case), "--force").exit_code == 0
    assert "Stap 6 · Actieplan" in out.read_text(encoding="utf-8")
    before = case.read_bytes()
    result = render(str(case), "-o", str(case), "--force")
    assert result.exit_code == 1 and "de casus zelf" in result.stderr
    assert case.read_bytes() == before
    leftovers = [p.name for p in case.parent.iterdir() if p.name.startswith(".tmp-")]
    assert leftovers == []


def test_output_into_a_folder(sample, tmp_path):
    case = sample("plan-3-lars-en-klaas")
    folder = tmp_path / "uit"
    folder.mkdir()
    assert render(str(case), "-f", "markdown", "-o", str(folder)).exit_code == 0
    assert (folder / "plan-3-lars-en-klaas.md").is_file()


def test_a_case_with_errors_gives_no_document(tmp_path):
    case = write(tmp_path, HOSTILE.replace("status: concept", "status: onbekend"))
    result = render(str(case))
    assert result.exit_code == 1 and "geen document gemaakt" in result.stderr
    assert not case.with_suffix(".html").exists()


def test_house_style_overrides_templates_by_name(sample, tmp_path):
    case = sample("plan-6-eveline")
    house = tmp_path / "huisstijl"
    house.mkdir()
    (house / "plan.html.j2").write_text(
        '{% extends "standaard/plan.html.j2" %}{% block stijl_extra %}h1 { color: rebeccapurple; }{% endblock %}',
        encoding="utf-8")
    (house / "plan.md.j2").write_text("Gemeente Voorbeeldstad: {{ plan.titel }} ({{ plan.id }})\n", encoding="utf-8")
    html = render(str(case), "--templates", str(house), "-o", "-").stdout
    assert "rebeccapurple" in html and in_order(text_of(html), STEPS)
    md = render(str(case), "--templates", str(house), "-f", "markdown", "-o", "-").stdout
    assert md == "Gemeente Voorbeeldstad: Eveline (2020-voorbeeld-006)\n"
    (house / "plan.md.j2").write_text("{% if %}\n", encoding="utf-8")
    result = render(str(case), "--templates", str(house), "-f", "markdown", "-o", "-")
    assert result.exit_code == 1 and "sjabloon" in result.stderr and "regel 1" in result.stderr
    assert render(str(case), "--templates", str(tmp_path / "nergens")).exit_code == 2


def test_pdf_without_weasyprint_says_what_to_install(sample, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails
    case = sample("plan-6-eveline")
    result = render(str(case), "-f", "pdf")
    assert result.exit_code == 1
    assert "WeasyPrint" in result.stderr and "pdf-extra" in result.stderr and "doorbraak[pdf]" in result.stderr
    assert not case.with_suffix(".pdf").exists()


def test_pdf_from_the_same_html(sample):
    pytest.importorskip("weasyprint", reason="WeasyPrint is not installed (pip install -e '.[pdf]')")
    case = sample("plan-6-eveline")
    result = render(str(case), "-f", "pdf")
    assert result.exit_code == 0, result.output
    pdf = case.with_suffix(".pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert in_order(text, ["Stap 1", "Stap 2", "Stap 3", "Stap 4", "Stap 5", "Stap 6"])
        assert "€ 57.650" in text and "€ 54.050,00" in text
        pages = [p for p in text.split("\f") if p.strip()]
        step_pages = [next(i for i, p in enumerate(pages) if f"Stap {n} ·" in p) for n in range(1, 7)]
        assert step_pages == sorted(step_pages), "the steps follow each other"
        # a page breaks only where a block would split: no page but the last is mostly blank (a page per step
        # left pages with a heading and two lines), and the plan takes fewer pages than it has steps and parts
        lines = [sum(1 for line in p.splitlines() if line.strip()) for p in pages]
        assert min(lines[:-1]) >= 15, lines
        assert len(pages) <= 7, len(pages)


def test_more_years_when_the_plan_asks_for_them(sample):
    """Lars: the e-bike is paid once, the benefit recurs: € 10.878 in year one, € 12.628 every year after."""
    case = sample("plan-3-lars-en-klaas")
    case.write_text(case.read_text(encoding="utf-8").replace("    periode: 12 maanden\n",
                                                             "    periode: 12 maanden\n    horizon: 3 jaar\n"),
                    encoding="utf-8")
    md = render(str(case), "-f", "markdown", "-o", "-").stdout
    assert "#### Rendement per jaar over 3 jaar" in md
    assert "| 1 | € 12.628 | € 12.628 | € 1.750 | rendement € 10.878 | rendement € 10.878 |" in md
    assert "| 2 | € 12.628 | € 12.628 | € 0 | rendement € 12.628 | rendement € 12.628 |" in md
    text = text_of(render(str(case), "-o", "-").stdout)
    assert "Rendement per jaar over 3 jaar" in text and "Terugverdiend t.o.v. het dreigende scenario: in jaar 1" in text
    plain = render(str(sample("plan-5-willem")), "-f", "markdown", "-o", "-").stdout
    assert "Rendement per jaar" not in plain  # the book's single year needs no projection
