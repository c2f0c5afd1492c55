"""The plan's contents in the Word document, in the order of ``plan.md.j2``: title block (with the household's
consent), six steps, the evaluation, appendix.

Every value comes from the view model (:func:`.view.build`); the Writer
(:mod:`.docx`) turns it into Word paragraphs and tables.
"""

from __future__ import annotations

from .docx_text import MONO, add_inline, clean

LOCKED_NOTE = "Het verhaal van dit huishouden is versleuteld en er is geen sleutel die het opent: dit document toont de cijfers, de teksten staan er als [versleuteld]. Met de sleutel (doorbraak sleutel maak, of DOORBRAAK_AGE_KEY_FILE) maakt render het hele plan."
ANONYMOUS_NOTE = ("Geanonimiseerd voor gebruik buiten het team: de pseudoniem, de regievoerder en de betrokkenen zijn "
                  "vervangen door neutrale namen. Namen die alleen in de lopende tekst staan, worden niet herkend: lees "
                  "het document na voordat u het deelt.")
INTRO_VALUES = "Drie waarden wegen even zwaar, en geen ervan is absoluut: legitimiteit, betrokkenheid en rendement."
NO_ACTIONS = "Geen acties genoemd."


def write_plan(w, plan: dict, charts: dict) -> None:
    st = plan["stappen"]
    title_block(w, plan)
    w.heading(st[0]["kop"], 1)
    w.narrative(plan["situatieschets"], plan["niet_ingevuld"])

    w.heading(st[1]["kop"], 1)
    tp = plan["toekomstperspectief"]
    if tp["termijn"]:
        p = w.para("Termijn: ", bold=True)
        p.add_run(clean(tp["termijn"]))
    w.heading("Korte termijn", 2)
    if tp["kort"]:
        for n in tp["kort"]:
            w.narrative(n, plan["niet_ingevuld"])
    else:
        w.empty(plan["niet_ingevuld"])
    if tp["lang"]:
        w.heading("Lange termijn", 2)
        for n in tp["lang"]:
            w.narrative(n, plan["niet_ingevuld"])

    w.heading(st[2]["kop"], 1)
    for v in plan["overzicht"]:
        w.heading(f"{v['letter']}. {v['vraag']}", 2)
        if v["punten"]:
            w.bullets(v["punten"], inline=True)
        else:
            w.empty("Niets genoemd.")

    w.heading(st[3]["kop"], 1)
    if not plan["doorbraken"]:
        w.empty(plan["niet_ingevuld"])
    for d in plan["doorbraken"]:
        prefix = f"Doorbraak {d['nr']}: " if len(plan["doorbraken"]) > 1 else ""
        w.heading(prefix, 2, inline_source=d["omschrijving"].source.replace("\n", " "))
        line = f"Leefgebied: {d['leefgebied']}"
        if d["uitzondering"]:
            line += f" · uitzondering op een regel nodig: {d['uitzondering']}"
        w.para(line)
        if d["toelichting"]:
            w.narrative(d["toelichting"], "")

    w.heading(st[4]["kop"], 1)
    values_step(w, plan, charts)

    w.heading(st[5]["kop"], 1)
    action_step(w, plan)
    if plan["evaluatie"]:
        evaluation(w, plan["evaluatie"], charts)
    appendix(w, plan)
    signatures(w, plan)
    w.para("")
    closing = "Opgesteld volgens de zes stappen van de Doorbraakmethode (Instituut voor Publieke Waarden). "
    if plan["prijslijsten"]:
        closing += f"Prijzen: {', '.join(plan['prijslijsten'])}. "
    closing += f"Gemaakt met doorbraak {plan['versie']} op {plan['gemaakt']}."
    w.para(closing, italic=True, size=8.5)


def title_block(w, plan: dict) -> None:
    w.heading(plan["titel"], 0)
    w.para(f"Plan {plan['id']}" + (f" · {plan['gemeente']}" if plan["gemeente"] else ""), style="Subtitle")
    rows = [("Gemeente", plan["gemeente"] or "—"), ("Regievoerder", plan["regievoerder"] or "—"),
            ("Status", plan["status"]), ("Datum", plan["datum"] or "—")]
    if plan["vorig_plan"]:
        rows.append(("Vervolg op", f"plan {plan['vorig_plan']}"))
    if plan["problemen"]:
        rows.append(("Problemen", ", ".join(plan["problemen"])))
    w.table([], rows, widths=[4, 13], header=False)
    if plan["instemming"]:
        consent(w, plan["instemming"])
    if plan.get("versleuteld"):
        w.para(LOCKED_NOTE, italic=True)
    if plan["anoniem"]:
        w.para(ANONYMOUS_NOTE, italic=True)


