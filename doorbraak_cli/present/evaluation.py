"""The evaluation of one case as display rows, shared by the terminal, Markdown, JSON and the plan document.

Plan against reality per line, the realised rendement next to the planned one,
and the Positieve Gezondheid measurements per dimension with the change from
the first to the last. Scores are shown with one decimal, means with two.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ..compute.analysis import Analysis
from ..compute.evaluation import ORDINALS, Evaluation, late
from ..model.vocabulary import COMPARISONS, DIMENSION_LABELS, DIMENSIONS
from .numbers import amount_json, comparison_label, date_nl, euro, number_nl, signed_euro, to_decimal
from .tables import Table

ONE = Decimal("0.1")
TWO = Decimal("0.01")
OUTCOME_LABELS = {"gelukt": "gelukt", "deels": "deels gelukt", "niet gelukt": "niet gelukt", "": "niet vermeld"}


def score(value: Fraction, places: Decimal = ONE, signed: bool = False) -> str:
    """A score in Dutch notation: 7,5 (one decimal), a mean 6,83 (two), a change +1,5."""
    d = to_decimal(value, places)
    text = number_nl(abs(d) if d == 0 else d, -places.as_tuple().exponent)
    return ("+" + text) if signed and d > 0 else text


def score_json(value: Fraction, places: Decimal = ONE) -> str:
    d = to_decimal(value, places)
    return f"{abs(d) if d == 0 else d:.{-places.as_tuple().exponent}f}"


def difference(value: Fraction) -> str:
    """A realised minus planned amount: '€ +2.150' (more than planned) or '€ -100' (numbers.signed_euro)."""
    return signed_euro(value, cents=False)


UNKNOWN = "onbekend"


def incomplete_text(e: Evaluation) -> str:
    """'onvolledig: 1 van 3 posten bekend' (how many of the lines that need a realised quantity have one)."""
    return f"onvolledig: {e.bekend} van {e.posten} posten bekend"


def missing_line(e: Evaluation) -> str:
    """The realised cost of an incomplete case, in words: how much is known and which lines are missing."""
    names = ", ".join(f"'{line.omschrijving}'" for line in e.ontbrekend)
    return (f"Gerealiseerde kosten {incomplete_text(e)}; niet ingevuld bij {names}. Zonder die aantallen is er geen "
            "gerealiseerd totaal, verschil of gerealiseerd rendement (onbekend is geen 0).")


def _real(value) -> str:
    return UNKNOWN if value is None else euro(value, cents=False)


def _diff(value) -> str:
    return UNKNOWN if value is None else difference(value)


def plan_vs_real(e: Evaluation) -> Table:
    rows = tuple((r.line.omschrijving, euro(r.gepland, cents=False), _real(r.gerealiseerd), _diff(r.afwijking))
                 for r in e.regels)
    t = e.totalen
    real = _real(t["gerealiseerd"]) if e.complete else incomplete_text(e)
    footer = (("Totaal", euro(t["gepland"], cents=False), real, _diff(t["afwijking"])),)
    return Table("Plan en werkelijkheid", ("Post", "Gepland\n(doorbraak)", "Gerealiseerd", "Verschil"), rows, footer,
                 (1, 2, 3))


def rendement_lines(a: Analysis) -> list[str]:
    """The realised rendement next to the planned one, in the method's words."""
    return [text for text, _ in rendement_items(a)]


def rendement_items(a: Analysis) -> list[tuple[str, bool]]:
    """(line, positive?) for the realised rendement against each scenario, with the planned one beside it; for an
    incomplete case one line that says so and names the missing lines."""
    e = a.evaluation
    if not e.complete:
        return [(missing_line(e), False)]
    out = []
    for c in COMPARISONS:
        label, amount = comparison_label(e.rendement[c], c, cents=False)
        plan_label, plan_amount = comparison_label(a.result.rendement[c], c, cents=False)
        out.append((f"Gerealiseerd: {label[0].lower()}{label[1:]} {amount} (gepland: {plan_label.split()[0].lower()} "
                    f"{plan_amount})", label.startswith("Rendement")))
    return out


def outcome_line(e: Evaluation) -> str:
    r = e.realisatie
    if r is None:
        return "Nog geen realisatie vastgelegd."
    when = f"op {date_nl(r.datum)}" if r.datum else "(datum onbekend)"
    return f"Gerealiseerd {when}; uitkomst: {OUTCOME_LABELS.get(r.uitkomst, r.uitkomst)}."


def short_label(label: str) -> str:
    """'nulmeting' -> 'Nulmeting', 'eerste vervolgmeting' -> 'Vervolg 1', 'meting 3' -> 'Meting 3' (table heads)."""
    words = label.split()
    if words[-1] == "vervolgmeting" and words[0] in ORDINALS:
        return f"Vervolg {ORDINALS.index(words[0]) + 1}"
    return label[0].upper() + label[1:]


