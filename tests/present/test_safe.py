"""What we write for other programs cannot carry a formula, an escape sequence or a script (present/safe.py)."""

import json

import pytest
from markdown_it import MarkdownIt
from markupsafe import Markup

from doorbraak_cli.present.safe import csv_cell, json_dumps, markdown_text, printable

HOSTILE_LINKS = [
    "[klik](javascript:alert(1))",
    "[klik](JavaScript:alert(1))",
    "[klik]( javascript:alert(1) )",
    "[klik](<javascript:alert(1)>)",
    "[klik](&#106;avascript:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD4=)",
    "[klik](vbscript:msgbox(1))",
    "![plaatje](data:image/png;base64,AAAA)",
    "[klik][r]\n\n[r]: javascript:alert(1)",
    "[klik][r]\n\n   [r]: <data:text/html,x>",
    "<a href='javascript:alert(1)'>klik</a>",
    "<script>alert(1)</script>",
    "<javascript:alert(1)>",
    "[klik](bestand.html) [anker](#stap-1)",
]


@pytest.mark.parametrize("text", HOSTILE_LINKS)
def test_markdown_keeps_no_unsafe_link_image_or_html(text):
    html = MarkdownIt("commonmark").enable("table").render(markdown_text(text))
    assert "<a " not in html and "<img" not in html and "<script" not in html, html


def test_an_image_is_never_fetched_a_web_address_stays_a_link():
    html = MarkdownIt("commonmark").render(markdown_text("![plaatje](http://example.org/x.png)"))
    assert "<img" not in html and '<a href="http://example.org/x.png">plaatje</a>' in html


def test_markdown_keeps_safe_links_and_the_words():
    html = MarkdownIt("commonmark").render(markdown_text("Zie [de regeling](https://wetten.overheid.nl/x) of "
                                                         "[mail](mailto:team@gemeente.nl)."))
    assert '<a href="https://wetten.overheid.nl/x">de regeling</a>' in html and 'href="mailto:team@gemeente.nl"' in html
    assert "klik" in MarkdownIt("commonmark").render(markdown_text("[klik](javascript:alert(1))"))


@pytest.mark.parametrize("value,expected", [
    ("=HYPERLINK(\"http://x\",\"klik\")", "'=HYPERLINK(\"http://x\",\"klik\")"),
    ("+31 6 1234", "'+31 6 1234"),
    ("-kosten", "'-kosten"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tverborgen", "'\tverborgen"),
    ("\rterug", "\\x0dterug"),  # a carriage return could overwrite a line in a terminal: shown escaped
    ("a\x1b[2Jb\u202ec", "a\\x1b[2Jb\\u202ec"),  # as is every other control character (issue 22, item 14)
    ("-3600.00", "-3600.00"),  # a number stays a number
    ("42500.00", "42500.00"),
    ("Opvang", "Opvang"),
    (12, 12),
    (True, True),
])
def test_csv_cells_never_start_a_formula(value, expected):
    assert csv_cell(value) == expected


def test_terminal_text_never_carries_a_control_character():
    hostile = "a\x1b[31mrood\x1b[0m b\x1b]0;titel\x07 c\x07 d\r e\x9b2J f\u202egnirts g\x00h\x7f"
    shown = printable(hostile)
    assert not any(ord(c) < 32 and c != "\n" or 0x7f <= ord(c) <= 0x9f or c == "\u202e" for c in shown)
    assert "\\x1b[31m" in shown and "\\x07" in shown and "\\u202e" in shown
    assert printable("regel 1\nregel 2\tmet tab") == "regel 1\nregel 2 met tab"
    assert printable("Gewoon Nederlands: één, € 5") == "Gewoon Nederlands: één, € 5"


def test_json_text_holds_no_raw_control_character_and_reads_back_the_same():
    value = {"omschrijving": "x\x1b[2J\x9b\u202e\x7f\u2028y", "bedrag": "5.00"}
    text = json_dumps(value, indent=2)
    assert not any(0x7f <= ord(c) <= 0x9f or c in "\x1b\u202e\u2028" for c in text)
    assert json.loads(text) == value


def test_a_text_with_only_line_breaks_and_accents_is_passed_on_as_it_is():
    """Most of a plan's HTML is not isprintable() (it has line breaks) and not ASCII: such a text is handed back
    without walking it through the escape table (str.translate does that a character at a time, and a Markup's
    translate escapes the whole table first: it made a case page twice as slow). The result is the same."""
    from markupsafe import Markup

    from doorbraak_cli.present.safe import _ESCAPES, printable_value

    page = Markup("<p>Één huishouden, € 1.200 · per maand</p>\n<p>regel 2</p>\n" * 50)
    assert printable_value(page) is page
    assert printable("a\nb € ç") == "a\nb € ç"
    hostile = Markup("<p>a\x1b[2J €</p>\n")
    shown = printable_value(hostile)
    assert isinstance(shown, Markup) and shown == "<p>a\\x1b[2J €</p>\n"
    for text in ["€\n", "\t€", "é\u202e", "\x85\n€", "x\u2066y€", "plain", "€ \u00ad \u200b"]:
        assert printable(text) == str.translate(text, _ESCAPES), repr(text)


HOSTILE_VALUES = ['<script>alert("x")</script>', "a & b", "it's \"quoted\"", "\x1b]0;titel\x07 bel", "tab\there",
                  "\u202eomgekeerd", "plain text", "", 42, -7, 3.5, True, None]


@pytest.mark.parametrize("value", HOSTILE_VALUES + [Markup("<b>veilig</b>"), Markup("<i>\x1b[31m</i>")])
def test_html_output_prints_what_jinjas_escape_and_finalize_print(value):
    """The site's case pages print values through html_output; it must make exactly what an autoescaping template
    makes (escape after printable_value): never less escaping."""
    from markupsafe import escape

    from doorbraak_cli.present.safe import html_escape, html_output, printable_value

    assert html_output(value) == str(escape(printable_value(value)))
    if isinstance(value, str) and not hasattr(value, "__html__"):
        assert html_escape(value) == str(escape(value))
        assert "<" not in html_output(value) and '"' not in html_output(value) and "\x1b" not in html_output(value)


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_a_site_page_escapes_as_render_does(value):
    """The site's template environment (site/casepage.py) prints a value as render's sandboxed one does."""
    from jinja2 import DictLoader

    from doorbraak_cli.present.plan.templating import template_env
    from doorbraak_cli.site.casepage import environment

    loader = DictLoader({"x.html.j2": '<p title="{{ v }}">{{ v }}{{ x.v }}{{ v or "—" }}</p>'})
    ours = environment().overlay(loader=loader).get_template("x.html.j2").render(v=value, x={"v": value})
    theirs = template_env().overlay(loader=loader).get_template("x.html.j2").render(v=value, x={"v": value})
    assert ours == theirs
    if value == '<script>alert("x")</script>':
        assert "<script>" not in ours and "&lt;script&gt;" in ours
