"""Build the typed :class:`~.model.Case` from checked YAML data.

This is where the checks the schema cannot express live: price-list ids,
quantities and their units, Dutch amounts, real dates. Every problem is
reported with its location; the builder never stops at the first one and
never raises on data of the wrong shape (the schema check reports those).
"""

from __future__ import annotations

import difflib
import os
from decimal import Decimal
from fractions import Fraction

from ..model.case import (
    Action,
    ActionPlan,
    Breakthrough,
    BudgetItem,
    Case,
    CostLine,
    JourneyEvent,
    Overview,
    Perspective,
    PriceListRef,
    Quantity,
    Rendement,
    Rule,
    Stop,
)
from ..model.vocabulary import REALISED, SCENARIOS, STOP_REASONS, STOPPED
from . import pricelists as pl
from .fields import as_date, as_list, as_map, as_text, as_texts
from .located import Located
from .quantity import (
    PriceError,
    QuantityError,
    bare_unit,
    parse_money,
    parse_quantity,
    parse_share,
    parse_years,
)

POSTEN = ("waardendriehoek", "rendement", "posten")
RENDEMENT = ("waardendriehoek", "rendement")
# Units of things bought or done once; a line in such a unit is one-off unless it says otherwise.
ONE_OFF_UNITS = frozenset(("keer", "keren", "traject", "trajecten", "interventie", "interventies", "fiets", "fietsen",
                           "auto", "auto's", "aanschaf", "verhuizing", "mutatie"))


def _optional(raw: dict, key: str, parse, loc: Located, path):
    """An optional value parsed by ``parse``; reports and returns None when it does not parse.

    Values of the wrong type are left to the schema check, which reports them.
    """
    value = raw.get(key)
    if value is None or isinstance(value, (bool, list, dict)):
        return None
    try:
        return parse(value)
    except QuantityError as exc:
        loc.error(exc.code if exc.code != "aantal" else "ongeldige-waarde", path + (key,), exc.message, exc.hint)
        return None


def load_pricelists(case_file: str, names, loc: Located) -> tuple[dict, dict]:
    """The items of the case's price lists, id -> PriceItem (first list wins; a dict only to read), and the lists,
    name -> PriceList.

    A repository's own list that takes the place of a shipped one is named in a warning.
    """
    lists: dict = {}
    path = ("prijslijst",)
    for name in names:
        found = pl.find(name, case_file)
        if found is None:
            avail = pl.available(case_file)
            guess = difflib.get_close_matches(name, avail, n=1, cutoff=0.6)
            hint = f"bedoelde u '{guess[0]}'?" if guess else "beschikbaar: " + ", ".join(avail)
            loc.error("onbekende-prijslijst", path, f"prijslijst '{name}' niet gevonden (niet in pricelists/ bij de casus, niet bij de tool)", hint)
            continue
        plist, problems = pl.load(found)
        errors = [p for p in problems if p.is_error]
        if errors or plist is None:
            loc.problems.extend(errors)
            loc.error("prijslijst-fout", path, f"prijslijst '{name}' ({found}) bevat {len(errors)} fout(en) en wordt niet gebruikt",
                      "herstel de prijslijst; zie de meldingen hierboven")
            continue
        if not plist.shipped and any((pl.shipped_dir() / (name + ext)).is_file() for ext in (".yaml", ".yml")):
            loc.warn("eigen-prijslijst", path, f"de prijslijst '{name}' komt uit {found}, niet uit de lijsten van doorbraak",
                     "de eigen lijst van de repository gaat voor de meegeleverde met dezelfde naam; is dat de bedoeling? "
                     "Geef een eigen lijst anders een eigen naam")
        lists[name] = plist
    if len(lists) == 1:
        return next(iter(lists.values())).items, lists  # read only: the list's own items
    merged = tuple((plist.path, plist.sha256) for plist in lists.values())
    items = _MERGED.get(merged)
    if items is None:
        items = {}
        for plist in lists.values():
            for pid, item in plist.items.items():
                items.setdefault(pid, item)
        if len(_MERGED) >= 64:
            _MERGED.clear()
        _MERGED[merged] = items
    return items, lists


# (path, content digest) of each list, in the case's order -> their items merged (the first list wins): a
# portfolio's cases name the same few lists, so they are merged once. Read only, like a list's own items.
_MERGED: dict = {}


