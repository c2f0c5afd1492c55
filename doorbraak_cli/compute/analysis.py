"""Every figure of one case, computed once.

:func:`analyse` runs the cost rules (:mod:`.cost`), then what follows from
them: the expected figures and the break-even probability
(:mod:`.uncertainty`), the years over the horizon (:mod:`.projection`) and the
money flows between domains (:mod:`.flows`). Every presenter (receipt, tables,
JSON, CSV, the plan document, the portfolio summary) formats this one
:class:`Analysis`; none of them computes a figure of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

from ..model.case import Case
from ..model.vocabulary import COMPARISONS
from .cost import Result, compute
from .flows import Flows, flows
from .projection import Projection, project
from .uncertainty import Uncertainty, assess, sensitivity

if TYPE_CHECKING:
    from .evaluation import Evaluation


class MoneyFlows(Mapping):
    """Who invests and who profits, per comparison ("huidig", "dreigend"): each computed once, when first asked
    (a report over thousands of cases asks only for "dreigend")."""

    __slots__ = ("_result", "_memo")

    def __init__(self, result: Result):
        self._result = result
        self._memo: dict = {}

    def __getitem__(self, against: str) -> Flows:
        if against not in COMPARISONS:
            raise KeyError(against)
        if against not in self._memo:
            self._memo[against] = flows(self._result, against)
        return self._memo[against]

    def __iter__(self):
        return iter(COMPARISONS)

    def __len__(self) -> int:
        return len(COMPARISONS)


class Analysis(NamedTuple):
    case: Case
    result: Result  # the method's own one-period figures
    uncertainty: Uncertainty  # after kans and toerekening; the break-even probability
    projection: Projection  # per year over the horizon (the case's, or the one asked for)
    flows: MoneyFlows  # "huidig"/"dreigend" -> Flows: who invests, who profits, against that scenario
    sensitivity: tuple | None  # (by threatening quantity, by kans) rows, when asked for
    evaluation: Evaluation | None = None  # realised figures and quality of life, when the case has them

    @property
    def realised(self) -> bool:
        """Whether the case has realised money figures (a realisation or a realised quantity)."""
        return self.evaluation is not None and self.evaluation.realised


def _evaluate(result: Result):
    if not result.case.evaluated:
        return None  # most plans: the evaluation module is not even loaded
    from .evaluation import evaluate

    return evaluate(result)


def analyse(case: Case, horizon: int | None = None, with_sensitivity: bool = False) -> Analysis:
    result = compute(case)
    return Analysis(
        case=case,
        result=result,
        uncertainty=assess(result),
        projection=project(result, horizon),
        flows=MoneyFlows(result),
        sensitivity=sensitivity(result) if with_sensitivity else None,
        evaluation=_evaluate(result),
    )


def with_texts(a: Analysis, case: Case) -> Analysis:
    """The analysis of ``case``, a copy of the analysed case whose texts (and only its texts: the anonymiser's)
    differ, without computing a figure again: every figure is kept, and every record of the case the analysis
    holds (the case, its lines, realisation and measurements) is taken from ``case``.

    No figure reads a text: tests/compute/test_with_texts.py compares this with a fresh :func:`analyse` of
    ``case`` after every text the anonymiser touches was changed, and checks that nothing of the old case is left
    in it. A case of another shape (other lines or measurements) is a ValueError, never a wrong figure."""
    old = a.result.case
    if len(old.rendement.posten) != len(case.rendement.posten) or len(old.metingen) != len(case.metingen):
        raise ValueError("with_texts: the cases differ in more than their texts")
    lines = {id(x): y for x, y in zip(old.rendement.posten, case.rendement.posten)}
    for x, y in zip(old.rendement.posten, case.rendement.posten):
        if x.index != y.index or x.prijs != y.prijs:
            raise ValueError("with_texts: the cases differ in more than their texts")
    r = a.result
    result = r._replace(case=case, lines=tuple([x._replace(line=lines[id(x.line)]) for x in r.lines]),
                        indicative=tuple([x._replace(line=lines[id(x.line)]) for x in r.indicative]))
    money = MoneyFlows(result)
    # the same flows (amounts and domain names only), made once for both: an anonymised site's worker makes
    # "dreigend" for the summary after the page's analysis was carried over
    money._memo = a.flows._memo
    e = a.evaluation
    if e is not None:
        e = _evaluation_with_texts(e, case, lines, {id(x): y for x, y in zip(old.metingen, case.metingen)})
    return a._replace(case=case, result=result, flows=money, evaluation=e)


def _evaluation_with_texts(e: Evaluation, case: Case, lines: dict, metingen: dict) -> Evaluation:
    h = e.gezondheid
    if h is not None:
        h = h._replace(metingen=tuple([x._replace(meting=metingen[id(x.meting)]) for x in h.metingen]))
    return e._replace(
        realisatie=case.realisatie,
        regels=tuple([x._replace(line=lines[id(x.line)]) for x in e.regels]),
        gezondheid=h,
        vervolg=tuple([x if x.gedaan is None else x._replace(gedaan=metingen[id(x.gedaan)]) for x in e.vervolg]),
        ontbrekend=tuple([lines[id(x)] for x in e.ontbrekend]))


__all__ = ["Analysis", "Flows", "analyse", "with_texts"]
