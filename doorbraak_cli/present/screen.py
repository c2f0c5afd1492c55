"""The terminal the output goes to, and the method's tables drawn on it (calc, report, prices).

One rule above all: an amount is never cut short. Amount columns do not wrap,
and when a screen is too narrow for a table even after its text columns have
folded, the table is printed as records (one row at a time) instead.

The screen is read as rich reads it (width, terminal or not, colours), so the
output is what rich drew before :mod:`.boxes` took over: off a terminal (a file
or a pipe) 120 columns without colours, so the output is stable and tables
never squeeze.
"""

from __future__ import annotations

import os
import sys

from .boxes import BoxTable, Column, Screen, measure
from .safe import printable

PLAIN_WIDTH = 120


def _is_terminal(stream) -> bool:
    force = os.environ.get("FORCE_COLOR")
    if force is not None and force != "":
        return True
    tty = os.environ.get("TTY_COMPATIBLE", "")
    if tty in ("0", "1"):
        return tty == "1"
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _width(stream) -> int:
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


def _color_system() -> str | None:
    colorterm = os.environ.get("COLORTERM", "").strip().lower()
    if colorterm in ("truecolor", "24bit"):
        return "truecolor"
    term = os.environ.get("TERM", "").strip().lower()
    if term in ("dumb", "unknown"):
        return None
    _, _, kind = term.rpartition("-")
    return "256" if kind == "256color" else "standard"


def screen_for(plain: bool = False, stream=None) -> Screen:
    """A screen as wide as the terminal ``stream`` goes to, with its colours; or 120 plain columns off a terminal."""
    stream = stream or sys.stdout
    if plain or not _is_terminal(stream):
        return Screen(PLAIN_WIDTH)
    return Screen(max(1, _width(stream)), _color_system(), no_color=bool(os.environ.get("NO_COLOR")))


def box_table(tb, title_inline: bool = True, first_min_width: int = 18) -> BoxTable:
    """The terminal drawing of a presenter table (title, headers, rows, footer, numeric column indexes)."""
    columns = [Column(h, justify="right", no_wrap=True) if i in tb.numeric
               else Column(h, overflow="fold", min_width=8 if i else first_min_width)
               for i, h in enumerate(tb.headers)]
    rows = [list(r) for r in tb.rows] + [[(c, "bold") for c in r] for r in tb.footer]
    return BoxTable(columns, rows, title=tb.title if title_inline else None, title_style="bold",
                    sections={len(tb.rows) - 1} if tb.footer else frozenset())


def fits(screen: Screen, table: BoxTable, tb) -> bool:
    """Whether every amount column gets the width of its longest cell (or heading line) on this screen."""
    widths = screen.column_widths(table)
    if sum(widths) + len(widths) + 1 > screen.width:  # the box lines beside and between the columns
        return False
    for i in tb.numeric:
        if i >= len(widths) or i >= len(tb.headers):
            continue
        texts = [row[i] for row in (*tb.rows, *tb.footer)] + tb.headers[i].split("\n")
        if widths[i] - 2 < max(measure(printable(t)) for t in texts):  # less its two cells of padding
            return False
    return True


def table_text(screen: Screen, tb, title_inline: bool = True, first_min_width: int = 18) -> str:
    """A table as drawn, or, when it cannot fit the screen whole, as records."""
    table = box_table(tb, title_inline, first_min_width)
    if fits(screen, table, tb):
        return ("" if title_inline else screen.paragraph(tb.title, "bold")) + screen.table(table)
    out = [screen.paragraph(tb.title, "bold")]
    heads = [" ".join(h.split()) for h in tb.headers]
    for row in (*tb.rows, *tb.footer):
        label = f"{heads[0]} {row[0]}" if 0 in tb.numeric else row[0]  # 'Jaar 1', not a bare '1'
        out.append(screen.paragraph("  " + label, "bold"))
        for head, value in zip(heads[1:], row[1:]):
            line = f"    {head}: {value}"
            if measure(printable(line)) <= screen.width:
                out.append(screen.line(line))
            else:  # the value on its own line, whole
                out.append(screen.paragraph(f"    {head}:"))
                out.append(screen.line(f"      {value}"))
    return "".join(out)
