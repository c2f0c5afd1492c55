"""The trend per quarter on the site's overview (doorbraak_cli/site/trend.py): every figure says which cases it counts.

The sample plans: one (2020-voorbeeld-005b) has a ``datum`` (2020-01-20, quarter 2020-K1), the other six have neither
a date nor a journey. Its money, from its plan: t.o.v. huidige situatie € -1.200,00, t.o.v. dreigend scenario
€ 34.800,00 (6.500 - 7.700 and 42.500 - 7.700).
"""

import io
import re
import shutil

import pytest
from conftest import SAMPLES

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
    """The sample plans, and a concept plan dated in 2020-K1 too: its cost lines are there, but a concept has no
    cost-benefit analysis yet, so its money counts nowhere (compute/portfolio/base.counts_in)."""
    cases = tmp_path_factory.mktemp("casussen")
    for f in SAMPLES.glob("*.yaml"):
        shutil.copy(f, cases / f.name)
    text = (SAMPLES / "plan-5-willem.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^id: .*$", "id: 2020-concept-001", text, count=1, flags=re.M)
    text = re.sub(r"^status: .*$", "status: concept\ndatum: 2020-02-10", text, count=1, flags=re.M)
    (cases / "concept.yaml").write_text(text, encoding="utf-8")
    return build(cases, tmp_path_factory.mktemp("site") / "site")


def test_the_rendement_per_quarter_counts_the_cases_its_sums_count(with_a_concept):
    rows = table(with_a_concept, "Rendement per kwartaal")
    assert rows[0] == ["Kwartaal", "Met KBA", "Direct", "Reëel"]
    # two plans in 2020-K1, one with a cost-benefit analysis: the sums are that one's, and the count says so
    assert ["2020-K1", "1", "€ -1.200,00", "€ 34.800,00"] in rows
    assert table(with_a_concept, "Plannen per kwartaal en status")[1][-1] == "2"


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
