"""``calc`` in the terminal: the kassabon (till receipts) and the tables, with rich."""

from __future__ import annotations

from rich import box
from rich.columns import Columns
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from ...compute.analysis import Analysis
from ...compute.cost import Result
from ...model.vocabulary import SCENARIO_LABELS, SCENARIOS
from .. import tables
from ..numbers import euro, quantity_nl
from ..richtable import console_for, print_table
from . import outlook

WIDTH = 48


def _quantity_line(line, scenario: str) -> str:
    q = line.quantity(scenario)
    shown = quantity_nl(q.value)
    unit = line.eenheid
    written = q.text.strip()
    head = f"{shown} {unit}".strip()
    if written and any(c.isalpha() for c in written) and written != head:
        head = f"{written} = {head}"
    return f"  {head} × {tables.price_text(line.prijs)}"


def _receipt(title: str, subtitle: str) -> RichTable:
    t = RichTable(box=box.ROUNDED, show_header=False, width=WIDTH, title_justify="center", pad_edge=True,
                  title=Text(title, style="bold"), caption=subtitle, caption_justify="center")
    t.add_column("post", ratio=1, overflow="fold")
    t.add_column("bedrag", justify="right", no_wrap=True)
    return t


def scenario_receipt(result: Result, scenario: str) -> RichTable:
    case = result.case
    t = _receipt(f"KASSABON · {SCENARIO_LABELS[scenario]}", f"{case.titel} · {case.id}")
    any_line = False
    for r in result.lines:
        if r.line.quantity(scenario).value == 0:
            continue
        any_line = True
        t.add_row(r.line.omschrijving, "")
        t.add_row(Text(_quantity_line(r.line, scenario), style="dim"), euro(r.amounts[scenario]))
    if not any_line:
        t.add_row(Text("geen kosten in dit scenario", style="italic"), euro(0))
    t.add_section()
    t.add_row(Text(f"TOTAAL {SCENARIO_LABELS[scenario].lower()}", style="bold"),
              Text(euro(result.totals[scenario]), style="bold"))
    ind = [r for r in result.indicative if r.amounts[scenario] != 0]
    if ind:
        t.add_section()
        for r in ind:
            t.add_row(Text(f"indicatief, niet meegeteld: {r.line.omschrijving}", style="dim italic"),
                      Text(euro(r.amounts[scenario]), style="dim"))
    return t


def comparison_receipt(result: Result, against: str) -> RichTable:
    """'Directe kosten/baten' (against huidig) or 'Verwacht voordeel/meerkosten' (against dreigend)."""
    bon = tables.comparison_receipt(result, against)
    t = _receipt(f"KASSABON · {bon.titel}", f"{result.case.titel} · {result.case.id}")
    for label, amount in bon.regels:
        t.add_row(label, amount)
    t.add_section()
    label, amount = bon.totaal
    t.add_row(Text(label.upper(), style="bold"), Text(amount, style="bold green" if bon.positief else "bold red"))
    return t


FULL_TABLE_WIDTH = 110


def render_text(a: Analysis, **options) -> str:
    """The whole terminal output as a string (written by the caller, and cacheable)."""
    import io

    buf = io.StringIO()
    render(a, console_for(buf), **options)
    return buf.getvalue()


def render(a: Analysis, console: Console, jaren: bool = False, gevoeligheid: bool = False,
           horizon: int | None = None) -> None:
    result = a.result
    case = a.case
    compact = console.width < FULL_TABLE_WIDTH
    scenario_table = tables.compact_scenario_table if compact else tables.scenario_table
    console.print(Text(f"Rendement van het doorbraakplan: {case.titel} ({case.id})", style="bold"))
    if case.rendement.periode:
        console.print(f"Aantallen en bedragen over {case.rendement.periode}.")
    console.print(tables.sources_text(case))
    console.print()
    console.print(Columns([scenario_receipt(result, s) for s in SCENARIOS], padding=(0, 2)))
    console.print(Columns([comparison_receipt(result, a) for a in ("huidig", "dreigend")], padding=(0, 2)))
    console.print()
    print_table(console, scenario_table(result))
    for label, amount in tables.comparison_lines(result):
        console.print(Text.assemble((f"  {label}: ", "bold"), (amount, "bold")))
    if result.indicative:
        console.print()
        print_table(console, scenario_table(result, indicative=True))
    console.print()
    print_table(console, tables.domain_table(result, signed=compact))
    if compact:
        console.print("  (+ rendement: kosten dalen door de doorbraak; − kosten: ze stijgen)")
    for sentence in tables.who_pays(result):
        console.print("  " + sentence)
    console.print()
    console.print(Text("  " + outlook.break_even_text(a), style="bold"))
    for line in outlook.expected_lines(a):
        console.print("  " + line)
    if jaren or horizon:
        console.print()
        for i, t in enumerate(outlook.years_tables(a, split=compact)):
            if i:
                console.print()
            print_table(console, t)
        for line in outlook.payback_lines(a):
            console.print("  " + line)
    if gevoeligheid:
        for t in outlook.sensitivity_tables(a):
            console.print()
            print_table(console, t)

