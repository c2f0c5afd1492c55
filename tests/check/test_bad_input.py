"""Bad input: every file gets a located Dutch error, a non-zero exit, never a traceback.

Each row mutates the small complete plan in data/minimaal.yaml (or is a whole
file of its own) and names the error code, line, column and a fragment of the
message that must come out. Locations were worked out by hand from the text.
"""

import pytest
from conftest import DATA
from typer.testing import CliRunner

from doorbraak_cli.check.case import check_file
from doorbraak_cli.cli import app

BASE = (DATA / "minimaal.yaml").read_text(encoding="utf-8")


def mut(old, new):
    assert old in BASE, old
    return BASE.replace(old, new, 1)


BOMB = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
        "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n")

# name, file content, code, line, column, fragment of the message
CASES = [
    ("tab", mut("  termijn: 6 maanden", "\ttermijn: 6 maanden"), "tab", 12, 1, "tab-teken"),
    ("indentation", mut("      bedoeling: Woningen", "     bedoeling: Woningen"), "yaml-syntax", 25, 6, "inspringing"),
    ("key typo", mut("  kort: Een", "  kortt: Een"), "onbekende-sleutel", 13, 3, "bedoelde u 'kort'?"),
    ("top-level typo", mut("situatieschets:", "situatieshets:"), "onbekende-sleutel", 9, 1, "bedoelde u 'situatieschets'?"),
    ("missing step", BASE.replace(BASE[BASE.index("overzicht:"):BASE.index("doorbraak:")], ""),
     "ontbrekende-stap", 2, 1, "de stap 'overzicht' ontbreekt"),
    ("missing required key", mut("      wie_gaat_erover: college van B&W\n", ""), "ontbrekende-sleutel", 24, 7,
     "'wie_gaat_erover' ontbreekt"),
    ("wrong type: ja for a boolean", mut("    uitzondering: true", "    uitzondering: ja"), "verkeerd-type", 21, 19,
     "verwacht true of false"),
    ("wrong type: list for text", mut("titel: Huishouden T", "titel: [a, b]"), "verkeerd-type", 4, 8, "verwacht tekst"),
    ("status outside the list", mut("status: ingediend", "status: ingedient"), "onbekende-status", 6, 9,
     "bedoelde u 'ingediend'?"),
    ("unknown price-list id",
     mut('      - omschrijving: Huurtoeslag\n        prijs: "2.100,00"\n        eenheid: huishouden\n        domein: Overig\n',
         "      - post: huurtoeslagg\n"), "onbekende-post", 42, 15, "bedoelde u 'huurtoeslag'?"),
    ("unparseable quantity", mut("dreigend: 182", "dreigend: veel"), "aantal", 36, 19, "'veel' is geen aantal"),
    ("negative quantity", mut("dreigend: 182", "dreigend: -182"), "negatief", 36, 19, "minstens 0"),
    ("negative product", mut("dreigend: 3 x 6 maanden", "dreigend: -3 x 6 maanden"), "negatief-aantal", 41, 19,
     "niet negatief"),
    ("time against a non-time unit", mut("        doorbraak: 1", "        doorbraak: 12 maanden"), "eenheid-past-niet",
     46, 20, "de prijs is per 'huishouden'"),
    ("unknown time unit", mut("dreigend: 3 x 6 maanden", "dreigend: 3 x 6 maandn"), "onbekende-eenheid", 41, 19,
     "bedoelde u '3 x 6 maanden'?"),
    ("duplicate key", mut("gemeente: Testdorp\n", "gemeente: Testdorp\ngemeente: Elders\n"), "dubbele-sleutel", 6, 1,
     "eerder op regel 5"),
    ("nested duplicate key", mut("        domein: Wmo\n", "        domein: Wmo\n        domein: Wlz\n"),
     "dubbele-sleutel", 36, 9, "'domein' staat twee keer"),
    ("not UTF-8", mut("Een gezin", "Één gezin").encode("latin-1"), "geen-utf8", 10, 3, "geen geldige UTF-8"),
    ("UTF-16", BASE.encode("utf-16"), "geen-utf8", None, None, "UTF-16"),
    ("empty file", "", "leeg-bestand", None, None, "leeg"),
    ("only comments", "# niets\n", "leeg-bestand", None, None, "leeg"),
    ("top-level list", "- schema: doorbraakplan/1\n- id: x\n", "geen-mapping", 1, 1, "een lijst"),
    ("alias bomb", BOMB, "alias", 2, 8, "aliassen"),
    ("very large file", "schema: doorbraakplan/1\nsituatieschets: |\n" + ("  " + "x" * 100 + "\n") * 30000,
     "te-groot", None, None, "te groot"),
    ("deep nesting", "a: " + "[" * 100000 + "]" * 100000, "te-diep", 1, 53, "te diep"),
    ("python tag", mut("titel: Huishouden T", "titel: !!python/object/apply:os.system [ls]"), "yaml-label", 4, 8,
     "niet ondersteund"),
    ("impossible date", mut("datum: 2026-11-02", "datum: 2026-02-30"), "ongeldige-datum", 8, 8, "geen bestaande datum"),
    ("unparseable price", mut('prijs: "2.100,00"', 'prijs: "twee"'), "ongeldige-prijs", 43, 16, "geen bedrag"),
    ("ambiguous price text", mut('prijs: "2.100,00"', 'prijs: "2.100"'), "dubbelzinnig-bedrag", 43, 16, "dubbelzinnig"),
    ("wrong schema version", mut("schema: doorbraakplan/1", "schema: doorbraakplan/2"), "ongeldige-waarde", 2, 9,
     "doorbraakplan/1"),
    ("domain in wrong case", mut("domein: Wmo", "domein: WMO"), "ongeldige-waarde", 35, 17, "bedoelde u 'Wmo'?"),
    ("empty step once submitted", mut("situatieschets: |\n  Een gezin zonder vaste woonplek; de schulden lopen op.\n",
                                      "situatieschets:\n"), "lege-stap", 9, 16, "status 'ingediend'"),
    ("colon in plain text", mut("titel: Huishouden T", "titel: Huishouden: T"), "yaml-syntax", 4, 18, "dubbele punt"),
    ("unclosed list", mut("  zelf: [Zelf op woningen reageren]", "  zelf: [Zelf op woningen reageren"), "yaml-syntax",
     16, 16, "niet afgesloten"),
    # the parser stops where the runaway text ends (43:17, "inspringing"); the cause is the quote opened on line 4
    ("unclosed quote", mut("titel: Huishouden T", 'titel: "Huishouden T'), "yaml-syntax", 4, 8,
     "loopt door tot regel 43"),
    ("unclosed single quote in a list", mut("  zelf: [Zelf op woningen reageren]", "  zelf:\n    - 'Zelf op woningen"),
     "yaml-syntax", 16, 7, "niet gesloten"),
    ("two documents", BASE + "---\nid: x\n", "meerdere-documenten", 56, 1, "meer dan één"),
    # numbers that would expand into billions of digits: refused at once, never a hang
    ("huge exponent quantity", mut("dreigend: 182", "dreigend: 1e999999999"), "te-groot-getal", 36, 19, "te groot"),
    ("tiny exponent quantity", mut("dreigend: 182", "dreigend: 1e-999999999"), "te-groot-getal", 36, 19, "te klein"),
    ("huge exponent price", mut("        prijs: 100\n", "        prijs: 1e999999999\n"), "ongeldige-prijs", 33, 16,
     "geen bedrag"),
    ("huge integer quantity", mut("dreigend: 182", "dreigend: " + "9" * 5000), "te-groot-getal", 36, 19, "te groot"),
    ("huge text quantity", mut("dreigend: 182", "dreigend: 3 x 99999999999 maanden"), "te-groot-getal", 36, 19,
     "te groot"),
    ("huge price text", mut('prijs: "2.100,00"', 'prijs: "1.000.000.000.000.000,00"'), "ongeldige-prijs", 43, 16,
     "te groot"),
    # a period is a duration a case can have: a negative one was a warning and the receipt said "over -12 maanden"
    ("negative period", mut("periode: 12 maanden", "periode: -12 maanden"), "ongeldige-periode", 30, 14,
     "langer dan nul"),
    ("absurd period", mut("periode: 12 maanden", "periode: 99999999 jaar"), "ongeldige-periode", 30, 14,
     "hooguit 50 jaar"),
    # a lone surrogate written as an escape is no character: refused when read, never an internal error on output
    ("surrogate escape", mut("titel: Huishouden T", 'titel: "Huis\\ud800houden"'), "yaml-syntax", 4, 13,
     "\\u-escape"),
    ("surrogate pair escape", mut("titel: Huishouden T", 'titel: "Huis\\ud83d\\ude00"'), "yaml-syntax", 4, 13,
     "\\u-escape"),
]


