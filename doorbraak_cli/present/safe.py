"""Text from a case, made harmless for the program that reads our output.

A case file is written by people and may carry anything. What we write for
other programs must not let that text act:

* :func:`csv_cell`: a spreadsheet cell never starts a formula (OWASP's advice:
  a text starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets
  a leading ``'``); plain numbers, negative ones included, stay numbers;
* :func:`printable`: a terminal never receives a control character (escape
  sequences, window titles, bells, bidirectional overrides): they are shown
  escaped, as ``\\x1b``; the same holds for CSV cells, HTML text and every
  value a template prints (:func:`printable_value`, Jinja's ``finalize``);
* :func:`markdown_text`: a Markdown viewer never gets a link or image whose
  target is anything but an ``http``, ``https`` or ``mailto`` address
  (``javascript:``, ``data:``, ``vbscript:``, entity-encoded or relative
  targets become plain text), and no raw HTML;
* :func:`json_dumps`: JSON whose strings hold no raw control character
  (the encoder escapes C0 itself; DEL, C1 and bidi controls are escaped here).
"""

from __future__ import annotations

import json
import re

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?\Z")

# every C0 control but the line break, DEL, C1, and the bidirectional controls: shown escaped; a tab as a space
_ESCAPES = {c: f"\\x{c:02x}" for c in (*range(0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))} | {0x09: " "}
_ESCAPES.update({c: f"\\u{c:04x}" for c in (0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))})

_CSV_ESCAPES = {c: e for c, e in _ESCAPES.items() if c != 0x09}  # in a CSV cell a tab stays a tab
# any character _ESCAPES changes: a text without one is left as it is (a line break alone makes a text not
# isprintable(), and str.translate walks a text with any non-ASCII character one dict lookup at a time)
_ESCAPED = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_ESCAPES)) + "]")

SAFE_TARGET = re.compile(r"(?i)(https?://|mailto:)")
# the start of a link or image destination, right after "](" (possibly in <...>), and a reference definition
_INLINE_TARGET = re.compile(r"\]\(\s*<?\s*")
_REFERENCE = re.compile(r"^([ ]{0,3})\[([^\]\n]+)\]:[ \t]*<?[ \t]*", re.MULTILINE)


def csv_cell(value):
    """A CSV cell that no spreadsheet runs as a formula and that carries no control character (a CSV file is also
    read in a terminal: shown escaped, as :func:`printable`); non-text values pass unchanged."""
    if not isinstance(value, str):
        return value
    if not value.isprintable():
        value = value.translate(_CSV_ESCAPES)
    if value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def csv_row(row) -> list:
    return [csv_cell(v) for v in row]


def html_text(value) -> str:
    """Any value as text for HTML or SVG, in an element or a quoted attribute: ``<``, ``&`` and quotes escaped, and
    control characters shown escaped (an HTML file may be read in a terminal)."""
    from html import escape

    return escape(printable(str(value)), quote=True)


_HTML_SPECIAL = re.compile("[&<>'\"]").search


def html_escape(text: str) -> str:
    """``markupsafe.escape`` of a text, character for character (``&``, ``<``, ``>``, ``'`` and ``"``), as a plain
    str: no Markup is made (a page has thousands of values; making a Markup costs more than the escaping)."""
    if _HTML_SPECIAL(text) is None:
        return text
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;").replace(
        '"', "&#34;")


def html_output(value) -> str:
    """What an autoescaping Jinja template prints for a value, ``escape(printable_value(value))`` (Jinja's
    ``finalize``, then its escape), without making a Markup of every text: safe markup (``__html__``) as it is,
    anything else as text, control characters shown escaped and ``&<>'"`` escaped."""
    kind = type(value)
    if kind is str:
        return html_escape(value if value.isprintable() else printable(value))
    if kind is int:
        return str(value)
    html = getattr(value, "__html__", None)
    if html is not None and isinstance(value, str) and (value.isprintable() or _ESCAPED.search(value) is None):
        return html()  # safe markup (a Markup) without a control character: printable_value leaves it as it is
    value = printable_value(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        return html()
    return html_escape(str(value))


def printable_value(value):
    """Jinja's ``finalize``: every text a template prints, control characters shown escaped (as :func:`printable`);
    a Markup (already safe HTML) stays Markup."""
    if isinstance(value, str) and not value.isprintable():
        cleaned = printable(value)
        if cleaned is not value and hasattr(value, "__html__"):
            return type(value)(cleaned)
        return cleaned
    return value


def printable(text: str) -> str:
    """Text for a terminal: line breaks kept, a tab as a space, every other control character shown escaped."""
    if text.isprintable() or not _ESCAPED.search(text):
        return text
    return str.translate(text, _ESCAPES)  # str's translate: a Markup's would escape the table's values


_JSON_RAW = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def json_dumps(value, **options) -> str:
    """``json.dumps`` (UTF-8 text) with every raw control character written as a ``\\uXXXX`` escape: the same value."""
    text = json.dumps(value, ensure_ascii=False, **options)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def _neutral_inline(m: re.Match, text: str) -> str:
    if SAFE_TARGET.match(text, m.end()):
        return m.group(0)
    return "]\\(" + m.group(0)[2:]  # "]\(" is no link syntax: the text stays as written


def _neutral_reference(m: re.Match, text: str) -> str:
    if SAFE_TARGET.match(text, m.end()):
        return m.group(0)
    return m.group(0).replace("[", "\\[", 1)


def markdown_text(text: str) -> str:
    """User text for a Markdown document: no raw HTML, no image to fetch, no link to an unsafe target.

    ``<`` becomes ``&lt;`` and ``![`` becomes ``&#33;[`` (a character
    reference never forms Markdown syntax, so an image turns into an
    exclamation mark and a plain link).
    """
    text = printable(text).replace("<", "&lt;").replace("![", "&#33;[")
    if "](" in text:
        text = _INLINE_TARGET.sub(lambda m: _neutral_inline(m, text), text)
    if "]:" in text:
        text = _REFERENCE.sub(lambda m: _neutral_reference(m, text), text)
    return text
