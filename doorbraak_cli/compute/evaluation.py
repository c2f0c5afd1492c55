"""Did the breakthrough deliver? Realised costs against the plan, and quality of life measured after it.

Pure functions over a computed :class:`~.cost.Result` and the case's realisation:

* the realised total is Σ prijs × gerealiseerd over the counted lines (a line
  may have only ``gerealiseerd``: a cost nobody planned);
* afwijking = gerealiseerd − gepland, where gepland is the breakthrough total;
* the realised rendement is huidig − gerealiseerd and dreigend − gerealiseerd,
  the plan's two comparisons with the realised figure in place of the plan;
* a Positieve Gezondheid measurement on or before the realisation date is a
  baseline (nulmeting); after it, the first, second … follow-up by date. Per
  dimension the change is last − first; the mean is over the six dimensions;
* the follow-ups are due ``metingen_na`` after the realisation date (calendar
  months or days); one is done when that many measurements followed the date.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from typing import NamedTuple

from ..model.vocabulary import DIMENSIONS, REALISED, domain_order
from .cost import Result

ORDINALS = ("eerste", "tweede", "derde", "vierde", "vijfde")


class LineResult(NamedTuple):
    line: object  # CostLine
    gepland: Fraction  # the breakthrough scenario's amount
    gerealiseerd: Fraction | None  # None: unknown (the line does not say)
    afwijking: Fraction | None  # gerealiseerd − gepland; None when unknown


class Labelled(NamedTuple):
    label: str  # "nulmeting", "eerste vervolgmeting", … or "meting 1" without a realisation
    meting: object  # Measurement
    gemiddelde: Fraction  # the mean of its six scores


class Health(NamedTuple):
    metingen: tuple  # of Labelled, by date
    dimensies: dict  # dimension -> (eerste, laatste, verschil), Fractions
    gemiddelde: tuple  # (eerste, laatste, verschil) of the six-dimension means


class FollowUp(NamedTuple):
    nummer: int  # 1, 2, …
    label: str  # "eerste vervolgmeting"
    vervaldatum: date | None
    gedaan: object  # the Measurement that counts for it, or None


class Evaluation(NamedTuple):
    realisatie: object  # Realisation or None
    realised: bool  # the case has a realisation: its realised money figures are asked for
    regels: tuple  # of LineResult: every counted line planned or realised
    totalen: dict  # gepland, gerealiseerd, afwijking (the last two None when the realised cost is incomplete)
    rendement: dict  # "huidig"/"dreigend" -> that scenario's total − gerealiseerd (None when incomplete)
    per_domein: dict  # domein -> {gepland, gerealiseerd, afwijking} (None when that domain is incomplete)
    gezondheid: Health | None
    vervolg: tuple  # of FollowUp
    ontbrekend: tuple = ()  # of CostLine: planned lines whose realised quantity is unknown
    posten: int = 0  # the lines that need a realised quantity (planned or realised), of which ``bekend`` have one
    bekend: int = 0

    @property
    def complete(self) -> bool:
        """Realised, and every line with a planned or realised quantity says what it really took."""
        return self.realised and not self.ontbrekend


def _days_in_month(year: int, month: int) -> int:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return (following - timedelta(days=1)).day


def add_duration(start: date, d) -> date:
    """``start`` plus a Duration, by the calendar: 31 januari + 1 maand = 28 (of 29) februari."""
    if d.months:
        month = start.month - 1 + d.months
        year, month = start.year + month // 12, month % 12 + 1
        start = date(year, month, min(start.day, _days_in_month(year, month)))
    return start + timedelta(days=d.days)


def _tenths(score) -> int:
    """A score (a Decimal with one decimal at most) as a whole number of tenths: exact, and cheap to add."""
    return int(score * 10)


def _mean(scores: dict) -> Fraction:
    return Fraction(sum(_tenths(scores[d]) for d in DIMENSIONS), 10 * len(DIMENSIONS))


_TENTHS = {n: Fraction(n, 10) for n in range(-100, 101)}  # every score (0-10) and change of score, made once


def _tenth(n: int) -> Fraction:
    f = _TENTHS.get(n)
    return f if f is not None else Fraction(n, 10)


def health(metingen, realisatie) -> Health | None:
    if not metingen:
        return None
    labelled = []
    after = 0
    for i, m in enumerate(metingen, 1):
        if realisatie is None or realisatie.datum is None:
            label = f"meting {i}"
        elif m.datum <= realisatie.datum:
            label = "nulmeting"
        else:
            after += 1
            label = f"{ORDINALS[after - 1]} vervolgmeting" if after <= len(ORDINALS) else f"vervolgmeting {after}"
        labelled.append(Labelled(label, m, _mean(m.scores)))
    first, last = metingen[0], metingen[-1]
    dims = {}
    for d in DIMENSIONS:
        a, b = _tenths(first.scores[d]), _tenths(last.scores[d])
        dims[d] = (_tenth(a), _tenth(b), _tenth(b - a))
    a, b = labelled[0].gemiddelde, labelled[-1].gemiddelde
    return Health(tuple(labelled), dims, (a, b, b - a))


def follow_ups(metingen, realisatie) -> tuple:
    if realisatie is None or realisatie.datum is None:
        return ()
    later = [m for m in metingen if m.datum > realisatie.datum]
    out = []
    for k, d in enumerate(realisatie.metingen_na, 1):
        label = f"{ORDINALS[k - 1]} vervolgmeting" if k <= len(ORDINALS) else f"vervolgmeting {k}"
        out.append(FollowUp(k, label, add_duration(realisatie.datum, d), later[k - 1] if len(later) >= k else None))
    return tuple(out)


def late(e: Evaluation, peildatum: date) -> list:
    """The follow-ups that were due before ``peildatum`` and are not done."""
    return [f for f in e.vervolg if f.gedaan is None and f.vervaldatum is not None and f.vervaldatum < peildatum]


def evaluate(result: Result) -> Evaluation | None:
    """The evaluation of a case, or None when it has neither a realisation nor measurements.

    The realised cost is complete when every counted line with a planned (doorbraak) or a realised quantity says
    what it really took; an explicit 0 is known. An incomplete case has no realised total, deviation or realised
    rendement: those are None, and ``ontbrekend`` names the lines."""
    case = result.case
    if not case.evaluated:
        return None
    realised = case.realisatie is not None
    needed, unknown = case.realised_lines()  # the model's one rule of a complete realised cost
    needed = {line.index for line in needed}
    rows = []
    for r in result.lines:  # counted lines: not the indicative ones
        real = r.amounts[REALISED] if realised else None
        if r.line.index in needed:
            rows.append(LineResult(r.line, r.amounts["doorbraak"], real,
                                   None if real is None else real - r.amounts["doorbraak"]))
    missing = unknown if realised else ()
    planned = result.totals["doorbraak"]
    total = None if missing or not realised else sum((x.gerealiseerd for x in rows), Fraction(0))
    per_domein: dict = {}
    for x in sorted(rows, key=lambda x: domain_order(x.line.domein)):
        acc = per_domein.setdefault(x.line.domein, {"gepland": Fraction(0), "gerealiseerd": Fraction(0)})
        acc["gepland"] += x.gepland
        acc["gerealiseerd"] = None if acc["gerealiseerd"] is None or x.gerealiseerd is None else (
            acc["gerealiseerd"] + x.gerealiseerd)
    for acc in per_domein.values():
        acc["afwijking"] = None if acc["gerealiseerd"] is None else acc["gerealiseerd"] - acc["gepland"]
    return Evaluation(
        case.realisatie, realised, tuple(rows),
        {"gepland": planned, "gerealiseerd": total, "afwijking": None if total is None else total - planned},
        {c: None if total is None else result.totals[c] - total for c in ("huidig", "dreigend")},
        per_domein, health(case.metingen, case.realisatie), follow_ups(case.metingen, case.realisatie),
        missing, len(rows), len(rows) - len(missing))
