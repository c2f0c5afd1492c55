"""The site's model: every list behind a figure holds exactly the cases the portfolio figure counts.

Generated cases (tests/casegen.py) go through the worker's path for the site
(``process_file`` with the site's Work); the portfolio the model folds is compared
with ``report``'s, and each list's length and sums with the figure it belongs to.
"""

import json
from datetime import date

import casegen
import pytest
from conftest import SAMPLES

from doorbraak_cli.batch.workers import Work, process_file
from doorbraak_cli.compute.portfolio.base import NO_GEMEENTE
from doorbraak_cli.compute.portfolio.keys import decider_key, rule_key
from doorbraak_cli.compute.portfolio.summary import Filters, aggregate
from doorbraak_cli.model.run import RunContext
from doorbraak_cli.site.model import SiteModel, quarter_of
from doorbraak_cli.site.slugs import case_slug, unique_slugs
from doorbraak_cli.site.work import SitePayload, work_key
from doorbraak_cli.source.discover import find_files

DAY = date(2026, 11, 25)  # the peildatum of every model here: the compute layer never reads the clock
RUN = RunContext.of(DAY)

def records(root):
    files, _ = find_files([str(root)])
    out = []
    work = Work(work_key(False), SitePayload(RUN))
    for f in files:
        _, ekind, _, payload_json = process_file(f, work)
        out.append((ekind, f, work.payload.from_json(payload_json) if ekind == "case" else json.loads(payload_json)))
    return out


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("gen")
    casegen.generate(str(root), 160, seed=5)
    (root / "kapot.yaml").write_text("schema: doorbraakplan/1\nid: [\n", encoding="utf-8")
    return records(root)


def model_of(recs, filters=None):
    m = SiteModel(filters, RUN)
    for kind, f, payload in recs:
        m.add(kind, f, payload)
    return m.finish()


def test_portfolio_is_the_reports(generated):
    m = model_of(generated)
    rep = aggregate([(k, f, p.summary if k == "case" else p) for k, f, p in generated], None, RUN)
    assert m.rep == rep
    assert len(m.rep.ongeldig) == 1 and len(m.cases) == m.rep.casussen.aantal


def test_every_list_holds_what_its_figure_counts(generated):
    m = model_of(generated)
    rep = m.rep
    n = rep.casussen.aantal
    lists = {k: len(g.leden) for k, g in m.lists.items()}
    assert lists["alle"] == n
    assert lists["goedkoper-dan-dreigend-scenario"] == rep.rendement.goedkoper["dreigend"]
    assert lists["goedkoper-dan-huidige-situatie"] == rep.rendement.goedkoper["huidig"]
    assert lists["break-even-kans"] == rep.break_even.casussen_met_kans
    assert lists["altijd-rendabel"] == rep.break_even.altijd_rendabel
    assert lists["nooit-rendabel"] == rep.break_even.nooit_rendabel
    assert lists["indicatief"] == rep.indicatief.casussen
    assert lists["maatwerkbudget"] == rep.maatwerkbudget.casussen
    r = rep.reis
    assert (lists["met-reis"], lists["ingediend"], lists["besloten"]) == (r.casussen_met_reis, r.ingediend, r.besloten)
    assert (lists["binnen-14-dagen"], lists["opgeschaald"]) == (r.binnen_14_dagen, r.opgeschaald)
    for k, v in r.besluiten.items():
        assert lists.get("besluit-" + k.replace("_", "-"), 0) == v, k
    for k, v in r.laatste_stap.items():
        assert lists[f"laatste-stap-{k}"] == v
    for a, slug in (("huidig", "huidige-situatie"), ("dreigend", "dreigend-scenario")):
        for year, count in rep.terugverdiend[a].in_jaar.items():
            assert lists[f"terugverdiend-{slug}-jaar-{year}"] == count
        assert lists.get(f"terugverdiend-{slug}-niet", 0) == rep.terugverdiend[a].niet_binnen_horizon


def test_every_group_holds_what_its_figure_counts(generated):
    m = model_of(generated)
    rep = m.rep
    groups = m.groups
    assert {s: len(g.leden) for s, g in groups["status"].items()} == {s: c for s, c in rep.casussen.per_status.items()
                                                                      if c}
    assert {k: len(g.leden) for k, g in groups["gemeente"].items()} == {k: v.aantal for k, v in rep.per_gemeente.items()}
    for d, v in rep.per_domein.items():
        assert len(groups["domein"][d].leden) == v.casussen if v.casussen else d not in groups["domein"]
        if v.casussen:  # the list's sums are the figure
            from doorbraak_cli.compute.portfolio.exact import sum_values
            from doorbraak_cli.site.model import case_domain

            cases = m.members(groups["domein"][d])
            assert [sum_values(case_domain(c, d)[i] for c in cases) for i in range(3)] == \
                [v.totalen[s] for s in ("huidig", "dreigend", "doorbraak")]
    for g, v in rep.per_gemeente.items():
        sums = m.sums(m.members(groups["gemeente"][g]))
        assert list(sums) == [v.totalen["huidig"], v.totalen["dreigend"], v.totalen["doorbraak"],
                              v.rendement["huidig"], v.rendement["dreigend"]]
    assert list(m.sums(m.cases)) == [*rep.rendement.totalen.values(), rep.rendement.rendement["huidig"],
                                     rep.rendement.rendement["dreigend"]]
    for r in rep.legitimiteit.regels:
        g = groups["regel"][rule_key(r.regel)]
        assert len(g.leden) == r.casussen and g.titel == r.regel
    for w in rep.legitimiteit.wie_gaat_erover:
        assert len(groups["beslisser"][decider_key(w.wie)].leden) == w.casussen
    for p in rep.problemen:
        assert len(groups["probleem"][p.probleem].leden) == p.casussen
    for f in rep.geldstromen:
        assert f"{f.van}|{f.naar}" in groups["stroom"]
    for k, v in rep.doorbraken.per_leefgebied.items():
        cases = m.members(groups["leefgebied"][k])
        assert sum(1 for c in cases for lg, _ in c.s.doorbraken if (lg or "overig") == k) == v.aantal


