"""Inline SVG figures for the plan document: the scenario bar chart and the value triangle.

Pure string building with every text escaped, no external fonts or images:
the SVG goes straight into a self-contained HTML file (and from there into
the PDF). Amounts arrive as display strings; the caller formats them with
``fmt.euro`` so the figures are exactly those of ``calc``.
"""

from __future__ import annotations

import functools
import textwrap
from fractions import Fraction
from typing import NamedTuple

from .safe import html_text

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


@functools.lru_cache(maxsize=4096)
def _escaped(text: str) -> str:
    return html_text(text)


def _e(value) -> str:
    """``safe.html_text``; a plain string's from a cache (a chart's labels, keys and amounts recur case after case)."""
    return _escaped(value) if value.__class__ is str else html_text(value)


def ratio(a, b) -> float:
    """``float(a / b)`` of two exact values (Fractions or ints, ``b`` > 0) without making the Fraction: an
    integer division is correctly rounded, so it is the same float."""
    return a.numerator * b.denominator / (a.denominator * b.numerator)


def largest_positive(values):
    """The largest of exact values (Fractions or ints) above zero, or 0 when none is: as ``max`` would choose it,
    compared in integers (Fraction's comparisons ask its abstract base class of every operand)."""
    out = 0
    for v in values:
        if v.numerator > 0 and v.numerator * out.denominator > out.numerator * v.denominator:
            out = v
    return out


# one colour per scenario, readable in grey-scale print as well (light, dark, middle)
BAR_COLOURS = {"huidig": "#7a8699", "dreigend": "#b4441c", "doorbraak": "#2f7d4f"}
STATE_COLOURS = {"ok": "#2f7d4f", "letop": "#c98a0b", "open": "#9aa3ae"}


class Bar(NamedTuple):
    key: str  # scenario key, used for colour and a data attribute
    label: str  # "Dreigend scenario"
    value: Fraction  # exact amount (for the height)
    shown: str  # "€ 57.650" (for the label)


class Corner(NamedTuple):
    key: str  # legitimiteit | betrokkenheid | rendement | afweging
    label: str  # "Legitimiteit"
    state: str  # ok | letop | open
    lines: tuple  # short status lines


def _lines(lines, width: int) -> list[str]:
    out: list[str] = []
    for line in lines:
        text = str(line)
        if len(text) <= width and text.isprintable() and text == text.strip():
            out.append(text)  # what wrap gives for a short plain line, without its cost (a chart has many)
        else:
            out.extend(_wrapped(text, width))
    return out


@functools.lru_cache(maxsize=4096)
def _wrapped(text: str, width: int) -> tuple:
    """textwrap's lines of a longer label (the same labels and status lines recur case after case)."""
    return tuple(textwrap.wrap(text, width, break_long_words=False) or [""])


def clipped(lines: list[str], most: int) -> list[str]:
    """At most ``most`` lines; when some are left out, the last one shown ends in '…' so nobody reads it as whole."""
    if len(lines) <= most:
        return lines
    kept = lines[:most]
    kept[-1] = kept[-1].rstrip(" ,;:.") + "…"
    return kept


_BAR = (560, 330, 48, 70, 12)  # width, height, top, bottom, side


def bar_chart(bars: list[Bar], title: str, description: str = "") -> str:
    """A vertical bar chart of the scenario totals, scaled to the largest one."""
    width, height, top, bottom, side = _BAR
    plot_h = height - top - bottom
    n = len(bars)
    slot = (width - 2 * side) / max(n, 1)
    bar_w = min(120.0, slot * 0.64)
    base = top + plot_h
    highest = largest_positive([b.value for b in bars])
    head, guides, tail = _bar_frame()
    parts = [head, f'<title id="grafiek-titel">{_e(title)}</title>']
    if description:
        parts.append(f"<desc>{_e(description)}</desc>")
    parts.append(guides)
    for i, b in enumerate(bars):
        cx = side + slot * i + slot / 2
        x = cx - bar_w / 2
        if highest and b.value.numerator > 0:
            h = max(2.0, ratio(b.value, highest) * plot_h)
        else:
            h = 0.0
        y = base - h
        colour = BAR_COLOURS.get(b.key, "#55606e")
        parts.append(f'<rect class="staaf" data-scenario="{_e(b.key)}" x="{x:.1f}" y="{y:.1f}" '
                     f'width="{bar_w:.1f}" height="{h:.1f}" rx="3" fill="{colour}">'
                     f"<title>{_e(b.label)}: {_e(b.shown)}</title></rect>")
        parts.append(f'<text x="{cx:.1f}" y="{y - 10:.1f}" text-anchor="middle" font-size="23" '
                     f'font-weight="700" fill="#1f2933">{_e(b.shown)}</text>')
        label = _bar_label if b.label.__class__ is str else _bar_label.__wrapped__  # a Markup escapes otherwise
        parts.append(label(f"{cx:.1f}", base, b.label))
    parts.append(tail)
    return "".join(parts)


