"""The wording a new user tripped over (issue 24, item 7), each checked on the sample plans or a small case."""

import re
import shutil

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from doorbraak_cli.cli import app

runner = CliRunner()


def out(*args) -> str:
    result = runner.invoke(app, list(map(str, args)))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_anonymised_people_keep_their_verb():
    """'Esther en Javairo hebben …' must not become 'Huishouden A hebben …'."""
    md = out("render", SAMPLES / "plan-2-esther-en-javairo.yaml", "-f", "markdown", "-o", "-", "--anoniem")
    assert "Persoon A en Persoon B hebben elke maand genoeg inkomen" in md
    assert "Huishouden A hebben" not in md
    assert md.startswith("# Huishouden A")          # the document's title stays neutral
    assert "Esther" not in md and "Javairo" not in md


@pytest.mark.parametrize("args", [
    ["calc", "{case}"], ["calc", "{case}", "-f", "markdown"], ["calc", "{case}", "--jaren", "--horizon", "3"],
    ["render", "{case}", "-f", "markdown", "-o", "-"], ["render", "{case}", "-o", "-"]])
def test_one_notation_for_a_negative_amount(args):
    """€ -1.200 everywhere: never '−€ 1.200', '− € 1.200' or '-€ 1.200' beside it (and a sign is '€ +…')."""
    for case in ("plan-2-esther-en-javairo.yaml", "plan-5b-willem-gerealiseerd.yaml", "plan-6b-eveline-gesloten-jeugdzorg.yaml"):
        text = out(*[a.replace("{case}", str(SAMPLES / case)) for a in args])
        assert not re.search(r"[−+-]\s?€", text), re.search(r".{30}[−+-]\s?€.{10}", text)
        assert "€ -" in text or "€ +" in text or "−" not in text


def test_a_late_follow_up_says_how_late():
    text = out("calc", SAMPLES / "plan-5b-willem-gerealiseerd.yaml")
    assert "Tweede vervolgmeting: gedaan op 20 maart 2021 (4 dagen te laat, gepland 16 maart 2021)" in text
    assert "Eerste vervolgmeting: gedaan op 15 juni 2020 (gepland 16 juni 2020)" in text   # a day early: on time


def test_a_label_cut_in_the_value_triangle_ends_in_an_ellipsis():
    from doorbraak_cli.present.svg import Corner, value_triangle

    long = ("beslist: " + "de gemeenteraad van een heel grote gemeente " * 4).strip()
    corners = {"legitimiteit": Corner("legitimiteit", "Legitimiteit", "ok", ("2 regels", "uitzondering", long)),
               "betrokkenheid": Corner("betrokkenheid", "Betrokkenheid", "ok", ("kort",)),
               "rendement": Corner("rendement", "Rendement", "ok", ("kort",))}
    svg = value_triangle(corners, "titel")
    shown = re.findall(r'font-size="18.5" fill="#3e4c59">([^<]*)</text>', svg)
    assert shown[2].endswith("…"), shown
    assert "gemeente " + "de" not in shown[2][-3:]


def test_a_posts_toelichting_is_in_the_plan(tmp_path):
    case = tmp_path / "willem.yaml"
    shutil.copyfile(SAMPLES / "plan-5-willem.yaml", case)
    text = case.read_text(encoding="utf-8").replace(
        "      - post: mutatie-woning\n", "      - post: mutatie-woning\n        toelichting: Willem verhuist naar Tilburg-Noord.\n")
    case.write_text(text, encoding="utf-8")
    md = out("render", case, "-f", "markdown", "-o", "-")
    assert "#### Toelichting per post" in md
    assert "- **2. Mutatie van een woning**: Willem verhuist naar Tilburg-Noord." in md
    html = out("render", case, "-o", "-")
    assert "<strong>2. Mutatie van een woning</strong>: Willem verhuist naar Tilburg-Noord." in html
    anon = out("render", case, "-f", "markdown", "-o", "-", "--anoniem")
    assert "- **2. Mutatie van een woning**: Persoon A verhuist naar Tilburg-Noord." in anon


def test_a_flow_says_when_a_domain_pays_what_it_pays_now_as_the_book_does():
    """Plan 2: the book says the Participatiewet invests, the gain lands at the Wlz, and the Wmo pays the day
    activities now already; against the threat the flow runs from the Wmo, so it must say the Wmo pays that now."""
    md = out("render", SAMPLES / "plan-2-esther-en-javairo.yaml", "-f", "markdown", "-o", "-")
    assert "- Wmo → Wlz: € 14.560 (de Wmo betaalt dit nu ook al)" in md


def test_one_case_is_one_casus(tmp_path):
    shutil.copyfile(SAMPLES / "plan-5-willem.yaml", tmp_path / "w.yaml")
    text = out("report", tmp_path, "-f", "markdown")
    assert "1 casussen" not in text
    site = tmp_path / "site"
    assert runner.invoke(app, ["site", str(tmp_path / "w.yaml"), "-o", str(site)]).exit_code == 0
    pages = " ".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert not re.search(r'<data value="1">1</data>(</a>)? casussen', pages)
