"""The site's own inline SVG charts: the funnel, plans per status per quarter, and rendement per quarter.

Pure string building, every text escaped, sizes from exact values turned
into floats only for drawing (the figures shown as text are exact and
rounded by ``numbers``). Each chart has a ``<title>`` and a ``<desc>`` that
say what it shows in words, and the page puts the same figures in a table
beside it.
"""

from __future__ import annotations

from fractions import Fraction

from ..present.safe import html_text as _e

STATUS_COLOURS = {"aangemeld": "#5f6b7a", "concept": "#a66a00", "ingediend": "#1d4f91", "goedgekeurd": "#2f7d4f",
                  "afgewezen": "#b4441c", "gerealiseerd": "#145c3a", "afgesloten": "#3d3d8f", "gestopt": "#7a2e5b"}
OTHER = "#4b5563"
PAIR_COLOURS = ("#1d4f91", "#2f7d4f")  # direct (t.o.v. huidig), reëel (t.o.v. dreigend)


def _open(cls: str, width: int, height: int, uid: str, title: str, desc: str) -> list[str]:
    return [f'<svg class="{cls}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-labelledby="{uid}-t {uid}-d">',
            f'<title id="{uid}-t">{_e(title)}</title><desc id="{uid}-d">{_e(desc)}</desc>']


def _axis_labels(n: int) -> int:
    """Every how many quarters a label fits."""
    return 1 if n <= 10 else (2 if n <= 20 else (4 if n <= 40 else 8))


def stacked_quarters(rows, statuses, title: str) -> str:
    """Per quarter a bar of its cases, stacked by status. ``rows``: [(quarter, {status: count})]."""
    if not rows:
        return ""
    width, height, left, bottom, top_pad = 720, 280, 44, 46, 14
    plot_h = height - bottom - top_pad
    slot = (width - left - 10) / len(rows)
    bar_w = max(4.0, min(38.0, slot * 0.7))
    highest = max(max(sum(c.values()) for _, c in rows), 1)
    desc = "; ".join(f"{q}: " + ", ".join(f"{s} {c[s]}" for s in statuses if c.get(s)) for q, c in rows if c)
    parts = _open("trend-status", width, height, "trend-status", title, desc)
    base = top_pad + plot_h
    for frac in (0.5, 1.0):
        if (highest * frac) % 1:
            continue  # a guide line only at a whole number of plans
        y = base - plot_h * frac
        parts.append(f'<line x1="{left}" x2="{width - 6}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d5dbe3"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{int(highest * frac)}</text>')
    every = _axis_labels(len(rows))
    for i, (quarter, counts) in enumerate(rows):
        x = left + slot * i + (slot - bar_w) / 2
        y = base
        for s in statuses:
            n = counts.get(s, 0)
            if not n:
                continue
            h = n / highest * plot_h
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{STATUS_COLOURS.get(s, OTHER)}" stroke="#fff" stroke-width="0.6">'
                         f"<title>{_e(quarter)}, {_e(s)}: {n}</title></rect>")
        if i % every == 0:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{base + 16}" text-anchor="middle">{_e(quarter)}</text>')
    parts.append(f'<line x1="{left}" x2="{width - 6}" y1="{base}" y2="{base}" stroke="#1f2933"/></svg>')
    return "".join(parts)


def paired_quarters(rows, labels, title: str, shown) -> str:
    """Per quarter two bars around zero (rendement direct and reëel). ``rows``: [(quarter, (a, b))]."""
    if not rows:
        return ""
    width, height, left, bottom, top_pad = 720, 260, 10, 40, 16
    values = [float(Fraction(v)) for _, pair in rows for v in pair]
    hi, lo = max(values + [0.0]), min(values + [0.0])
    span = (hi - lo) or 1.0
    plot_h = height - bottom - top_pad
    zero = top_pad + plot_h * hi / span
    slot = (width - left - 10) / len(rows)
    bar_w = max(3.0, min(18.0, slot * 0.36))
    desc = "; ".join(f"{q}: {labels[0]} {shown(p[0])}, {labels[1]} {shown(p[1])}" for q, p in rows)
    parts = _open("trend-rendement", width, height, "trend-rendement", title, desc)
    every = _axis_labels(len(rows))
    for i, (quarter, pair) in enumerate(rows):
        cx = left + slot * i + slot / 2
        for j, v in enumerate(pair):
            f = float(Fraction(v))
            h = abs(f) / span * plot_h
            x = cx - bar_w + j * bar_w
            y = zero - h if f >= 0 else zero
            if h:
                parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                             f'fill="{PAIR_COLOURS[j]}"><title>{_e(quarter)}, {_e(labels[j])}: {_e(shown(v))}'
                             "</title></rect>")
        if i % every == 0:
            parts.append(f'<text x="{cx:.1f}" y="{height - bottom + 18}" text-anchor="middle">{_e(quarter)}</text>')
    parts.append(f'<line x1="{left}" x2="{width - 6}" y1="{zero:.1f}" y2="{zero:.1f}" stroke="#1f2933"/></svg>')
    return "".join(parts)


def legend(items) -> str:
    """An HTML legend: (css class of the swatch, label)."""
    return '<ul class="legenda">' + "".join(f'<li><span class="stip {_e(k)}"></span>{_e(label)}</li>'
                                             for k, label in items) + "</ul>"
