"""``report`` in the terminal: the sections as tables, drawn by :mod:`..boxes` on the screen found."""

from __future__ import annotations

from ..boxes import Screen
from ..screen import screen_for, table_text
from . import tables as rt


def render_on(rep, screen: Screen) -> str:
    out = [screen.paragraph(rt.TITLE, "bold underline")]
    for section in rt.sections(rep):
        out += ["\n", screen.paragraph(section.title, "bold")]
        for block in section.blocks:
            if isinstance(block, rt.Table):
                if block.rows:
                    # titles on their own line, so a narrow table does not wrap them
                    out.append(table_text(screen, block, title_inline=False, first_min_width=8))
                else:
                    out += [screen.paragraph(block.title, "bold"), screen.paragraph("  (geen)", "dim")]
            else:
                out.append(screen.paragraph(block))
    return "".join(out)


def render(rep, plain: bool = False) -> str:
    return render_on(rep, screen_for(plain))
