"""Tables and consoles for the terminal presenters (calc and report), drawn with rich.

One rule above all: an amount is never cut short. Amount columns do not wrap,
and when a screen is too narrow for a table even after its text columns have
folded, the table is printed as records (one row at a time) instead.
"""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text


def console_for(file, plain: bool = False) -> Console:
    """A console that writes like one on stdout would: same width, colours and terminal-ness.

    Off a terminal (a file or pipe), or when ``plain``, it is 120 wide without
    colours, so the output is stable and tables never squeeze.
    """
    probe = Console(highlight=False)
    if plain or not probe.is_terminal:
        return Console(file=file, highlight=False, width=120, force_terminal=False, color_system=None)
    return Console(file=file, highlight=False, width=probe.width, force_terminal=True,
                   color_system=probe.color_system, legacy_windows=False)


def rich_table(tb, title_inline: bool = True, first_min_width: int = 18) -> RichTable:
    """A rich table of a presenter table (title, headers, rows, footer, numeric column indexes)."""
    t = RichTable(title=Text(tb.title, style="bold") if title_inline else None, box=box.SIMPLE_HEAVY,
                  show_footer=False)
    for i, h in enumerate(tb.headers):
        if i in tb.numeric:
            t.add_column(h, justify="right", no_wrap=True)
        else:
            t.add_column(h, overflow="fold", min_width=8 if i else first_min_width)
    for row in tb.rows:
        t.add_row(*row)
    if tb.footer:
        t.add_section()
        for row in tb.footer:
            t.add_row(*(Text(c, style="bold") for c in row))
    return t


def fits(console: Console, table: RichTable, tb) -> bool:
    """Whether rich gives every amount column the width of its longest cell (or heading line) on this screen."""
    try:
        # rich's own layout, as Table.__rich_console__ computes it
        widths = table._calculate_column_widths(
            console, console.options.update_width(console.width - table._extra_width))
    except Exception:
        return True
    if sum(widths) + table._extra_width > console.width:
        return False
    for i in tb.numeric:
        if i >= len(widths) or i >= len(tb.headers):
            continue
        texts = [row[i] for row in (*tb.rows, *tb.footer)] + tb.headers[i].split("\n")
        if widths[i] - 2 < max(cell_len(t) for t in texts):  # less its two cells of padding
            return False
    return True


def print_table(console: Console, tb, title_inline: bool = True, first_min_width: int = 18) -> None:
    """A table as rich draws it or, when it cannot fit the screen whole, as records."""
    table = rich_table(tb, title_inline, first_min_width)
    if fits(console, table, tb):
        if not title_inline:
            console.print(Text(tb.title, style="bold"))
        console.print(table)
        return
    console.print(Text(tb.title, style="bold"))
    heads = [" ".join(h.split()) for h in tb.headers]
    for row in (*tb.rows, *tb.footer):
        label = f"{heads[0]} {row[0]}" if 0 in tb.numeric else row[0]  # 'Jaar 1', not a bare '1'
        console.print(Text("  " + label, style="bold"))
        for head, value in zip(heads[1:], row[1:]):
            line = f"    {head}: {value}"
            if cell_len(line) <= console.width:
                console.print(line, no_wrap=True, crop=False)
            else:  # the value on its own line, whole
                console.print(f"    {head}:")
                console.print(f"      {value}", no_wrap=True, crop=False)
