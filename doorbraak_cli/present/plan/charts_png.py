"""The plan document's charts as PNG images (for Word), drawn with Pillow from the same bars as the SVG.

The inputs are :class:`..svg.Bar` and :class:`..svg.FlowBar` (and, for the
Positieve Gezondheid web, labelled series of scores): exact values for the geometry, display strings (formatted by :mod:`..numbers`) for the labels,
so a chart shows exactly the figures of the tables beside it. Nothing is
loaded from the network: the font is a common system font (DejaVu Sans,
Liberation Sans, Arial, Segoe UI …) found by Pillow, else Pillow's built-in
font, which lacks ``€`` and accents, so the labels are then written in ASCII
(``EUR 42.500``).

Images are drawn at twice their printed size, so they stay sharp in print.
"""

from __future__ import annotations

import io
import textwrap
import unicodedata
from fractions import Fraction

from ..svg import BAR_COLOURS, FLOW_COLOURS, SPIDER_COLOURS

FONTS = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf", "arial.ttf", "segoeui.ttf",
         "NotoSans-Regular.ttf", "Helvetica.ttc", "FreeSans.ttf")
BOLD_FONTS = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "Arial Bold.ttf", "arialbd.ttf", "segoeuib.ttf",
              "NotoSans-Bold.ttf", "FreeSansBold.ttf")
INK, MUTED, GUIDE = "#1f2933", "#3e4c59", "#e3e7ec"
RING, SPOKE, SPIDER_FILL = "#d5dbe3", "#c3ccd7", "#e4ecf2"  # SPIDER_FILL: the last series' 12 % tint on white
_fonts: dict = {}


class Fonts:
    """A regular and a bold font at one size, and whether they can show ``€`` and accents."""

    def __init__(self, size: int, allow_system: bool = True):
        from PIL import ImageFont

        self.regular = self.bold = None
        if allow_system:
            self.regular = _first(ImageFont, FONTS, size)
            self.bold = _first(ImageFont, BOLD_FONTS, size) or self.regular
        self.unicode = self.regular is not None
        if self.regular is None:
            self.regular = self.bold = ImageFont.load_default(size=size)

    def text(self, value: str) -> str:
        """``value`` as this font can show it."""
        if self.unicode:
            return value
        value = value.replace("€", "EUR").replace("−", "-").replace("←", "<-").replace("→", "->").replace("·", "-")
        return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")


def _first(image_font, names, size: int):
    for name in names:
        try:
            return image_font.truetype(name, size)
        except OSError:
            continue
    return None


def fonts(size: int, allow_system: bool = True) -> Fonts:
    key = (size, allow_system)
    if key not in _fonts:
        _fonts[key] = Fonts(size, allow_system)
    return _fonts[key]


def _png(image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _centred(draw, x: float, y: float, text: str, font, fill: str) -> None:
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    draw.text((x - (right - left) / 2 - left, y), text, font=font, fill=fill)


def bar_chart(bars, allow_system_fonts: bool = True) -> bytes:
    """The three scenario totals as a vertical bar chart (PNG), scaled to the largest."""
    from PIL import Image, ImageDraw

    scale = 2
    width, height = 560 * scale, 330 * scale
    top, bottom, side = 48 * scale, 70 * scale, 12 * scale
    plot_h = height - top - bottom
    base = top + plot_h
    slot = (width - 2 * side) / max(len(bars), 1)
    bar_w = min(120.0 * scale, slot * 0.64)
    highest = max((b.value for b in bars if b.value > 0), default=Fraction(0))
    big, small = fonts(23 * scale, allow_system_fonts), fonts(19 * scale, allow_system_fonts)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for q in (1, 2, 3, 4):
        y = base - plot_h * q / 4
        draw.line([(side, y), (width - side, y)], fill=GUIDE, width=scale)
    for i, b in enumerate(bars):
        cx = side + slot * i + slot / 2
        h = max(2.0 * scale, float(b.value / highest) * plot_h) if highest > 0 and b.value > 0 else 0.0
        if h:
            draw.rounded_rectangle([cx - bar_w / 2, base - h, cx + bar_w / 2, base], radius=3 * scale,
                                   fill=BAR_COLOURS.get(b.key, "#55606e"))
        _centred(draw, cx, base - h - 34 * scale, big.text(b.shown), big.bold, INK)
        for j, line in enumerate(textwrap.wrap(small.text(b.label), 14, break_long_words=False) or [""]):
            _centred(draw, cx, base + 10 * scale + 22 * scale * j, line, small.regular, MUTED)
    draw.line([(side, base), (width - side, base)], fill=MUTED, width=3)
    return _png(image)


def flow_chart(rows, allow_system_fonts: bool = True) -> bytes:
    """Who invests (left) and who profits (right), per domain (PNG)."""
    from PIL import Image, ImageDraw

    rows = list(rows)
    scale = 2
    width, row_h, top = 720 * scale, 46 * scale, 52 * scale
    height = top + row_h * max(len(rows), 1) + 20 * scale
    label_w = 170 * scale
    mid = label_w + (width - label_w) / 2
    half = (width - label_w) / 2 - 95 * scale
    largest = max([r.investeert for r in rows] + [r.profiteert for r in rows] + [Fraction(0)])
    head, label, amount = (fonts(17 * scale, allow_system_fonts), fonts(18 * scale, allow_system_fonts),
                           fonts(16 * scale, allow_system_fonts))
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    left_head = head.text("← investeert")
    w = draw.textlength(left_head, font=head.bold)
    draw.text((mid - 12 * scale - w, 8 * scale), left_head, font=head.bold, fill=FLOW_COLOURS["investeert"])
    draw.text((mid + 12 * scale, 8 * scale), head.text("profiteert →"), font=head.bold, fill=FLOW_COLOURS["profiteert"])
    for i, r in enumerate(rows):
        y = top + row_h * i
        text_y = y + row_h / 2 - 11 * scale
        name = label.text(r.domein)
        draw.text((label_w - 12 * scale - draw.textlength(name, font=label.regular), text_y), name,
                  font=label.regular, fill=INK)
        for kind, value, shown in (("investeert", r.investeert, r.investeert_shown),
                                   ("profiteert", r.profiteert, r.profiteert_shown)):
            if not value or not largest:
                continue
            bw = max(2.0 * scale, float(value / largest) * half)
            x = mid - bw if kind == "investeert" else mid
            draw.rounded_rectangle([x, y + 8 * scale, x + bw, y + row_h - 8 * scale], radius=3 * scale,
                                   fill=FLOW_COLOURS[kind])
            text = amount.text(shown)
            tw = draw.textlength(text, font=amount.regular)
            tx = x - 6 * scale - tw if kind == "investeert" else x + bw + 6 * scale
            draw.text((tx, text_y + scale), text, font=amount.regular, fill=MUTED)
    draw.line([(mid, top - 6 * scale), (mid, height - 14 * scale)], fill=MUTED, width=3)
    return _png(image)


def _dashed(draw, points, fill: str, width: int, dash: float, gap: float) -> None:
    """A closed dashed outline; each side starts with a dash, so every vertex is drawn."""
    import math

    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]):
        length = math.hypot(x2 - x1, y2 - y1)
        at = 0.0
        while at < length:
            end = min(at + dash, length)
            a, b = at / length, end / length
            draw.line([(x1 + (x2 - x1) * a, y1 + (y2 - y1) * a), (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b)],
                      fill=fill, width=width)
            at = end + gap


