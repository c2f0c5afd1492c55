"""The method's fixed words: the one list of each, used by the checks, the computations, the
presenters and the generated JSON Schema (tools/make_schema.py imports this module)."""

from __future__ import annotations

SCENARIOS = ("huidig", "dreigend", "doorbraak")
SCENARIO_LABELS = {"huidig": "Huidige situatie", "dreigend": "Dreigend scenario", "doorbraak": "Doorbraakscenario",
                   "gerealiseerd": "Gerealiseerd"}  # the last: what the breakthrough really took (evaluation)
COMPARISONS = ("huidig", "dreigend")  # rendement t.o.v. this scenario: totaal(s) − totaal(doorbraak)
DOMEINEN = ("Zvw", "Wmo", "Jeugdwet", "Wlz", "Participatiewet", "Wgs", "Overig")
STATUSES = ("aangemeld", "concept", "ingediend", "goedgekeurd", "afgewezen", "gerealiseerd", "afgesloten", "gestopt")
DRAFT_STATUSES = ("aangemeld", "concept")
STOPPED = "gestopt"
# the statuses of a plan with a cost-benefit analysis (a stopped case has one when a plan was written before it stopped)
PLAN_STATUSES = ("ingediend", "goedgekeurd", "afgewezen", "gerealiseerd", "afgesloten")
DECIDED_STATUSES = ("goedgekeurd", "afgewezen", "gerealiseerd", "afgesloten")  # besloten, or later
REALISED_STATUSES = ("gerealiseerd", "afgesloten")
# why a case stopped (gestopt.reden): before the intake, after it, or with an advisory role and no plan
STOP_REASONS = ("situatie-verbeterd", "geen-contact", "wil-niet", "elders-opgelost", "adviesrol", "anders")
STOP_REASON_LABELS = {
    "situatie-verbeterd": "situatie verbeterd",
    "geen-contact": "geen contact",
    "wil-niet": "wil niet",
    "elders-opgelost": "elders opgelost",
    "adviesrol": "adviesrol, geen plan",
    "anders": "anders",
}
LEEFGEBIEDEN = ("wonen", "inkomen", "schulden", "zorg", "jeugd", "onderwijs", "werk", "veiligheid", "vervoer",
                "overig")
JOURNEY_EVENTS = ("aangemeld", "intake", "ingediend", "opgeschaald", "goedgekeurd", "afgewezen", "gerealiseerd",
                  "geevalueerd", "gestopt")
DECISIONS = ("goedgekeurd", "afgewezen")  # journey events that decide on a submitted plan
INTAKE = "intake"  # the journey event of the first visit at home
FASES = ("doorbraak", "daarna")  # of an action: to realise the breakthrough, or after it


def domain_order(name: str) -> tuple:
    """Sort key: the legal domains in the method's order, any other name after them."""
    return (DOMEINEN.index(name) if name in DOMEINEN else len(DOMEINEN), name)


# --- after the decision: evaluation ----------------------------------------------------------------------

REALISED = "gerealiseerd"  # a line's fourth quantity: what it really took, over the same periode
OUTCOMES = ("gelukt", "deels", "niet gelukt")  # realisatie.uitkomst
MEASURED_BY = ("huishouden", "regievoerder", "samen")  # who filled in a measurement
DEFAULT_FOLLOW_UPS = ("3 maanden", "12 maanden")  # when the two measurements after the realisation are due

# The six dimensions of Positieve Gezondheid (Machteld Huber), each scored 0 to 10, drawn as a spider web.
DIMENSIONS = ("lichaamsfuncties", "mentaal_welbevinden", "zingeving", "kwaliteit_van_leven", "meedoen",
              "dagelijks_functioneren")
DIMENSION_LABELS = {
    "lichaamsfuncties": "Lichaamsfuncties",
    "mentaal_welbevinden": "Mentaal welbevinden",
    "zingeving": "Zingeving",
    "kwaliteit_van_leven": "Kwaliteit van leven",
    "meedoen": "Meedoen",
    "dagelijks_functioneren": "Dagelijks functioneren",
}
DIMENSION_HELP = {  # one line each, for whoever fills in the scores
    "lichaamsfuncties": "hoe het lichaam het doet: je fit voelen, slapen, eten, pijn of klachten",
    "mentaal_welbevinden": "hoe het in je hoofd gaat: je kunnen concentreren, je gevoelens, grip op wat er gebeurt",
    "zingeving": "wat je leven de moeite waard maakt: doelen, idealen, vertrouwen in de toekomst",
    "kwaliteit_van_leven": "hoe je leven je bevalt: plezier, je gelukkig voelen, evenwicht",
    "meedoen": "contact met anderen en erbij horen: steun, vrienden, iets zinvols te doen hebben",
    "dagelijks_functioneren": "de dingen van elke dag zelf kunnen: voor jezelf zorgen, geld, werk of dagbesteding",
}
