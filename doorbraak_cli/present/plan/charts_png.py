"""The plan document's charts as PNG images (for Word), drawn with Pillow from the same bars as the SVG.

The inputs are :class:`..svg.Bar` and :class:`..svg.FlowBar`: exact values for
the geometry, display strings (formatted by :mod:`..numbers`) for the labels,
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

from ..svg import BAR_COLOURS, FLOW_COLOURS

FONTS = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf", "arial.ttf", "segoeui.ttf",
         "NotoSans-Regular.ttf", "Helvetica.ttc", "FreeSans.ttf")
BOLD_FONTS = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "Arial Bold.ttf", "arialbd.ttf", "segoeuib.ttf",
              "NotoSans-Bold.ttf", "FreeSansBold.ttf")
INK, MUTED, GUIDE = "#1f2933", "#3e4c59", "#e3e7ec"
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
