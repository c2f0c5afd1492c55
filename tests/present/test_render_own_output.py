"""`render` may replace a document it wrote itself (its marker, with a matching digest) without --force; never a
file it did not write, nor one the user changed since (source/ownmark.py)."""

import shutil

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from doorbraak_cli.cli import app
from doorbraak_cli.source.ownmark import is_own, mark

runner = CliRunner()
FORMATS = {"html": ".html", "markdown": ".md", "docx": ".docx", "pdf": ".pdf"}


@pytest.fixture
def case(tmp_path):
    path = tmp_path / "willem.yaml"
    shutil.copyfile(SAMPLES / "plan-5-willem.yaml", path)
    return path


def render(*args):
    return runner.invoke(app, ["render", *map(str, args)])


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_rendering_again_replaces_its_own_output_without_force(case, fmt):
    if fmt == "pdf":
        pytest.importorskip("weasyprint", reason="WeasyPrint is not installed")
    if fmt == "docx":
        pytest.importorskip("docx", reason="python-docx is not installed")
    out = case.with_suffix(FORMATS[fmt])
    assert render(case, "-f", fmt).exit_code == 0
    assert is_own(out)
    case.write_text(case.read_text(encoding="utf-8").replace("titel: Willem", "titel: Willem B"), encoding="utf-8")
    result = render(case, "-f", fmt)
    assert result.exit_code == 0, result.output
    assert "vervangen:" in result.output
    assert is_own(out)
    if fmt in ("html", "markdown"):
        assert "Willem B" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_an_edited_or_foreign_file_is_not_replaced(case, fmt):
    out = case.with_suffix(FORMATS[fmt])
    assert render(case, "-f", fmt).exit_code == 0
    edited = out.read_text(encoding="utf-8").replace("Willem", "Willem (met de hand aangepast)", 1)
    out.write_text(edited, encoding="utf-8")
    result = render(case, "-f", fmt)
    assert result.exit_code == 1 and "--force" in result.output
    assert out.read_text(encoding="utf-8") == edited
    out.write_text("eigen werk\n", encoding="utf-8")
    assert render(case, "-f", fmt).exit_code == 1
    assert out.read_text(encoding="utf-8") == "eigen werk\n"


def test_the_marker_is_trusted_only_when_its_digest_matches(tmp_path):
    path = tmp_path / "x.html"
    data = mark("<html><body>plan</body></html>\n", "html")
    path.write_bytes(data)
    assert is_own(path)
    path.write_bytes(data + b"<script>x</script>\n")                     # something added after the marker
    assert not is_own(path)
    path.write_bytes(data.replace(b"plan", b"plam"))                     # the text changed
    assert not is_own(path)
    forged = data[: data.index(b"sha256=") + 7] + b"0" * 64 + b" -->\n"  # a marker copied without its digest
    path.write_bytes(forged)
    assert not is_own(path)
    assert not is_own(tmp_path / "nergens.html")
    assert not is_own(tmp_path)


def test_report_replaces_its_own_html_and_markdown_but_not_json(tmp_path):
    folder = tmp_path / "casussen"
    folder.mkdir()
    shutil.copyfile(SAMPLES / "plan-5-willem.yaml", folder / "willem.yaml")
    for name in ("rapport.html", "rapport.md"):
        out = tmp_path / name
        assert runner.invoke(app, ["report", str(folder), "-o", str(out)]).exit_code == 0
        result = runner.invoke(app, ["report", str(folder), "-o", str(out)])
        assert result.exit_code == 0 and "vervangen:" in result.output, result.output
        out.write_text(out.read_text(encoding="utf-8") + "eigen aantekening\n", encoding="utf-8")
        assert runner.invoke(app, ["report", str(folder), "-o", str(out)]).exit_code == 1
        assert out.read_text(encoding="utf-8").endswith("eigen aantekening\n")
    out = tmp_path / "rapport.json"   # JSON cannot carry the marker: --force as before
    assert runner.invoke(app, ["report", str(folder), "-o", str(out)]).exit_code == 0
    assert runner.invoke(app, ["report", str(folder), "-o", str(out)]).exit_code == 1