@functools.lru_cache(maxsize=1)
def _bar_frame() -> tuple[str, str, str]:
    """What every bar chart has: its opening tag, the light guide lines at quarters of the highest bar, and the
    base line with the closing tag."""
    width, height, top, bottom, side = _BAR
    plot_h = height - top - bottom
    base = top + plot_h
    uid = "grafiek-titel"
    head = (f'<svg class="grafiek" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="100%" role="img" aria-labelledby="{uid}" preserveAspectRatio="xMidYMid meet" '
            f'font-family="{_e(FONT)}">')
    guides = []
    for q in (1, 2, 3, 4):
        y = base - plot_h * q / 4
        guides.append(f'<line x1="{side}" x2="{width - side}" y1="{y:.1f}" y2="{y:.1f}" '
                      f'stroke="#e3e7ec" stroke-width="1"/>')
    tail = (f'<line x1="{side}" x2="{width - side}" y1="{base:.1f}" y2="{base:.1f}" '
            f'stroke="#3e4c59" stroke-width="1.5"/></svg>')
    return head, "".join(guides), tail


@functools.lru_cache(maxsize=256)
def _bar_label(cx: str, base: int, label: str) -> str:
    """A bar's label under the base line, wrapped (the same three scenario labels in every chart)."""
    return "".join(f'<text x="{cx}" y="{base + 27 + 22 * j:.1f}" text-anchor="middle" '
                   f'font-size="19" fill="#3e4c59">{_e(line)}</text>' for j, line in enumerate(_lines([label], 14)))


def value_triangle(corners: dict, title: str) -> str:
    """The waardendriehoek: three equal values at the corners, the weighing in the middle.

    ``corners`` maps legitimiteit/betrokkenheid/rendement/afweging to a Corner;
    each corner's dot is coloured by its state and carries its status lines.
    Sizes are chosen to stay legible when a phone scales the figure down.
    """
    width, height = 560, 470
    top = (280.0, 150.0)
    left = (118.0, 330.0)
    right = (442.0, 330.0)
    uid = "driehoek-titel"
    parts = [
        f'<svg class="driehoek" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{uid}" preserveAspectRatio="xMidYMid meet" '
        f'font-family="{_e(FONT)}">',
        f'<title id="{uid}">{_e(title)}</title>',
        f'<polygon points="{top[0]},{top[1]} {left[0]},{left[1]} {right[0]},{right[1]}" '
        'fill="#f3f5f8" stroke="#8795a7" stroke-width="4" stroke-linejoin="round"/>',
    ]

    def dot(c: Corner, at) -> None:
        colour = STATE_COLOURS.get(c.state, STATE_COLOURS["open"])
        dash = ' stroke-dasharray="5 3"' if c.state == "open" else ""
        parts.append(f'<circle class="hoek" data-waarde="{_e(c.key)}" data-stand="{_e(c.state)}" '
                     f'cx="{at[0]}" cy="{at[1]}" r="17" fill="{colour}" stroke="#ffffff" stroke-width="3"{dash}/>')

    def label(c: Corner, x: float, y: float, chars: int, max_lines: int) -> None:
        parts.append(f'<text x="{x}" y="{y}" text-anchor="middle" font-size="24" '
                     f'font-weight="700" fill="#1f2933">{_e(c.label)}</text>')
        for j, line in enumerate(clipped(_lines(c.lines, chars), max_lines)):
            parts.append(f'<text x="{x}" y="{y + 25 + 22 * j}" text-anchor="middle" '
                         f'font-size="18.5" fill="#3e4c59">{_e(line)}</text>')

    legit, betr, rend = corners["legitimiteit"], corners["betrokkenheid"], corners["rendement"]
    for c, at in ((legit, top), (betr, left), (rend, right)):
        dot(c, at)
    n_top = min(len(_lines(legit.lines, 40)), 3)
    label(legit, 280, 30 + (3 - n_top) * 22, 40, 3)   # above the apex
    label(betr, 118, 375, 21, 3)
    label(rend, 442, 375, 21, 3)
    afw = corners.get("afweging")
    if afw is not None:
        cx, cy = 280, 272
        colour = STATE_COLOURS.get(afw.state, STATE_COLOURS["open"])
        parts.append(f'<text class="midden" data-stand="{_e(afw.state)}" x="{cx}" y="{cy}" text-anchor="middle" '
                     f'font-size="20" font-weight="700" fill="{colour}">{_e(afw.label)}</text>')
        for j, line in enumerate(clipped(_lines(afw.lines, 18), 2)):
            parts.append(f'<text x="{cx}" y="{cy + 22 + 20 * j}" text-anchor="middle" font-size="17" '
                         f'fill="#3e4c59">{_e(line)}</text>')
    parts.append("</svg>")
    return "".join(parts)


