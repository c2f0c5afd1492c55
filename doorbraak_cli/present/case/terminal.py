"""``calc`` in the terminal: the kassabon (till receipts) and the tables.

Drawn by :mod:`..boxes` (rich's layout, without importing rich) on the screen
:func:`..screen.screen_for` finds.
"""

from __future__ import annotations

from ...compute.analysis import Analysis
from ...compute.cost import Result
from ...model.vocabulary import REALISED, SCENARIO_LABELS, SCENARIOS
from .. import tables
from ..boxes import BoxTable, Column, Screen
from ..numbers import euro, quantity_nl
from ..screen import screen_for, table_text
from . import outlook

WIDTH = 48
FULL_TABLE_WIDTH = 110


def _quantity_line(line, scenario: str) -> str:
    q = line.quantity(scenario)
    shown = quantity_nl(q.value)
    unit = line.eenheid
    written = q.text.strip()
    head = f"{shown} {unit}".strip()
    if written and any(c.isalpha() for c in written) and written != head:
        head = f"{written} = {head}"
    return f"  {head} × {tables.price_text(line.prijs)}"


def _receipt(title: str, subtitle: str, rows: list, sections: set) -> BoxTable:
    return BoxTable([Column("post", ratio=1, overflow="fold"), Column("bedrag", justify="right", no_wrap=True)], rows,
                    title=title, title_style="bold", caption=subtitle, box="rounded", width=WIDTH, show_header=False,
                    sections=sections)


def scenario_receipt(result: Result, scenario: str) -> BoxTable:
    case = result.case
    rows: list = []
    for r in result.lines:
        if r.line.quantity(scenario).value == 0:
            continue
        rows.append([tables.numbered(r.line), ""])  # the number 'doorbraak realisatie --post' takes
        rows.append([(_quantity_line(r.line, scenario), "dim"), euro(r.amounts[scenario])])
    if not rows:
        rows.append([("geen kosten in dit scenario", "italic"), euro(0)])
    sections = {len(rows) - 1}
    total = result.totals[scenario] if scenario in result.totals else sum(
        r.amounts[scenario] for r in result.lines if r.amounts[scenario] is not None)
    rows.append([(f"TOTAAL {SCENARIO_LABELS[scenario].lower()}", "bold"), (euro(total), "bold")])
    ind = [r for r in result.indicative if r.amounts[scenario]]  # neither 0 nor unknown
    if ind:
        sections.add(len(rows) - 1)
        for r in ind:
            rows.append([(f"indicatief, niet meegeteld: {tables.numbered(r.line)}", "dim italic"),
                         (euro(r.amounts[scenario]), "dim")])
    return _receipt(f"KASSABON · {SCENARIO_LABELS[scenario]}", f"{case.titel} · {case.id}", rows, sections)


def comparison_receipt(result: Result, against: str) -> BoxTable:
    """'Directe kosten/baten' (against huidig) or 'Verwacht voordeel/meerkosten' (against dreigend)."""
    bon = tables.comparison_receipt(result, against)
    rows = [[label, amount] for label, amount in bon.regels]
    label, amount = bon.totaal
    rows.append([(label.upper(), "bold"), (amount, "bold green" if bon.positief else "bold red")])
    return _receipt(f"KASSABON · {bon.titel}", f"{result.case.titel} · {result.case.id}", rows, {len(rows) - 2})


def render_text(a: Analysis, **options) -> str:
    """The whole terminal output as a string (written by the caller, and cacheable)."""
    return render(a, screen_for(), **options)


def render(a: Analysis, screen: Screen, jaren: bool = False, gevoeligheid: bool = False,
           horizon: int | None = None, today=None) -> str:
    """``today`` (a date, from the command) decides which follow-up measurements are late."""
    result = a.result
    case = a.case
    compact = screen.width < FULL_TABLE_WIDTH
    scenario_table = tables.compact_scenario_table if compact else tables.scenario_table
    out = [screen.paragraph(f"Rendement van het doorbraakplan: {case.titel} ({case.id})", "bold")]
    if case.rendement.periode:
        out.append(screen.paragraph(f"Aantallen en bedragen over {case.rendement.periode}."))
    out += [screen.paragraph(tables.sources_text(case)), "\n"]
    out.append(screen.columns([scenario_receipt(result, s) for s in SCENARIOS]))
    out.append(screen.columns([comparison_receipt(result, c) for c in ("huidig", "dreigend")]))
    out += ["\n", table_text(screen, scenario_table(result, numbers=True))]
    for label, amount in tables.comparison_lines(result):
        out.append(screen.paragraph(f"  {label}: {amount}", "bold"))
    if result.indicative:
        out += ["\n", table_text(screen, scenario_table(result, indicative=True, numbers=True))]
    out += ["\n", table_text(screen, tables.domain_table(result, signed=compact))]
    if compact:
        out.append(screen.paragraph("  (€ + rendement: kosten dalen door de doorbraak; € - kosten: ze stijgen)"))
    out += [screen.paragraph("  " + sentence) for sentence in tables.who_pays(result)]
    out += ["\n", screen.paragraph("  " + outlook.break_even_text(a), "bold")]
    out += [screen.paragraph("  " + line) for line in outlook.expected_lines(a)]
    if jaren or horizon:
        for t in outlook.years_tables(a, split=compact):
            out += ["\n", table_text(screen, t)]
        out += [screen.paragraph("  " + line) for line in outlook.payback_lines(a)]
    if gevoeligheid:
        for t in outlook.sensitivity_tables(a):
            out += ["\n", table_text(screen, t)]
    if a.evaluation is not None:
        out.append(_evaluation(a, screen, today))
    return "".join(out)


def _evaluation(a: Analysis, screen: Screen, today) -> str:
    """After the plan: what the breakthrough really took, and how life went (Positieve Gezondheid)."""

    from .. import evaluation  # loaded only for a plan after the decision

    e = a.evaluation
    out = ["\n", screen.paragraph("Evaluatie: plan en werkelijkheid", "bold"), screen.paragraph(evaluation.outcome_line(e))]
    if e.realised:
        if e.complete:
            out += ["\n", screen.columns([scenario_receipt(a.result, REALISED)])]
        out += ["\n", table_text(screen, evaluation.plan_vs_real(e))]
        out += [screen.paragraph("  " + line, "bold") for line in evaluation.rendement_lines(a)]
    health = evaluation.health_table(e)
    if health is not None:
        out += ["\n", table_text(screen, health)]
    out += [screen.paragraph("  " + line) for line in evaluation.follow_up_lines(e, today)]
    return "".join(out)