@pytest.mark.parametrize("name,text,code,line,column,fragment", CASES, ids=[c[0] for c in CASES])
def test_validate_reports_located_dutch_error(write_case, name, text, code, line, column, fragment):
    path = write_case(text)
    checked = check_file(path, full=True)
    assert not checked.ok
    matching = [p for p in checked.errors if p.code == code]
    assert matching, [p.format() for p in checked.problems]
    p = matching[0]
    assert (p.line, p.column) == (line, column), p.format()
    assert fragment in p.message + " " + p.hint, p.format()
    assert p.file == path
    text_line = p.format()
    assert text_line.startswith(f"{path}:{line}:{column}: fout[{code}]: " if line else f"{path}: fout[{code}]: ")


@pytest.mark.parametrize("name,text,code,line,column,fragment", CASES, ids=[c[0] for c in CASES])
def test_cli_validate_and_calc_fail_cleanly(write_case, name, text, code, line, column, fragment):
    path = write_case(text)
    runner = CliRunner()
    for args in (["validate", path], ["calc", path], ["calc", "--format", "json", path]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert f"fout[{code}]" in result.output
        assert "Traceback" not in result.output


def test_three_decimals_is_an_error_with_the_fix_never_a_silent_figure(write_case):
    path = write_case(mut("        prijs: 100\n", "        prijs: 1.052\n"))
    checked = check_file(path)
    assert not checked.ok and checked.case is None
    (e,) = [p for p in checked.errors if p.code == "dubbelzinnig-bedrag"]
    assert (e.line, e.column) == (33, 16)
    assert "duizendtal" in e.message and "1052" in e.hint and '"1.052,00"' in e.hint
    for args in (["validate", path], ["calc", "-f", "json", path]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 1 and "fout[dubbelzinnig-bedrag]" in result.output


def test_every_problem_is_reported_not_just_the_first(write_case):
    text = mut("status: ingediend", "status: klaar")
    text = text.replace("  kort: Een", "  kortt: Een").replace("dreigend: 182", "dreigend: veel")
    checked = check_file(write_case(text), full=True)
    assert {"onbekende-status", "onbekende-sleutel", "aantal"} <= {p.code for p in checked.errors}


def test_unknown_post_with_a_time_quantity_is_one_error(write_case):
    """The unit of an unknown post is unknown too: no follow-up error about a unit 'None'."""
    text = mut('      - omschrijving: Huurtoeslag\n        prijs: "2.100,00"\n        eenheid: huishouden\n'
               "        domein: Overig\n        doorbraak: 1\n",
               "      - post: huurtoeslagg\n        doorbraak: 12 maanden\n")
    checked = check_file(write_case(text), full=True)
    assert [p.code for p in checked.errors] == ["onbekende-post"], [p.format() for p in checked.problems]
    assert "None" not in " ".join(p.format() for p in checked.problems)


def test_time_quantity_without_any_unit_says_so(write_case):
    text = mut("        eenheid: huishouden\n", "")
    text = text.replace("        doorbraak: 1\n", "        doorbraak: 12 maanden\n", 1)
    checked = check_file(write_case(text), full=True)
    messages = " ".join(p.format() for p in checked.problems)
    assert "onvolledige-post" in messages and "None" not in messages
