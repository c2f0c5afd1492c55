"""A 90-case folder shaped like the Maatpact funnel, and the figures a regional monitor reads from it.

Maatpact (interim report): 90 households were registered; 28 had no intake after a phone call (20 whose
situation improved, 6 without contact, 2 who did not want to); of the 62 picked up, 4 were still waiting for
their intake and 58 had one; after the intake 3 stopped (2 solved elsewhere, 1 contact lost), 3 had an advisory
role without a plan and 2 plans were still to come; the other 50 have a plan with a cost-benefit analysis.

The 50 plans are made so that their figures are known by hand: plan i (0 … 49) has huidig € 5.000, dreigend
€ 30.000 + € 100 × i and doorbraak € 10.000. So per case t.o.v. huidig −5.000 and t.o.v. dreigend
20.000 + 100 i: mean and median 20.000 + 100 × 24,5 = 22.450. The two plans still to come are drafts with
enormous amounts (dreigend € 1.000.000) that must count in no money figure.
"""

import json
from decimal import Decimal as D

import casegen
import pytest
from conftest import DATA
from typer.testing import CliRunner

from doorbraak_cli.cli import app

runner = CliRunner()
BASE = (DATA / "minimaal.yaml").read_text(encoding="utf-8")
POSTEN = BASE[BASE.index("    posten:\n"):BASE.index("  afweging:")]


def header(cid: str, status: str, events=("aangemeld",), gestopt=None) -> str:
    text = (f"schema: doorbraakplan/1\nid: {cid}\ntitel: Huishouden {cid}\ngemeente: Tilburg\n"
            f"datum: 2024-03-01\nstatus: {status}\n")
    if gestopt:
        text += f"gestopt:\n  datum: 2024-04-01\n  reden: {gestopt}\n"
    text += "reis:\n" + "".join(f"  - datum: 2024-03-0{k + 1}\n    gebeurtenis: {e}\n" for k, e in enumerate(events))
    return text


def plan(cid: str, status: str, huidig: int, dreigend: int, doorbraak: int, events) -> str:
    posten = (f"    posten:\n      - omschrijving: Zorg en opvang\n        prijs: 1\n        eenheid: keer\n"
              f"        domein: Wmo\n        huidig: {huidig}\n        dreigend: {dreigend}\n        doorbraak: {doorbraak}\n")
    text = BASE.replace("id: 2026-testdorp-001", f"id: {cid}").replace("status: ingediend", f"status: {status}")
    text = text.replace("gemeente: Testdorp", "gemeente: Tilburg").replace(POSTEN, posten)
    return text + "reis:\n" + "".join(f"  - datum: 2024-03-0{k + 1}\n    gebeurtenis: {e}\n"
                                     for k, e in enumerate(events))


def maatpact_folder(root) -> None:
    cases = []
    reasons = ["situatie-verbeterd"] * 20 + ["geen-contact"] * 6 + ["wil-niet"] * 2
    cases += [header(f"mp-a{i:02d}", "gestopt", gestopt=r) for i, r in enumerate(reasons)]
    cases += [header(f"mp-b{i}", "aangemeld") for i in range(4)]  # still waiting for the intake
    after = ["elders-opgelost"] * 2 + ["geen-contact"] + ["adviesrol"] * 3
    cases += [header(f"mp-c{i}", "gestopt", ("aangemeld", "intake"), gestopt=r) for i, r in enumerate(after)]
    cases += [plan(f"mp-d{i}", "concept", 0, 1_000_000, 1, ("aangemeld", "intake")) for i in range(2)]
    cases += [plan(f"mp-e{i:02d}", "ingediend", 5000, 30000 + 100 * i, 10000, ("aangemeld", "intake", "ingediend"))
              for i in range(50)]
    assert len(cases) == 90
    for k, text in enumerate(cases):
        sub = root / f"team-{k % 3}"  # nested, as a region's folders are
        sub.mkdir(exist_ok=True)
        (sub / f"casus-{k:02d}.yaml").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("maatpact")
    maatpact_folder(root)
    return root


