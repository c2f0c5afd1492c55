"""The trend per quarter on the site's overview (doorbraak_cli/site/trend.py) and the index of each kind of group
(site/lists.index_page): every figure says which cases it counts, and a sum over no case is no € 0,00.

The sample plans: one (2020-voorbeeld-005b) has a ``datum`` (2020-01-20, quarter 2020-K1), the other six have neither
a date nor a journey. Its money, from its plan: t.o.v. huidige situatie € -1.200,00, t.o.v. dreigend scenario
€ 34.800,00 (6.500 - 7.700 and 42.500 - 7.700).
"""

import io
import json
import re
import shutil

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from doorbraak_cli.cli import app
from doorbraak_cli.commands import Io
from doorbraak_cli.commands import site as site_cmd


def build(cases, out):
    err = io.StringIO()
    assert site_cmd.run(Io(io.StringIO(), err), [str(cases)], str(out)) == 0, err.getvalue()
    return (out / "index.html").read_text(encoding="utf-8")


def table(page: str, caption: str) -> list[list[str]]:
    """The rows of the table with this caption, each a list of its cells' texts (the header row first)."""
    body = page.split(f"<caption>{caption}")[1].split("</table>")[0]
    return [[" ".join(re.sub(r"<[^>]+>", "", cell).split()) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


@pytest.fixture(scope="module")
def with_a_concept(tmp_path_factory):
    """The sample plans, a concept plan dated in 2020-K1 too and one alone in 2019-K2: their cost lines are there, but
    a concept has no cost-benefit analysis yet, so its money counts nowhere (compute/portfolio/base.counts_in)."""
    cases = tmp_path_factory.mktemp("casussen")
    for f in SAMPLES.glob("*.yaml"):
        shutil.copy(f, cases / f.name)
    text = (SAMPLES / "plan-5-willem.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^id: .*$", "id: 2020-concept-001", text, count=1, flags=re.M)
    text = re.sub(r"^status: .*$", "status: concept\ndatum: 2020-02-10", text, count=1, flags=re.M)
    (cases / "concept.yaml").write_text(text, encoding="utf-8")
    alone = re.sub(r"^datum: .*$", "datum: 2019-05-01", text.replace("2020-concept-001", "2019-concept-002"), count=1,
                   flags=re.M)
    (cases / "concept-alleen.yaml").write_text(alone, encoding="utf-8")  # the only plan of 2019-K2
    out = tmp_path_factory.mktemp("site") / "site"
    build(cases, out)
    return cases, out


def test_the_rendement_per_quarter_counts_the_cases_its_sums_count(with_a_concept):
    index = (with_a_concept[1] / "index.html").read_text(encoding="utf-8")
    rows = table(index, "Rendement per kwartaal")
    assert rows[0] == ["Kwartaal", "Met KBA", "Direct", "Reëel"]
    # two plans in 2020-K1, one with a cost-benefit analysis: the sums are that one's, and the count says so
    assert ["2020-K1", "1", "€ -1.200,00", "€ 34.800,00"] in rows
    assert ["2019-K2", "0", "–", "–"] in rows  # a sum over no case is unknown, not € 0,00
    plans = {r[0]: r[-1] for r in table(index, "Plannen per kwartaal en status")}
    assert (plans["2020-K1"], plans["2019-K2"]) == ("2", "1")


def test_the_trend_charts_say_how_many_plans_they_show():
    """The six plans without a date are in the tables, not on the time axis: the captions say so."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        page = build(SAMPLES, Path(tmp) / "site")
    trend = page[page.index('id="trend"'):page.index('id="evaluatie"')]
    captions = [" ".join(c.split()) for c in re.findall(r"<figcaption>(.*?)</figcaption>", trend, re.S)]
    assert captions[0].startswith("Plannen per kwartaal, gestapeld naar hun huidige status: 1 van de 7 plannen;"), \
        captions
    assert "6 zonder datum staan alleen in de tabel" in captions[0]
    assert captions[1].startswith("Rendement per kwartaal van 1 van de 7 plannen met een kosten-batenanalyse;"), \
        captions


def test_a_groups_index_counts_the_cases_its_sums_count(with_a_concept):
    """The two concept plans are the only ones of their status, and two of the five plans of Doorbraakdorp: their
    money counts nowhere."""
    cases, site = with_a_concept
    status = table((site / "status/index.html").read_text(encoding="utf-8"), "Statussen: casussen en rendement")
    assert status[0] == ["Status", "Casussen", "Met KBA", "t.o.v. huidig", "t.o.v. dreigend"]
    assert ["concept", "2", "0", "–", "–"] in status  # a sum over no case is unknown, not € 0,00
    report = CliRunner().invoke(app, ["report", "-f", "json", str(cases)])
    dorp = json.loads(report.stdout)["per_gemeente"]["Doorbraakdorp"]
    rows = table((site / "gemeente/index.html").read_text(encoding="utf-8"), "Gemeenten: casussen en rendement")
    (row,) = [r for r in rows if r[0] == "Doorbraakdorp"]
    assert row[1:3] == ["5", "3"] and (dorp["aantal"], dorp["met_kosten_batenanalyse"]) == (5, 3)
    # the report's figures: 25.627,84 - 17.150,00 and 97.627,84 - 17.150,00 over the three plans with an analysis
    assert row[3:] == ["€ 8.477,84", "€ 80.477,84"] and dorp["rendement"] == {"huidig": "8477.84", "dreigend": "80477.84"}
