"""The portfolio report as sections of display strings: the one source of every section, for the terminal,
Markdown and HTML, and for the site's overview.

Each section holds short paragraphs and tables; amounts are rounded here
(half-up, to the cent) and nowhere before. No section shows a pseudonym or a
person's name: the portfolio holds none.

A figure that counts or sums cases is a :class:`Ref`: a plain string to the
report's formats, and to the site (``site/dashboard.py``) a link to the page
or list of those cases with the exact value it shows; a paragraph with such
figures in it is a :class:`Text`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from ...compute.portfolio.keys import decider_key
from ...model.vocabulary import DIMENSION_LABELS, DIMENSIONS, SCENARIO_LABELS, SCENARIOS
from ..evaluation import TWO, score
from ..numbers import CENT, comparison_label, euro, number_nl, percent_nl, plural, to_decimal

COMPARISON_HEADS = {"huidig": "t.o.v. huidige situatie", "dreigend": "t.o.v. dreigend scenario"}
TOP = 10  # rows in the ranked tables (rules, deciders, problems) of the human formats
EVENT_LABELS = {"aangemeld": "aangemeld", "intake": "intake", "ingediend": "ingediend", "opgeschaald": "opgeschaald",
                "goedgekeurd": "goedgekeurd", "afgewezen": "afgewezen", "gerealiseerd": "gerealiseerd",
                "geevalueerd": "geëvalueerd", "gestopt": "gestopt", "nog_geen_besluit": "nog geen besluit"}


class Table(NamedTuple):
    title: str
    headers: tuple
    rows: tuple
    numeric: tuple  # indexes of right-aligned columns
    footer: tuple = ()
    key: str = ""  # names a table a presenter treats apart (the site shows invalid files' names only with --namen)


class Ref(str):
    """A cell or a piece of a sentence as the report shows it, that the site links to its cases: ``to`` names
    them as (kind, key[, anchor]) (a group of the site such as ("gemeente", name), or ("lijst", name) for a list
    of cases, see site/dashboard.py), ``value`` is the exact figure shown (a count, or an amount when
    ``money``), None for a name."""

    def __new__(cls, text: str, to: tuple | None = None, value=None, money: bool = False):
        self = super().__new__(cls, text)
        self.to, self.value, self.money = to, value, money
        return self


class Text(str):
    """A paragraph made of pieces, some of them a :class:`Ref`; as a string, the pieces joined."""

    def __new__(cls, *parts):
        self = super().__new__(cls, "".join(parts))
        self.parts = parts
        return self


def count(n: int, to: tuple | None = None) -> Ref:
    return Ref(str(n), to, n)


def cases(n: int, to: tuple | None = None, one: str = "casus", many: str = "casussen") -> tuple:
    """'3 casussen' as pieces: the count (linked to its cases) and the word."""
    return count(n, to), f" {one if n == 1 else many}"


def money(value, to: tuple | None = None, text: str | None = None) -> Ref:
    """An amount as the report shows it (``text``, else rounded to the cent), with its exact value."""
    return Ref(euro(value) if text is None else text, to, value, True)


def name(text: str, to: tuple) -> Ref:
    return Ref(text, to)


class Section(NamedTuple):
    key: str
    title: str
    blocks: tuple  # str (a paragraph) or Table


def signed(value, to: tuple | None = None) -> str:
    """A comparison as a signed amount: positive = rendement, negative = kosten (investering)."""
    return money(value, to) if value is not None else "–"


def days_text(value) -> str:
    """Days in Dutch notation: 7, 7,5, 7,25."""
    if value is None:
        return "–"
    text = number_nl(to_decimal(Fraction(value), CENT), 2)
    return text.rstrip("0").rstrip(",")


def share(value) -> str:
    return percent_nl(value) if value is not None else "–"


def _filters_text(f: dict) -> str:
    parts = []
    if f["gemeente"]:
        parts.append("gemeente " + " of ".join(f["gemeente"]))
    if f["status"]:
        parts.append("status " + " of ".join(f["status"]))
    if f["sinds"]:
        parts.append(f"datum vanaf {f['sinds']}")
    return "; ".join(parts)


def casussen(rep) -> Section:
    n = rep.casussen.aantal
    blocks = []
    lead = [*cases(n, ("lijst", "alle")), " meegeteld."]
    ft = _filters_text(rep.filters)
    if ft:
        lead.append(f" Alleen casussen met {ft}.")
    if rep.ongeldig:
        n_bad = len(rep.ongeldig)
        lead.append(f" {plural(n_bad, 'bestand is', 'bestanden zijn')} ongeldig en {'telt' if n_bad == 1 else 'tellen'} "
                    "in geen enkel cijfer mee (zie onder).")
    blocks.append(Text(*lead))
    from .. import funnel

    blocks.append(Table(funnel.TITLE, funnel.HEADERS, funnel.table_rows(rep.trechter), (1, 2, 3)))
    blocks.append(Table("Casussen per status", ("Status", "Casussen"),
                        tuple((name(st, ("status", st)), count(c, ("status", st)))
                              for st, c in rep.casussen.per_status.items()), (1,)))
    blocks.append(Table("Casussen per gemeente", ("Gemeente", "Casussen"),
                        tuple((name(g, ("gemeente", g)), count(v.aantal, ("gemeente", g)))
                              for g, v in rep.per_gemeente.items()), (1,)))
    if rep.ongeldig:
        blocks.append(Table("Ongeldige bestanden (niet meegeteld)", ("Bestand", "Eerste fout"),
                            tuple((o["bestand"], o["fout"]) for o in rep.ongeldig), (), key="ongeldig"))
    return Section("casussen", "1. Casussen", tuple(blocks))


def over(n: int) -> str:
    """The denominator of every money figure per case, in words: 'over 50 casussen met een kosten-batenanalyse'."""
    return f"over {plural(n, 'casus', 'casussen')} met een kosten-batenanalyse"


def rendement(rep) -> Section:
    r = rep.rendement
    n = r.aantal
    tot = r.totalen
    left = rep.casussen.aantal - n
    blocks = [f"Alle bedragen in dit deel tellen alleen de casussen met een kosten-batenanalyse (status ingediend of "
              f"verder, of gestopt nadat er een plan was): {n} van de {rep.casussen.aantal}. "
              + (f"{plural(left, 'casus', 'casussen')} zonder kosten-batenanalyse (aangemeld, concept, of gestopt vóór "
                 "een plan) tellen hier niet mee." if left else ""),
              Table(f"Totalen {over(n)}", ("Scenario", "Totaal"),
                    tuple((SCENARIO_LABELS[s], money(tot[s], ("lijst", "met-kba"))) for s in SCENARIOS), (1,))]
    lines = []
    for a in ("huidig", "dreigend"):
        label, amount = comparison_label(r.rendement[a], a)
        shown = -r.rendement[a] if label.startswith("Kosten") else r.rendement[a]  # 'Kosten …': the absolute value
        lines += [" · "] * bool(lines) + [f"{label}: ", money(shown, ("lijst", "met-kba"), amount)]
    blocks.append(Text(*lines))
    blocks.append(Table(f"Per casus, gemiddeld en mediaan {over(n)} (positief = rendement, negatief = kosten)",
                        ("", *COMPARISON_HEADS.values()),
                        (("Gemiddeld", *(signed(r.gemiddeld[a]) for a in COMPARISON_HEADS)),
                         ("Mediaan", *(signed(r.mediaan[a]) for a in COMPARISON_HEADS))), (1, 2)))
    g = r.goedkoper
    blocks.append(Text("De doorbraak is goedkoper dan het dreigende scenario in ", count(g["dreigend"],
                       ("goedkoper", "dreigend")), f" van de {plural(n, 'casus', 'casussen')}, en goedkoper dan de "
                       "huidige situatie in ", count(g["huidig"], ("goedkoper", "huidig")), f" van de {n}."))
    pd = rep.per_domein
    blocks.append(Table(f"Kosten per domein en scenario, {over(n)}", ("Domein", "Casussen", "Huidig", "Dreigend",
                                                                       "Doorbraak"),
                        tuple((name(d, ("domein", d)), count(v.casussen, ("domein", d)),
                               *(money(v.totalen[s], ("domein", d)) for s in SCENARIOS)) for d, v in pd.items()),
                        (1, 2, 3, 4)))
    for a, title in (("huidig", "Directe kosten en baten (t.o.v. huidige situatie)"),
                     ("dreigend", "Reële kosten en baten (t.o.v. dreigend scenario)")):
        rows = tuple((name(d, ("domein", d)), money(v.investering[a], ("domein", d)),
                      money(v.opbrengst[a], ("domein", d)), money(v.saldo[a], ("domein", d)),
                      money(v.saldo[a] / n) if n else "–") for d, v in pd.items())
        blocks.append(Table(f"{title} per domein, {over(n)}", ("Domein", "Investering (−)", "Opbrengst (+)", "Saldo",
                                                              "Saldo per casus"), rows, (1, 2, 3, 4), key=f"domein-{a}"))
    blocks.append("Investering telt per casus de domeinen waar de doorbraak meer kost; opbrengst die waar hij "
                  "bespaart. Wie investeert is vaak een ander dan wie profiteert.")
    rows = []
    for gname, v in rep.per_gemeente.items():
        to = ("gemeente", gname)
        rows.append((name(gname, to), count(v.met_kba, to), *(money(v.totalen[s], to) for s in SCENARIOS),
                     signed(v.rendement["huidig"], to), signed(v.rendement["dreigend"], to)))
    blocks.append(Table("Per gemeente (bedragen over de casussen met een kosten-batenanalyse)",
                        ("Gemeente", "Met KBA", "Huidig", "Dreigend", "Doorbraak",
                                         "t.o.v. huidig", "t.o.v. dreigend"), tuple(rows), (1, 2, 3, 4, 5, 6),
                        key="gemeente"))
    if rep.prijslijsten:
        blocks.append(Table("Gebruikte prijslijsten", ("Prijslijst", "Versie", "Herkomst", "SHA-256", "Casussen"),
                            tuple((r.naam, r.versie or "–", "meegeleverd" if r.herkomst == "meegeleverd" else "eigen",
                                   r.sha256[:12], str(r.casussen)) for r in rep.prijslijsten), (4,)))
    ind = rep.indicatief
    if ind.posten:
        it = ind.totalen
        blocks.append(Text(f"Indicatief, apart getoond en nergens meegeteld: {plural(ind.posten, 'post', 'posten')} in ",
                           *cases(ind.casussen, ("lijst", "indicatief")), "; huidig ", money(it["huidig"]),
                           ", dreigend ", money(it["dreigend"]), ", doorbraak ", money(it["doorbraak"]), "."))
    else:
        blocks.append("Er zijn geen indicatieve posten.")
    return Section("rendement", "2. Rendement", tuple(blocks))


def counted_in(rep, first: str = "In") -> str:
    """The cases a figure over every counted case counts: 'In de 7 meegetelde casussen', 'In 1 meegetelde casus'."""
    n = rep.casussen.aantal
    return f"{first}{' de' if n > 1 else ''} {plural(n, 'meegetelde casus', 'meegetelde casussen')}"


def doorbraken(rep) -> Section:
    d = rep.doorbraken
    blocks = []
    if d.aantal:
        blocks.append(f"{counted_in(rep)}: {plural(d.aantal, 'doorbraak', 'doorbraken')}, waarvan "
                      f"{d.met_uitzondering} ({share(d.aandeel_uitzondering)}) een uitzondering op een regel vroeg.")
    else:
        blocks.append(f"{counted_in(rep)}: geen doorbraken.")
    blocks.append(Table("Doorbraken per leefgebied", ("Leefgebied", "Doorbraken", "Met uitzondering", "Aandeel"),
                        tuple((name(k, ("leefgebied", k)), count(v.aantal, ("leefgebied", k)),
                               count(v.met_uitzondering, ("leefgebied", k, "#met-uitzondering")),
                               share(v.aandeel_uitzondering)) for k, v in d.per_leefgebied.items()), (1, 2, 3)))
    return Section("doorbraken", "3. Doorbraken", tuple(blocks))


def legitimiteit(rep, top: int = TOP) -> Section:
    leg = rep.legitimiteit
    regels = leg.regels
    blocks = [f"Regels die in meer casussen terugkomen wijzen op een knelpunt voor de werktafel. Schrijfwijzen die "
              f"alleen verschillen in hoofdletters, spaties, leestekens of 'artikel'/'art.' tellen als één regel. "
              f"{plural(len(regels), 'verschillende regel', 'verschillende regels')} genoemd."]
    blocks.append(Table(f"Meest genoemde regels (top {min(top, len(regels))})", ("Regel", "Casussen"),
                        tuple((name(r.regel, ("regel", r.sleutel)), count(r.casussen, ("regel", r.sleutel)))
                              for r in regels[:top]), (1,)))
    wie = leg.wie_gaat_erover
    blocks.append(Table("Wie gaat erover", ("Wie", "Casussen"),
                        tuple((name(w.wie, ("beslisser", decider_key(w.wie))),
                               count(w.casussen, ("beslisser", decider_key(w.wie)))) for w in wie[:top]), (1,)))
    return Section("legitimiteit", "4. Legitimiteit: patronen", tuple(blocks))


def maatwerkbudget(rep) -> Section:
    mb = rep.maatwerkbudget
    budget = ("lijst", "maatwerkbudget")
    blocks = [Text("Vrij maatwerkbudget: ", money(mb.totaal, budget), " in ", *cases(mb.casussen, budget), ".")]
    if mb.per_categorie:
        blocks.append(Table("Besteding per categorie", ("Categorie", "Bedrag", "Aandeel"),
                            tuple((c.categorie, money(c.bedrag, ("budget", c.categorie)), share(c.aandeel))
                                  for c in mb.per_categorie), (1, 2)))
    return Section("maatwerkbudget", "5. Maatwerkbudget", tuple(blocks))


def reis(rep) -> Section:
    r = rep.reis
    dt = r.dagen_tot_besluit
    blocks = [Text(*cases(r.casussen_met_reis, ("lijst", "met-reis"), "casus heeft", "casussen hebben"), " een reis; ",
                   count(r.ingediend, ("lijst", "ingediend")), " ingediend, ",
                   *cases(r.besloten, ("lijst", "besloten"), "besluit", "besluiten"), " na indienen.")]
    if r.besloten:
        blocks.append(Text(f"Dagen van indienen tot het eerste besluit: mediaan {days_text(dt['mediaan'])}, "
                           f"kwartielen {days_text(dt['kwartiel_1'])} en {days_text(dt['kwartiel_3'])} (kortst "
                           f"{dt['min']}, langst {dt['max']}). Binnen 14 dagen besloten: ",
                           count(r.binnen_14_dagen, ("lijst", "binnen-14-dagen")), f" van de {r.besloten}."))
    blocks.append(Text("Opgeschaald naar wie erover gaat: ",
                       *cases(r.opgeschaald, ("lijst", "opgeschaald"), "plan", "plannen"), "."))
    blocks.append(Table("Besluit na indienen", ("Besluit", "Casussen"),
                        tuple((EVENT_LABELS[k], count(v, ("lijst", "besluit-" + k.replace("_", "-"))))
                              for k, v in r.besluiten.items()), (1,)))
    blocks.append(Table("Laatste stap van de reis", ("Stap", "Casussen"),
                        tuple((EVENT_LABELS.get(k, k), count(v, ("lijst", f"laatste-stap-{k}")))
                              for k, v in r.laatste_stap.items()), (1,)))
    return Section("reis", "6. Reis", tuple(blocks))


def problemen(rep, top: int = 15) -> Section:
    p = rep.problemen
    return Section("problemen", "7. Problemen", (
        Table(f"Problemen {counted_in(rep, 'in')}" + (f" (top {min(top, len(p))} van {len(p)})" if len(p) > top else ""),
              ("Probleem", "Casussen"), tuple((name(x.probleem, ("probleem", x.probleem)),
                                                count(x.casussen, ("probleem", x.probleem))) for x in p[:top]), (1,)),))


def vooruitblik(rep) -> Section:
    """Over the portfolio: break-even probabilities, payback years and the flows between domains."""
    be = rep.break_even
    blocks = []
    if be.casussen_met_kans:
        blocks.append(Text(f"Break-even-kans (de kans op het dreigende scenario waarboven de doorbraak zich "
                           f"terugbetaalt): mediaan {share(be.mediaan)}, kwartielen {share(be.kwartiel_1)} en "
                           f"{share(be.kwartiel_3)}, over ", *cases(be.casussen_met_kans, ("lijst", "break-even-kans")),
                           "."))
    blocks.append(Text("Altijd rendabel (goedkoper dan de huidige situatie, welke kans ook): ",
                       *cases(be.altijd_rendabel, ("lijst", "altijd-rendabel")), "; nooit rendabel (duurder dan zelfs "
                       "het zekere dreigende scenario): ", *cases(be.nooit_rendabel, ("lijst", "nooit-rendabel")),
                       f"; {over(be.aantal)}."))
    tv = rep.terugverdiend
    years = sorted({y for a in tv for y in tv[a].in_jaar})
    rows = tuple((f"in jaar {y}",) + tuple(count(tv[a].in_jaar.get(y, 0), ("terugverdiend", a, y))
                                           for a in ("huidig", "dreigend")) for y in years)
    rows += (("niet binnen de horizon",) + tuple(count(tv[a].niet_binnen_horizon, ("terugverdiend", a, None))
                                                 for a in ("huidig", "dreigend")),)
    blocks.append(Table(f"Terugverdiend (over de horizon van elke casus), {over(be.aantal)}", ("Terugverdiend", COMPARISON_HEADS["huidig"],
                                                                           COMPARISON_HEADS["dreigend"]), rows, (1, 2)))
    flows = rep.geldstromen
    if flows:
        blocks.append(Table("Geldstromen t.o.v. het dreigende scenario: investering van het ene domein die als "
                            f"besparing bij het andere landt, {over(be.aantal)}", ("Van", "Naar", "Bedrag"),
                            tuple((f.van, f.naar, money(f.bedrag, ("stroom", f"{f.van}|{f.naar}"))) for f in flows),
                            (2,), key="geldstromen"))
    return Section("vooruitblik", "8. Terugverdienen, onzekerheid en geldstromen", tuple(blocks))


def evaluatie(rep) -> Section:
    """After the decision: outcomes, realised against planned, quality of life, and the late measurements."""
    ev = rep.evaluatie
    blocks = []
    n = ev.casussen_met_realisatie
    outcomes = ", ".join(f"{k} {v}" for k, v in ev.per_uitkomst.items())
    missing = ev.nacalculatie_ontbreekt
    blocks.append(f"Uitkomst van de gerealiseerde doorbraken: {outcomes}. Gerealiseerde kosten zijn volledig bekend "
                  f"van {plural(n, 'casus', 'casussen')}; alleen die tellen hieronder mee, gepland en gerealiseerd "
                  f"over dezelfde casussen. Onvolledig (nacalculatie ontbreekt): "
                  f"{plural(len(missing), 'casus', 'casussen')}.")
    if missing:
        blocks.append(Table("Nacalculatie ontbreekt: gerealiseerde casussen met posten zonder 'gerealiseerd' (werklijst)",
                            ("Casus", "Posten bekend"), tuple((x.id, f"{x.bekend} van {x.posten}") for x in missing),
                            (1,)))
    if n:
        blocks.append(Table(f"Doorbraakscenario: gepland en gerealiseerd (over {plural(n, 'casus', 'casussen')} met "
                            "volledige gerealiseerde kosten)",
                            ("", "Totaal", "Per casus"),
                            (("Gepland", euro(ev.gepland), euro(ev.gepland / n)),
                             ("Gerealiseerd", euro(ev.gerealiseerd), euro(ev.gerealiseerd / n)),
                             ("Afwijking (gerealiseerd − gepland)", euro(ev.gerealiseerd - ev.gepland),
                              euro((ev.gerealiseerd - ev.gepland) / n))), (1, 2)))
        rows = []
        for label, stats in (("gepland", ev.rendement_gepland), ("gerealiseerd", ev.rendement)):
            for kind, key in (("som", "som"), ("gemiddeld per casus", "gemiddeld"), ("mediaan per casus", "mediaan")):
                rows.append((f"Rendement {label}, {kind}", *(signed(stats[c][key]) for c in COMPARISON_HEADS)))
        blocks.append(Table("Rendement: gepland en gerealiseerd (positief = rendement, negatief = kosten)",
                            ("", *COMPARISON_HEADS.values()), tuple(rows), (1, 2)))
        blocks.append(Table("Per domein: gepland en gerealiseerd", ("Domein", "Gepland", "Gerealiseerd", "Afwijking"),
                            tuple((d, euro(v["gepland"]), euro(v["gerealiseerd"]), euro(v["afwijking"]))
                                  for d, v in ev.per_domein.items()), (1, 2, 3)))
    vw = ev.verwachting
    if vw is not None:
        if vw.aantal:
            blocks.append(f"Verwachte kosten per casus {euro(vw.per_casus)}; gerealiseerd gemiddeld "
                          f"{euro(vw.gerealiseerd_gemiddeld)} over {plural(vw.aantal, 'casus', 'casussen')} met volledige "
                          f"gerealiseerde kosten; verschil {signed(vw.verschil)}.")
        else:
            blocks.append(f"Verwachte kosten per casus {euro(vw.per_casus)}; er is nog geen casus met volledige "
                          "gerealiseerde kosten om die verwachting mee te vergelijken.")
    m = ev.casussen_met_metingen
    if m:
        rows = tuple((DIMENSION_LABELS[d], *_change_cells(ev.dimensies[d])) for d in DIMENSIONS)
        rows += (("Gemiddelde van de zes", *_change_cells(ev.gemiddelde)),)
        blocks.append(Table(f"Positieve Gezondheid: van de eerste naar de laatste meting ({plural(m, 'casus', 'casussen')} "
                            "met twee of meer metingen)", ("Dimensie", "Eerste\ngem.", "Laatste\ngem.",
                                                            "Verandering\ngem.", "Verandering\nmediaan", "Beter",
                                                            "Gelijk", "Slechter"), rows, (1, 2, 3, 4, 5, 6, 7)))
    else:
        blocks.append("Geen casussen met twee of meer metingen van Positieve Gezondheid.")
    late = ev.metingen_te_laat
    blocks.append(f"Vervolgmetingen die op {ev.peildatum} te laat zijn: {len(late)}.")
    if late:
        blocks.append(Table(f"Te late vervolgmetingen (peildatum {ev.peildatum})", ("Casus", "Meting", "Gepland op"),
                            tuple((x.id, x.meting, x.vervaldatum) for x in late), ()))
    return Section("evaluatie", "9. Evaluatie", tuple(blocks))


def _change_cells(c) -> tuple:
    """Mean first and last score, mean and median change (two decimals), and how many improved, stayed, declined."""
    def cell(x, signed: bool = False) -> str:
        return score(x, TWO, signed) if x is not None else "–"

    return (cell(c.eerste), cell(c.laatste), cell(c.gemiddeld, True), cell(c.mediaan, True), str(c.beter),
            str(c.gelijk), str(c.slechter))


def sections(rep) -> list[Section]:
    return [casussen(rep), rendement(rep), doorbraken(rep), legitimiteit(rep), maatwerkbudget(rep), reis(rep),
            problemen(rep), vooruitblik(rep), evaluatie(rep)]


TITLE = "Portfoliorapportage doorbraakplannen"
