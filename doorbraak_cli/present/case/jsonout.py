"""``calc --format json``: the stable contract of case-format.md.

Amounts are strings with exactly two decimals, '.' as decimal point and no
grouping, rounded half-up from the exact value. Keys beyond the contract are
only ever added, never changed.
"""

from __future__ import annotations

from ...compute.analysis import Analysis
from ...model.vocabulary import COMPARISONS, REALISED, SCENARIOS
from .. import evaluation
from ..numbers import amount_json, quantity_plain
from ..safe import json_dumps
from . import outlook


def _line(r, evaluated: bool) -> dict:
    """One line; ``gerealiseerd`` is null for a plan that has not been evaluated (nothing was realised yet)."""
    line = r.line
    out = {"nr": line.index + 1, "omschrijving": line.omschrijving, "prijs": amount_json(line.prijs), "eenheid": line.eenheid, "domein": line.domein}
    for s in (*SCENARIOS, REALISED):
        out[s] = {"aantal": quantity_plain(line.quantity(s).value), "bedrag": amount_json(r.amounts[s])} \
            if r.amounts[s] is not None else {"aantal": None, "bedrag": None}  # unknown, never 0
    if not evaluated:
        out[REALISED] = None
    return out


def _scenarios(tot: dict) -> dict:
    return {s: amount_json(tot[s]) for s in SCENARIOS}


def as_dict(a: Analysis) -> dict:
    result = a.result
    case = a.case
    evaluated = a.realised
    return {
        "id": case.id,
        "titel": case.titel,
        "posten": [_line(r, evaluated) for r in result.lines],
        "totalen": _scenarios(result.totals),
        "rendement": {a: amount_json(result.rendement[a]) for a in COMPARISONS},
        "per_domein": {d: _scenarios(t) for d, t in result.per_domein.items()},
        # additions to the contract
        "rendement_per_domein": {d: {a: amount_json(c[a]) for a in COMPARISONS}
                                 for d, c in result.rendement_per_domein.items()},
        "indicatief": {"posten": [_line(r, evaluated) for r in result.indicative],
                       "totalen": _scenarios(result.indicative_totals)},
        **outlook.as_json(a),
        "prijslijsten": [ref._asdict() for ref in case.bronnen],
        "evaluatie": evaluation.as_json(a),
    }


def render(a: Analysis, **_options) -> str:
    return json_dumps(as_dict(a), indent=2) + "\n"
