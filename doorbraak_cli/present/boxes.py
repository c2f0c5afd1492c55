"""Till receipts, tables and paragraphs for the terminal, drawn without rich.

``doorbraak calc`` drew its receipts (kassabonnen) and tables with rich, and
importing rich (~16 ms) plus its layout (~20 ms) were most of the command's cost.
This is a small, dependency-free port of what those drawings use of rich 15.0.0,
with BYTE-IDENTICAL output (``tests/present/test_boxes.py`` holds it against rich):

* ``Screen.table(t)``: ``Console.print(Table(...))`` with ``box.SIMPLE_HEAVY`` or
  ``box.ROUNDED``, default padding, an optional fixed ``width`` (``ratio`` columns
  then expand), with or without a header, ``add_section()`` lines, a centred
  title and caption; ``Screen.columns(tables)``: ``Columns(tables, padding=(0, n))``;
* ``Screen.paragraph(s)``: ``Console.print(Text(s))``, word wrapped, and
  ``Screen.line(s)``: ``Console.print(Text(s), no_wrap=True, crop=False)``.

Plain or in a terminal ("standard", "256", "truecolor"), where rich writes one ANSI
SGR sequence per segment; its theme makes table headers bold, a plain-string title
italic and caption dim italic (the defaults of ``title_style``/``caption_style``).
Styles: words from bold, dim, italic, underline, green, red. Text is literal (no
markup, no ``:emoji:`` codes) and passes through ``printable()``, so a case file
cannot send terminal control sequences. ASCII and Latin text is measured here;
other text (CJK, emoji, combining accents...) by the public ``rich.cells``
functions, imported only then, so every width, cut and fold is rich's.

Not reproduced: rich's ASCII boxes for a non-UTF-8 output, the ``NO_COLOR``
variable (pass ``Screen(..., no_color=True)``), other paddings, and rich's
AssertionError for an expanding table whose columns all measure 0 cells.
"""

from __future__ import annotations

from .safe import printable

__all__ = ["BoxTable", "Column", "Screen", "measure", "printable"]

_BITS = {"bold": 1, "dim": 2, "italic": 4, "underline": 8, "green": 16, "red": 32}  # a style is an int of bits
_COLOR = 48
_CODES = ((1, "1"), (2, "2"), (4, "3"), (8, "4"), (16, "32"), (32, "31"))  # rich's SGR order
_HEADER = 1  # rich's theme: "table.header" is bold
_BOXES = {"simple_heavy": ("    ", " ━━ ", "    ", "    ", " "),  # top, head row, section row and bottom
          "rounded": ("╭─┬╮", "├─┼┤", "├─┼┤", "╰─┴╯", "│")}  # (left, horizontal, cross, right); vertical
_NARROW_RANGES = ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482), (0x2010, 0x2027),
                  (0x2030, 0x203B), (0x20A0, 0x20C0), (0x2200, 0x22FF), (0x2500, 0x25FC), (0x2800, 0x28FF))
_narrow: frozenset[str] | None = None  # characters one cell wide in every Unicode version rich knows
_word_re = None
# A line is a list of segments, (text, style) pairs, like rich's lists of Segment.


def _style(spec: str) -> int:
    bits = 0
    for word in spec.split():  # a KeyError for any other word
        bits = (bits & ~_COLOR if _BITS[word] & _COLOR else bits) | _BITS[word]
    return bits


# -- cell widths: len() for narrow text, rich.cells for any other --------------------------
def _is_narrow(text: str) -> bool:
    """Whether every character is one cell wide, so that len() measures and slicing cuts."""
    global _narrow
    if text.isascii():
        return True
    if _narrow is None:
        _narrow = frozenset(chr(c) for a, b in _NARROW_RANGES for c in range(a, b + 1))
    return _narrow.issuperset(text)


def _cell_len(text: str) -> int:
    if _is_narrow(text):
        return len(text)
    from rich.cells import cell_len  # only for text that is not all narrow
    return cell_len(text)


def measure(text: str) -> int:
    """How many terminal cells a text takes, as rich counts them (a wide character takes two)."""
    return _cell_len(text)


def _set_cell_size(text: str, total: int) -> str:
    if _is_narrow(text):
        return text + " " * (total - len(text)) if len(text) < total else text[:total]
    from rich.cells import set_cell_size
    return set_cell_size(text, total)


def _chop(text: str, width: int) -> list[str]:
    if _is_narrow(text):
        return [text[i:i + width] for i in range(0, len(text), width)]
    from rich.cells import chop_cells
    return chop_cells(text, width)