def sources(case_file: str, names, lists: dict, lines) -> tuple:
    """The price lists whose items the lines use, in the order the case names them: provenance for every output."""
    used = {line.lijst for line in lines if line.lijst}
    out = []
    for name in names:
        plist = lists.get(name)
        if plist is None or name not in used:
            continue
        shown = os.path.basename(plist.path) if plist.shipped else os.path.relpath(
            plist.path, os.path.dirname(os.path.abspath(case_file))).replace(os.sep, "/")
        out.append(PriceListRef(name, shown, plist.versie, plist.sha256, "meegeleverd" if plist.shipped else "eigen"))
    return tuple(out)


def _line(i: int, raw: dict, items: dict, loc: Located, names) -> CostLine | None:
    base = POSTEN + (i,)
    ok = True
    pid = raw.get("post")
    item = None
    if isinstance(pid, str):
        item = items.get(pid)
        if item is None:
            ok = False
            guess = difflib.get_close_matches(pid, list(items), n=1, cutoff=0.6)
            if guess:
                hint = f"bedoelde u '{guess[0]}'? Zoek ids met 'doorbraak prices ZOEKTERM'"
            else:
                hint = "zoek het id met 'doorbraak prices ZOEKTERM', of geef de post een eigen omschrijving, prijs en eenheid"
            loc.error("onbekende-post", base + ("post",), f"post '{pid}' staat niet in de prijslijst ({', '.join(names)})", hint)
    elif pid is None:
        missing = [k for k in ("omschrijving", "prijs", "eenheid") if raw.get(k) is None]
        if missing:
            ok = False
            loc.error("onvolledige-post", base, "een post zonder 'post:'-id mist " + ", ".join(f"'{m}'" for m in missing),
                      "verwijs met 'post: <id>' naar de prijslijst, of vul omschrijving, prijs en eenheid zelf in")
    # price: an override or the list's
    prijs = item.prijs if item else None
    if "prijs" in raw and raw["prijs"] is not None:
        try:
            prijs = parse_money(raw["prijs"])
        except PriceError as exc:
            if not isinstance(raw["prijs"], (list, dict, bool)):
                loc.error(exc.code, base + ("prijs",), exc.message, exc.hint)
            ok = False
        else:
            if prijs < 0:
                loc.warn("negatieve-prijs", base + ("prijs",), f"negatieve prijs ({raw['prijs']})",
                         "kosten zijn positief; een besparing volgt vanzelf uit de scenario's")
            if item is not None and prijs != item.prijs and not as_text(raw.get("bron")):
                loc.warn("prijs-zonder-bron", base + ("prijs",),
                         f"de prijs wijkt af van de prijslijst (€ {item.prijs}) zonder bron",
                         "voeg 'bron:' toe zodat een lezer de prijs kan nagaan")
    eenheid = as_text(raw.get("eenheid")) or (item.eenheid if item else "")
    domein = raw.get("domein") if isinstance(raw.get("domein"), str) else (item.domein if item else None)
    if domein is None and ok:
        loc.warn("geen-domein", base, "de post heeft geen 'domein'; hij telt als Overig",
                 "geef aan wie betaalt: Zvw, Wmo, Jeugdwet, Wlz, Participatiewet, Wgs of Overig")
    quantities = {}
    for s in (*SCENARIOS, REALISED):
        value = raw.get(s)
        if s == REALISED and s in raw and (value is None or (isinstance(value, str) and not value.strip())):
            loc.error("gerealiseerd-leeg", base + (s,), f"'{s}' staat er, maar zonder aantal",
                      "schrijf het aantal dat echt nodig was (0 als er niets nodig was), of laat de regel weg "
                      "zolang het niet bekend is")
            ok = False
            continue
        try:
            q = parse_quantity(value, eenheid or None)
        except QuantityError as exc:
            # numbers below zero and wrong types are reported by the schema; a unit
            # cannot be judged when the price (and so its unit) is already in error
            reported = isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value < 0
            reported = reported or isinstance(value, (list, dict, bool))
            reported = reported or (not eenheid and not ok and exc.code in ("eenheid-past-niet", "onbekende-eenheid"))
            if not reported:
                loc.error(exc.code, base + (s,), exc.message, exc.hint)
            ok = False
            continue
        quantities[s] = Quantity(q, value if isinstance(value, str) else ("" if value is None else str(value)))
    eenmalig = raw.get("eenmalig")
    if not isinstance(eenmalig, bool):
        eenmalig = bare_unit(eenheid) in ONE_OFF_UNITS
    looptijd = _optional(raw, "looptijd", parse_years, loc, base)
    kans = _optional(raw, "kans", parse_share, loc, base)
    toerekening = _optional(raw, "toerekening", lambda v: parse_share(v, "toerekening"), loc, base)
    if not ok or prijs is None:
        return None
    return CostLine(
        index=i,
        post=pid if isinstance(pid, str) else None,
        omschrijving=as_text(raw.get("omschrijving")) or (item.omschrijving if item else ""),
        prijs=prijs,
        eenheid=eenheid,
        domein=domein or "Overig",
        bron=as_text(raw.get("bron")) or (item.bron if item else ""),
        huidig=quantities["huidig"],
        dreigend=quantities["dreigend"],
        doorbraak=quantities["doorbraak"],
        gerealiseerd=quantities[REALISED] if REALISED in raw else None,
        indicatief=raw.get("zekerheid") == "indicatief",
        toelichting=as_text(raw.get("toelichting")),
        eenmalig=eenmalig,
        looptijd=looptijd,
        kans=kans,
        toerekening=toerekening if toerekening is not None else Fraction(1),
        lijst=item.lijst if item else "",
    )


