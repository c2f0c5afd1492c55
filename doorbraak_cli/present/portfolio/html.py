"""``report --format html``: one self-contained page with inline SVG charts.

Nothing is loaded from elsewhere: styles are inline, charts are inline SVG,
there are no scripts, fonts or images, and a Content-Security-Policy meta tag
forbids any load. Every text is escaped.
"""

from __future__ import annotations

from fractions import Fraction

from ...model.vocabulary import SCENARIO_LABELS, SCENARIOS
from ..numbers import euro
from ..safe import html_text as escape
from . import tables as rt

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;
color:#1d2430;line-height:1.45}
h1{font-size:1.6rem;border-bottom:3px solid #1f5f8b;padding-bottom:.3rem}
h2{font-size:1.25rem;margin-top:2.2rem;color:#1f5f8b}
table{border-collapse:collapse;margin:.6rem 0 1.2rem;font-size:.92rem}
caption{text-align:left;font-weight:600;padding:.2rem 0;white-space:nowrap}
th,td{padding:.25rem .6rem;border-bottom:1px solid #d8dee6;vertical-align:top}
th{background:#eef3f8;text-align:left}
td.n,th.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
figure{margin:1rem 0}
figcaption{font-weight:600;font-size:.92rem}
svg text{font-family:inherit;font-size:12px;fill:#1d2430}
svg.spinnenweb{max-width:440px;height:auto;display:block}
.muted{color:#5b6573;font-size:.88rem}
"""
COLORS = {"huidig": "#7a8ca3", "dreigend": "#c0504d", "doorbraak": "#1f5f8b"}
POS, NEG = "#2e8b57", "#c0504d"


def _num(value) -> float:
    """For drawing only (bar lengths); figures shown as text are exact and rounded half-up."""
    return float(Fraction(value)) if value is not None else 0.0


def _table(t: rt.Table) -> str:
    out = ["<table>", f"<caption>{escape(t.title)}</caption>", "<thead><tr>"]
    for i, h in enumerate(t.headers):
        out.append(f'<th{" class=n" if i in t.numeric else ""} scope="col">{escape(h)}</th>')
    out.append("</tr></thead><tbody>")
    for row in t.rows:
        out.append("<tr>" + "".join(f'<td{" class=n" if i in t.numeric else ""}>{escape(c)}</td>'
                                    for i, c in enumerate(row)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def scenario_chart(rep) -> str:
    """Three vertical bars: the totals per scenario."""
    tot = rep.rendement.totalen
    top = max([_num(tot[s]) for s in SCENARIOS] + [1.0])
    w, h, base, bw = 460, 240, 200, 90
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" '
             f'aria-label="Totalen per scenario">']
    for i, s in enumerate(SCENARIOS):
        x = 40 + i * 140
        bh = round(max(_num(tot[s]), 0) / top * 170, 1)
        parts.append(f'<rect x="{x}" y="{base - bh}" width="{bw}" height="{bh}" fill="{COLORS[s]}"/>')
        parts.append(f'<text x="{x + bw / 2}" y="{base - bh - 6}" text-anchor="middle">{escape(euro(tot[s], False))}</text>')
        parts.append(f'<text x="{x + bw / 2}" y="{base + 18}" text-anchor="middle">{escape(SCENARIO_LABELS[s])}</text>')
    parts.append(f'<line x1="30" y1="{base}" x2="{w - 20}" y2="{base}" stroke="#1d2430"/></svg>')
    return "".join(parts)


def diverging_chart(rows: list[tuple[str, object, object]], label: str) -> str:
    """Horizontal bars around zero: investment (negative, left) and return (positive, right) per row."""
    if not rows:
        return ""
    top = max([abs(_num(v)) for _, a, b in rows for v in (a, b)] + [1.0])
    w, left, row_h = 720, 150, 26
    mid = left + (w - left - 20) / 2
    half = (w - left - 20) / 2 - 70
    h = 30 + row_h * len(rows)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" '
             f'aria-label="{escape(label)}">']
    for i, (name, neg, pos) in enumerate(rows):
        y = 10 + i * row_h
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{escape(name)}</text>')
        nl = round(abs(_num(neg)) / top * half, 1)
        pl = round(abs(_num(pos)) / top * half, 1)
        if nl:
            parts.append(f'<rect x="{mid - nl}" y="{y + 3}" width="{nl}" height="{row_h - 8}" fill="{NEG}"/>')
            parts.append(f'<text x="{mid - nl - 4}" y="{y + 15}" text-anchor="end">{escape(euro(neg, False))}</text>')
        if pl:
            parts.append(f'<rect x="{mid}" y="{y + 3}" width="{pl}" height="{row_h - 8}" fill="{POS}"/>')
            parts.append(f'<text x="{mid + pl + 4}" y="{y + 15}">{escape(euro(pos, False))}</text>')
    parts.append(f'<line x1="{mid}" y1="5" x2="{mid}" y2="{h - 15}" stroke="#1d2430"/>')
    parts.append(f'<text x="{mid - 6}" y="{h - 2}" text-anchor="end">investering</text>'
                 f'<text x="{mid + 6}" y="{h - 2}">opbrengst</text></svg>')
    return "".join(parts)


def spider(rep) -> str:
    """The portfolio's spider web: the mean first and mean last Positieve Gezondheid score per dimension."""
    from ...model.vocabulary import DIMENSION_LABELS, DIMENSIONS
    from ..svg import spider_chart

    ev = rep.evaluatie
    if not ev.casussen_met_metingen:
        return ""
    axes = [DIMENSION_LABELS[d] for d in DIMENSIONS]
    series = [("eerste meting, gemiddeld", [ev.dimensies[d].eerste for d in DIMENSIONS]),
              ("laatste meting, gemiddeld", [ev.dimensies[d].laatste for d in DIMENSIONS])]
    return spider_chart(axes, series, "Positieve Gezondheid over de casussen: eerste en laatste meting",
                        "Zes dimensies van 0 tot 10, gemiddeld over de casussen met twee of meer metingen; "
                        "de cijfers staan in de tabel.")


def _figure(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>" if svg else ""


def render(rep) -> str:
    pd = rep.per_domein
    charts = {
        "rendement": [
            _figure(scenario_chart(rep), "Totalen per scenario over alle meegetelde casussen"),
            _figure(diverging_chart([(d, v.investering["dreigend"], v.opbrengst["dreigend"])
                                     for d, v in pd.items()], "Per domein"),
                    "Per domein, t.o.v. het dreigende scenario: investering (links) en opbrengst (rechts)"),
            _figure(diverging_chart([(g, min(v.rendement["dreigend"], 0), max(v.rendement["dreigend"], 0))
                                     for g, v in rep.per_gemeente.items()], "Per gemeente"),
                    "Rendement per gemeente t.o.v. het dreigende scenario (links: kosten, rechts: rendement)"),
        ],
        "evaluatie": [_figure(spider(rep), "Positieve Gezondheid: de eerste meting (stippellijn) en de laatste "
                                            "(doorgetrokken), gemiddeld over de casussen")],
    }
    body = [f"<h1>{escape(rt.TITLE)}</h1>"]
    for section in rt.sections(rep):
        body.append(f'<section id="{section.key}"><h2>{escape(section.title)}</h2>')
        body += charts.get(section.key, [])
        for block in section.blocks:
            body.append(_table(block) if isinstance(block, rt.Table) else f"<p>{escape(block)}</p>")
        body.append("</section>")
    body.append('<p class="muted">Bedragen zijn exact opgeteld en pas bij het tonen afgerond (half naar boven). '
                "Casussen staan alleen als aantallen in dit overzicht; namen en pseudoniemen komen er niet in "
                "voor.</p>")
    return ("<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(rt.TITLE)}</title><style>{STYLE}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")
