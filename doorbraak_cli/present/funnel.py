"""The funnel (aangemeld → intake → plan → besloten → gerealiseerd → gemeten) as a table and as a drawing.

Shared by the report (terminal, Markdown, HTML) and the site's dashboard: one row per stage with the cases that
passed it, and of those that went no further the ones still running and the ones that stopped, by reason.
"""

from __future__ import annotations

from ..compute.portfolio.funnel import AFTER, STAGES
from ..model.vocabulary import STOP_REASON_LABELS
from .safe import html_text as _e

STAGE_LABELS = {"aangemeld": "Aangemeld", "intake": "Intake (thuis geweest)", "plan": "Plan met kosten-batenanalyse",
                "besloten": "Besloten", "gerealiseerd": "Gerealiseerd", "gemeten": "Gemeten na realisatie"}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def reasons_text(reasons: dict) -> str:
    return ", ".join(f"{STOP_REASON_LABELS.get(r, r)} {n}" for r, n in reasons.items())


def rows(t) -> list[tuple]:
    """(stage, passed, running there, stopped there, reasons) per stage."""
    return [(STAGE_LABELS[s], t.stadia[s], t.lopend[a], sum(t.gestopt[a].values()), reasons_text(t.gestopt[a]))
            for s, a in zip(STAGES, AFTER)]


TITLE = "Trechter: van aanmelding tot meting (cumulatief; lopend en gestopt: kwam niet verder dan dit stadium)"
HEADERS = ("Stadium", "Casussen", "Lopend", "Gestopt", "Waarom gestopt")


def table_rows(t) -> tuple:
    """The funnel's rows as display strings (the report's and the site's table)."""
    return tuple((label, str(n), str(run), str(stop), why or "–") for label, n, run, stop, why in rows(t))


def funnel_svg(t, title: str = "Trechter: van aanmelding tot meting") -> str:
    """Horizontal bars, one per stage, as wide as the cases that passed it; beside each what stopped there."""
    data = rows(t)
    top = max([n for _, n, *_ in data] + [1])
    w, left, bar_w, row_h = 900, 210, 300, 34
    h = 36 + row_h * len(data)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" '
             f'aria-labelledby="trechter-titel" font-family="{_e(FONT)}" font-size="13">'
             f'<title id="trechter-titel">{_e(title)}</title>']
    for i, (label, n, run, stop, why) in enumerate(data):
        y = 14 + i * row_h
        width = round(n / top * bar_w, 1)
        x = left + (bar_w - width) / 2
        parts.append(f'<text x="{left - 10}" y="{y + 17}" text-anchor="end">{_e(label)}</text>')
        parts.append(f'<rect x="{x}" y="{y}" width="{width}" height="{row_h - 8}" fill="#2f7d4f" rx="2"/>')
        parts.append(f'<text x="{left + bar_w / 2}" y="{y + 17}" text-anchor="middle" fill="#ffffff" '
                     f'font-weight="bold">{n}</text>' if width >= 30 else
                     f'<text x="{left + bar_w / 2 + width / 2 + 6}" y="{y + 17}">{n}</text>')
        note = []
        if run:
            note.append(f"lopend {run}")
        if stop:
            note.append(f"gestopt {stop}")
        if note:  # what went no further than this stage; the reasons on a line of their own
            parts.append(f'<text x="{left + bar_w + 12}" y="{y + 11}" fill="#4a5566" font-size="11">'
                         f'{_e(" · ".join(note))}</text>')
        if why:
            parts.append(f'<text x="{left + bar_w + 12}" y="{y + 24}" fill="#4a5566" font-size="11">'
                         f'{_e(why)}</text>')
    parts.append(f'<text x="{left}" y="{h - 4}" fill="#4a5566" font-size="11">Cumulatief: een casus telt in elk '
                 'stadium dat hij doorliep. Lopend en gestopt: kwam (nog) niet verder.</text></svg>')
    return "".join(parts)
