"""``report`` in the terminal: the seven sections as rich tables."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from . import report_tables as rt


def console_for(file, plain: bool = False) -> Console:
    """Like a console on stdout (width, colours); off a terminal (or ``plain``) 120 wide and plain, so output is stable."""
    probe = Console(highlight=False)
    if plain or not probe.is_terminal:
        return Console(file=file, highlight=False, width=120, force_terminal=False, color_system=None)
    return Console(file=file, highlight=False, width=probe.width, force_terminal=True,
                   color_system=probe.color_system, legacy_windows=False)


def _table(t: rt.Table) -> RichTable:
    out = RichTable(box=box.SIMPLE_HEAVY)
    for i, h in enumerate(t.headers):
        out.add_column(h, justify="right" if i in t.numeric else "left", no_wrap=i in t.numeric,
                       overflow="fold")
    for row in t.rows:
        out.add_row(*row)
    return out


def render_to(rep: dict, console: Console) -> None:
    console.print(Text(rt.TITLE, style="bold underline"))
    for section in rt.sections(rep):
        console.print()
        console.print(Text(section.title, style="bold"))
        for block in section.blocks:
            if isinstance(block, rt.Table):
                console.print(Text(block.title, style="bold"))
                if block.rows:
                    console.print(_table(block))
                else:
                    console.print(Text("  (geen)", style="dim"))
            else:
                console.print(block)


def render(rep: dict, plain: bool = False) -> str:
    buf = io.StringIO()
    render_to(rep, console_for(buf, plain))
    return buf.getvalue()
