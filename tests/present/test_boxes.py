"""boxes.py against rich 15 as the oracle: the same tables, byte for byte, plain and in colour."""

from __future__ import annotations

import io
import pathlib
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich import box as rich_box
from rich.cells import get_character_cell_size
from rich.columns import Columns
from rich.console import Console
from rich.table import Table
from rich.text import Text

from doorbraak_cli.present import boxes
from doorbraak_cli.present.boxes import BoxTable, Column, Screen, printable

COLORS = [None, "standard", "256", "truecolor"]
ROOT = pathlib.Path(__file__).resolve().parents[2]


def widths(color: str | None, start: int, stop: int) -> range:
    """Every width plain and in truecolor; every 7th in "standard" and "256", which write the same codes."""
    return range(start, stop + 1, 1 if color in (None, "truecolor") else 7)


# -- the oracle: rich, configured as the presenters configure it ---------------

def rich_console(width: int, color: str | None, no_color: bool = False) -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    if color is None:
        console = Console(file=buf, highlight=False, width=width, force_terminal=False, color_system=None,
                          no_color=no_color)
    else:
        console = Console(file=buf, highlight=False, width=width, force_terminal=True, color_system=color,
                          legacy_windows=False, no_color=no_color)
    return console, buf


def rich_print(width: int, color: str | None, renderable, no_color: bool = False, **options) -> str:
    console, buf = rich_console(width, color, no_color)
    console.print(renderable, **options)
    return buf.getvalue()


def rich_text(cell) -> Text:
    """Always a Text (never a str), so rich reads no markup in the data either."""
    return Text(printable(cell), style="") if isinstance(cell, str) else Text(printable(cell[0]), style=cell[1])


def rich_table(table: dict) -> Table:
    """The rich Table a BoxTable(**table) stands for."""
    title, caption = table.get("title"), table.get("caption")
    t = Table(box=rich_box.ROUNDED if table.get("box") == "rounded" else rich_box.SIMPLE_HEAVY,
              show_header=table.get("show_header", True), width=table.get("width"), pad_edge=True,
              title=Text(printable(title), style=table.get("title_style", "italic")) if title else None,
              caption=Text(printable(caption), style=table.get("caption_style", "dim italic")) if caption else None)
    for c in table["columns"]:
        t.add_column(Text(printable(c.header)), justify=c.justify, no_wrap=c.no_wrap, overflow=c.overflow,
                     min_width=c.min_width, ratio=c.ratio)
    for i, row in enumerate(table["rows"]):
        t.add_row(*(rich_text(c) for c in row))
        if i in table.get("sections", ()):
            t.add_section()
    return t


def assert_table(table: dict, width: int, color: str | None) -> None:
    mine = Screen(width, color).table(BoxTable(**table))
    assert mine == rich_print(width, color, rich_table(table)), (width, color)


def assert_columns(tables: list[dict], width: int, color: str | None, padding: int = 2) -> None:
    mine = Screen(width, color).columns([BoxTable(**t) for t in tables], padding)
    theirs = rich_print(width, color, Columns([rich_table(t) for t in tables], padding=(0, padding)))
    assert mine == theirs, (width, color, len(tables))


# -- the configurations the presenters use -------------------------------------

def receipt(title: str, rows: list[list], sections=frozenset(), subtitle="Esther en Javairo · 2020-voorbeeld-002"):
    """terminal.py's _receipt: a rounded box 48 wide, no header, a bold title and a str caption."""
    return dict(columns=[Column("post", ratio=1, overflow="fold"), Column("bedrag", justify="right", no_wrap=True)],
                rows=rows, title=title, title_style="bold", caption=subtitle, box="rounded", width=48,
                show_header=False, sections=sections)


RECEIPTS = [
    receipt("KASSABON · Huidige situatie", [
        ["Bijstand met kostendelersnorm", ""], [("  12 maand × € 751,66", "dim"), "€ 9.019,92"],
        ["Dagactiviteit (lichte begeleiding) bij de zorgboerderij in de Achterhoek", ""],
        [("  416 dagdeel × € 35", "dim"), "€ 14.560,00"],
        [("TOTAAL huidige situatie", "bold"), ("€ 23.579,92", "bold")],
        [("indicatief, niet meegeteld: Schuldhulpverlening (traject)", "dim italic"), ("€ 2.400,00", "dim")]],
        sections={3, 4}),
    receipt("KASSABON · Dreigend scenario", [
        [("geen kosten in dit scenario", "italic"), "€ 0,00"],
        [("TOTAAL dreigend scenario", "bold"), ("€ 0,00", "bold")]], sections={0}),
    receipt("KASSABON · Directe kosten", [
        ["Subtotaal doorbraakscenario", "€ 27.187,84"], ["Subtotaal huidige situatie", "− € 23.579,92"],
        [("KOSTEN T.O.V. HUIDIGE SITUATIE", "bold"), ("€ 3.607,92", "bold red")]], sections={1}),
    receipt("KASSABON · Verwacht voordeel", [
        ["Subtotaal dreigend scenario", "€ 67.377,84"], ["Subtotaal doorbraakscenario", "− € 27.187,84"],
        [("RENDEMENT T.O.V. DREIGEND SCENARIO", "bold"), ("€ 40.190,00", "bold green")]], sections={1},
        subtitle="Een heel lange casustitel die over de breedte van de kassabon heen loopt · 2020-voorbeeld-002"),
    receipt("KASSABON · Doorbraakscenario met een titel die niet op één regel past", [
        ["Eenwoordzonderspatiesdatveellangerisdandebreedtevandekolomzelf", "€ 1.234.567.890,12"],
        ["Regel een\nregel twee", "€ 1"]]),
]


