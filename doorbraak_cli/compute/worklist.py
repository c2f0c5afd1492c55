"""What is to be done, case by case: the worklist of ``doorbraak todo`` (pure: the date comes in).

One rule per kind of task, each with the date it counts from and how many days
ago (or ahead) that is, so the list can say how late something is:

* a draft (aangemeld, concept) older than :data:`DRAFT_DAYS` since its first date;
* a submitted plan without a decision after :data:`DECISION_DAYS` since it was submitted;
* a realised case whose posts lack a realised quantity (a planned post without ``gerealiseerd``);
* a follow-up measurement due within :data:`DUE_AHEAD_DAYS`, or late (and by how many days);
* a stopped case without a reason.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from ..model.vocabulary import DRAFT_STATUSES
from .evaluation import follow_ups

DRAFT_DAYS = 30
DECISION_DAYS = 14
DUE_AHEAD_DAYS = 14
KINDS = ("ongeldig", "meting", "wacht-op-besluit", "nacalculatie", "concept", "gestopt-zonder-reden")
REALISED = ("gerealiseerd", "afgesloten")


class Task(NamedTuple):
    soort: str  # one of KINDS
    bestand: str
    id: str
    datum: date | None  # the date the task counts from (or is due on)
    dagen: int | None  # days since that date (negative: still ahead)
    wat: str  # what is to be done, in Dutch


def _days(n: int) -> str:
    return f"{n} dag" if n == 1 else f"{n} dagen"


def _first_date(case) -> date | None:
    dates = [e.datum for e in case.reis] + ([case.datum] if case.datum else [])
    return min(dates) if dates else None


def _last_event(case, event: str) -> date | None:
    dates = [e.datum for e in case.reis if e.gebeurtenis == event]
    return max(dates) if dates else None


def tasks_of(file: str, case, today: date, stopped_without_reason: bool = False) -> list[Task]:
    """The tasks of one valid case."""
    out = []
    status = case.status
    if status in DRAFT_STATUSES:
        start = _first_date(case)
        if start is not None and (today - start).days > DRAFT_DAYS:
            n = (today - start).days
            out.append(Task("concept", file, case.id, start, n,
                            f"{status} sinds {start.isoformat()} ({_days(n)}): maak het plan af en dien het in, "
                            "of stop de casus"))
    if status == "ingediend":
        since = _last_event(case, "ingediend") or case.datum
        if since is not None and (today - since).days > DECISION_DAYS:
            n = (today - since).days
            out.append(Task("wacht-op-besluit", file, case.id, since, n,
                            f"ingediend op {since.isoformat()}, {_days(n)} zonder besluit: vraag ernaar of schaal op"))
    if status in REALISED or case.realisatie is not None:
        planned, missing = case.realised_lines()  # the evaluation's own rule of a complete realised cost
        if missing:
            since = (case.realisatie.datum if case.realisatie is not None else None) or _last_event(case, "gerealiseerd")
            n = (today - since).days if since else None
            names = ", ".join(line.omschrijving for line in missing[:3]) + (" …" if len(missing) > 3 else "")
            out.append(Task("nacalculatie", file, case.id, since, n,
                            f"{len(missing)} van {len(planned)} posten zonder gerealiseerd aantal ({names}): "
                            "vul ze in met 'doorbraak realisatie'"))
    for f in follow_ups(case.metingen, case.realisatie):
        if f.gedaan is not None or f.vervaldatum is None:
            continue
        n = (today - f.vervaldatum).days
        if n > 0:
            out.append(Task("meting", file, case.id, f.vervaldatum, n,
                            f"{f.label} te laat: was op {f.vervaldatum.isoformat()}, {_days(n)} geleden"))
        elif n == 0:
            out.append(Task("meting", file, case.id, f.vervaldatum, 0, f"{f.label} vandaag"))
        elif -n <= DUE_AHEAD_DAYS:
            out.append(Task("meting", file, case.id, f.vervaldatum, n,
                            f"{f.label} binnenkort: op {f.vervaldatum.isoformat()}, over {_days(-n)}"))
    if status == "gestopt" and stopped_without_reason:
        out.append(no_reason(file, case.id))
    return out


def no_reason(file: str, case_id: str = "") -> Task:
    """A stopped case that does not say why (the check reports it as an error; the worklist says what to do)."""
    return Task("gestopt-zonder-reden", file, case_id, None, None,
                "gestopt zonder reden: leg de reden vast met 'doorbraak stop CASUS --reden REDEN'")


def order(tasks: list[Task]) -> list[Task]:
    """By kind, then the longest waiting first, then by file."""
    return sorted(tasks, key=lambda t: (KINDS.index(t.soort), -(t.dagen if t.dagen is not None else -10 ** 6),
                                        t.bestand))