MIN_PERIOD = Fraction(1, 365)  # a day
MAX_PERIOD = 50  # years: as long as the longest horizon


def _stretch_warning(periode: str, years: Fraction, lines, loc: Located) -> None:
    """A period under a year: name the recurring lines that the year figures multiply up to a whole year."""
    stretched = [line for line in lines if not line.eenmalig and line.looptijd is None
                 and any(line.quantity(s).value for s in SCENARIOS)]
    if not stretched:
        return
    names = [f"'{line.omschrijving}'" for line in stretched[:4]] + ([f"en {len(stretched) - 4} meer"] if len(stretched) > 4 else [])
    factor = 1 / years
    times = str(factor.numerator) if factor.denominator == 1 else f"{float(factor):.2f}".replace(".", ",")
    loc.warn("korte-periode", RENDEMENT + ("periode",),
             f"de periode is {periode}: de jaarcijfers (calc --jaren, terugverdienen, rapport) rekenen deze posten "
             f"{times} keer zo hoog voor een heel jaar: {', '.join(names)}",
             f"loopt een post niet het hele jaar door, zet er dan 'looptijd: {periode}' of 'eenmalig: true' bij")


def _rendement_settings(rend: dict, loc: Located) -> dict:
    """periode, horizon, kans and disconto of the rendement section, parsed."""
    out = {}
    periode = rend.get("periode")
    if isinstance(periode, str) and periode.strip():
        try:
            years = parse_years(periode, "periode")
        except QuantityError as exc:
            if exc.code in ("buiten-bereik", "te-groot-getal", "negatief-aantal"):  # a duration, but none a case has
                loc.error("ongeldige-periode", RENDEMENT + ("periode",),
                          f"een periode moet langer dan nul zijn ({periode})" if exc.code == "negatief-aantal"
                          else exc.message, "schrijf bijvoorbeeld '12 maanden'")
            else:
                loc.warn("periode-onbekend", RENDEMENT + ("periode",),
                         f"de periode '{periode}' is geen tijdsduur; voor meerjarige berekeningen geldt 1 jaar",
                         "schrijf bijvoorbeeld '12 maanden' of '1 jaar'")
        else:
            if years < MIN_PERIOD:
                loc.error("periode-te-kort", RENDEMENT + ("periode",), f"de periode '{periode}' is korter dan een dag",
                          "de aantallen gelden voor deze periode, en een jaar telt 1 jaar / periode keer zoveel; "
                          "schrijf de periode die de aantallen echt beslaan, bijvoorbeeld '4 maanden' of '12 maanden'")
            elif years > MAX_PERIOD:
                loc.error("ongeldige-periode", RENDEMENT + ("periode",), f"een periode van {periode} is langer dan "
                          f"een casus beslaat (hooguit {MAX_PERIOD} jaar)",
                          "schrijf de periode die de aantallen echt beslaan, bijvoorbeeld '12 maanden' of '3 jaar'")
            else:
                out["periode_jaren"] = years
    horizon = _optional(rend, "horizon", parse_years, loc, RENDEMENT)
    if horizon is not None:
        if horizon.denominator != 1:
            loc.error("ongeldige-waarde", RENDEMENT + ("horizon",), f"de horizon is {rend['horizon']}, geen heel aantal jaren",
                      "schrijf een heel aantal jaren, bijvoorbeeld '3 jaar'")
        elif horizon > 50:
            loc.error("ongeldige-waarde", RENDEMENT + ("horizon",), f"een horizon van {horizon} jaar is te lang",
                      "kies hooguit 50 jaar")
        else:
            out["horizon"] = int(horizon)
    kans = _optional(rend, "kans", parse_share, loc, RENDEMENT)
    if kans is not None:
        out["kans"] = kans
    disconto = _optional(rend, "disconto", lambda v: parse_share(v, "discontovoet"), loc, RENDEMENT)
    if disconto is not None:
        out["disconto"] = disconto
    return out