def spider_chart(axes, series, allow_system_fonts: bool = True, top: int = 10) -> bytes:
    """The "spinnenweb" of Positieve Gezondheid (PNG): one axis per dimension from 0 (centre) to ``top``.

    ``series`` holds (label, values) pairs, values exact (``Fraction``): the first is drawn
    dashed and light, the last solid and dark (a single series solid), as in the SVG.
    """
    import math

    from PIL import Image, ImageDraw

    series = list(series)
    scale = 2
    n = max(len(axes), 3)
    label, small = fonts(21 * scale, allow_system_fonts), fonts(15 * scale, allow_system_fonts)
    line_h = 25 * scale
    radius, width = 165 * scale, 620 * scale
    cx, cy = width / 2, radius * 1.16 + line_h - 2 * scale
    legend_top = cy + radius * 1.16 + 2 * line_h - 2 * scale
    height = round(legend_top + 30 * scale * max(len(series), 1) + 6 * scale)

    def point(i: float, value) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * float(max(Fraction(0), min(Fraction(value), Fraction(top)))) / top
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    def style(k: int) -> tuple[str, bool]:  # (colour, dashed)
        return (SPIDER_COLOURS[0], True) if k < len(series) - 1 else (SPIDER_COLOURS[1], False)

    def sample(x0: float, y: float, colour: str, dashed: bool) -> None:  # a legend's line
        for a in range(round(x0), round(x0) + 44 * scale, 15 * scale if dashed else 44 * scale):
            draw.line([(a, y), (min(a + (9 if dashed else 44) * scale, x0 + 44 * scale), y)], fill=colour,
                      width=3 * scale)

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    if series:
        draw.polygon([point(i, v) for i, v in enumerate(series[-1][1])], fill=SPIDER_FILL)
    for ring in (2, 4, 6, 8, 10):
        pts = [point(i, Fraction(ring * top, 10)) for i in range(n)]
        draw.line(pts + pts[:1], fill=RING, width=scale)
        x, y = point(0.5, Fraction(ring * top, 10))  # between the first two axes, clear of the labels
        draw.text((x + 4 * scale, y - 6 * scale), str(ring * top // 10), font=small.regular, fill="#5b6573")
    for i, name in enumerate(axes):
        draw.line([(cx, cy), point(i, top)], fill=SPOKE, width=scale)
        lx, ly = point(i, Fraction(top) * Fraction(116, 100))
        lines = textwrap.wrap(label.text(name), 14, break_long_words=False) or [""]
        centred = abs(lx - cx) < 20 * scale  # above or below the web
        if centred:
            y0 = ly - line_h * len(lines) + 6 * scale if ly < cy else ly - 6 * scale
        else:
            y0 = ly - line_h * len(lines) / 2
        for j, line in enumerate(lines):
            w = draw.textlength(line, font=label.regular)
            x = lx - w / 2 if centred else (lx if lx > cx else lx - w)
            draw.text((x, y0 + line_h * j), line, font=label.regular, fill=INK)
    for k, (_name, values) in enumerate(series):
        colour, dashed = style(k)
        pts = [point(i, v) for i, v in enumerate(values)]
        if dashed:
            _dashed(draw, pts, colour, 3 * scale, 9 * scale, 6 * scale)
        else:
            draw.line(pts + pts[:1], fill=colour, width=3 * scale, joint="curve")
    names = [label.text(name) for name, _values in series]
    block = 54 * scale + max((draw.textlength(t, font=label.regular) for t in names), default=0)
    x0 = (width - block) / 2
    for k, text in enumerate(names):  # the legend, one line per series, centred under the web
        y = legend_top + 30 * scale * k + 13 * scale
        sample(x0, y, *style(k))
        draw.text((x0 + 54 * scale, y - 13 * scale), text, font=label.regular, fill=INK)
    return _png(image)
