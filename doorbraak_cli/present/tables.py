"""The method's tables as rows of display strings, shared by every format."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import NamedTuple

from ..compute.cost import Result
from ..model.vocabulary import COMPARISONS, SCENARIO_LABELS, SCENARIOS
from .numbers import comparison_label, euro, quantity_nl, signed_euro

SCENARIO_HEADS = {"huidig": "Huidig", "dreigend": "Dreigend", "doorbraak": "Doorbraak"}


class Table(NamedTuple):
    title: str
    headers: tuple
    rows: tuple  # tuples of strings
    footer: tuple  # rows after a rule (totals)
    numeric: tuple  # column indexes to right-align


def sources_text(case) -> str:
    """Where the prices came from, for the receipts and the documents: name, version and origin of each list."""
    if not case.bronnen:
        return "Prijzen: eigen prijzen in de casus (geen prijslijst gebruikt)."
    parts = []
    for ref in case.bronnen:
        origin = "meegeleverd met doorbraak" if ref.herkomst == "meegeleverd" else f"eigen lijst {ref.bestand}"
        parts.append(f"{ref.naam} ({'versie ' + ref.versie + ', ' if ref.versie else ''}{origin}, sha256 {ref.sha256[:12]})")
    return "Prijzen uit: " + "; ".join(parts) + "."


@lru_cache(maxsize=1024)
def price_text(prijs: Decimal) -> str:
    """Prices as the book shows them: cents only when there are cents. Kept per value (a price list's prices
    recur case after case; the text depends on the value only, so 1.5 and 1.50 may share it)."""
    return euro(prijs, cents=prijs != prijs.to_integral_value())


def quantity_text(line, scenario: str) -> str:
    q = line.quantity(scenario)
    text = q.text.strip()
    if text and not text.replace(",", "").replace(".", "").isdigit():
        return text  # as written, e.g. "3 x 6 maanden"
    return quantity_nl(q.value)


def numbered(line) -> str:
    """A post as calc shows it: its number (its place in rendement.posten, from 1) and omschrijving; the number is
    what ``doorbraak realisatie --post NR=AANTAL`` takes."""
    return f"{line.index + 1}. {line.omschrijving}"


def scenario_table(result: Result, indicative: bool = False, numbers: bool = False) -> Table:
    """The book's cost-benefit table: whole euros, one row per line, three totals (``numbers``: each post numbered)."""
    rows = []
    source = result.indicative if indicative else result.lines
    for r in source:
        line = r.line
        row = [numbered(line) if numbers else line.omschrijving, price_text(line.prijs), line.eenheid]
        for s in SCENARIOS:
            row += [quantity_text(line, s), euro(r.amounts[s], cents=False)]
        rows.append(tuple(row))
    tot = result.indicative_totals if indicative else result.totals
    footer = (("Totaal", "", "") + tuple(x for s in SCENARIOS for x in ("", euro(tot[s], cents=False))),)
    # a header may hold a line break: the terminal shows two lines, Markdown a space
    headers = ("Omschrijving", "Prijs", "Eenheid") + tuple(
        x for s in SCENARIOS for x in (f"{SCENARIO_HEADS[s]}\naantal", f"{SCENARIO_HEADS[s]}\ntotaal"))
    title = "Indicatieve posten (niet meegeteld)" if indicative else "Kosten-batenanalyse"
    return Table(title, headers, tuple(rows), footer, (1, 3, 4, 5, 6, 7, 8))


def compact_scenario_table(result: Result, indicative: bool = False, numbers: bool = False) -> Table:
    """The same table for a narrow terminal: price with unit, and only the three totals."""
    full = scenario_table(result, indicative, numbers)
    source = result.indicative if indicative else result.lines
    rows = tuple((row[0], f"{row[1]}/{row[2]}" if row[2] else row[1], row[4], row[6], row[8])
                 for row, r in zip(full.rows, source))
    footer = tuple((f[0], "", f[4], f[6], f[8]) for f in full.footer)
    return Table(full.title, ("Omschrijving", "Prijs", "Huidig", "Dreigend", "Doorbraak"), rows, footer, (1, 2, 3, 4))