def build(data: dict, loc: Located) -> Case | None:
    """The Case, or None when ``loc`` has errors after building."""
    names = data.get("prijslijst")
    if isinstance(names, str):
        names = (names,)
    elif isinstance(names, list):
        names = tuple(n for n in names if isinstance(n, str))
    else:
        names = pl.DEFAULT_LISTS if names is None else ()
    wdh = as_map(data.get("waardendriehoek"))
    rend = as_map(wdh.get("rendement"))
    raw_lines = as_list(rend.get("posten"))
    items, lists = load_pricelists(loc.file, names, loc) if raw_lines else ({}, {})
    lines = []
    for i, raw in enumerate(raw_lines):
        if isinstance(raw, dict):
            line = _line(i, raw, items, loc, names)
            if line is not None:
                lines.append(line)
    tp = as_map(data.get("toekomstperspectief"))
    ov = as_map(data.get("overzicht"))
    ap = as_map(data.get("actieplan"))
    reis = []
    for i, ev in enumerate(as_list(data.get("reis"))):
        ev = as_map(ev)
        d = as_date(ev.get("datum"), loc, ("reis", i, "datum"))
        if d is not None and isinstance(ev.get("gebeurtenis"), str):
            reis.append(JourneyEvent(d, ev["gebeurtenis"], as_text(ev.get("bij")), as_text(ev.get("toelichting"))))
    budget = []
    for i, b in enumerate(as_list(data.get("maatwerkbudget"))):
        b = as_map(b)
        if b.get("bedrag") is None:
            continue
        try:
            bedrag = parse_money(b["bedrag"])
        except PriceError as exc:
            if not isinstance(b["bedrag"], (list, dict, bool)):
                loc.error("ongeldig-bedrag" if exc.code == "ongeldige-prijs" else exc.code, ("maatwerkbudget", i, "bedrag"),
                          exc.message, exc.hint)
            continue
        budget.append(BudgetItem(bedrag, as_text(b.get("categorie")), as_text(b.get("omschrijving"))))
    for i, a in enumerate(as_list(ap.get("acties"))):
        a = as_map(a)
        w = a.get("wanneer")
        if isinstance(w, str) and len(w) == 10 and w[4:5] == "-" and w[7:8] == "-" and w[:4].isdigit():
            as_date(w, loc, ("actieplan", "acties", i, "wanneer"))
    for i, d in enumerate(as_list(data.get("doorbraak"))):
        if isinstance(d, dict) and "wat" in d and "omschrijving" in d:
            loc.error("dubbele-tekst", ("doorbraak", i, "wat"), "deze doorbraak heeft zowel 'wat' als 'omschrijving'",
                      "houd er één: 'wat' in een versleutelde casus, anders 'omschrijving'")
    datum = as_date(data.get("datum"), loc, ("datum",))
    settings = _rendement_settings(rend, loc)
    realisatie, metingen, instemming = None, (), None
    if any(k in data for k in ("realisatie", "metingen", "instemming")):  # loaded only for a plan after the decision
        from . import evaluation

        realisatie = evaluation.realisation(data, loc)
        metingen = evaluation.measurements(data, loc)
        instemming = evaluation.consent(data, loc)
    gestopt = stop(data, loc)
    if settings.get("periode_jaren", 1) < 1:
        _stretch_warning(as_text(rend.get("periode")), settings["periode_jaren"], lines, loc)
    if loc.has_errors:
        return None
    return Case(
        file=loc.file,
        id=as_text(data.get("id")),
        titel=as_text(data.get("titel")),
        gemeente=as_text(data.get("gemeente")),
        status=as_text(data.get("status")),
        regievoerder=as_text(data.get("regievoerder")),
        datum=datum,
        prijslijsten=tuple(names),
        problemen=as_texts(data.get("problemen")),
        vorig_plan=as_text(data.get("vorig_plan")),
        situatieschets=as_text(data.get("situatieschets")),
        toekomstperspectief=Perspective(as_text(tp.get("termijn")), as_texts(tp.get("kort")), as_texts(tp.get("lang"))),
        overzicht=Overview(as_texts(ov.get("zelf")), as_texts(ov.get("ondersteuning")), as_texts(ov.get("behandeling"))),
        doorbraken=tuple(
            Breakthrough(as_text(d.get("wat", d.get("omschrijving"))), as_text(d.get("leefgebied")),
                         d.get("uitzondering") if isinstance(d.get("uitzondering"), bool) else None,
                         as_text(d.get("toelichting")))
            for d in map(as_map, as_list(data.get("doorbraak")))),
        legitimiteit=tuple(
            Rule(as_text(r.get("regel")), as_text(r.get("bron")), as_text(r.get("bedoeling")), as_text(r.get("uitzonderingsgronden")),
                 as_text(r.get("andere_regels")), as_text(r.get("wie_gaat_erover")), as_text(r.get("regel_id")))
            for r in map(as_map, as_list(wdh.get("legitimiteit")))),
        betrokkenheid=as_text(wdh.get("betrokkenheid")),
        rendement=Rendement(as_text(rend.get("periode")), tuple(lines), as_text(rend.get("toelichting")), **settings),
        afweging=as_text(wdh.get("afweging")),
        actieplan=ActionPlan(
            tuple(Action(as_text(a.get("wie")), as_text(a.get("wat")), as_text(a.get("wanneer")),
                         a.get("fase") if a.get("fase") in ("doorbraak", "daarna") else "")
                  for a in map(as_map, as_list(ap.get("acties")))),
            as_texts(ap.get("evaluatie")),
            as_text(ap.get("vangnet")),
        ),
        reis=tuple(sorted(reis, key=lambda e: e.datum)),
        maatwerkbudget=tuple(budget),
        bronnen=sources(loc.file, names, lists, lines),
        realisatie=realisatie,
        metingen=metingen,
        instemming=instemming,
        gestopt=gestopt,
        namen=as_texts(data.get("namen")),
    )