def data_table(title: str | None, headers: list[str], numeric: set[int], rows: list[list[str]],
               footer: list[list[str]], first_min_width: int = 18) -> dict:
    """richtable.py's rich_table: SIMPLE_HEAVY, amounts right-aligned, a bold footer after a section."""
    columns = [Column(h, justify="right", no_wrap=True) if i in numeric
               else Column(h, overflow="fold", min_width=8 if i else first_min_width) for i, h in enumerate(headers)]
    return dict(columns=columns, rows=[*rows, *[[(c, "bold") for c in r] for r in footer]],
                title=title, title_style="bold", box="simple_heavy",
                sections={len(rows) - 1} if footer and rows else set())


SCENARIO_TABLE = data_table(
    "Kosten-batenanalyse",
    ["Omschrijving", "Prijs", "Eenheid", "Huidig\naantal", "Huidig\ntotaal", "Dreigend\naantal", "Dreigend\ntotaal"],
    {1, 3, 4, 5, 6},
    [["Bijstand met kostendelersnorm", "€ 751,66", "maand", "12", "€ 9.020", "0", "€ 0"],
     ["Beschermd wonen", "€ 150", "dag", "0", "€ 0", "365", "€ 54.750"],
     ["Bijstandsuitkering 21+ (alleenstaand)", "€ 1.052,32", "maand", "0", "€ 0", "12", "€ 12.628"],
     ["Dagactiviteit (lichte begeleiding)", "€ 35", "dagdeel", "416", "€ 14.560", "0", "€ 0"],
     ["Schuldhulpverlening: intake, stabilisatie en budgetbeheer gedurende het hele jaar", "€ 2.400", "traject",
      "1", "€ 2.400", "0", "€ 0"],
     ["Huurachterstand", "€ 3.100", "eenmalig", "0", "€ 0", "1", "€ 3.100"]],
    [["Totaal", "", "", "", "€ 25.980", "", "€ 70.478"]])

DOMAIN_TABLE = data_table(
    None, ["Domein", "Huidige\nkosten", "Dreigend\nkosten", "t.o.v. huidige", "t.o.v. dreigend"], {1, 2, 3, 4},
    [["Inkomen (gemeente)", "€ 9.020", "€ 12.628", "− € 3.608", "€ 0"],
     ["Zorg en welzijn", "€ 14.560", "€ 54.750", "€ 0", "+ € 40.190"]],
    [["Totaal", "€ 23.580", "€ 67.378", "− € 3.608", "+ € 40.190"]], first_min_width=8)

PRICE_TABLE = dict(
    columns=[Column("id", no_wrap=True), Column("omschrijving", ratio=1, min_width=24, overflow="fold"),
             Column("prijs", justify="right", no_wrap=True), Column("eenheid"), Column("domein", no_wrap=True)],
    rows=[["bijstand-kdn", "Bijstand met kostendelersnorm", "€ 751,66", "maand", "inkomen"],
          ["beschermd-wonen", "Beschermd wonen (intramuraal, inclusief dagbesteding en begeleiding)", "€ 150",
           "dag", "zorg"],
          ["schuldhulp", "Schuldhulpverlening", "€ 2.400", "traject-per-huishouden", "schulden"]],
    title="3 posten uit de prijslijst 2024", caption="uit pricelists/2024.yaml")


@pytest.mark.parametrize("color", COLORS)
def test_receipts_match_rich(color):
    for table in RECEIPTS:
        for width in widths(color, 20, 160):
            assert_table(table, width, color)


@pytest.mark.parametrize("color", COLORS)
def test_receipts_side_by_side_match_rich(color):
    for count in range(1, 6):
        for width in range(40, 201, 1 if color is None else 5):  # the layout is the same in colour
            assert_columns(RECEIPTS[:count], width, color)
    assert Screen(80, color).columns([]) == rich_print(80, color, Columns([]))