# -- text: Text.__rich_measure__, _wrap.divide_line, Text.wrap with Lines.justify -----------
def _measure_text(text: str) -> tuple[int, int]:
    length = len if text.isascii() else _cell_len
    widest = max(map(length, text.splitlines()), default=0)
    return max(map(length, text.split()), default=widest), widest


def _divide_line(text: str, width: int, fold: bool) -> list[int]:
    global _word_re
    if _word_re is None:
        import re
        _word_re = re.compile(r"\s*\S+\s*")
    length = len if _is_narrow(text) else _cell_len
    breaks: list[int] = []
    offset = 0
    for match in _word_re.finditer(text):
        start, word = match.start(), match.group()
        word_length = length(word.rstrip())
        if width - offset >= word_length:
            offset += length(word)
        elif word_length > width and fold:
            pieces = _chop(word, width)
            for piece in pieces:
                if start:
                    breaks.append(start)
                start += len(piece)
            offset = length(pieces[-1]) if pieces else offset
        elif word_length > width or (offset and start):
            if start:
                breaks.append(start)
            offset = length(word)
    return breaks


def _truncate(text: str, width: int, overflow: str, pad: bool = False) -> str:
    length = _cell_len(text)
    if length > width:
        text = _set_cell_size(text, width - 1) + "…" if overflow == "ellipsis" else _set_cell_size(text, width)
    return text + " " * (width - length) if pad and length < width else text