class FlowBar(NamedTuple):
    domein: str
    investeert: Fraction  # >= 0
    profiteert: Fraction  # >= 0
    investeert_shown: str
    profiteert_shown: str


FLOW_COLOURS = {"investeert": "#b4441c", "profiteert": "#2f7d4f"}


def flow_chart(rows, title: str, description: str = "") -> str:
    """Who pays, who profits: per domain a bar to the left (invests) and to the right (profits)."""
    rows = list(rows)
    width, row_h, top = 720, 46, 52
    height = top + row_h * max(len(rows), 1) + 20
    label_w = 170
    mid = label_w + (width - label_w) / 2
    half = (width - label_w) / 2 - 95  # room for the amount beside the longest bar
    largest = largest_positive([r.investeert for r in rows] + [r.profiteert for r in rows])
    uid = "stromen-titel"
    parts = [
        f'<svg class="stromen" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{uid}" preserveAspectRatio="xMidYMid meet" '
        f'font-family="{_e(FONT)}">',
        f'<title id="{uid}">{_e(title)}</title>',
    ]
    if description:
        parts.append(f"<desc>{_e(description)}</desc>")
    parts.append(f'<text x="{mid - 12:.1f}" y="24" text-anchor="end" font-size="17" font-weight="700" '
                 f'fill="{FLOW_COLOURS["investeert"]}">← investeert</text>')
    parts.append(f'<text x="{mid + 12:.1f}" y="24" text-anchor="start" font-size="17" font-weight="700" '
                 f'fill="{FLOW_COLOURS["profiteert"]}">profiteert →</text>')
    for i, r in enumerate(rows):
        y = top + row_h * i
        parts.append(f'<text x="{label_w - 12}" y="{y + row_h / 2 + 6:.1f}" text-anchor="end" font-size="18" '
                     f'fill="#1f2933">{_e(r.domein)}</text>')
        for side, value, shown in (("investeert", r.investeert, r.investeert_shown),
                                   ("profiteert", r.profiteert, r.profiteert_shown)):
            if not value or not largest:
                continue
            w = max(2.0, ratio(value, largest) * half)
            x = mid - w if side == "investeert" else mid
            parts.append(f'<rect class="stroom" data-domein="{_e(r.domein)}" data-kant="{side}" x="{x:.1f}" '
                         f'y="{y + 8}" width="{w:.1f}" height="{row_h - 16}" rx="3" fill="{FLOW_COLOURS[side]}">'
                         f"<title>{_e(r.domein)} {side}: {_e(shown)}</title></rect>")
            tx, anchor = (x - 6, "end") if side == "investeert" else (x + w + 6, "start")
            parts.append(f'<text x="{tx:.1f}" y="{y + row_h / 2 + 6:.1f}" text-anchor="{anchor}" font-size="16" '
                         f'fill="#3e4c59">{_e(shown)}</text>')
    parts.append(f'<line x1="{mid:.1f}" x2="{mid:.1f}" y1="{top - 6}" y2="{height - 14}" stroke="#3e4c59" stroke-width="1.5"/>')
    parts.append("</svg>")
    return "".join(parts)


