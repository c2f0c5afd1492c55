"""The plan document as a Word file (.docx), for those who want to edit or sign it.

Built with python-docx from the same view model as the HTML and Markdown
documents (:func:`.view.build`), so every figure is ``calc``'s, already in
Dutch notation: a heading per step, the book's cost-benefit table and the
other tables as Word tables, the two closing receipts, the charts as PNG
images (:mod:`.charts_png`, drawn from the analysis's exact totals and
scores), after the decision the household's consent and the evaluation, and
at the end a signing block. Text fields are Markdown, written as Word
formatting by :mod:`.docx_text`; nothing in the document is a hyperlink and
nothing is fetched from anywhere.
"""

from __future__ import annotations

import io
from datetime import datetime
from fractions import Fraction

from ...compute.analysis import Analysis
from ...model.vocabulary import DIMENSION_LABELS, DIMENSIONS, SCENARIO_LABELS, SCENARIOS
from ..evaluation import TWO, score
from ..numbers import date_nl, euro, unbroken
from .docx_text import MONO, add_blocks, add_inline, clean
from .templating import RenderError

HEADER_FILL = "E8ECF1"
FONT = "Arial"  # everywhere (LibreOffice shows it as the metric-compatible Liberation Sans)
TEXT_WIDTH = 17.0  # cm between the margins of an A4 page
CELL_MARGIN = 60  # twips (about 1 mm) left and right in the wide tables
CM_PER_CHAR = 0.022  # character width per point of font size, in cm (Arial digits and bold headers, a little spare)


def fit_columns(rows, size: float, total: float = TEXT_WIDTH) -> list:
    """Column widths (cm) in which no word or amount breaks; the first column (the description) gets the rest."""
    ncols = max(len(r) for r in rows)
    need = []
    for c in range(ncols):
        words = [w for r in rows if c < len(r) for w in unbroken(str(r[c])).replace("\n", " ").split(" ")] or [""]
        need.append(max(len(w) for w in words) * CM_PER_CHAR * size + 0.35)
    rest = total - sum(need[1:])
    widths = [max(rest, min(need[0], 0.2 * total)), *need[1:]]  # the description may wrap a long word; amounts not
    scale = min(1.0, total / sum(widths))
    return [round(w * scale, 2) for w in widths]


def charts(analysis: Analysis, money: bool = True) -> dict:
    """The chart images (PNG) and their descriptions, from the exact figures of the analysis; {} without Pillow.

    ``money``: the plan has cost lines, so the scenario and money-flow charts mean something; the
    Positieve Gezondheid web is drawn whenever the evaluation has measurements.
    """
    try:
        import PIL  # noqa: F401 - the charts need Pillow; without it the document shows the text chart
    except ImportError:
        return {}
    from .. import svg
    from . import charts_png

    out = {}
    if money:
        result = analysis.result
        bars = [svg.Bar(s, SCENARIO_LABELS[s], result.totals[s], euro(result.totals[s], cents=False))
                for s in SCENARIOS]
        out["scenarios"] = (charts_png.bar_chart(bars), "Staafdiagram van de totale kosten per scenario: "
                            + "; ".join(f"{b.label} {b.shown}" for b in bars))
        flows = analysis.flows["dreigend"]
        if any(d.investeert or d.profiteert for d in flows.domains):
            rows = [svg.FlowBar(d.domein, d.investeert, d.profiteert, euro(d.investeert, cents=False),
                                euro(d.profiteert, cents=False)) for d in flows.domains]
            out["geldstromen"] = (charts_png.flow_chart(rows), "Per domein: links wat het investeert, rechts wat "
                                  "het bespaart, t.o.v. het dreigende scenario")
    health = analysis.evaluation.gezondheid if analysis.evaluation else None
    if health is not None:
        out["gezondheid"] = health_chart(health, charts_png)
    return out


