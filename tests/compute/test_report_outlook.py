"""report aggregates issue 5: break-even probabilities, payback years and money flows.

Expected values are worked out by hand from METHOD.md's tables:
break-even p = (doorbraak − huidig) / (dreigend − huidig) per plan.
"""

import json
from decimal import Decimal

from conftest import BOOK
from typer.testing import CliRunner

from doorbraak_cli.cli import app

runner = CliRunner()


def _report(*args):
    result = runner.invoke(app, ["report", "--quiet", "-f", "json", *args, *BOOK])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_break_even_over_the_samples():
    be = _report()["break_even"]
    # Esther 3.607,92/43.797,92 = 8,24%; Derk Jan 11.875,84/34.007,84 = 34,92%; Willem 1.200/36.000 = 3,33%;
    # Eveline 3.600/57.650 = 6,24%. Median of four: (6,24 + 8,24) / 2 = 7,2%.
    assert be["casussen_met_kans"] == 4 and be["mediaan_procent"] == "7.2"
    assert be["altijd_rendabel"] == 1  # Lars: cheaper than today whatever the threat
    assert be["nooit_rendabel"] == 1  # the Eveline variant: dearer than even the certain threat


def test_payback_over_the_samples():
    tv = _report()["terugverdiend"]
    # one-year horizons: only Lars is cheaper than today; all but the variant beat the threat
    assert tv["huidig"] == {"in_jaar": {"1": 1}, "niet_binnen_horizon": 5}
    assert tv["dreigend"] == {"in_jaar": {"1": 5}, "niet_binnen_horizon": 1}


def test_money_flows_over_the_samples():
    flows = {(f["van"], f["naar"]): Decimal(f["bedrag"]) for f in _report()["geldstromen"]}
    # Eveline: Overig invests 2.100 (huurtoeslag), spread over the Wmo (18.200) and Jeugdwet (37.950) savings.
    # The variant costs more than the threat: Overig 2.100 and Jeugdwet 17.850 (55.800 − 37.950) invest 19.950, but the
    # Wmo, the only domain that saves, saves 18.200: only that much flows, shared 2.100 : 17.850, and € 1.750 of net
    # cost lands nowhere. A flow never overstates what a domain saves.
    assert flows[("Overig", "Wmo")] == Decimal("2596.47")  # 2.100 × 18.200 / 56.150 + 2.100 × 18.200 / 19.950
    assert flows[("Jeugdwet", "Wmo")] == Decimal("16284.21")  # 17.850 × 18.200 / 19.950
    assert flows[("Wmo", "Wlz")] == Decimal("14560.00")  # Esther: dagbesteding (Wmo) against beschermd wonen (Wlz)


def test_markdown_has_the_section():
    result = runner.invoke(app, ["report", "--quiet", "-f", "markdown", *BOOK])
    assert "## 8. Terugverdienen, onzekerheid en geldstromen" in result.stdout
    assert "mediaan 7,2%" in result.stdout
