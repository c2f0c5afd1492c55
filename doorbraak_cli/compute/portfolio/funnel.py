"""The funnel as regional monitoring reports it: aangemeld → intake → plan → besloten → gerealiseerd → gemeten.

Cumulative: a case counts at every stage it has passed (a realised case is also besloten and plan). Per stage
the cases that stopped there (by ``gestopt.reden``) and those still running there (not stopped, not closed):

* aangemeld: every counted case;
* intake: its journey (``reis``) has ``intake``, or it has a plan;
* plan: it has a plan with a cost-benefit analysis (status ingediend or later, or stopped after a plan was
  written: ``Case.has_plan``);
* besloten: status goedgekeurd, afgewezen or later, or its journey has a decision;
* gerealiseerd: status gerealiseerd or afgesloten, a ``realisatie``, or the journey says so;
* gemeten: a Positieve Gezondheid measurement dated on or after ``realisatie.datum``.

A case stopped or running "na X" passed stage X and not the next one; "voor_intake" did not reach the intake.
"""

from __future__ import annotations

from typing import NamedTuple

from ...model.vocabulary import DECIDED_STATUSES, DECISIONS, INTAKE, REALISED_STATUSES, STOP_REASONS, STOPPED
from . import exact as ex
from .base import Figure

STAGES = ("aangemeld", "intake", "plan", "besloten", "gerealiseerd", "gemeten")
# where a case that passed stage i (and not i + 1) stands, stopped or running
AFTER = ("voor_intake", "na_intake", "na_plan", "na_besluit", "na_realisatie", "na_meting")
CLOSED = "afgesloten"  # a closed case is neither running nor stopped


class FunnelFigures(NamedTuple):
    stadia: dict  # stage -> cases that passed it (cumulative)
    lopend: dict  # AFTER key -> cases still running there
    gestopt: dict  # AFTER key -> {reden: cases} that stopped there
    afgesloten: int


def stage_reached(case) -> int:
    """The index in STAGES of the last stage the case passed."""
    events = {e.gebeurtenis for e in case.reis}
    r = case.realisatie
    measured = r is not None and r.datum is not None and any(m.datum >= r.datum for m in case.metingen)
    realised = case.status in REALISED_STATUSES or r is not None or "gerealiseerd" in events
    decided = realised or case.status in DECIDED_STATUSES or bool(events & set(DECISIONS))
    plan = decided or case.has_plan
    for i, passed in ((5, measured and realised), (4, realised), (3, decided), (2, plan), (1, INTAKE in events)):
        if passed:
            return i
    return 0


def case_state(case) -> tuple:
    """(stage reached, "gestopt" | "lopend" | "afgesloten", reden or None): what the funnel needs of a case (its
    summary's :class:`.casesummary.FunnelPlace`)."""
    if case.status == STOPPED:
        return stage_reached(case), STOPPED, case.gestopt.reden if case.gestopt else None
    return stage_reached(case), CLOSED if case.status == CLOSED else "lopend", None


class Trechter(Figure):
    name = "trechter"

    def empty(self):
        return {"reached": [0] * len(STAGES), "lopend": [0] * len(STAGES), "gestopt": [{} for _ in STAGES],
                "closed": 0}

    def add(self, st, s):
        reached, state, reden = s.trechter
        for i in range(reached + 1):
            st["reached"][i] += 1
        if state == "lopend":
            st["lopend"][reached] += 1
        elif state == STOPPED:
            ex.count(st["gestopt"][reached], reden or "anders")
        else:
            st["closed"] += 1

    def merge(self, st, o):
        for i in range(len(STAGES)):
            st["reached"][i] += o["reached"][i]
            st["lopend"][i] += o["lopend"][i]
            ex.merge_counts(st["gestopt"][i], o["gestopt"][i])
        st["closed"] += o["closed"]

    def result(self, st, context):
        order = {r: i for i, r in enumerate(STOP_REASONS)}
        return FunnelFigures(
            dict(zip(STAGES, st["reached"])), dict(zip(AFTER, st["lopend"])),
            {k: {r: n for r, n in sorted(g.items(), key=lambda rn: (order.get(rn[0], len(order)), rn[0]))}
             for k, g in zip(AFTER, st["gestopt"])}, st["closed"])