def health_chart(health, charts_png) -> tuple:
    """The Positieve Gezondheid web of the first and the last measurement, and its description."""
    first, last = health.metingen[0], health.metingen[-1]
    measured = [first] if len(health.metingen) == 1 else [first, last]
    series = [(f"{m.label} ({date_nl(m.meting.datum)})", [Fraction(m.meting.scores[d]) for d in DIMENSIONS])
              for m in measured]
    png = charts_png.spider_chart([DIMENSION_LABELS[d] for d in DIMENSIONS], series)
    intro = "Spinnenweb van Positieve Gezondheid, zes dimensies van 0 tot 10: "
    if len(measured) == 1:
        return png, intro + f"{series[0][0]}, gemiddeld {score(first.gemiddelde, TWO)}."
    return png, (intro + f"de stippellijn is de eerste meting, {series[0][0]}, gemiddeld "
                 f"{score(first.gemiddelde, TWO)}; de doorgetrokken lijn de laatste, {series[1][0]}, gemiddeld "
                 f"{score(last.gemiddelde, TWO)}.")


class Writer:
    """The document being built, with the few kinds of block a plan needs."""

    def __init__(self, docx_module):
        from docx.shared import Cm, Pt

        self.docx = docx_module
        self.Cm, self.Pt = Cm, Pt
        self.doc = docx_module.Document()
        self.tables = 0
        self.header_tables: set = set()
        self.narrow_tables: set = set()  # tables with small cell margins
        self.alt_texts: list = []
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2))
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(10.5)

    # --- blocks --------------------------------------------------------------------------------
    def heading(self, text: str, level: int, inline_source: str | None = None):
        h = self.doc.add_heading("" if inline_source is not None else clean(text), level=level)
        if inline_source is not None:
            add_inline(h, text + inline_source)
        return h

    def para(self, text: str = "", bold: bool = False, italic: bool = False, style: str | None = None, size=None):
        p = self.doc.add_paragraph(style=style)
        if text:
            r = p.add_run(clean(text))
            r.bold = bold or None
            r.italic = italic or None
            if size:
                r.font.size = self.Pt(size)
        return p

    def empty(self, text: str):
        return self.para(text, italic=True)

    def narrative(self, n, empty_text: str) -> None:
        if n:
            add_blocks(self.doc, n.source)
        else:
            self.empty(empty_text)

    def bullets(self, items, inline: bool = False) -> None:
        for item in items:
            p = self.doc.add_paragraph(style="List Bullet")
            if inline:
                add_inline(p, item.source)
            else:
                p.add_run(clean(item))

    def table(self, head, rows, foot=(), numeric=(), widths=None, size=None, mono: bool = False, header=True):
        """A Word table: header row (bold, repeated on each page), rows of text, bold footer rows."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        all_rows = ([head] if header else []) + [list(r) for r in rows] + [list(r) for r in foot]
        ncols = max(len(r) for r in all_rows)
        table = self.doc.add_table(rows=len(all_rows), cols=ncols)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        if header:
            self.header_tables.add(self.tables)
        self.tables += 1
        if widths:
            table.autofit = False
        first_foot = len(all_rows) - len(foot)
        for r, cells in enumerate(all_rows):
            for c in range(ncols):
                value = cells[c] if c < len(cells) else ""
                cell = table.cell(r, c)
                if widths:
                    cell.width = self.Cm(widths[c])
                p = cell.paragraphs[0]
                if c in numeric:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                bold = (header and r == 0) or r >= first_foot
                if hasattr(value, "source"):  # an inline Narrative
                    add_inline(p, value.source, size=self.Pt(size) if size else None, bold=bold)
                    continue
                lines = value if isinstance(value, list) else unbroken(str(value)).split("\n")
                for j, line in enumerate(lines):
                    if j:
                        p.add_run().add_break()  # a header's second line
                    run = p.add_run(clean(line))
                    run.bold = bold or None
                    if size:
                        run.font.size = self.Pt(size)
                    if mono:
                        run.font.name = MONO
        if widths:
            for c, w in enumerate(widths):
                table.columns[c].width = self.Cm(w)
        self.doc.add_paragraph()
        return table

    def view_table(self, t: dict, keep: bool = False):
        """A present.tables.Table from the view model (koppen, rijen, voet, numeriek), its columns fitted;
        ``keep``: a short table that stays on one page."""
        size = 7.5 if len(t["koppen"]) >= 8 else 8.5 if len(t["koppen"]) >= 6 else 9
        rows = [[" ".join(h) for h in t["koppen"]], *t["rijen"], *t["voet"]]
        self.narrow_tables.add(self.tables)
        table = self.table(t["koppen"], t["rijen"], t["voet"], set(t["numeriek"]), widths=fit_columns(rows, size),
                           size=size)
        if keep:
            for row in table.rows[:-1]:
                for cell in row.cells:
                    for p in cell.paragraphs:
                        p.paragraph_format.keep_with_next = True
        return table

    def picture(self, png: bytes, alt: str, width_cm: float = 15) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        self.doc.add_picture(io.BytesIO(png), width=self.Cm(width_cm))
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.alt_texts.append(alt)
        self.para(alt, italic=True, style="Caption")

    # --- finishing ----------------------------------------------------------------------------
    def finish(self, view: dict, made: datetime) -> bytes:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        root = self.doc.element
        for shape, alt in zip(root.xpath(".//wp:docPr"), self.alt_texts):
            shape.set("descr", clean(alt))
        for i, tbl in enumerate(root.xpath(".//w:tbl")):
            if i in self.narrow_tables:
                margins = OxmlElement("w:tblCellMar")
                for side in ("left", "right"):
                    margins.append(OxmlElement(f"w:{side}", {qn("w:w"): str(CELL_MARGIN), qn("w:type"): "dxa"}))
                tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription",
                                                "w:tblPrChange")
            if i not in self.header_tables:
                continue
            tr = tbl.xpath("./w:tr")[0]
            tr.get_or_add_trPr().insert_element_before(OxmlElement("w:tblHeader"), "w:tblCellSpacing", "w:jc",
                                                       "w:hidden", "w:ins", "w:del", "w:trPrChange")
            for tc in tr.xpath("./w:tc"):
                shading = OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): HEADER_FILL})
                tc.get_or_add_tcPr().insert_element_before(shading, "w:noWrap", "w:tcMar", "w:textDirection",
                                                           "w:tcFitText", "w:vAlign", "w:hideMark")
        for fonts in self.doc.styles.element.xpath(".//w:rFonts"):  # one font, the same in Word and LibreOffice
            for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                fonts.attrib.pop(qn(f"w:{attr}"), None)
            for attr in ("ascii", "hAnsi", "cs"):
                fonts.set(qn(f"w:{attr}"), FONT)
        for lang in self.doc.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang"):
            lang.set(qn("w:val"), "nl-NL")  # Word checks the spelling in Dutch
        footer = self.doc.sections[0].footer.paragraphs[0]
        footer.add_run(clean(f"Doorbraakplan {view['id']} · pagina "))
        field = OxmlElement("w:fldSimple", {qn("w:instr"): "PAGE"})
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        self.doc.sections[0].footer.part.element.xpath(".//w:p")[0].append(field)
        core = self.doc.core_properties
        core.title = clean(f"{view['titel']} – plan {view['id']}")
        core.subject = "Doorbraakplan"
        core.author = core.last_modified_by = f"doorbraak {view['versie']}"
        core.comments = core.keywords = core.category = ""
        core.language = "nl-NL"
        core.created = core.modified = made.replace(microsecond=0)
        core.revision = 1
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


def to_docx(view: dict, analysis: Analysis, made: datetime) -> bytes:
    """The whole plan document as the bytes of a .docx file; ``made`` (the command's clock, UTC) in its
    properties."""
    try:
        import docx
    except ImportError as exc:
        raise RenderError("voor Word (docx) is python-docx nodig, en dat is niet geïnstalleerd: pip install "
                          "python-docx; of maak HTML met --format html") from exc
    from .docx_steps import write_plan

    w = Writer(docx)
    write_plan(w, view, charts(analysis, money=view["rendement"]["heeft_posten"]))
    return w.finish(view, made)