@pytest.mark.parametrize("color", COLORS)
@pytest.mark.parametrize("table", [SCENARIO_TABLE, DOMAIN_TABLE, PRICE_TABLE], ids=["scenario", "domain", "prices"])
def test_data_tables_match_rich(table, color):
    for width in widths(color, 20, 160):
        assert_table(table, width, color)


@pytest.mark.parametrize("color", [None, "truecolor"])
def test_default_title_and_caption_styles_are_richs_for_plain_strings(color):
    """A str title/caption gets rich's theme styles "table.title"/"table.caption": the defaults here."""
    for width in (30, 80):
        t = rich_table({**PRICE_TABLE, "title": None, "caption": None})
        t.title, t.caption = PRICE_TABLE["title"], PRICE_TABLE["caption"]  # plain str, as pricelist.py passes them
        assert Screen(width, color).table(BoxTable(**PRICE_TABLE)) == rich_print(width, color, t)


def test_column_widths_match_rich():
    for table in (SCENARIO_TABLE, DOMAIN_TABLE, PRICE_TABLE, RECEIPTS[0]):
        for width in range(10, 161):
            console, _ = rich_console(width, None)
            t = rich_table(table)
            expected = t._calculate_column_widths(
                console, console.options.update_width((t.width or width) - t._extra_width))
            assert Screen(width).column_widths(BoxTable(**table)) == expected


PARAGRAPHS = [
    "Rendement van het doorbraakplan: Esther en Javairo (2020-voorbeeld-002)",
    "  Kosten t.o.v. huidige situatie: € 3.608 − en dan nog een heel lange zin die zeker over de rand loopt",
    "  (+ rendement: kosten dalen door de doorbraak; − kosten: ze stijgen)",
    "Eenwoordzonderspatiesdatveellangerisdandebreedtevanhetscherm,endannogwat",
    "regel een\n\nregel drie   \n", "", "   ", "[bold]geen opmaak[/bold] :smile: \x1b[31mrood\x1b[0m\tklaar",
    "中文字符和表情符号 😀 en e\u0301e\u0301n combinatie", "wide 字字字字字字字字字字字字字字字字字字字字字字字",
]


@pytest.mark.parametrize("color", COLORS)
@pytest.mark.parametrize("style", ["", "bold", "dim italic", "bold green", "bold underline"])
def test_paragraphs_and_lines_match_rich(style, color):
    for text in PARAGRAPHS:
        for width in range(10, 121, 3):
            screen = Screen(width, color)
            assert screen.paragraph(text, style) == rich_print(width, color, Text(printable(text), style=style))
            assert screen.line(text, style) == rich_print(width, color, Text(printable(text), style=style),
                                                          no_wrap=True, crop=False)


def test_no_color_keeps_attributes_like_rich():
    for width in (30, 60, 100):
        mine = Screen(width, "truecolor", no_color=True).columns([BoxTable(**t) for t in RECEIPTS[2:4]])
        theirs = rich_print(width, "truecolor", Columns([rich_table(t) for t in RECEIPTS[2:4]], padding=(0, 2)),
                            no_color=True)
        assert mine == theirs


# -- properties: random tables of the same configurations ----------------------

WORDS = st.sampled_from([
    "Bijstand", "kostendelersnorm", "€ 9.019,92", "− € 3.608", "12 maand × € 751,66", "(alleenstaand)", "ë", "",
    "Eenwoordzonderspatiesdatveellangerisdandekolom", "字", "中文字符", "😀", "👍🏽", "👨‍👩‍👧", "❤️", "e\u0301",
    "\u0301", "a\u200db", "☺\ufe0f", " ", "  ", "\n", "x", "[bold]", "\x1b[1m", "\u202e", "\u00a0", "\u3000",
    "…", "·", "−", "—", "“quoted”", "Ω", "ÿ", "\u2028", "\t", "\x85",
])
TEXT = st.lists(WORDS, max_size=8).map(" ".join) | st.lists(WORDS, max_size=8).map("".join) | st.text(max_size=30)
STYLE = st.sampled_from(["", "bold", "dim", "italic", "dim italic", "bold green", "bold red", "bold underline"])
CELL = TEXT | st.tuples(TEXT, STYLE)


@st.composite
def columns(draw) -> Column:
    return Column(draw(TEXT), justify=draw(st.sampled_from(["left", "right", "center"])),
                  no_wrap=draw(st.booleans()), overflow=draw(st.sampled_from(["fold", "ellipsis", "crop"])),
                  min_width=draw(st.sampled_from([None, None, 8, 18, 24])),
                  ratio=draw(st.sampled_from([None, None, 1, 2])))


