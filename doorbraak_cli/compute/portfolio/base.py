"""What every portfolio figure is made of, and the helpers the figures share."""

from __future__ import annotations

from . import exact as ex
from .keys import fold

NO_GEMEENTE = "(geen gemeente)"
NO_CATEGORY = "(geen categorie)"


ALL = "alle"  # a figure that counts every counted case (statuses, the funnel, rules, journey, …)
WITH_ANALYSIS = "met_kba"  # a money figure: only the cases with a cost-benefit analysis (see counts_in)
SCOPE_TEXT = {WITH_ANALYSIS: "met een kosten-batenanalyse"}


def counts_in(scope: str, head) -> bool:
    """THE one place that decides which cases a figure counts: report, export, site and serve all ask here.
    ``head``: the case's :class:`.casesummary.CaseHead` (a summary's ``head``)."""
    return scope == ALL or (scope == WITH_ANALYSIS and head.kba)


class Figure:
    """One portfolio figure: how it adds up over the cases' summaries, and what it gives.

    ``scope`` says which of the counted cases it takes (:func:`counts_in`): every one, or only those with a
    cost-benefit analysis (the money figures per case). What it reads of a case is declared once, in
    :class:`.casesummary.CaseSummary`.

    * ``empty()``, ``add(state, summary)`` and ``merge(state, other)``: an exact,
      order-independent fold of :class:`.casesummary.CaseSummary` records, so that worker processes fold
      their chunk and the parent only merges;
    * ``result(state, context)``: the figure as a typed record (exact Fractions; presenters round); ``context``
      is the run's :class:`...model.run.RunContext` (its peildatum, the expected cost).
    """

    name = ""
    scope = ALL

    def empty(self):
        raise NotImplementedError

    def add(self, state, summary) -> None:
        raise NotImplementedError

    def merge(self, state, other) -> None:
        raise NotImplementedError

    def result(self, state, context):
        raise NotImplementedError


def merge_groups(mine: dict, other: dict, count: str, parts) -> None:
    """Fold per-group figures (per domain, per municipality) of another state into this one."""
    for name, o in other.items():
        acc = mine.get(name)
        if acc is None:
            mine[name] = o
            continue
        acc[count] += o[count]
        for part in parts:
            for k, v in o[part].items():
                ex.merge(acc[part][k], v)


def spelled_empty() -> dict:
    """Counts per normalised key, and every spelling of it (for showing the most frequent one)."""
    return {"cases": {}, "spellings": {}}


def spelled_add(sp: dict, pairs) -> None:
    """Count a case once per normalised key, and every spelling."""
    seen = set()
    cases, spellings = sp["cases"], sp["spellings"]
    for key, text in pairs:
        if not key:
            continue
        by_text = spellings.get(key)
        if by_text is None:
            by_text = spellings[key] = {}
        by_text[text] = by_text.get(text, 0) + 1
        if key not in seen:
            seen.add(key)
            cases[key] = cases.get(key, 0) + 1


def spelled_merge(into: dict, other: dict) -> None:
    ex.merge_counts(into["cases"], other["cases"])
    for key, texts in other["spellings"].items():
        ex.merge_counts(into["spellings"].setdefault(key, {}), texts)


def spelled_ranked(sp: dict, keyed: bool = False) -> list[tuple]:
    """[(display text, cases, spellings)] by cases (desc), then text; ``keyed``: with the group key last."""
    out = []
    for key, n in sp["cases"].items():
        texts = sp["spellings"][key]
        text = min(texts, key=lambda t: (-texts[t], t))
        out.append((text, n, len(texts), key) if keyed else (text, n, len(texts)))
    out.sort(key=lambda r: (-r[1], fold(r[0]), r[0]))
    return out
