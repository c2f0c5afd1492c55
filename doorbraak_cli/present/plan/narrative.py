"""Text fields of a plan, written in Markdown by the user, made safe for the HTML and the Markdown document.

Narrative fields are rendered by markdown-it-py with raw HTML disabled; links
and images in user text become plain text, so the HTML never loads or points
at anything outside itself. The Markdown output escapes ``<`` so that a
``<script>`` in a case stays text in every renderer. markdown-it-py is
imported only when a text is rendered.
"""

from __future__ import annotations

import re

from ..safe import markdown_text

_MD = None
_MARKUP = None  # markupsafe's Markup, imported on first use (a page makes some thirty)
# The short path: most text fields are plain sentences, and for a text that holds no character Markdown could act
# on, markdown-it's output is known (paragraphs split at blank lines, soft line breaks kept, '&' and '"' escaped).
# Any character markdown-it could give a meaning (or an entity, an escape, a control character):
_ACTIVE = re.compile("[\\\\`*_\\[\\]<>|~#\t\r\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")
# '&' is plain text unless it could start a character reference (then markdown-it decodes it)
_REFERENCE = re.compile(r"&#?[0-9A-Za-z]+;")
# a line that could open a block (list, heading, quote, rule, setext line, code) or carries edge spaces: searched in
# the whole text at once ('^' and '$' at every line; an empty line matches neither, as the line break is no edge space)
_BLOCKISH = re.compile(r"^(?:[\d+\-=:>.]|[^\S\n])|[^\S\n]$", re.MULTILINE)
_PARAGRAPHS = re.compile(r"\n{2,}")


def plain(text: str) -> bool:
    """Whether markdown-it would render ``text`` as plain paragraphs of escaped text (then it is not asked)."""
    if _ACTIVE.search(text) or ("&" in text and _REFERENCE.search(text)):
        return False
    return _BLOCKISH.search(text) is None


def _escaped(text: str) -> str:
    """markdown-it's escaping of text: ``&`` and ``"`` (``<`` and ``>`` never reach the short path)."""
    return text.replace("&", "&amp;").replace('"', "&quot;")


def _markdown():
    """markdown-it-py, CommonMark with tables; no raw HTML; links and images shown as text."""
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt
        from markdown_it.common.utils import escapeHtml

        md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
        md.enable(["table", "strikethrough"])

        def link_open(self, tokens, idx, options, env):
            token = tokens[idx]
            env.setdefault("_links", []).append("" if token.markup == "autolink" else (token.attrGet("href") or ""))
            return '<span class="link">'

        def link_close(self, tokens, idx, options, env):
            href = env.get("_links", [""]).pop() if env.get("_links") else ""
            return "</span>" + (f' <span class="url">({escapeHtml(href)})</span>' if href else "")

        def image(self, tokens, idx, options, env):
            token = tokens[idx]
            alt = self.renderInlineAsText(token.children or [], options, env)
            src = token.attrGet("src") or ""
            return f'<span class="afbeelding">[{escapeHtml(alt)}]</span> <span class="url">({escapeHtml(src)})</span>'

        md.add_render_rule("link_open", link_open)
        md.add_render_rule("link_close", link_close)
        md.add_render_rule("image", image)
        _MD = md
    return _MD


def _markup():
    global _MARKUP
    from markupsafe import Markup

    _MARKUP = Markup
    return Markup


def md_escape(text: str) -> str:
    """User text for the Markdown output: no raw HTML, no image a viewer would fetch, no unsafe link
    (see :func:`..safe.markdown_text`)."""
    return markdown_text(text)


def md_line(text: str) -> str:
    """A short field (a title, a municipality, a term) for the Markdown output: :func:`md_escape`, on one line. A line
    break in it would end the heading, list item or quote it stands in, and what follows would be a block of its own
    (a title 'T\\n# Kop' a second heading)."""
    return " ".join(md_escape(str(text)).split("\n")).replace("\r", "")


def cell(text: str) -> str:
    """User text for a Markdown table cell."""
    return md_escape(str(text)).replace("|", "\\|").replace("\r", "").replace("\n", " ")


def md_row(cells, bold: bool = False) -> str:
    """One Markdown table row; empty cells stay empty, others optionally bold."""
    out = []
    for c in cells:
        text = cell(c)
        out.append(f"**{text}**" if bold and text else text)
    return "| " + " | ".join(out) + " |"


def markdown_html(source: str, inline: bool = False) -> str:
    """The text through markdown-it (no short path)."""
    md = _markdown()
    return md.renderInline(source, {}) if inline else md.render(source, {})


class Narrative:
    """A text field written in Markdown, for both outputs: ``.html`` (safe markup) and ``.md``."""

    __slots__ = ("source", "inline")

    def __init__(self, source: str, inline: bool = False):
        self.source = (source or "").strip()
        self.inline = inline

    def __bool__(self) -> bool:
        return bool(self.source)

    def __str__(self) -> str:
        return self.source

    @property
    def html(self):
        text = self.source
        if not plain(text):
            html = markdown_html(text, self.inline)
        elif self.inline:  # byte for byte what markdown-it gives (tests/present/test_narrative.py)
            html = _escaped(text)
        else:
            html = "".join([f"<p>{_escaped(p)}</p>\n" for p in _PARAGRAPHS.split(text) if p])
        return (_MARKUP or _markup())(html)

    @property
    def md(self) -> str:
        return md_escape(self.source)