class Receipt(NamedTuple):
    """The book's closing receipts: 'directe kosten/baten' (against huidig) and 'verwacht voordeel/meerkosten'."""

    titel: str
    regels: list  # (label, amount) pairs
    totaal: tuple  # (label, amount)
    positief: bool


def _sign(value) -> int:
    """-1, 0 or 1: a Fraction's (or int's) from its numerator (its denominator is positive), without Fraction's
    comparison, which asks its abstract base class of the other operand."""
    n = value.numerator if value.__class__ is Fraction or value.__class__ is int else (value > 0) - (value < 0)
    return (n > 0) - (n < 0)


def comparison_receipt(result: Result, against: str) -> Receipt:
    value = result.rendement[against]
    positive = _sign(value) >= 0
    if against == "huidig":
        title = "Directe baten" if positive else "Directe kosten"
    else:
        title = "Verwacht voordeel" if positive else "Verwachte meerkosten"
    first, second = (against, "doorbraak") if positive else ("doorbraak", against)
    return Receipt(title, [(f"Subtotaal {SCENARIO_LABELS[first].lower()}", euro(result.totals[first])),
                           (f"Subtotaal {SCENARIO_LABELS[second].lower()}", euro(-result.totals[second]))],
                   comparison_label(value, against), positive)


def comparison_lines(result: Result, cents: bool = False) -> list[tuple[str, str]]:
    """[("Kosten t.o.v. huidige situatie", "€ 3.608"), ("Rendement t.o.v. dreigend scenario", "€ 40.190")]."""
    return [comparison_label(result.rendement[a], a, cents) for a in COMPARISONS]


def comparison_cell(value, against: str, signed: bool = False) -> str:
    """A comparison in a table cell: 'rendement € 3.608' / 'kosten € 3.608', or '€ +3.608' / '€ -3.608' when ``signed``."""
    label, amount = comparison_label(value, against, cents=False)
    if signed:
        return signed_euro(value, cents=False)
    return f"{label.split()[0].lower()} {amount}"


def domain_table(result: Result, signed: bool = False) -> Table:
    """Who invests and who profits: totals and both comparisons per domein."""
    rows = []
    for d, tot in result.per_domein.items():
        comp = result.rendement_per_domein[d]
        rows.append((d,) + tuple(euro(tot[s], cents=False) for s in SCENARIOS)
                    + tuple(comparison_cell(comp[a], a, signed) for a in COMPARISONS))
    if signed:  # compact
        headers = ("Domein",) + tuple(SCENARIO_HEADS[s] for s in SCENARIOS) + ("t.o.v.\nhuidig", "t.o.v.\ndreigend")
    else:
        headers = ("Domein",) + tuple(SCENARIO_LABELS[s].replace(" ", "\n", 1) for s in SCENARIOS) + (
            "t.o.v. huidige\nsituatie", "t.o.v. dreigend\nscenario")
    return Table("Per domein: wie investeert, wie profiteert", headers, tuple(rows), (), (1, 2, 3, 4, 5))


WHO_PAYS = (  # (comparison, sign, sentence): the book's reading, investment now and the saving on the threat
    ("huidig", -1, "Investeert t.o.v. de huidige situatie (kosten hoger dan nu)"),
    ("huidig", 1, "Bespaart t.o.v. de huidige situatie (kosten lager dan nu)"),
    ("dreigend", -1, "Betaalt meer dan in het dreigende scenario"),
    ("dreigend", 1, "Profiteert t.o.v. het dreigende scenario (kosten lager dan dreigde)"),
)


def who_pays(result: Result) -> list[str]:
    """Plain sentences: which domains invest and which profit, against each of the two scenarios.

    Against the current situation the question is who pays more now; against
    the threatening scenario, who avoids costs. Esther's plan: the
    Participatiewet invests now, the Wlz profits against the threat.
    """
    out = []
    for against, sign, sentence in WHO_PAYS:
        names = [(d, c[against]) for d, c in result.rendement_per_domein.items() if _sign(c[against]) == sign]
        if names:
            out.append(sentence + ": " + ", ".join(f"{d} ({euro(abs(v), cents=False)})" for d, v in names))
    return out
