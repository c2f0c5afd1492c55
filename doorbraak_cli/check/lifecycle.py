"""A case's life, step by step: which journey events set which status, and which steps go back.

Shared by the commands that move a case on (``status``, ``stop``, ``realisatie``):
each step appends one ``reis`` event and, where the event means one, sets
``status``. A step back (``goedgekeurd`` after ``gerealiseerd``), a step after
the case stopped, realising a plan that was not approved, and a date before
the journey's last event are refused unless the user forces them.
"""

from __future__ import annotations

from datetime import date

from ..model.vocabulary import STATUSES
from .edit import Literal, Refusal, Splice

# The journey events a user can record with ``doorbraak status``, and the status each one sets (None: none).
EVENT_STATUS = {
    "aangemeld": "aangemeld",
    "intake": None,  # the first visit at home: a journey event, no status of its own
    "ingediend": "ingediend",
    "opgeschaald": None,  # escalated: the plan is still waiting for its decision
    "goedgekeurd": "goedgekeurd",
    "afgewezen": "afgewezen",
    "gerealiseerd": "gerealiseerd",
    "geevalueerd": "afgesloten",
}
STATUS_WORDS = {"afgesloten": "geevalueerd"}  # a status given where an event is meant
# How far along the life of a case a status or event is; a step to a lower rank goes back.
_RANK = {"aangemeld": 0, "concept": 1, "intake": 1, "ingediend": 2, "opgeschaald": 2, "goedgekeurd": 3,
         "afgewezen": 3, "gerealiseerd": 4, "geevalueerd": 5, "afgesloten": 5, "gestopt": 6}
_BACK_ALLOWED = {("afgewezen", "ingediend")}  # a rejected plan submitted again, improved
# A plan is realised after its approval: these statuses have no approval (a rejected plan is submitted again first).
_NOT_APPROVED = ("aangemeld", "concept", "ingediend", "afgewezen")


def parse_date(text: str, option: str = "--datum", today: date | None = None) -> date:
    """The day ``text`` names (strict ISO). With ``today`` (the command's clock), a later day is refused: a step of
    a case's life is recorded once it happened, and a future date is a typo that would skew the worklist."""
    try:
        when = date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise Refusal(f"{option} '{text}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-11-25", usage=True) from None
    if today is not None and when > today:
        raise Refusal(f"{option} {when.isoformat()} ligt in de toekomst (vandaag is {today.isoformat()}); leg vast wat "
                      "al gebeurd is, met de dag waarop het gebeurde", usage=True)
    return when


def _latest_event(data: dict) -> tuple[date, int] | None:
    """(date, place in ``reis``) of the journey's latest event (the first of that day), or None without one."""
    latest = None
    for i, event in enumerate(data.get("reis") or ()):
        if isinstance(event, dict):
            try:
                day = date.fromisoformat(str(event.get("datum")))
            except ValueError:
                continue
            if latest is None or day > latest[0]:
                latest = (day, i)
    return latest


def check_step(data: dict, event: str, when: date, force: bool) -> None:
    """Refuse a step back, a realisation without approval or a date before the last event (unless ``force``)."""
    if force:
        return
    current = data.get("status")
    if current in _RANK and _RANK[event] < _RANK[current] and (current, event) not in _BACK_ALLOWED:
        if current == "gestopt":
            raise Refusal(f"de casus is gestopt; '{event}' zou haar weer openen (doe dat bewust met --force)",
                          at=("status",))
        raise Refusal(f"'{event}' is een stap terug: de status is al '{current}' (bedoelt u het toch, geef --force)",
                      at=("status",))
    if event == "gerealiseerd" and current in _NOT_APPROVED:
        then = ("dien het eerst opnieuw in en leg het besluit vast" if current == "afgewezen"
                else "leg eerst het besluit vast: doorbraak status CASUS goedgekeurd")
        raise Refusal(f"het plan is niet goedgekeurd (status '{current}'): een doorbraak wordt gerealiseerd na het "
                      f"besluit; {then} (of geef --force)", at=("status",))
    latest = _latest_event(data)
    if latest is not None and when < latest[0]:
        raise Refusal(f"{when.isoformat()} ligt vóór de laatste gebeurtenis in de reis ({latest[0].isoformat()}); "
                      "controleer de datum (of geef --force)", at=("reis", latest[1], "datum"))


def record(splice: Splice, event: str, when: date, bij: str | None = None, toelichting: str | None = None,
           status: str | None = None) -> None:
    """Set ``status`` (when given and different) and append the journey event."""
    if status and splice.data.get("status") != status:
        if status not in STATUSES:  # pragma: no cover - the callers pass the method's words
            raise Refusal(f"onbekende status '{status}'")
        splice.set((), "status", status)
    item = {"datum": Literal(when.isoformat()), "gebeurtenis": event}
    if bij:
        item["bij"] = bij
    if toelichting:
        item["toelichting"] = toelichting
    splice.append("reis", item)
