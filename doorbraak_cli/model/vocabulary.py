"""The method's fixed words: the one list of each, used by the checks, the computations, the
presenters and the generated JSON Schema (tools/make_schema.py imports this module)."""

from __future__ import annotations

SCENARIOS = ("huidig", "dreigend", "doorbraak")
SCENARIO_LABELS = {"huidig": "Huidige situatie", "dreigend": "Dreigend scenario", "doorbraak": "Doorbraakscenario"}
COMPARISONS = ("huidig", "dreigend")  # rendement t.o.v. this scenario: totaal(s) − totaal(doorbraak)
DOMEINEN = ("Zvw", "Wmo", "Jeugdwet", "Wlz", "Participatiewet", "Wgs", "Overig")
STATUSES = ("aangemeld", "concept", "ingediend", "goedgekeurd", "afgewezen", "gerealiseerd", "afgesloten", "gestopt")
DRAFT_STATUSES = ("aangemeld", "concept")
LEEFGEBIEDEN = ("wonen", "inkomen", "schulden", "zorg", "jeugd", "onderwijs", "werk", "veiligheid", "vervoer",
                "overig")
JOURNEY_EVENTS = ("aangemeld", "ingediend", "opgeschaald", "goedgekeurd", "afgewezen", "gerealiseerd", "geevalueerd",
                  "gestopt")
DECISIONS = ("goedgekeurd", "afgewezen")  # journey events that decide on a submitted plan
FASES = ("doorbraak", "daarna")  # of an action: to realise the breakthrough, or after it


def domain_order(name: str) -> tuple:
    """Sort key: the legal domains in the method's order, any other name after them."""
    return (DOMEINEN.index(name) if name in DOMEINEN else len(DOMEINEN), name)