@st.composite
def tables(draw, max_columns: int = 8) -> dict:
    """A receipt-like (rounded, maybe headless) or data-like table; rows may be short, as rich allows."""
    cols = draw(st.lists(columns(), min_size=1, max_size=max_columns))
    rows = draw(st.lists(st.lists(CELL, min_size=draw(st.sampled_from([0, len(cols), len(cols)])),
                                  max_size=len(cols)), max_size=12))
    receipt_like = draw(st.booleans())
    return dict(columns=cols, rows=rows, box="rounded" if receipt_like else "simple_heavy",
                title=draw(st.none() | TEXT), title_style=draw(st.sampled_from(["bold", "italic", ""])),
                caption=draw(st.none() | TEXT), caption_style=draw(st.sampled_from(["dim italic", ""])),
                width=draw(st.sampled_from([None, 48, draw(st.integers(12, 120))])),
                show_header=draw(st.booleans()) if receipt_like else True,
                sections=draw(st.sets(st.integers(0, max(0, len(rows) - 1)), max_size=3)))


PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(tables(), st.integers(10, 200), st.sampled_from(COLORS))
def test_random_tables_match_rich(table, width, color):
    assert_table(table, width, color)


@PROPERTY
@given(st.lists(tables(max_columns=3), min_size=1, max_size=5), st.integers(10, 200), st.sampled_from(COLORS),
       st.integers(0, 3))
def test_random_columns_match_rich(tables_, width, color, padding):
    assert_columns(tables_, width, color, padding)


@PROPERTY
@given(TEXT, st.integers(1, 120), STYLE, st.sampled_from(COLORS))
def test_random_paragraphs_match_rich(text, width, style, color):
    screen = Screen(width, color)
    assert screen.paragraph(text, style) == rich_print(width, color, Text(printable(text), style=style))
    assert screen.line(text, style) == rich_print(width, color, Text(printable(text), style=style),
                                                  no_wrap=True, crop=False)


# -- printable ------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "shown"), [
    ("\x1b[31mrood\x1b[0m", "\\x1b[31mrood\\x1b[0m"),
    ("\x1b]0;titel\x07", "\\x1b]0;titel\\x07"),
    ("bel\x07 cr\r bs\x08 nul\x00 del\x7f", "bel\\x07 cr\\x0d bs\\x08 nul\\x00 del\\x7f"),
    ("c1\x9b31m en \x85", "c1\\x9b31m en \\x85"),
    ("tab\there\nnieuwe regel", "tab here\nnieuwe regel"),
    ("abc\u202edcba \u2066x\u2069 \u200f", "abc\\u202edcba \\u2066x\\u2069 \\u200f"),
    ("€ 9.019,92 × 12 − ë 中文 😀", "€ 9.019,92 × 12 − ë 中文 😀"),
])
def test_printable(raw, shown):
    assert printable(raw) == shown


@given(st.text())
def test_printable_leaves_no_control_characters(text):
    shown = printable(text)
    assert all(c == "\n" or (ord(c) >= 0x20 and not 0x7F <= ord(c) < 0xA0) for c in shown)
    assert not set(shown) & {"\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}
    assert printable(shown) == shown


def test_the_renderer_escapes_every_text():
    table = BoxTable([Column("kop\x1b[2J"), Column("b")], [["cel\x1b]0;x\x07", ("st\x9bijl", "bold")]],
                     title="titel\x1b[5m", caption="onder\u202e")
    out = Screen(80, "truecolor").table(table).replace("\x1b[0m", "").replace("\x1b[1m", "")
    out = out.replace("\x1b[2;3m", "").replace("\x1b[3m", "")
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out and "\u202e" not in out
    assert "\x1b" not in Screen(20).paragraph("a\x1bb") + Screen(20).line("a\x1bb")


# -- widths and imports ------------------------------------------------------------

def test_narrow_characters_are_one_cell_in_every_unicode_version():
    for version in ("4.1.0", "9.0.0", "12.1.0", "15.1.0", "latest"):
        for start, end in boxes._NARROW_RANGES:
            assert all(get_character_cell_size(chr(c), version) == 1 for c in range(start, end + 1)), version


def test_latin_text_never_imports_rich():
    code = (
        "import sys\n"
        "from doorbraak_cli.present.boxes import BoxTable, Column, Screen\n"
        "t = BoxTable([Column('Omschrijving'), Column('Bedrag', justify='right', no_wrap=True)],\n"
        "             [['Bijstand met kostendelersnorm, één × ê', '€ 9.019,92'], [('TOTAAL', 'bold'), '− € 1']],\n"
        "             title='Kosten-batenanalyse', sections={0})\n"
        "s = Screen(30, 'truecolor')\n"
        "s.table(t); s.columns([t, t]); s.paragraph('Rendement … “plan” — klaar', 'bold')\n"
        "assert not [m for m in sys.modules if m == 'rich' or m.startswith('rich.')], sorted(sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
