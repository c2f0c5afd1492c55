"""Text fields of a plan, written in Markdown by the user, made safe for the HTML and the Markdown document.

Narrative fields are rendered by markdown-it-py with raw HTML disabled; links
and images in user text become plain text, so the HTML never loads or points
at anything outside itself. The Markdown output escapes ``<`` so that a
``<script>`` in a case stays text in every renderer. markdown-it-py is
imported only when a text is rendered.
"""

from __future__ import annotations

from ..safe import markdown_text

_MD = None


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


def md_escape(text: str) -> str:
    """User text for the Markdown output: no raw HTML, no image a viewer would fetch, no unsafe link
    (see :func:`..safe.markdown_text`)."""
    return markdown_text(text)


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
        from markupsafe import Markup

        md = _markdown()
        out = md.renderInline(self.source, {}) if self.inline else md.render(self.source, {})
        return Markup(out)

    @property
    def md(self) -> str:
        return md_escape(self.source)

