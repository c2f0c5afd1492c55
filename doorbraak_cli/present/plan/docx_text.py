"""User text for the Word document: Markdown (a Narrative's source) as Word paragraphs and runs.

Paragraphs, lists (bullets, and numbers written as text so every list starts at
its own first number), quotes, code, emphasis and line breaks become Word
formatting. Nothing becomes a hyperlink: a link is its text with the address
after it in brackets, as in the HTML document; an image is its description
and address as text. No raw HTML is interpreted (markdown-it-py with ``html``
off, so it stays text). Characters XML cannot hold, and the control and
bidirectional characters a reader could be fooled by, are shown escaped.
"""

from __future__ import annotations

import re

from ..numbers import unbroken
from ..safe import printable

MONO = "Courier New"
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_md = None


def clean(text) -> str:
    """Text that python-docx can write and Word shows as it is; an amount never breaks after its euro sign."""
    return unbroken(_NOT_XML.sub("\ufffd", printable(str(text or ""))))


def markdown():
    """CommonMark with tables and strikethrough; raw HTML off, no linkify (a plain address stays text)."""
    global _md
    if _md is None:
        from markdown_it import MarkdownIt

        _md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
        _md.enable(["table", "strikethrough"])
    return _md


def add_runs(paragraph, children, size=None, bold: bool = False) -> None:
    """Inline tokens as runs: bold, italic, strikethrough and code; links and images as plain text."""
    state = {"b": int(bold), "i": 0, "s": 0}
    links: list = []

    def run(text: str, mono: bool = False):
        r = paragraph.add_run(clean(text))
        r.bold = bool(state["b"]) or None
        r.italic = bool(state["i"]) or None
        if state["s"]:
            r.font.strike = True
        if mono:
            r.font.name = MONO
        if size is not None:
            r.font.size = size
        return r

    for tok in children or ():
        kind = tok.type
        if kind in ("text", "html_inline"):
            run(tok.content)
        elif kind == "softbreak":
            run(" ")
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
        elif kind in ("strong_open", "strong_close"):
            state["b"] += 1 if kind.endswith("open") else -1
        elif kind in ("em_open", "em_close"):
            state["i"] += 1 if kind.endswith("open") else -1
        elif kind in ("s_open", "s_close"):
            state["s"] += 1 if kind.endswith("open") else -1
        elif kind == "code_inline":
            run(tok.content, mono=True)
        elif kind == "link_open":
            links.append("" if tok.markup == "autolink" else (tok.attrGet("href") or ""))
        elif kind == "link_close":
            href = links.pop() if links else ""
            if href:
                run(f" ({href})")
        elif kind == "image":
            run(f"[{tok.content}]" + (f" ({tok.attrGet('src')})" if tok.attrGet("src") else ""))


def add_inline(paragraph, source: str, size=None, bold: bool = False) -> None:
    """One line of Markdown (an inline Narrative) into an existing paragraph."""
    tokens = markdown().parseInline(source or "")
    add_runs(paragraph, tokens[0].children if tokens else (), size, bold)


def add_blocks(doc, source: str) -> None:
    """Markdown blocks as paragraphs at the end of ``doc`` (a Document or a table cell)."""
    tokens = markdown().parse(source or "")
    lists: list = []  # per open list: ["bullet"|"ordered", next number]
    quote = 0
    item_started = False
    table_rows: list | None = None
    for i, tok in enumerate(tokens):
        kind = tok.type
        if kind == "bullet_list_open":
            lists.append(["bullet", 0])
        elif kind == "ordered_list_open":
            lists.append(["ordered", int(tok.attrGet("start") or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item_started = False
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "table_open":
            table_rows = []
        elif kind == "tr_open" and table_rows is not None:
            table_rows.append([])
        elif kind == "inline" and table_rows is not None:
            table_rows[-1].append(tok.children)
        elif kind == "table_close" and table_rows:
            _md_table(doc, table_rows)
            table_rows = None
        elif kind == "inline":
            opener = tokens[i - 1].type if i else ""
            p = _paragraph(doc, lists, quote, item_started, heading=opener == "heading_open")
            if lists and not item_started:
                item_started = True
                if lists[-1][0] == "ordered":
                    p.add_run(f"{lists[-1][1]}. ")
                    lists[-1][1] += 1
            add_runs(p, tok.children, bold=opener == "heading_open")
        elif kind in ("fence", "code_block"):
            p = doc.add_paragraph()
            r = p.add_run(clean(tok.content.rstrip("\n")))
            r.font.name = MONO


def _paragraph(doc, lists: list, quote: int, item_started: bool, heading: bool):
    if lists:
        depth = min(len(lists), 3)
        suffix = "" if depth == 1 else f" {depth}"
        if item_started:
            return doc.add_paragraph(style="List Continue" + suffix)
        return doc.add_paragraph(style=("List Bullet" if lists[-1][0] == "bullet" else "List") + suffix)
    if quote:
        return doc.add_paragraph(style="Quote")
    p = doc.add_paragraph()
    if heading:
        p.paragraph_format.keep_with_next = True
    return p


def _md_table(doc, rows: list) -> None:
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, cells in enumerate(rows):
        for c, children in enumerate(cells):
            add_runs(table.cell(r, c).paragraphs[0], children, bold=r == 0)