def consent(w, c: dict) -> None:
    """The household's own sentence about the plan, as a quote under the title block."""
    quote = w.para(f"“{' '.join(c['in_eigen_woorden'].source.split())}”", style="Quote", size=11.5)
    quote.paragraph_format.keep_with_next = True
    by = (c["door"] or "Het huishouden") + (f", {c['datum']}" if c["datum"] else "")
    w.para(f"{by}: in eigen woorden, bij de instemming met dit plan", style="Quote", size=9)


def values_step(w, plan: dict, charts: dict) -> None:
    w.para(INTRO_VALUES)
    w.table(["Waarde", "Waar staat het?"], [(c["label"], c["tekst"]) for c in plan["driehoek_tekst"]],
            widths=[4, 13])
    w.heading("Legitimiteit", 2)
    if not plan["legitimiteit"]:
        w.empty(plan["niet_ingevuld"])
    for r in plan["legitimiteit"]:
        w.heading(f"Regel {r['nr']}", 3)
        for q in r["vragen"]:
            p = w.para(f"{q['nr']}. {q['vraag']}", bold=True)
            p.paragraph_format.keep_with_next = True
            answer = q["antwoord"]
            if not answer:
                w.para("Niet ingevuld.", italic=True)
            elif answer.inline:
                p = w.para("")
                add_inline(p, answer.source)
                if q["veld"] == "regel" and r["bron"]:
                    p.add_run(clean(f" (bron: {r['bron']})"))
            else:
                w.narrative(answer, "")
    w.heading("Betrokkenheid", 2)
    w.narrative(plan["betrokkenheid"], plan["niet_ingevuld"])
    w.heading("Rendement", 2)
    rendement(w, plan["rendement"], charts)
    w.heading("Afweging", 2)
    w.narrative(plan["afweging"], plan["niet_ingevuld"])


def rendement(w, r: dict, charts: dict) -> None:
    if not r["heeft_posten"]:
        w.empty("Nog geen kostenposten.")
        return
    w.para("Kosten in drie scenario's" + (f", over {r['periode']}" if r["periode"] else "")
           + ": de huidige situatie, wat er dreigt als er niets gebeurt, en het doorbraakscenario. "
           "Bedragen in hele euro's.")
    w.view_table(r["tabel"])
    for v in r["vergelijkingen"]:
        w.para(f"{v['label']}: {v['bedrag']}", bold=True, style="List Bullet")
    if "scenarios" in charts:
        w.picture(*charts["scenarios"], width_cm=13)
    else:  # no Pillow: the bar chart as text, as in the Markdown document
        for line in r["grafiek_tekst"]:
            w.para(line, style="No Spacing").runs[0].font.name = MONO
    w.heading("Kassabonnen", 3)
    for b in r["bonnen"]:
        p = w.para(f"Kassabon · {b['titel']}", bold=True)
        p.paragraph_format.keep_with_next = True
        w.table([], list(b["regels"]), foot=[list(b["totaal"])], numeric={1}, widths=[8.5, 3.5], size=10,
                mono=True, header=False)
    if r["indicatief"]:
        w.heading(r["indicatief"]["titel"], 3)
        w.para("Deze posten zijn te onzeker om mee te tellen; ze staan niet in de totalen.")
        w.view_table(r["indicatief"])
    if r["domeinen"]:
        w.heading(r["domeinen"]["titel"], 3)
        w.view_table(r["domeinen"])
        w.bullets(r["wie_betaalt"])
    w.heading("Onzekerheid", 3)
    w.para(r["break_even"])
    if r["geldstromen"]:
        g = r["geldstromen"]
        w.heading(g["tabel"]["titel"], 3)
        w.view_table(g["tabel"])
        if "geldstromen" in charts:
            w.picture(*charts["geldstromen"], width_cm=15)
        w.bullets(g["stromen"])
    if r["verwacht"]:
        w.heading("Met kans en toerekening", 3)
        w.bullets(r["verwacht"])
    if r["jaren"]:
        w.heading(r["jaren"]["titel"], 3)
        w.view_table(r["jaren"])
        w.bullets(r["terugverdiend"])
    if r["toelichting"]:
        w.heading("Toelichting", 3)
        w.narrative(r["toelichting"], "")
    if r["posttoelichtingen"]:
        w.heading("Toelichting per post", 3)
        w.bullets([f"{t['post']}: {t['tekst']}" for t in r["posttoelichtingen"]])


