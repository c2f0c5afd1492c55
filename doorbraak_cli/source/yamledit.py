"""Editing a case file without touching what is there: new text is spliced in, every other line stays.

A measurement added by ``doorbraak meting`` is written as a block of YAML and
inserted after the last item of its list (or as a new key at the end of the
file); a replaced one takes the place of exactly its own lines. Every other
byte of the file stays as it was: comments, key order, quoting, indentation
and line endings. The caller reads the result back with the reader and
checks it holds exactly the data meant, before anything is written.

Why not a ruamel.yaml round-trip dump: it re-emits the whole file. Over the
shipped sample plans it rewraps long lines and re-indents lists, changing 100
to 220 lines per file that the user never touched; a splice changes none.
"""

from __future__ import annotations

import json
import re

_PLAIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w .,()&'/À-ÖØ-öø-ÿ-]*")
_YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


class EditError(ValueError):
    """The file cannot be edited this way (a Dutch message for the user)."""


def yaml_scalar(value: str) -> str:
    """A string as a YAML scalar that reads back as exactly that string."""
    if value == "":
        return '""'
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS and value == value.strip() \
            and ": " not in value and " #" not in value:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def block(value, indent: int) -> list[str]:
    """A mapping of scalars and mappings (no lists) as block YAML lines, ``indent`` spaces deep."""
    out = []
    pad = " " * indent
    for key, v in value.items():
        if isinstance(v, dict):
            out.append(f"{pad}{key}:")
            out.extend(block(v, indent + 2))
        else:
            out.append(f"{pad}{key}: {v if isinstance(v, (int, float)) or _is_literal(v) else yaml_scalar(str(v))}")
    return out


class Literal(str):
    """Text written as it is (a number such as ``7.5`` or a date such as ``2026-11-25``)."""


def _is_literal(v) -> bool:
    return isinstance(v, Literal)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _item_lines(mapping: dict, dash_col: int) -> list[str]:
    """A list item: '- ' at ``dash_col`` and the mapping's keys aligned after it."""
    lines = block(mapping, dash_col + 2)
    return [" " * dash_col + "- " + lines[0].lstrip()] + lines[1:]


def _end_of_item(lines: list[str], start: int, dash_col: int) -> int:
    """The line after the last line of the list item that starts at ``start`` (0-based)."""
    end = start + 1
    last = start + 1
    while end < len(lines):
        stripped = lines[end].strip()
        if stripped and not stripped.startswith("#"):
            indent = len(lines[end]) - len(lines[end].lstrip(" "))
            if indent <= dash_col:
                break
            last = end + 1
        end += 1
    return last


def _dash_column(lines: list[str], line: int, col: int) -> int:
    """Where the '- ' of a block list item stands, from the position the reader gives its value."""
    text = lines[line]
    i = col
    while i > 0 and text[i - 1] == " ":
        i -= 1
    if i == 0 or text[i - 1] != "-":
        raise EditError("de lijst staat niet onder elkaar (met '- ' per item); zet haar zo en probeer opnieuw")
    return i - 1


def append_item(text: str, doc, key: str, mapping: dict) -> str:
    """``text`` with ``mapping`` added as the last item of the top-level list ``key`` (made when absent)."""
    nl = _newline(text)
    lines = text.split(nl)
    items = doc.data.get(key) if isinstance(doc.data, dict) else None
    if items is None and key not in (doc.data or {}):
        body = [f"{key}:"] + _item_lines(mapping, 2)
        prefix = text if text.endswith(nl) or not text else text + nl
        return prefix + nl.join(body) + nl
    if not isinstance(items, list):
        raise EditError(f"'{key}' is geen lijst; herstel het bestand eerst (zie 'doorbraak validate')")
    if not items:  # 'metingen:' or 'metingen: []'
        line, col = doc.key_positions[(key,)]
        if "[" in lines[line - 1][col - 1:]:
            lines[line - 1] = lines[line - 1][: col - 1] + f"{key}:"
        return nl.join(lines[:line] + _item_lines(mapping, 2) + lines[line:])
    line, col = doc.positions[(key, len(items) - 1)]
    dash = _dash_column(lines, line - 1, col - 1)
    end = _end_of_item(lines, line - 1, dash)
    return nl.join(lines[:end] + _item_lines(mapping, dash) + lines[end:])


def replace_item(text: str, doc, key: str, index: int, mapping: dict) -> str:
    """``text`` with item ``index`` of the top-level list ``key`` replaced by ``mapping``; other lines untouched."""
    nl = _newline(text)
    lines = text.split(nl)
    line, col = doc.positions[(key, index)]
    dash = _dash_column(lines, line - 1, col - 1)
    end = _end_of_item(lines, line - 1, dash)
    return nl.join(lines[: line - 1] + _item_lines(mapping, dash) + lines[end:])
