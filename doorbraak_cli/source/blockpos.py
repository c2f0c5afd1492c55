"""Where the keys and values of one top-level list of mappings stand, read from the text itself.

A splice (:mod:`.yamledit`) needs the line and column of the keys and values it
changes; the exact reader (:mod:`.yamlread`) gives them for every node, but
costs PyYAML's import and a slower parse. A measurement is almost always written
in one plain layout, and for that layout the places follow from the lines::

    metingen:
      - datum: 2026-01-12       # a comment
        door: samen
        scores:
          lichaamsfuncties: 6
          ...

:func:`locate` reads that layout only: plain keys one per line, an item's
mapping and one nested mapping under it, scalars on the key's line (a value over
more lines is located by its key alone). It gives the places as the exact
reader gives them (a scalar's first character, a mapping's first key, a list's
first dash), and checks what it found against the data that was read: the same
items, with the same keys in the same order. Anything else (a flow collection,
an anchor, a quoted key, a scalar starting on the next line, a tab or carriage
return) gives None, and the caller reads the file exactly. The caller still
reads the edited text back and compares its data with what it meant to write.
"""

from __future__ import annotations

import re

from .yamlread import Document

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?= |$)")
_NOT_PLAIN_VALUE = "[{&*!|>"  # flow, anchor, alias, tag, block scalar: left to the exact reader


class _Odd(Exception):
    """Not the plain layout."""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _value(line: str, at: int):
    """(column of the value on the key's line, or None when the rest of the line is empty or a comment)."""
    rest = line[at:]
    stripped = rest.lstrip(" ")
    if not stripped or stripped.startswith("#"):
        return None
    if stripped[0] in _NOT_PLAIN_VALUE:
        raise _Odd
    return at + len(rest) - len(stripped)


def _mapping(lines: list, start: int, stop: int, col: int, path: tuple, depth: int, positions: dict,
             key_positions: dict) -> list:
    """The keys of the block mapping whose keys stand at column ``col`` in lines ``start``..``stop`` (0-based; the
    first key may follow a dash on line ``start``); records their places and gives the keys in order."""
    keys = []
    i = start
    while i < stop:
        line = lines[i]
        if not _content(line) and i != start:
            i += 1
            continue
        if i != start and _indent(line) != col:
            raise _Odd
        m = _KEY.match(line, col)
        if m is None:
            raise _Odd
        key = m.group(1)
        full = path + (key,)
        keys.append(key)
        key_positions[full] = (i + 1, col + 1)
        # the key's value runs to the next line at this column (or less)
        j = i + 1
        while j < stop and not (_content(lines[j]) and _indent(lines[j]) <= col):
            j += 1
        at = _value(line, m.end())
        if at is not None:
            positions[full] = (i + 1, at + 1)
        else:
            first = next((k for k in range(i + 1, j) if _content(lines[k])), None)
            if first is None or depth == 0:
                raise _Odd  # an empty value, or a mapping nested deeper than a measurement's scores
            child = _indent(lines[first])
            positions[full] = (first + 1, child + 1)
            sub = _mapping(lines, first, j, child, full, depth - 1, positions, key_positions)
            positions[("#keys",) + full] = sub
        i = j
    return keys


def _same_shape(value, found: tuple, positions: dict) -> bool:
    """Whether the data read has exactly the keys found, in order, and mappings exactly where they were found."""
    if not isinstance(value, dict) or list(value) != positions.get(("#keys",) + found):
        return False
    for k, v in value.items():
        nested = ("#keys",) + found + (k,) in positions
        if nested != isinstance(v, dict) or isinstance(v, list):
            return False
        if nested and not _same_shape(v, found + (k,), positions):
            return False
    return True


def locate(doc: Document, key: str) -> Document | None:
    """``doc`` (a quick reading: data, no places) with the places of the top-level list ``key`` of mappings, or
    None when its text is not in the plain layout (then read the text exactly)."""
    text = doc.source
    data = doc.data
    if text is None or not isinstance(data, dict) or "\r" in text or "\t" in text:
        return None
    positions: dict = {}
    key_positions: dict = {}
    lines = text.split("\n")
    heads = [i for i, line in enumerate(lines) if line.startswith(key + ":") and _KEY.match(line)]
    items = data.get(key)
    if not heads:
        return None if key in data else Document(doc.file, data, {}, {}, frozenset(), text)
    if len(heads) != 1 or not isinstance(items, list) or not items:
        return None
    head = heads[0]
    try:
        if _value(lines[head], len(key) + 1) is not None:
            return None
        end = next((i for i in range(head + 1, len(lines)) if _content(lines[i]) and _indent(lines[i]) == 0
                    and not lines[i].startswith("-")), len(lines))
        body = [i for i in range(head + 1, end) if _content(lines[i])]
        if not body:
            return None
        dash = _indent(lines[body[0]])
        starts = [i for i in body if _indent(lines[i]) == dash and lines[i][dash:dash + 2] == "- "]
        if not starts or starts[0] != body[0] or len(starts) != len(items) \
                or any(_indent(lines[i]) < dash or (_indent(lines[i]) == dash and i not in starts) for i in body):
            return None
        key_positions[(key,)] = (head + 1, 1)
        positions[(key,)] = (starts[0] + 1, dash + 1)
        bounds = starts[1:] + [end]
        for n, (first, stop) in enumerate(zip(starts, bounds)):
            line = lines[first]
            col = dash + 2 + _indent(line[dash + 2:])
            positions[(key, n)] = (first + 1, col + 1)
            positions[("#keys", key, n)] = _mapping(lines, first, stop, col, (key, n), 1, positions, key_positions)
            if not _same_shape(items[n], (key, n), positions):
                return None
    except _Odd:
        return None
    for k in [k for k in positions if k[0] == "#keys"]:
        del positions[k]
    return Document(doc.file, data, positions, key_positions, frozenset(), text)
