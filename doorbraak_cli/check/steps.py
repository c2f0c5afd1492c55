"""The six-step rules: what a complete plan holds, and what a reviewer flags.

A plan in ``aangemeld`` or ``concept`` may still have empty steps (warnings).
From ``ingediend`` on, every one of the six steps must be filled in (errors); so
for a stopped case with a plan. A case stopped before a plan needs no step.
Other findings are warnings: ``validate --strict`` turns them into a failure.
"""

from __future__ import annotations

from ..model.case import Case
from ..model.vocabulary import DRAFT_STATUSES, STOPPED
from .located import Located

STEP_NAMES = {
    "situatieschets": "stap 1, situatieschets",
    "toekomstperspectief": "stap 2, toekomstperspectief",
    "overzicht": "stap 3, overzicht",
    "doorbraak": "stap 4, doorbraak",
    "waardendriehoek": "stap 5, waardendriehoek",
    "actieplan": "stap 6, actieplan",
}


def _empty_steps(case: Case) -> list[str]:
    """The steps with no content at all."""
    empty = []
    if not case.situatieschets:
        empty.append("situatieschets")
    tp = case.toekomstperspectief
    if not (tp.kort or tp.lang):
        empty.append("toekomstperspectief")
    ov = case.overzicht
    if not (ov.zelf or ov.ondersteuning or ov.behandeling):
        empty.append("overzicht")
    if not case.doorbraken:
        empty.append("doorbraak")
    if not (case.legitimiteit or case.betrokkenheid or case.rendement.posten or case.afweging):
        empty.append("waardendriehoek")
    if not (case.actieplan.acties or case.actieplan.vangnet):
        empty.append("actieplan")
    return empty


def check(case: Case, loc: Located) -> None:
    """Add the six-step errors and the reviewer's warnings for a built case.

    A case that stopped before a plan was written (``status: gestopt`` without a plan) needs no step at all:
    only its header and the ``gestopt`` record."""
    if case.status == STOPPED and not case.has_plan:
        if not case.gemeente:
            loc.warn("geen-gemeente", ("gemeente",), "de gemeente ontbreekt",
                     "voeg 'gemeente: ...' toe; rapportages groeperen erop")
        return
    draft = case.status in DRAFT_STATUSES
    empty = _empty_steps(case)
    for step in empty:
        if draft:
            loc.warn("lege-stap", (step,), f"{STEP_NAMES[step]} is nog leeg",
                     "vul deze stap in voordat het plan wordt ingediend")
        else:
            loc.error("lege-stap", (step,), f"{STEP_NAMES[step]} is leeg, maar het plan heeft status '{case.status}'",
                      "vanaf 'ingediend' moeten alle zes stappen ingevuld zijn; vul de stap in of zet de status op 'concept'")
    if not case.regievoerder:
        loc.warn("geen-regievoerder", ("regievoerder",), "er is geen regievoerder genoemd",
                 "noem in elk plan één regievoerder die de regie houdt: 'regievoerder: ...'")
    if not case.gemeente:
        loc.warn("geen-gemeente", ("gemeente",), "de gemeente ontbreekt", "voeg 'gemeente: ...' toe; rapportages groeperen erop")
    wdh = ("waardendriehoek",)
    if (case.doorbraken or not draft) and "waardendriehoek" not in empty:
        for part, label in (("betrokkenheid", "betrokkenheid"), ("afweging", "de afweging")):
            if not getattr(case, part):
                loc.warn("leeg-onderdeel", wdh + (part,), f"{label} is niet ingevuld",
                         "de drie waarden wegen even zwaar; vul ook deze in")
        if not case.legitimiteit:
            loc.warn("leeg-onderdeel", wdh + ("legitimiteit",), "legitimiteit is niet ingevuld",
                     "beschrijf per regel waar hij staat, de bedoeling, uitzonderingsgronden, andere regels en wie erover gaat")
        if not case.rendement.posten:
            loc.warn("geen-posten", wdh + ("rendement", "posten"), "het rendement heeft geen kostenposten",
                     "zet de kosten van de drie scenario's op een rij")
        if not case.actieplan.vangnet and "actieplan" not in empty:
            loc.warn("geen-vangnet", ("actieplan", "vangnet"), "het actieplan heeft geen vangnet",
                     "beschrijf wat er gebeurt als het plan niet werkt")
    for i, rule in enumerate(case.legitimiteit):
        if not rule.wie_gaat_erover:
            loc.warn("wie-gaat-erover", wdh + ("legitimiteit", i, "wie_gaat_erover"),
                     f"bij regel '{rule.regel}' staat niet wie erover gaat",
                     "noem wie over een uitzondering beslist; daar schaalt u naartoe op")
    counted = [line for line in case.rendement.posten if not line.indicatief]
    if counted and all(line.dreigend.value == 0 for line in counted):
        loc.warn("leeg-dreigend-scenario", wdh + ("rendement", "posten"), "het dreigende scenario is leeg (alle aantallen 0)",
                 "beschrijf wat er waarschijnlijk gebeurt als er niets gebeurt; wees daarbij voorzichtig in de schatting")
    for i, action in enumerate(case.actieplan.acties):
        base = ("actieplan", "acties", i)
        if not action.wanneer:
            loc.warn("actie-zonder-wanneer", base, f"de actie '{_short(action.wat)}' heeft geen 'wanneer'",
                     "voeg 'wanneer:' toe met een datum (JJJJ-MM-DD) of een termijn ('binnen twee weken')")
        if not action.fase:
            loc.warn("actie-zonder-fase", base, f"bij de actie '{_short(action.wat)}' staat niet of hij vóór of na de doorbraak valt",
                     "voeg 'fase: doorbraak' of 'fase: daarna' toe")
    if any(b.uitzondering for b in case.doorbraken) and not case.legitimiteit:
        loc.warn("uitzondering-zonder-regel", ("doorbraak",), "een doorbraak vraagt een uitzondering, maar er staat geen regel bij legitimiteit",
                 "noem de regel waarop de uitzondering nodig is")
    if case.vorig_plan and case.vorig_plan == case.id:
        loc.warn("vorig-plan-zelf", ("vorig_plan",), "vorig_plan verwijst naar dit plan zelf", "noem het id van het eerdere plan")


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
