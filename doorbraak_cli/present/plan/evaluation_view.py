"""The plan document after the decision: the household's consent at the top, and the evaluation section.

Figures come from the analysis (realised against planned, the Positieve
Gezondheid measurements); texts from the case as the document shows it, so
``--anoniem`` applies to them as everywhere.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from ...compute.analysis import Analysis
from ...model.vocabulary import DIMENSION_LABELS, DIMENSIONS
from .. import evaluation
from ..numbers import date_nl
from .narrative import Narrative


def consent_view(case) -> dict | None:
    c = case.instemming
    if c is None:
        return None
    return {"datum": date_nl(c.datum), "door": c.door, "in_eigen_woorden": Narrative(c.in_eigen_woorden)}


def evaluation_view(a: Analysis, case, table, peildatum: date) -> dict | None:
    """``table`` turns a presenter table into the templates' plain data (the view model's own helper)."""
    from markupsafe import Markup

    from ..svg import spider_chart

    e = a.evaluation
    if e is None:
        return None
    realised = e.realised
    view = {
        "uitkomst": evaluation.outcome_line(e),
        "toelichting": Narrative(case.realisatie.toelichting if case.realisatie else ""),
        "plan_en_werkelijkheid": table(evaluation.plan_vs_real(e)) if realised else None,
        "rendement": [{"tekst": t, "positief": p} for t, p in evaluation.rendement_items(a)] if realised else [],
        "vervolg": evaluation.follow_up_lines(e, peildatum),
        "gezondheid": None,
    }
    h = e.gezondheid
    if h is not None:
        axes = [DIMENSION_LABELS[d] for d in DIMENSIONS]
        first, last = h.metingen[0], h.metingen[-1]
        series = [(f"{first.label} ({date_nl(first.meting.datum)})", [Fraction(first.meting.scores[d]) for d in DIMENSIONS])]
        if len(h.metingen) > 1:
            series.append((f"{last.label} ({date_nl(last.meting.datum)})", [Fraction(last.meting.scores[d]) for d in DIMENSIONS]))
        texts = {m.datum: m.toelichting for m in case.metingen}
        view["gezondheid"] = {
            "tabel": table(evaluation.health_table(e)),
            "grafiek": Markup(spider_chart(axes, series, "Positieve Gezondheid: de eerste en de laatste meting",
                                           "Zes dimensies van 0 tot 10; de stippellijn is de eerste meting, de "
                                           "doorgetrokken lijn de laatste. De cijfers staan in de tabel.")),
            "toelichtingen": [{"datum": date_nl(m.meting.datum), "soort": m.label,
                               "tekst": Narrative(texts.get(m.meting.datum, ""), inline=True)}
                              for m in h.metingen if texts.get(m.meting.datum)],
        }
    return view
