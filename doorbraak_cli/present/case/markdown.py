"""``calc --format markdown``: the scenario table and comparisons as Markdown."""

from __future__ import annotations

from ...compute.analysis import Analysis
from .. import tables
from ..safe import markdown_text
from . import outlook


def _escape(text: str) -> str:
    return markdown_text(text).replace("|", "\\|").replace("\n", " ")


def table(t: tables.Table) -> str:
    align = ["---:" if i in t.numeric else "---" for i in range(len(t.headers))]
    out = ["| " + " | ".join(_escape(h) for h in t.headers) + " |", "| " + " | ".join(align) + " |"]
    for row in t.rows + tuple(tuple(f"**{c}**" if c else "" for c in r) for r in t.footer):
        out.append("| " + " | ".join(_escape(c) for c in row) + " |")
    return "\n".join(out)


def render(a: Analysis, jaren: bool = False, gevoeligheid: bool = False, horizon: int | None = None,
           today=None) -> str:
    """``today`` (a date, from the command) decides which follow-up measurements are late."""
    result = a.result
    case = a.case
    parts = [f"# Rendement: {_escape(case.titel)} ({_escape(case.id)})", ""]
    if case.rendement.periode:
        parts += [f"Periode: {case.rendement.periode}", ""]
    parts += [tables.sources_text(case), ""]
    numbered = tables.scenario_table(result, numbers=True)  # the numbers 'doorbraak realisatie --post' takes
    parts += ["## " + numbered.title, "", table(numbered), ""]
    for label, amount in tables.comparison_lines(result):
        parts.append(f"- **{label}: {amount}**")
    parts.append("")
    if result.indicative:
        t = tables.scenario_table(result, indicative=True, numbers=True)
        parts += ["## " + t.title, "", table(t), ""]
    d = tables.domain_table(result)
    parts += ["## " + d.title, "", table(d), ""]
    parts += [f"- {s}" for s in tables.who_pays(result)]
    parts += ["", "## Onzekerheid", "", f"- {outlook.break_even_text(a)}"]
    parts += [f"- {s}" for s in outlook.expected_lines(a)]
    f = outlook.flows_table(a)
    if f.rows:
        parts += ["", "## " + f.title, "", table(f), ""]
        parts += [f"- {s}" for s in outlook.flow_lines(a)]
    if jaren or horizon:
        y = outlook.years_table(a)
        parts += ["", "## " + y.title, "", table(y), ""] + [f"- {s}" for s in outlook.payback_lines(a)]
    if gevoeligheid:
        for t in outlook.sensitivity_tables(a):
            parts += ["", "## " + t.title, "", table(t)]
    if a.evaluation is not None:
        parts += _evaluation(a, today)
    return "\n".join(parts).rstrip() + "\n"


def _evaluation(a: Analysis, today) -> list[str]:

    from .. import evaluation  # loaded only for a plan after the decision

    e = a.evaluation
    parts = ["", "## Evaluatie", "", evaluation.outcome_line(e), ""]
    if e.realised:
        t = evaluation.plan_vs_real(e)
        parts += ["### " + t.title, "", table(t), ""] + [f"- {line}" for line in evaluation.rendement_lines(a)]
    health = evaluation.health_table(e)
    if health is not None:
        parts += ["", "### " + health.title, "", table(health)]
    lines = evaluation.follow_up_lines(e, today)
    if lines:
        parts += [""] + [f"- {line}" for line in lines]
    return parts