def actions(w, items: list) -> None:
    if not items:
        w.empty(NO_ACTIONS)
        return
    w.table(["Wie", "Wat", "Wanneer"], [(a["wie"], a["wat"], a["wanneer"] or "—") for a in items],
            widths=[4, 9.5, 3.5])


def action_step(w, plan: dict) -> None:
    ap = plan["actieplan"]
    w.heading("Voor de doorbraak", 2)
    actions(w, ap["voor"])
    w.heading("Daarna", 2)
    actions(w, ap["daarna"])
    if ap["zonder_fase"]:
        w.heading("Nog in te delen", 2)
        actions(w, ap["zonder_fase"])
    w.heading("Evaluatiemomenten", 2)
    if ap["evaluatie"]:
        w.bullets(ap["evaluatie"], inline=True)
    else:
        w.empty(plan["niet_ingevuld"])
    w.heading("Vangnet", 2)
    w.narrative(ap["vangnet"], plan["niet_ingevuld"])


def evaluation(w, ev: dict, charts: dict) -> None:
    """After the decision: what came of the plan, its costs against the plan, and the health measurements."""
    w.heading("Evaluatie", 1)
    w.para(ev["uitkomst"], bold=True)
    if ev["toelichting"]:
        w.narrative(ev["toelichting"], "")
    if ev["plan_en_werkelijkheid"]:
        w.heading("Plan en werkelijkheid", 2)
        w.view_table(ev["plan_en_werkelijkheid"])
        for r in ev["rendement"]:
            w.para(r["tekst"], bold=True, style="List Bullet")
    h = ev["gezondheid"]
    if h:
        w.heading("Positieve Gezondheid", 2).paragraph_format.keep_with_next = True
        if "gezondheid" in charts:
            w.picture(*charts["gezondheid"], width_cm=12)
        w.view_table(h["tabel"], keep=True)
        for t in h["toelichtingen"]:
            add_inline(w.para(f"{t['soort']} ({t['datum']}): ", style="List Bullet"), t["tekst"].source)
    if ev["vervolg"]:
        w.heading("Vervolgmetingen", 2)
        w.bullets(ev["vervolg"])


def appendix(w, plan: dict) -> None:
    if not (plan["reis"] or plan["maatwerkbudget"]):
        return
    w.heading("Bijlage", 1)
    if plan["reis"]:
        w.heading("Verloop van het plan", 2)
        w.table(["Datum", "Gebeurtenis", "Bij", "Toelichting"],
                [(e["datum"], e["gebeurtenis"], e["bij"], e["toelichting"]) for e in plan["reis"]],
                widths=[3, 3, 4, 7])
    if plan["maatwerkbudget"]:
        b = plan["maatwerkbudget"]
        w.heading("Maatwerkbudget", 2)
        w.table(["Categorie", "Omschrijving", "Bedrag"], [(x["categorie"], x["omschrijving"], x["bedrag"])
                                                          for x in b["posten"]],
                foot=[["Totaal", "", b["totaal"]]], numeric={2}, widths=[4, 9.5, 3.5])


def signatures(w, plan: dict) -> None:
    """Room to sign: the household, the regievoerder and whoever decides."""
    w.heading("Ondertekening", 1).paragraph_format.keep_with_next = True
    w.para("Met hun handtekening verklaren de betrokkenen dat zij dit plan kennen en ermee instemmen."
           ).paragraph_format.keep_with_next = True
    rows = [("Huishouden", "", "", ""), ("Regievoerder", plan["regievoerder"] or "", "", ""),
            ("Besluit (wie gaat erover)", "", "", "")]
    table = w.table(["Rol", "Naam", "Datum", "Handtekening"], rows, widths=[4, 5, 3, 5])
    for i, row in enumerate(table.rows):
        if i:
            row.height = w.Cm(1.4)
        for cell in row.cells[:1] if i < len(table.rows) - 1 else ():
            cell.paragraphs[0].paragraph_format.keep_with_next = True  # the block stays on one page
