"""``with_texts``: an analysis carried over to a copy of its case with other texts is the analysis of that copy.

The anonymised outputs (``render --anoniem``, the site) show the figures of the case as it is with every text
through the anonymiser, without computing them again. That is exact only while no figure reads a text the
anonymiser changes. Here every text the anonymiser touches is changed into something else entirely (each
reversed and marked, not only the names in it), and the carried-over analysis must equal a fresh one of the
changed case, figure for figure, and hold nothing of the old case: so a computation that starts to read one of
those texts, or an analysis that starts to keep another record of the case, fails here.
"""

import casegen
import pytest
from conftest import SAMPLES

from doorbraak_cli.check.case import check_file
from doorbraak_cli.compute.analysis import analyse, with_texts
from doorbraak_cli.present.plan import anonymize as an


def _cases(tmp_path_factory) -> list:
    root = tmp_path_factory.mktemp("gegenereerd")
    files = sorted(str(p) for p in SAMPLES.glob("*.yaml")) + casegen.generate(str(root), 120, seed=23)
    cases = [check_file(f).case for f in files]
    return [c for c in cases if c is not None]


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    out = _cases(tmp_path_factory)
    assert len(out) > 100 and any(c.metingen for c in out) and any(c.realisatie for c in out)
    assert any(line.indicatief for c in out for line in c.rendement.posten)
    return out


def _scrambled(case, monkeypatch):
    """The case with every text the anonymiser touches replaced by another (reversed, marked)."""
    with monkeypatch.context() as m:
        m.setattr(an.Anonymizer, "text", lambda self, value: "≠" + value[::-1])
        m.setattr(an.Anonymizer, "person", lambda self, value: "≠" + value[::-1])
        return an.anonymize(case)


def _records(value, seen: set, out: list) -> None:
    """Every tuple (record) reachable from an analysis, by identity."""
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, tuple):
        out.append(value)
        for x in value:
            _records(x, seen, out)
    elif isinstance(value, dict):
        for k, x in value.items():
            _records(k, seen, out)
            _records(x, seen, out)
    elif hasattr(value, "_memo"):  # MoneyFlows
        _records(value._memo, seen, out)


def _old_records(old, new) -> list:
    """The records of the old case that the new one does not share (the ones a carried-over analysis must not
    hold)."""
    shared = []
    _records(new, set(), shared)
    shared = {id(x) for x in shared}
    mine = []
    _records(old, set(), mine)
    return [x for x in mine if id(x) not in shared and x != ()]


@pytest.mark.parametrize("sensitivity", [False, True])
def test_carried_over_analysis_is_the_fresh_one(cases, monkeypatch, sensitivity):
    changed = 0
    for case in cases:
        a = analyse(case, None, sensitivity)
        a.flows["dreigend"]  # one made before, as a report does
        other = _scrambled(case, monkeypatch)
        changed += other.rendement.posten != case.rendement.posten
        fresh = analyse(other, a.projection.horizon, sensitivity)
        carried = with_texts(a, other)
        assert carried == fresh, case.file
        assert carried.result.lines == fresh.result.lines and carried.evaluation == fresh.evaluation
        held = {id(x) for x in _old_records(case, other)}
        reachable = []
        _records(carried, set(), reachable)
        assert not [x for x in reachable if id(x) in held], case.file
    assert changed == len(cases)


def test_anonymous_analysis_is_the_analysis_of_the_anonymised_case(cases):
    for case in cases:
        a = analyse(case)
        shown = an.anonymous_analysis(a)
        assert isinstance(shown, an.AnonymousAnalysis)
        assert shown == analyse(an.anonymize(case)), case.file
        assert shown.case.titel == an.HOUSEHOLD
        assert an.anonymous_analysis(shown) is shown  # never anonymised twice


def test_a_case_of_another_shape_is_refused(cases):
    case = next(c for c in cases if len(c.rendement.posten) > 1)
    a = analyse(case)
    fewer = case._replace(rendement=case.rendement._replace(posten=case.rendement.posten[:-1]))
    with pytest.raises(ValueError):
        with_texts(a, fewer)
    line = case.rendement.posten[0]
    dearer = case._replace(rendement=case.rendement._replace(
        posten=(line._replace(prijs=line.prijs + 1),) + case.rendement.posten[1:]))
    with pytest.raises(ValueError):
        with_texts(a, dearer)


def test_an_anonymised_site_anonymises_each_case_once(cases, monkeypatch, tmp_path):
    """The worker of an anonymised site anonymises a case once, for its figures and its page alike; the page is
    the one the anonymised case's own fresh analysis gives, and the figures' rules are the page's."""
    import datetime

    from doorbraak_cli.compute.portfolio.summary import Filters
    from doorbraak_cli.model.run import RunContext
    from doorbraak_cli.present.plan.view import build
    from doorbraak_cli.site import casepage
    from doorbraak_cli.site.work import PageTarget, SitePayload

    run = RunContext.of(datetime.date(2026, 11, 25))
    assert run.anonymised
    calls = []
    plain = an.anonymize
    monkeypatch.setattr(an, "anonymize", lambda case: calls.append(case.id) or plain(case))
    rendered = []
    monkeypatch.setattr(PageTarget, "write", lambda self, summary, extras, page, namen: rendered.append(page) or None)
    worker = SitePayload(run, None, PageTarget(str(tmp_path), Filters(), 0o644))
    for case in cases[:40]:
        calls.clear()
        rendered.clear()
        entry = worker(analyse(case))
        assert calls == [case.id]
        expected = casepage.render(build(analyse(plain(case)), run))
        assert rendered == [expected], case.file
        assert case.titel not in rendered[0]
        assert entry.summary.problemen == plain(case).problemen


def test_the_flows_are_made_once_for_both(cases, monkeypatch):
    """The carried-over analysis and the one it came from share their money flows: an anonymised site's worker
    makes the flows for the summary after it carried the analysis over to the page's case."""
    case = next(c for c in cases if len(c.rendement.posten) > 1)
    a = analyse(case)
    carried = with_texts(a, _scrambled(case, monkeypatch))
    assert carried.flows["dreigend"] is a.flows["dreigend"]
    assert a.flows["huidig"] is carried.flows["huidig"]


def test_anonymising_copies_only_the_records_that_name_someone(cases):
    """A record whose texts name nobody is kept as it is (the same object), one that names someone is a copy
    with the label; the anonymised case is the same either way (the site's pages are byte for byte the same)."""
    case = next(c for c in cases if len(c.rendement.posten) > 1 and c.legitimiteit)
    first, *rest = case.rendement.posten
    named = case._replace(rendement=case.rendement._replace(
        posten=(first._replace(toelichting=f"besproken met {case.titel}"), *rest)))
    out = an.anonymize(named)
    assert out.rendement.posten[0].toelichting == f"besproken met {an.HOUSEHOLD}" or "Persoon" in \
        out.rendement.posten[0].toelichting
    assert all(x is y for x, y in zip(out.rendement.posten[1:], rest) if case.titel not in x.toelichting + x.omschrijving)
    assert out.doorbraken == tuple(b._replace(omschrijving=an.Anonymizer(named).text(b.omschrijving),
                                              toelichting=an.Anonymizer(named).text(b.toelichting))
                                   for b in named.doorbraken)
