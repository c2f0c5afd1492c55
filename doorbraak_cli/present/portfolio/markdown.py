"""``report --format markdown``: the seven sections as Markdown tables."""

from __future__ import annotations

from ..safe import markdown_text
from . import tables as rt


def _escape(text: str) -> str:
    text = markdown_text(text.replace("\\", "\\\\"))
    return text.replace("|", "\\|").replace("\n", " ").replace("*", "\\*").replace("_", "\\_")


def table(t: rt.Table) -> str:
    align = ["---:" if i in t.numeric else "---" for i in range(len(t.headers))]
    out = [f"**{_escape(t.title)}**", "", "| " + " | ".join(_escape(h) for h in t.headers) + " |",
           "| " + " | ".join(align) + " |"]
    for row in t.rows:
        out.append("| " + " | ".join(_escape(c) for c in row) + " |")
    if not t.rows:
        out.append("| " + " | ".join("–" for _ in t.headers) + " |")
    return "\n".join(out)


def render(rep) -> str:
    parts = [f"# {rt.TITLE}", ""]
    for section in rt.sections(rep):
        parts += [f"## {section.title}", ""]
        for block in section.blocks:
            parts += [table(block) if isinstance(block, rt.Table) else _escape(block), ""]
    return "\n".join(parts).rstrip() + "\n"
