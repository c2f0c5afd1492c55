"""Mangled cases never crash the tool: each either gets located problems or goes all the way through.

Seeded random edits of the sample plans (insertions of YAML punctuation and
odd values, deletions, swapped lines) go through the whole path: read,
check, compute, every presenter and the plan document. Any exception is a bug.
"""

import random
from datetime import date

from casegen import mutate
from conftest import DATA, SAMPLES

from doorbraak_cli.check.case import check_data
from doorbraak_cli.compute.analysis import analyse
from doorbraak_cli.compute.portfolio.casesummary import from_json, summarize, to_json
from doorbraak_cli.model.run import RunContext
from doorbraak_cli.present.boxes import Screen
from doorbraak_cli.present.case import csvout, jsonout, markdown, terminal
from doorbraak_cli.present.plan.templating import render_template
from doorbraak_cli.present.plan.view import build
from doorbraak_cli.source import yamlread


def test_mangled_cases_get_problems_or_full_results_never_an_exception():
    rng = random.Random(20261124)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.yaml"))]
    texts.append((DATA / "minimaal.yaml").read_text(encoding="utf-8"))
    outcomes = {"unreadable": 0, "problems": 0, "computed": 0}
    for _ in range(250):
        text = mutate(rng, rng.choice(texts))
        try:
            doc = yamlread.parse(yamlread.decode(text.encode("utf-8", "surrogatepass"), "f.yaml"), "f.yaml")
        except yamlread.ReadError as exc:
            assert exc.problem.format().startswith("f.yaml")
            outcomes["unreadable"] += 1
            continue
        checked = check_data(doc)
        for p in checked.problems:
            assert p.format().startswith("f.yaml")
        if checked.case is None:
            outcomes["problems"] += 1
            continue
        outcomes["computed"] += 1
        a = analyse(checked.case, with_sensitivity=True)
        jsonout.render(a)
        csvout.render(a)
        markdown.render(a, jaren=True, gevoeligheid=True)
        terminal.render(a, Screen(60), jaren=True, gevoeligheid=True)
        view = build(a, RunContext.of(date.today()))
        assert "<script>" not in render_template("plan.html.j2", {"plan": view})
        s = summarize(a)
        assert from_json(to_json(s)) == s  # every mutated case's summary reads back as it was written
    assert all(outcomes.values()), outcomes  # every kind of outcome was exercised