def _wrap(text: str, width: int, justify: str, overflow: str, no_wrap: bool) -> list[str]:
    """The lines of ``Text(text).wrap(width, ...)``; justify "default" leaves them as they are."""
    out: list[str] = []
    for line in text.split("\n"):
        narrow = _is_narrow(line)
        pieces = [line]
        if not (no_wrap or (narrow and len(line) <= width)):
            bounds = [0, *_divide_line(line, width, overflow == "fold"), len(line)]
            pieces = [line[a:b] for a, b in zip(bounds, bounds[1:])]
            for i, piece in enumerate(pieces):  # Text.rstrip_end, which counts characters
                if len(piece) > width:
                    pieces[i] = piece[:len(piece) - min(len(piece) - len(piece.rstrip()), len(piece) - width)]
        for piece in pieces:
            fits = narrow and len(piece) <= width  # then truncating changes nothing
            if justify == "left":
                piece = piece + " " * (width - len(piece)) if fits else _truncate(piece, width, overflow, True)
            elif justify in ("right", "center"):
                piece = piece.rstrip() if fits else _truncate(piece.rstrip(), width, overflow)
                space = width - (len(piece) if fits else _cell_len(piece))
                piece = " " * (space if justify == "right" else space // 2) + piece
                piece += " " * (width - (len(piece) if fits else _cell_len(piece))) if justify == "center" else ""
            out.append(piece if fits else _truncate(piece, width, overflow))
    return out


# -- layout: rich._ratio, Table._collapse_widths and _calculate_column_widths --------------
def _ratio_reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    ratios = [r if m else 0 for r, m in zip(ratios, maximums)]
    total_ratio, out = sum(ratios), []
    for ratio, maximum, value in zip(ratios, maximums, values):
        if ratio and total_ratio > 0:
            cut = min(maximum, round(ratio * total / total_ratio))
            value, total, total_ratio = value - cut, total - cut, total_ratio - ratio
        out.append(value)
    return out


def _ratio_distribute(total: int, ratios: list[int], minimums: list[int] | None = None) -> list[int]:
    from math import ceil
    ratios = [r if m else 0 for r, m in zip(ratios, minimums)] if minimums else ratios
    total_ratio, out = sum(ratios), []
    for ratio, minimum in zip(ratios, minimums or [0] * len(ratios)):
        out.append(max(minimum, ceil(ratio * total / total_ratio)) if total_ratio > 0 else total)
        total, total_ratio = total - out[-1], total_ratio - ratio
    return out


def _collapse(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    excess = sum(widths) - max_width
    while any(wrapable) and sum(widths) and excess > 0:
        widest = max(w for w, a in zip(widths, wrapable) if a)
        second = max(w if a and w != widest else 0 for w, a in zip(widths, wrapable))
        ratios = [1 if w == widest and a else 0 for w, a in zip(widths, wrapable)]
        if not any(ratios) or not widest - second:
            break
        widths = _ratio_reduce(excess, ratios, [min(excess, widest - second)] * len(widths), widths)
        excess = sum(widths) - max_width
    return widths


def _get(low: int, high: int, max_width: int) -> tuple[int, int]:
    """``Measurement.get``'s finish: normalize, at most max_width, and none below one cell."""
    low = max(0, min(max(0, low), high))
    high = min(max(0, low, high), max_width)
    return (0, 0) if high < 1 else (min(low, max_width, high), high)


def _layout(measure, count: int, max_width: int, wrapable: list[bool], ratios=None) -> list[int]:
    """``Table._calculate_column_widths``: ``measure(i, width)`` is ``_measure_column``; an
    expanding table (one with a width) gives its columns' ``ratios`` (None: not flexible)."""
    ranges = [measure(i, max_width) for i in range(count)]
    widths = [high or 1 for _, high in ranges]
    if ratios is not None and any(ratios):
        fixed = [0 if r is not None else high for r, (_, high) in zip(ratios, ranges)]
        flex = [r or 0 for r in ratios if r is not None]
        shares = iter(_ratio_distribute(max_width - sum(fixed), flex, [3] * len(flex)))  # 1 + padding
        widths = [fixed[i] + next(shares) if r is not None else w for i, (r, w) in enumerate(zip(ratios, widths))]
    table_width = sum(widths)
    if table_width > max_width:
        widths = _collapse(widths, wrapable, max_width)
        table_width = sum(widths)
        if table_width > max_width:
            widths = _ratio_reduce(table_width - max_width, [1] * count, widths, widths)
            table_width = sum(widths)
        widths = [measure(i, max(0, w))[1] or 0 for i, w in enumerate(widths)]
    if ratios is not None and table_width < max_width:
        widths = [w + p for w, p in zip(widths, _ratio_distribute(max_width - table_width, widths))]
    return widths


def _fit(line: list, length: int, pad: bool = True) -> list:
    """``Segment.adjust_line_length``: crop a line of segments, or pad it with unstyled spaces."""
    total = sum(len(text) if text.isascii() else _cell_len(text) for text, _ in line)
    if total <= length:
        return line + [(" " * (length - total), 0)] if pad and total < length else line
    out, used = [], 0
    for text, style in line:
        size = _cell_len(text)
        if used + size >= length:
            return out + [(_set_cell_size(text, length - used), style)]
        out.append((text, style))
        used += size
    return out


# -- the public API -------------------------------------------------------------------
class Column:
    """A column, as rich's ``Table.add_column(header, justify=, no_wrap=, overflow=, min_width=, ratio=)``.

    justify: "left", "right" or "center"; overflow: "fold", "crop" or "ellipsis" (rich's
    default); a ratio only counts in a table with a fixed ``width``.
    """

    __slots__ = ("header", "justify", "no_wrap", "overflow", "min_width", "ratio")

    def __init__(self, header: str = "", justify: str = "left", no_wrap: bool = False,
                 overflow: str = "ellipsis", min_width: int | None = None, ratio: int | None = None) -> None:
        if justify not in ("left", "right", "center") or overflow not in ("fold", "crop", "ellipsis"):
            raise ValueError(f"unsupported justify {justify!r} or overflow {overflow!r}")
        self.header, self.justify, self.no_wrap = header, justify, no_wrap
        self.overflow, self.min_width, self.ratio = overflow, min_width, ratio


class BoxTable:
    """A table, as a rich ``Table`` holds it (see the module docstring).

    rows: lists of cells, each a ``str`` or ``(str, style)``; a short row ends in empty cells.
    sections: indexes of the rows after which a section line is drawn (``add_section()``).
    box: "simple_heavy" or "rounded"; width: a fixed table width (``Table(width=...)``).
    """

    def __init__(self, columns: list[Column], rows: list[list] = (), *, title: str | None = None,
                 title_style: str = "italic", caption: str | None = None, caption_style: str = "dim italic",
                 box: str = "simple_heavy", width: int | None = None, show_header: bool = True,
                 sections: frozenset[int] | set[int] = frozenset()) -> None:
        if not columns or any(len(row) > len(columns) for row in rows):
            raise ValueError("a table needs a column, and no row more cells than there are columns")
        self.columns, self.width, self.show_header = list(columns), width, show_header
        self.title, self.caption = printable(title or ""), printable(caption or "")
        self.title_style, self.caption_style = _style(title_style), _style(caption_style)
        self.rules, self.sections = _BOXES[box], frozenset(sections)
        self.extra_width = len(self.columns) + 1  # the box: two edges and a divider between columns
        self.header = [(printable(c.header), 0) for c in self.columns]
        self.rows = [[(printable(c), 0) if isinstance(c, str) else (printable(c[0]), _style(c[1])) for c in row]
                     + [("", 0)] * (len(self.columns) - len(row)) for row in rows]
        shown = ([self.header] if show_header else []) + self.rows
        sizes = [[_measure_text(row[i][0]) for row in shown] for i in range(len(self.columns))]
        self._sizes = [(max((min(low, high) for low, high in column), default=None),
                        max((high for _, high in column), default=None)) for column in sizes]
        self._memo: dict[tuple, object] = {}

    def _measure_column(self, index: int, max_width: int) -> tuple[int, int]:
        """``Table._measure_column``: ``Measurement.get`` of a cell, ``Padding(Text, (0, 1))``, is
        (min(word, line, max_width - 2) + 2, min(line, max_width - 2) + 2) once max_width > 2."""
        low, high = self._sizes[index]
        if max_width < 1:
            return 0, 0
        if high is None:  # no cells at all
            low, high = min(1, max_width), max_width
        elif max_width < 3:
            low = high = max_width
        else:
            low, high = min(low, max_width - 2) + 2, min(high, max_width - 2) + 2
        minimum = self.columns[index].min_width
        if minimum is not None:
            low, high = max(low, minimum + 2, 0), max(high, minimum + 2, 0)
        return low, high

    def _widths(self, max_width: int) -> list[int]:
        if ("w", max_width) not in self._memo:
            self._memo["w", max_width] = _layout(
                self._measure_column, len(self.columns), max_width, [not c.no_wrap for c in self.columns],
                [c.ratio for c in self.columns] if self.width is not None else None)
        return self._memo["w", max_width]

    def _measure(self, max_width: int) -> tuple[int, int]:
        """``Measurement.get(console, options, table)``, as ``Columns`` measures a table."""
        width = self.width if self.width is not None else max_width
        if max_width < 1 or width < 0:
            return 0, 0
        if ("m", max_width) not in self._memo:
            inner = sum(self._widths(max(0, width - self.extra_width)))
            sizes = [self._measure_column(i, inner) for i in range(len(self.columns))]
            low = sum(s[0] for s in sizes) + self.extra_width
            high = sum(s[1] for s in sizes) + self.extra_width if self.width is None else self.width
            self._memo["m", max_width] = _get(low, high, max_width)
        return self._memo["m", max_width]

    def _lines(self, max_width: int, overflow: str) -> tuple[int, list[list]]:
        """The table's width and lines, as ``Table.__rich_console__`` renders them for the
        console options ``max_width`` and ``overflow`` (which the title and caption inherit)."""
        widths = self._widths(max(0, (self.width if self.width is not None else max_width) - self.extra_width))
        table_width = sum(widths) + self.extra_width
        top, head, section, bottom, vertical = self.rules

        def rule(spec: str) -> list:
            return [(spec[0] + spec[2].join(spec[1] * w for w in widths) + spec[3], 0)]

        def annotation(text: str, style: int) -> list[list]:
            return [[(t, style)] for t in _wrap(text, table_width, "center", overflow, False)] if text else []

        lines = [*annotation(self.title, self.title_style), rule(top)]
        rows = ([(self.header, True)] if self.show_header else []) + [(row, False) for row in self.rows]
        for index, (row, is_header) in enumerate(rows):
            base, cells = _HEADER if is_header else 0, []  # bold header; base | style is rich's base + style
            for (text, style), column, w in zip(row, self.columns, widths):
                texts = _wrap(text, w - 2, column.justify, column.overflow, column.no_wrap) if w > 2 else []
                cells.append([[(" ", base), *_fit([(t, base | style)], w - 2), (" ", base)] for t in texts])
            row_height = max(map(len, cells))
            height = max(1, row_height)
            for i, (cell, w) in enumerate(zip(cells, widths)):
                if len(cell) < row_height:  # a header sits at the bottom, a body cell at the top
                    blank = [[(" " * w, base)]] * (row_height - len(cell))
                    cell = blank + cell if is_header else cell + blank
                cells[i] = cell + [[(" " * w, 0)]] * (height - len(cell))
            for n in range(height):
                line = [(vertical, 0)]
                for cell in cells:
                    line += cell[n]
                    line.append((vertical, 0))
                lines.append(line)
            if is_header:
                lines.append(rule(head))
            elif index - self.show_header in self.sections and index < len(rows) - 1:
                lines.append(rule(section))
        return table_width, [*lines, rule(bottom), *annotation(self.caption, self.caption_style)]


class Screen:
    """A console ``width`` cells wide; ``color`` None (plain) or "standard", "256" or "truecolor".

    Each method returns the text the matching rich ``Console.print`` writes. ``no_color``
    drops the colours but keeps bold, dim, italic and underline (rich's ``no_color``).
    """

    def __init__(self, width: int, color: str | None = None, no_color: bool = False) -> None:
        if color not in (None, "standard", "256", "truecolor") or width < 1:
            raise ValueError(f"unsupported screen: width {width!r}, colour {color!r}")
        self.width, self.color, self.no_color = width, color, no_color
        self._sgr: dict[int, str] = {}

    def _emit(self, lines: list[list], crop: bool) -> str:
        out: list[str] = []
        append, sgr = out.append, self._sgr
        for line in lines:
            for text, style in _fit(line, self.width, pad=False) if crop else line:
                if style and text and self.color:
                    if style not in sgr:
                        codes = ";".join(c for bit, c in _CODES if bit & style & (~_COLOR if self.no_color else -1))
                        sgr[style] = f"\x1b[{codes}m" if codes else ""
                    append(f"{sgr[style]}{text}\x1b[0m" if sgr[style] else text)
                else:
                    append(text)
            append("\n")
        return "".join(out)

    def _text(self, text: str, style: str, no_wrap: bool) -> str:
        lines = _wrap(printable(text), self.width, "default", "fold", no_wrap)
        return self._emit([[(line, _style(style))] for line in lines], False)

    def paragraph(self, text: str, style: str = "") -> str:
        """``Console.print(Text(text, style=style))``: word wrapped at the screen width."""
        return self._text(text, style, False)

    def line(self, text: str, style: str = "") -> str:
        """``Console.print(Text(text, style=style), no_wrap=True, crop=False)``: cut at the screen width."""
        return self._text(text, style, True)

    def table(self, table: BoxTable) -> str:
        """``Console.print(table)``."""
        width, lines = table._lines(self.width, "fold")
        return self._emit(lines, width > self.width)

    def column_widths(self, table: BoxTable) -> list[int]:
        """The column widths (cell padding included, box lines not) ``table`` gets on this screen."""
        width = table.width if table.width is not None else self.width
        return list(table._widths(max(0, width - table.extra_width)))

    def columns(self, tables: list[BoxTable], padding: int = 2) -> str:
        """``Console.print(Columns(tables, padding=(0, padding)))``: the tables side by side, in rows."""
        if not tables:
            return ""
        sizes, count = [t._measure(self.width)[1] for t in tables], len(tables)
        while count > 1:  # as many tables to a row as fit, counted the way Columns counts
            widest: dict[int, int] = {}
            for i, size in enumerate(sizes + [0] * (-len(sizes) % count)):
                widest[i % count] = max(widest.get(i % count, 0), size)
                if sum(widest.values()) + padding * (len(widest) - 1) > self.width:
                    count = len(widest) - 1
                    break
            else:
                break
        cells: list[BoxTable | None] = [*tables, *[None] * (-len(tables) % count)]
        grid = [cells[i:i + count] for i in range(0, len(cells), count)]
        rights = [padding] * (count - 1) + [0]  # Table.grid(padding, collapse_padding=True, pad_edge=False)

        def measure(i: int, max_width: int) -> tuple[int, int]:  # a grid column of Padding(table)
            if max_width < 1:
                return 0, 0
            sizes = [row[i]._measure(max_width) if row[i] else (0, 0) for row in grid]
            sizes = [(max_width, max_width) if max_width <= rights[i] else _get(
                min(low + rights[i], max_width), min(high + rights[i], max_width), max_width) for low, high in sizes]
            return min(max(s[0] for s in sizes), max_width), min(max(s[1] for s in sizes), max_width)

        widths, lines = _layout(measure, count, self.width, [True] * count), []
        for row in grid:
            cell_lines = []
            for table, w, right in zip(row, widths, rights):
                inner, pad = w - right, [(" " * right, 0)] if right else []
                width, sub = table._lines(inner, "ellipsis") if table and inner > 0 else (inner, [[(" " * inner, 0)]])
                cell_lines.append([(line if width == inner else _fit(line, inner)) + pad for line in sub]
                                  if inner > 0 else [])
            height = max(1, *map(len, cell_lines))
            cell_lines = [c + [[(" " * w, 0)]] * (height - len(c)) for c, w in zip(cell_lines, widths)]
            lines += [[seg for c in cell_lines for seg in c[n]] for n in range(height)]
        return self._emit(lines, sum(widths) > self.width)
