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
    """The file cannot be edited this way (a Dutch message for the user); ``at``: the key path it is about."""

    def __init__(self, message: str, at: tuple | None = None):
        super().__init__(message)
        self.at = at


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


def _scalar_end(text: str, start: int) -> int:
    """Where the one-line scalar that starts at ``start`` of ``text`` (a line) ends: after its closing quote,
    or before a comment (`` #``) or the end of the line."""
    if start < len(text) and text[start] in "\"'":
        quote = text[start]
        i = start + 1
        while i < len(text):
            if quote == '"' and text[i] == "\\":
                i += 2
                continue
            if text[i] == quote:
                if quote == "'" and text[i + 1:i + 2] == "'":
                    i += 2
                    continue
                return i + 1
            i += 1
        raise EditError("een tekst tussen aanhalingstekens loopt door over meer regels; zet hem op één regel")
    cut = text.find(" #", start)
    return len((text if cut < 0 else text[:cut]).rstrip())


def set_value(text: str, doc, path: tuple, value: str) -> str:
    """``text`` with the scalar at ``path`` (a key of a block mapping) written as ``value`` (YAML text); a comment
    after it on its line stays, and so does every other line. A value over more lines is replaced by one line."""
    nl = _newline(text)
    lines = text.split(nl)
    kline, kcol = doc.key_positions[path]
    vline, vcol = doc.positions[path]
    end = _end_of_item(lines, kline - 1, kcol - 1)
    if vline == kline and end == kline:
        line = lines[kline - 1]
        lines[kline - 1] = line[: vcol - 1] + value + line[_scalar_end(line, vcol - 1):]
        return nl.join(lines)
    key = lines[kline - 1][: kcol - 1] + yaml_scalar(str(path[-1]))
    return nl.join(lines[: kline - 1] + [f"{key}: {value}"] + lines[end:])


def add_key(text: str, doc, path: tuple, key: str, value) -> str:
    """``text`` with ``key: value`` (a scalar's YAML text, or a mapping written as a block) added after the last
    key of the block mapping at ``path``."""
    nl = _newline(text)
    lines = text.split(nl)
    mapping = _get(doc.data, path)
    if not isinstance(mapping, dict) or not mapping or path in doc.flow:
        raise EditError("de meting staat niet onder elkaar (met een sleutel per regel)")
    last = path + (list(mapping)[-1],)
    kline, kcol = doc.key_positions[last]
    end = _end_of_item(lines, kline - 1, kcol - 1)
    new = block({key: value}, kcol - 1)
    return nl.join(lines[:end] + new + lines[end:])


def update_item(text: str, doc, key: str, index: int, mapping: dict, parse) -> str:
    """``text`` with the values of ``mapping`` written into item ``index`` of the top-level list ``key``: what
    the item has is set in place, what it lacks is added; every other key of the item, and every comment, stays.
    ``parse(text)`` reads a text back (the positions change after each edit). EditError when the item is not
    written one key per line."""
    def walk(text, doc, path, values):
        for k, v in values.items():
            full = path + (k,)
            old = _get(doc.data, full)
            if path in doc.flow or not isinstance(_get(doc.data, path), dict):
                raise EditError("de meting staat niet onder elkaar (met een sleutel per regel)")
            if full not in doc.positions:
                text = add_key(text, doc, path, k, v)
            elif isinstance(v, dict) and isinstance(old, dict) and old:
                text, doc = walk(text, doc, full, v)
                continue
            elif not isinstance(v, dict) and not isinstance(old, (dict, list)):
                scalar = str(v) if isinstance(v, (int, float)) or _is_literal(v) else yaml_scalar(str(v))
                text = set_value(text, doc, full, scalar)
            else:
                raise EditError("de meting heeft een vorm die niet veilig aan te passen is")
            doc = parse(text)
        return text, doc

    return walk(text, doc, (key, index), mapping)[0]


def _get(data, path: tuple):
    for p in path:
        try:
            data = data[p]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _written(value) -> str:
    """A scalar's YAML text: a Literal or a number as it is, anything else as a string that reads back as itself."""
    return str(value) if isinstance(value, (int, Literal)) and not isinstance(value, bool) else yaml_scalar(str(value))


def _end_of_content(lines: list[str]) -> int:
    end = len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    return end


def put(text: str, doc, path: tuple, key: str, value) -> str:
    """``text`` with ``key`` of the block mapping at ``path`` set to the scalar ``value``.

    An existing value is set in place (:func:`set_value`: a comment after it stays); a missing key becomes a new
    line after the mapping's last entry (:func:`add_key`), or at the end of the file for a top-level key.
    """
    mapping = _get(doc.data, path)
    if not isinstance(mapping, dict) or path in doc.flow:
        from ..model.problem import format_path

        raise EditError(f"'{format_path(path) or 'casus'}' staat niet onder elkaar (een sleutel per regel); "
                        "pas het met de hand aan", at=path)
    if key in mapping:
        if isinstance(mapping[key], (dict, list)):
            raise EditError(f"'{key}' is geen enkele waarde; pas het met de hand aan")
        return set_value(text, doc, path + (key,), _written(value))
    if path:
        return add_key(text, doc, path, key, value if isinstance(value, (int, Literal)) else str(value))
    nl = _newline(text)
    lines = text.split(nl)
    end = _end_of_content(lines)
    return nl.join(lines[:end] + block({key: value}, 0) + lines[end:])


def add_mapping(text: str, doc, key: str, mapping: dict) -> str:
    """``text`` with a new top-level ``key`` holding ``mapping`` at the end of the file."""
    if isinstance(doc.data, dict) and key in doc.data:
        raise EditError(f"'{key}' staat er al")
    nl = _newline(text)
    prefix = text if text.endswith(nl) or not text else text + nl
    return prefix + nl.join(block({key: mapping}, 0)) + nl