def health_table(e: Evaluation) -> Table | None:
    """The six dimensions per measurement; with two or more, the change from the first to the last."""
    h = e.gezondheid
    if h is None:
        return None
    n = len(h.metingen)
    change = n > 1
    heads = tuple(f"{short_label(m.label)}\n{m.meting.datum.strftime('%d-%m-%Y')}" for m in h.metingen)
    rows = []
    for d in DIMENSIONS:
        rows.append((DIMENSION_LABELS[d],) + tuple(score(Fraction(m.meting.scores[d])) for m in h.metingen)
                    + ((score(h.dimensies[d][2], signed=True),) if change else ()))
    footer = (("Gemiddelde",) + tuple(score(m.gemiddelde, TWO) for m in h.metingen)
              + ((score(h.gemiddelde[2], TWO, signed=True),) if change else ()),)
    return Table("Positieve Gezondheid (0–10)", ("Dimensie",) + heads + (("Verschil",) if change else ()),
                 tuple(rows), footer, tuple(range(1, n + 1 + change)))


def follow_up_lines(e: Evaluation, peildatum) -> list[str]:
    """Each follow-up: done on a day, or (on ``peildatum``) late or not yet due; without a peildatum never late."""
    out = []
    for f in e.vervolg:
        label = f"{f.label[0].upper()}{f.label[1:]}"
        if f.gedaan is not None:
            days = (f.gedaan.datum - f.vervaldatum).days if f.vervaldatum else 0
            when = f"{_days(days)} te laat, " if days > 0 else ""
            out.append(f"{label}: gedaan op {date_nl(f.gedaan.datum)} ({when}gepland {date_nl(f.vervaldatum)})")
        else:  # not done: no count of days here, so a page stays right until the state changes ('todo' counts)
            state = "te laat" if peildatum is not None and f in late(e, peildatum) else "nog niet gedaan"
            out.append(f"{label}: {state} (gepland {date_nl(f.vervaldatum)})")
    return out


def _days(n: int) -> str:
    return f"{n} dag" if n == 1 else f"{n} dagen"


def _amount(value) -> str | None:
    return None if value is None else amount_json(value)


def as_json(a: Analysis) -> dict | None:
    """calc's JSON contract for the evaluation (None when the case has nothing to evaluate)."""
    e = a.evaluation
    if e is None:
        return None
    h = e.gezondheid
    r = e.realisatie
    return {
        "realisatie": None if r is None else {
            "datum": r.datum.isoformat() if r.datum else None, "uitkomst": r.uitkomst or None,
            "toelichting": r.toelichting, "metingen_na": [d.text for d in r.metingen_na]},
        # the money figures only when something was realised (a baseline measurement alone has none); an unknown
        # realised figure (a line without 'gerealiseerd') is null, never 0
        "totalen": {k: _amount(v) for k, v in e.totalen.items()} if e.realised else None,
        "rendement": {c: _amount(e.rendement[c]) for c in COMPARISONS} if e.realised else None,
        "per_domein": {d: {k: _amount(v) for k, v in t.items()} for d, t in e.per_domein.items()}
        if e.realised else None,
        "posten": [{"omschrijving": x.line.omschrijving, "gepland": amount_json(x.gepland),
                    "gerealiseerd": _amount(x.gerealiseerd), "afwijking": _amount(x.afwijking)}
                   for x in e.regels] if e.realised else None,
        "volledig": e.complete if e.realised else None,
        "posten_bekend": {"bekend": e.bekend, "van": e.posten} if e.realised else None,
        "ontbrekend": [{"omschrijving": line.omschrijving} for line in e.ontbrekend],
        "gezondheid": None if h is None else {
            "metingen": len(h.metingen),
            "dimensies": {d: dict(zip(("eerste", "laatste", "verschil"), map(score_json, h.dimensies[d])))
                          for d in DIMENSIONS},
            "gemiddelde": dict(zip(("eerste", "laatste", "verschil"), (score_json(x, TWO) for x in h.gemiddelde))),
            "reeks": [{"datum": m.meting.datum.isoformat(), "soort": m.label, "door": m.meting.door,
                       "scores": {d: score_json(Fraction(m.meting.scores[d])) for d in DIMENSIONS},
                       "gemiddelde": score_json(m.gemiddelde, TWO)} for m in h.metingen],
        },
        "vervolgmetingen": [{"meting": f.label, "vervaldatum": f.vervaldatum.isoformat() if f.vervaldatum else None,
                             "gedaan": f.gedaan.datum.isoformat() if f.gedaan else None} for f in e.vervolg],
    }