def report(folder, *args, fmt="json"):
    result = runner.invoke(app, ["report", "-q", "--no-cache", "-f", fmt, *args, str(folder)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if fmt == "json" else result.stdout


def test_every_case_is_valid(folder):
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    assert "90 bestanden gecontroleerd: 0 fouten" in result.stdout


def test_the_funnel_as_regional_monitoring_reports_it(folder):
    t = report(folder)["trechter"]
    assert {k: t[k] for k in ("aangemeld", "intake", "plan", "besloten", "gerealiseerd", "gemeten")} == {
        "aangemeld": 90, "intake": 58, "plan": 50, "besloten": 0, "gerealiseerd": 0, "gemeten": 0}
    assert {k: t["lopend"][k] for k in ("voor_intake", "na_intake")} == {"voor_intake": 4, "na_intake": 2}
    assert {k: t["gestopt"][k] for k in ("voor_intake", "na_intake")} == {
        "voor_intake": {"situatie-verbeterd": 20, "geen-contact": 6, "wil-niet": 2},
        "na_intake": {"elders-opgelost": 2, "geen-contact": 1, "adviesrol": 3}}
    # the later stages: the 50 submitted plans wait for a decision; nobody stopped after a plan
    assert t["lopend"] == {"voor_intake": 4, "na_intake": 2, "na_plan": 50, "na_besluit": 0, "na_realisatie": 0,
                           "na_meting": 0}
    assert all(t["gestopt"][k] == {} for k in ("na_plan", "na_besluit", "na_realisatie", "na_meting"))


def test_money_figures_count_only_the_cases_with_a_cost_benefit_analysis(folder):
    data = report(folder)
    assert data["aantal_casussen"] == 90  # every valid case file read
    assert data["per_casus"] == {"gemiddeld": {"huidig": "-5000.00", "dreigend": "22450.00"},
                                 "mediaan": {"huidig": "-5000.00", "dreigend": "22450.00"}, "aantal": 50}
    assert data["goedkoper_dan"] == {"dreigend": 50, "huidig": 0}
    # 50 × 5.000; Σ (30.000 + 100 i) = 1.500.000 + 100 × 1.225; 50 × 10.000
    assert data["totalen"] == {"huidig": "250000.00", "dreigend": "1622500.00", "doorbraak": "500000.00"}
    assert data["per_domein"]["Wmo"] == data["totalen"]
    assert data["break_even"]["casussen"] == 50 and data["break_even"]["nooit_rendabel"] == 0
    assert sum(data["terugverdiend"]["dreigend"]["in_jaar"].values()) \
        + data["terugverdiend"]["dreigend"]["niet_binnen_horizon"] == 50
    assert data["per_gemeente"]["Tilburg"]["aantal"] == 90
    assert data["per_gemeente"]["Tilburg"]["met_kosten_batenanalyse"] == 50


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
def test_every_format_names_the_denominator_and_draws_the_funnel(folder, fmt):
    text = " ".join(report(folder, fmt=fmt).split())
    assert "over 50 casussen met een kosten-batenanalyse" in text
    assert "situatie verbeterd 20" in text and "adviesrol, geen plan 3" in text
    if fmt == "html":
        assert "Trechter: van aanmelding tot meting" in text


def test_expected_cost_per_case_beside_the_realised_average(folder, tmp_path):
    vw = report(folder, "--verwachting", "15800")["evaluatie"]["verwachting"]
    # nothing realised in this folder yet: nothing to set beside the expectation
    assert vw == {"per_casus": "15800.00", "gerealiseerd_gemiddeld": None, "verschil": None, "aantal": 0}
    assert report(folder)["evaluatie"]["verwachting"] is None
    # two complete realised cases of 2.100 and 4.200 (the minimal plan's Huurtoeslag × 1 and × 2): mean 3.150
    for cid, n in (("r1", 1), ("r2", 2)):
        text = BASE.replace("id: 2026-testdorp-001", f"id: {cid}").replace("status: ingediend", "status: gerealiseerd")
        text = text.replace("        doorbraak: 1\n", f"        doorbraak: 1\n        gerealiseerd: {n}\n")
        (tmp_path / f"{cid}.yaml").write_text(text + "realisatie:\n  datum: 2026-12-01\n", encoding="utf-8")
    vw = report(tmp_path, "--verwachting", "15.800,00")["evaluatie"]["verwachting"]
    assert vw == {"per_casus": "15800.00", "gerealiseerd_gemiddeld": "3150.00", "verschil": "-12650.00", "aantal": 2}
    md = report(tmp_path, "--verwachting", "15800", fmt="markdown")
    assert "Verwachte kosten per casus € 15.800,00; gerealiseerd gemiddeld € 3.150,00 over 2 casussen" in md
    bad = runner.invoke(app, ["report", "-q", "--verwachting", "veel", str(tmp_path)])
    assert bad.exit_code == 2 and "--verwachting" in bad.output


def test_the_generated_region_keeps_its_funnel_consistent(tmp_path):
    """casegen's folder: every stage is at most the one before it, and the parts of each stage add up."""
    casegen.generate(str(tmp_path), 60, seed=5)
    data = report(tmp_path)
    t = data["trechter"]
    stages = [t[k] for k in ("aangemeld", "intake", "plan", "besloten", "gerealiseerd", "gemeten")]
    assert stages == sorted(stages, reverse=True) and stages[0] == data["aantal_casussen"] == 60
    assert t["plan"] == data["per_casus"]["aantal"]
    stopped = sum(sum(g.values()) for g in t["gestopt"].values())
    assert stopped == data["per_status"]["gestopt"]
    assert sum(t["lopend"].values()) + stopped + data["per_status"]["afgesloten"] == 60
    assert D(data["totalen"]["dreigend"]) > 0


def test_the_site_draws_the_funnel_and_lists_what_the_money_counts(folder, tmp_path):
    import io

    from doorbraak_cli.commands import Io
    from doorbraak_cli.commands import site as site_cmd

    out = tmp_path / "site"
    code = site_cmd.run(Io(io.StringIO(), io.StringIO()), [str(folder)], str(out))
    assert code == 0
    index = " ".join((out / "index.html").read_text(encoding="utf-8").split())
    assert 'aria-labelledby="trechter-titel"' in index  # the drawn funnel
    assert "over 50 casussen met een kosten-batenanalyse" in index
    assert "situatie verbeterd 20" in index and "adviesrol, geen plan 3" in index
    # the list behind the money figures holds exactly the 50 plans, the list of all cases the 90
    kba = (out / "lijst" / "met-kba.html").read_text(encoding="utf-8")
    assert kba.count('href="../casus/mp-e') >= 50 and 'href="../casus/mp-d' not in kba
    cheaper = (out / "lijst" / "goedkoper-dan-dreigend-scenario.html").read_text(encoding="utf-8")
    assert 'href="../casus/mp-d' not in cheaper  # a draft is cheaper than its threat on paper, but counts nowhere