SPIDER_COLOURS = ("#8795a7", "#1f5f8b")  # the first measurement (dashed, light), the last (solid, dark)


def spider_chart(axes: list[str], series: list[tuple[str, list]], title: str, description: str = "",
                 top: float = 10) -> str:
    """The "spinnenweb" of Positieve Gezondheid: one axis per dimension from 0 (centre) to ``top``.

    ``series`` holds (label, values) pairs, drawn as polygons: the first dashed and
    light, the last solid and dark, so a baseline and the latest measurement read
    at a glance. Every text is escaped; the figures also stand in the table beside it.
    """
    size = 560
    uid = "spinnenweb-titel"
    point = _spider_point(len(axes), top)
    parts = [
        f'<svg class="spinnenweb" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="100%" '
        f'role="img" aria-labelledby="{uid}" preserveAspectRatio="xMidYMid meet" font-family="{_e(FONT)}">',
        f'<title id="{uid}">{_e(title)}</title>',
    ]
    if description:
        parts.append(f"<desc>{_e(description)}</desc>")
    parts.append(_spider_web(tuple(axes), top))
    for k, (label, values) in enumerate(series):
        colour = SPIDER_COLOURS[0] if k < len(series) - 1 else SPIDER_COLOURS[1]
        dash = ' stroke-dasharray="6 4"' if k < len(series) - 1 else ""
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, float(v)) for i, v in enumerate(values)))
        fill = "none" if dash else "rgba(31,95,139,0.12)"
        parts.append(f'<polygon class="meting" data-meting="{_e(label)}" points="{pts}" fill="{fill}" '
                     f'stroke="{colour}" stroke-width="3"{dash}><title>{_e(label)}</title></polygon>')
    for k, (label, _values) in enumerate(series):  # the legend, one line per series, under the web
        colour = SPIDER_COLOURS[0] if k < len(series) - 1 else SPIDER_COLOURS[1]
        dash = ' stroke-dasharray="6 4"' if k < len(series) - 1 else ""
        y = size - 20 - 24 * (len(series) - 1 - k)
        parts.append(f'<line x1="40" y1="{y}" x2="74" y2="{y}" stroke="{colour}" stroke-width="3"{dash}/>')
        parts.append(f'<text x="82" y="{y + 6}" font-size="18" fill="#1f2933">{_e(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


_SPIDER = (280, 250, 160)  # centre x, centre y, radius


def _spider_point(n: int, top: float):
    """The point at axis ``i`` (of ``n``) for ``value`` (0 in the centre, ``top`` at the rim)."""
    import math

    cx, cy, radius = _SPIDER

    def point(i: float, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * max(0.0, min(value, top)) / top
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    return point


@functools.lru_cache(maxsize=8)
def _spider_web(axes: tuple, top: float) -> str:
    """The web without measurements (rings, axes, their labels): the same for every case, so made once."""
    cx, cy, _ = _SPIDER
    n = len(axes)
    point = _spider_point(n, top)
    parts = []
    for ring in (2, 4, 6, 8, 10):
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(n)))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="#d5dbe3" stroke-width="1"/>')
        x, y = point(0.5, ring)  # between the first two axes, clear of the labels
        parts.append(f'<text x="{x + 3:.1f}" y="{y + 4:.1f}" font-size="13" fill="#5b6573">{ring}</text>')
    for i, label in enumerate(axes):
        x, y = point(i, top)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#c3ccd7" stroke-width="1"/>')
        lx, ly = point(i, top * 1.16)
        anchor = "middle" if abs(lx - cx) < 20 else ("start" if lx > cx else "end")
        label_lines = _lines([label], 14)
        shift = -9 * (len(label_lines) - 1) if abs(lx - cx) >= 20 else (-18 * (len(label_lines) - 1) if ly < cy else 0)
        for j, line in enumerate(label_lines):
            parts.append(f'<text x="{lx:.1f}" y="{ly + 6 + shift + 18 * j:.1f}" text-anchor="{anchor}" font-size="17" '
                         f'fill="#1f2933">{_e(line)}</text>')
    return "".join(parts)