def stop(data: dict, loc: Located) -> Stop | None:
    """The ``gestopt`` record: a stopped case says why (one of the fixed reasons) and, best, when."""
    raw = data.get("gestopt")
    status = data.get("status")
    if not isinstance(raw, dict):
        if status == STOPPED and raw is None:
            loc.error("gestopt-zonder-reden", ("status",), "het plan heeft status 'gestopt', maar er staat niet waarom",
                      "voeg toe: 'gestopt:' met 'datum:' en 'reden:', een van: " + ", ".join(STOP_REASONS))
        return None
    path = ("gestopt",)
    datum = as_date(raw.get("datum"), loc, path + ("datum",))
    reden = raw.get("reden")
    if reden is None and status == STOPPED:
        loc.error("gestopt-zonder-reden", path + ("reden",), "er staat niet waarom de casus gestopt is",
                  "voeg 'reden:' toe, een van: " + ", ".join(STOP_REASONS))
    if status != STOPPED:
        loc.warn("gestopt-bij-status", path, f"er staat 'gestopt:', maar de status is '{status}'",
                 "zet 'status: gestopt' als de casus gestopt is, of haal 'gestopt:' weg")
    if status == STOPPED and datum is None and "datum" not in raw:
        loc.warn("gestopt-zonder-datum", path, "er staat niet wanneer de casus gestopt is",
                 "voeg 'datum: JJJJ-MM-DD' toe onder 'gestopt:'")
    return Stop(datum, reden if reden in STOP_REASONS else "", as_text(raw.get("toelichting")))

