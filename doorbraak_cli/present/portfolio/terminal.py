"""``report`` in the terminal: the seven sections as rich tables."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from ..richtable import console_for, print_table
from . import tables as rt


def render_to(rep, console: Console) -> None:
    console.print(Text(rt.TITLE, style="bold underline"))
    for section in rt.sections(rep):
        console.print()
        console.print(Text(section.title, style="bold"))
        for block in section.blocks:
            if isinstance(block, rt.Table):
                if block.rows:
                    # titles on their own line, so a narrow table does not wrap them
                    print_table(console, block, title_inline=False, first_min_width=8)
                else:
                    console.print(Text(block.title, style="bold"))
                    console.print(Text("  (geen)", style="dim"))
            else:
                console.print(block)


def render(rep, plain: bool = False) -> str:
    buf = io.StringIO()
    render_to(rep, console_for(buf, plain))
    return buf.getvalue()
