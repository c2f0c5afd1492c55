"""render shows issue 5's figures compactly: break-even, expected figures, money flows."""

import re

from conftest import SAMPLES
from typer.testing import CliRunner

from doorbraak_cli.cli import app

runner = CliRunner()


def _render(tmp_path, name, fmt, extra=""):
    case = tmp_path / name
    text = (SAMPLES / name).read_text(encoding="utf-8")
    if extra:
        text = text.replace("    posten:\n", extra + "    posten:\n", 1)
    case.write_text(text, encoding="utf-8")
    out = tmp_path / f"out.{ 'md' if fmt == 'markdown' else fmt}"
    result = runner.invoke(app, ["render", str(case), "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_html_draws_who_pays_who_profits(tmp_path):
    html = _render(tmp_path, "plan-2-esther-en-javairo.yaml", "html")
    assert "Break-even-kans: 8,2%" in html  # 3.607,92 / 43.797,92
    svg = re.search(r'<svg class="stromen".*?</svg>', html, re.S).group(0)
    sides = dict(re.findall(r'data-domein="([^"]+)" data-kant="(\w+)"', svg))
    assert sides == {"Wmo": "investeert", "Wlz": "profiteert"}
    assert "€ 54.750" in svg and "€ 14.560" in svg


def test_markdown_shows_break_even_flows_and_expected(tmp_path):
    md = _render(tmp_path, "plan-6-eveline.yaml", "markdown", extra="    kans: 50%\n")
    assert "Break-even-kans: 6,2%" in md  # 3.600 / 57.650
    assert "| Jeugdwet | € 0 | € 37.950 | rendement € 37.950 |" in md
    assert "Verwacht (met kans en toerekening): dreigend scenario € 28.825 bij een kans van 50,0%" in md


def test_no_break_even_says_why(tmp_path):
    md = _render(tmp_path, "plan-6b-eveline-gesloten-jeugdzorg.yaml", "markdown")
    assert "Break-even-kans: geen tussen 0% en 100%" in md and "duurder dan het dreigende scenario" in md