def test_filters_as_the_report(generated):
    f = Filters(["Tilburg", "dongen"], ["goedgekeurd", "gerealiseerd"], "2025-01-01")
    m = model_of(generated, f)
    rep = aggregate([(k, fl, p.summary if k == "case" else p) for k, fl, p in generated], f, RUN)
    assert m.rep == rep
    assert all(c.s.head.gemeente in ("Tilburg", "Dongen") and c.s.head.datum >= "2025-01-01" for c in m.cases)


def test_quarters_and_slugs():
    assert quarter_of("2025-05-17") == "2025-K2" and quarter_of("2024-12-31") == "2024-K4"
    assert quarter_of(None) == "zonder datum"
    assert case_slug("2026-tilburg-001") == "2026-tilburg-001"
    odd = [case_slug(x) for x in ("A-1", "con", "../x", "Zqx Jan", "é", "a.b")]
    assert all("~" in s and "/" not in s and ".." not in s for s in odd[:-1]) and odd[-1] == "a.b"
    assert len(set(odd + [case_slug("a-1")])) == len(odd) + 1  # 'a-1' is safe as it is, and differs from 'A-1'
    slugs = unique_slugs(["Tilburg", "tilburg", "Tilbürg", "index", ""])
    assert len(set(slugs.values())) == 5 and "index" not in slugs.values()
    assert slugs["Tilburg"] == "tilburg" and slugs["tilburg"] == "tilburg-2"


def test_samples_quarters_and_municipalities():
    recs = records(SAMPLES)
    m = model_of(recs)
    quarters = m.groups["kwartaal"]
    assert all(c.kwartaal in quarters for c in m.cases)
    assert sum(len(g.leden) for g in quarters.values()) == len(m.cases)
    keys = list(quarters)
    assert keys == sorted(k for k in keys if k != "zonder datum") + (["zonder datum"] if "zonder datum" in keys else [])
    assert NO_GEMEENTE not in m.groups["gemeente"]
    assert {"Doorbraakdorp", "Voorbeeldstad"} <= set(m.groups["gemeente"])


def test_the_evaluation_lists_when_the_portfolio_has_the_figure():
    """PLUG-IN (site/evaluation.py): only when the report has the figure `evaluatie`."""
    m = model_of(records(SAMPLES))
    ev = getattr(m.rep, "evaluatie", None)
    if ev is None:
        assert not any(k.startswith("evaluatie") for k in m.lists)
        pytest.skip("the portfolio has no evaluation figure (yet)")
    lists = {k: len(g.leden) for k, g in m.lists.items()}
    assert lists["evaluatie-gerealiseerd"] == ev.casussen_met_realisatie
    assert lists["evaluatie-metingen"] == ev.casussen_met_metingen
    assert lists["evaluatie-te-laat"] == len({x.id for x in ev.metingen_te_laat})
    for outcome, n in ev.per_uitkomst.items():
        assert sum(len(g.leden) for k, g in m.lists.items() if g.titel.endswith(f": {outcome}")) == n


def test_a_workers_navigation_is_the_runs_unless_a_page_name_was_taken(generated):
    """Workers finish case pages with a navigation made from the case alone (site/nav.py); the run keeps
    them only for cases whose groups it named the same way, so the two must agree for every other case."""
    from doorbraak_cli.site.nav import provisional_nav
    from doorbraak_cli.site.pages import Context, case_nav

    m = model_of(generated)
    ctx = Context(m, "sjablonen")
    assert m.cases and not m.renamed  # the generated cases have no two municipalities or rules that fold alike
    for c in m.cases:
        assert provisional_nav(c.s, c.regels, c.kwartaal, False) == case_nav(ctx, c), c.id
    c = next(c for c in m.cases if c.s.evaluatie is None or not c.s.evaluatie.vervolg)
    c.pagina, c.peil = "0" * 64, DAY.isoformat()  # as if a worker had written its page today
    assert c.page_current(DAY, m.renamed)
    m.renamed.add(("gemeente", c.s.head.gemeente))
    assert not c.page_current(DAY, m.renamed)
