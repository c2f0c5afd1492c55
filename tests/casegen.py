"""Deterministic synthetic case files (format v1) for the report tests and the bench.

``generate(folder, n, seed)`` writes ``n`` valid case files, spread over
nested folders (``<gemeente>/<jaar>/``), varied in everything the portfolio
report looks at: municipality, status, date, price-list and inline lines over
all seven legal domains, time quantities (``3 x 6 maanden``, ``26 weken``),
indicative lines, breakthroughs per life domain with and without an
exception, legitimacy rules written with trivial spelling differences, the
plan's journey (``reis``) and free maatwerk budget; realised plans have a
realisation, realised quantities (some unplanned) and Positieve Gezondheid
measurements, from a random stream of their own so that the plans themselves
are what they were before. The same seed always gives byte-identical files.

Every pseudonym (``titel``) and person's name (``regievoerder``, ``wie``,
``bij``) contains a made-up word from :data:`NAME_MARK` followed by a unique
syllable string, so a test can prove that no report leaks any of them.

``mutate(rng, text)`` mangles a case's text at random (YAML punctuation and
odd values inserted, pieces deleted, lines swapped): the input of the tests
that prove no mangled case crashes a command.

Run as a script: ``python tests/casegen.py FOLDER N [SEED]``.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import date, timedelta

NAME_MARK = "Zqx"  # every generated personal name starts with this; no other text contains it

GEMEENTEN = ("Tilburg", "Waalwijk", "Dongen", "Oisterwijk", "Loon op Zand", "Goirle", "Hilvarenbeek",
             "Heusden", "Gilze en Rijen", "'s-Hertogenbosch", "Súdwest-Fryslân")
STATUS_WEIGHTS = (("aangemeld", 4), ("concept", 8), ("ingediend", 20), ("goedgekeurd", 20), ("afgewezen", 5),
                  ("gerealiseerd", 25), ("afgesloten", 12), ("gestopt", 6))
LEEFGEBIEDEN = ("wonen", "wonen", "wonen", "inkomen", "inkomen", "schulden", "zorg", "jeugd", "onderwijs", "werk",
                "veiligheid", "vervoer", "overig")
PROBLEMEN = ("schulden", "wonen", "inkomen", "psychisch", "verslaving", "huiselijk-geweld", "opvoeding", "werk",
             "gezondheid", "eenzaamheid", "Schulden", "dakloosheid")
BUDGET_CATEGORIEEN = ("huurschuld", "huurschuld", "tijdelijk wonen", "papierwerk", "inrichting", "vervoer",
                      "Huurschuld", "energie")

# (spelling variants of one rule, who decides)
RULES = (
    (("Participatiewet, artikel 22a", "participatiewet art. 22a", "Participatiewet artikel 22a.",
      "PARTICIPATIEWET, ART 22A"), "College van B&W"),
    (("Participatiewet, artikel 35, lid 1", "Participatiewet art. 35 lid 1"),
     "College van B&W; in de uitvoering de consulent bijzondere bijstand"),
    (("Huisvestingsverordening, artikel 2.6 (urgentie)", "huisvestingsverordening art 2.6 (urgentie)"),
     "De urgentiecommissie van de woningcorporatie"),
    (("Protocol Verstrekking Woonurgenties, punt 7", "Protocol verstrekking woonurgenties punt 7"),
     "college van B&W: de wethouder kan afwijken van het eigen beleid"),
    (("Wet gemeentelijke schuldhulpverlening, artikel 3", "Wet gemeentelijke schuldhulpverlening art. 3"),
     "College van B&W, in de uitvoering de afdeling Schuldhulp"),
    (("Jeugdwet, artikel 2.3", "Jeugdwet art 2.3"), "Het college (team Jeugd)"),
    (("Wmo 2015, artikel 2.3.5", "WMO 2015 artikel 2.3.5"), "College van B&W"),
    (("Beleidsregels bijzondere bijstand, paragraaf 4",), "De afdeling Werk en Inkomen"),
    (("Wet educatie en beroepsonderwijs, artikel 8.1.1c",), "Het bevoegd gezag van de school"),
)

# price-list lines: (id, unit kind) -- "tijd" takes time quantities, other units plain counts
PRICE_LINES = (
    ("maatschappelijke-opvang-verblijf", "dag"), ("maatschappelijke-opvang-gemiddeld", "jaar"),
    ("schuldhulpverlening", "jaar"), ("budgetcoach", "maand"), ("huurtoeslag", "huishouden"),
    ("jeugdbescherming", "interventie"), ("pleegzorgplaats", "jaar"), ("ots-langer-dan-1-jaar", "jaar"),
    ("beschermd-wonen", "dag"), ("dagactiviteit", "dagdeel"), ("maatschappelijk-werker", "uur"),
    ("uitzetting-huurwoning", "keer"), ("mutatie-woning", "keer"), ("bijstand-alleenstaand", "maand"),
    ("bijstand-kostendelersnorm", "maand"), ("e-bike", "fiets"), ("spoedeisende-hulp", "dag"),
    ("zorg-thuis-2x-per-dag", "dag"), ("bewindvoering", "traject"), ("kind-in-ggz", "jaar"),
    ("noodwoning", "maand"), ("detentie", "dag"), ("jongerenwerker", "uur"),
)
TIME = {"dag", "maand", "jaar"}
# inline lines: (omschrijving, prijs as written, eenheid, domein)
INLINE = (
    ("Verblijf in een verpleeghuis", "187.45", "dag", "Wlz"),
    ("Huisartsconsult", "35.10", "consult", "Zvw"),
    ("Ggz-behandeling (basis)", "1234.56", "traject", "Zvw"),
    ("Kamertraining", "\"1.052,32\"", "maand", "Wmo"),
    ("Reiskosten naar werk", "42.5", "maand", "Participatiewet"),
    ("Beslaglegging", "312.99", "keer", "Overig"),
    ("Logeeropvang jeugd", "99.95", "nacht", "Jeugdwet"),
    ("Intensieve thuisbegeleiding", "87.33", "uur", "Wmo"),
)
WORDS = ("het", "gezin", "woont", "sinds", "maanden", "bij", "familie", "en", "heeft", "schulden", "bij",
         "de", "woningcorporatie", "zoekt", "werk", "maar", "zonder", "adres", "lukt", "dat", "niet", "een",
         "vaste", "plek", "is", "nodig", "om", "rust", "te", "krijgen", "kinderen", "gaan", "naar", "school",
         "hulpverleners", "komen", "en", "gaan", "inkomen", "wisselt", "sterk", "per", "maand", "wijkteam",
         "ziet", "kansen", "als", "regels", "ruimte", "geven", "voor", "maatwerk", "huur", "achterstand")
SYLLABLES = ("ka", "lo", "mi", "ren", "tus", "va", "ber", "dro", "fen", "gil", "hor", "jun", "kel", "mor",
             "nis", "pal", "rik", "sel", "tam", "vok", "wen", "zur")


def _slug(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in ascii_text.lower() if c.isalnum())


def _weighted(rng: random.Random, pairs) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _name(rng: random.Random, i: int) -> str:
    """A unique, made-up personal name carrying NAME_MARK."""
    body = "".join(rng.choice(SYLLABLES) for _ in range(3))
    return f"{NAME_MARK}{body}{i}"


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _para(rng: random.Random, sentences: int, indent: str, width: int = 72) -> str:
    text = " ".join(_sentence(rng, rng.randint(6, 14)) for _ in range(sentences))
    lines, cur = [], ""
    for w in text.split():
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    lines.append(cur)
    return "\n".join(indent + ln for ln in lines)


def _quantity(rng: random.Random, unit: str) -> str:
    if unit in TIME and rng.random() < 0.35:
        return rng.choice(('"3 x 6 maanden"', '"26 weken"', '"6 maanden"', '"2 x 26 weken"', '"1,5 jaar"',
                           '"12 maanden"', '"90 dagen"', '"1 kwartaal"'))
    if unit == "uur":
        return str(rng.choice((8, 26, 52, 100, 104, 150)))
    if unit == "dag":
        return str(rng.choice((30, 91, 182, 365)))
    if unit == "maand":
        return str(rng.choice((3, 6, 12)))
    if unit == "dagdeel":
        return str(rng.choice((104, 208, 416)))
    return str(rng.choice((1, 1, 1, 2, 3)))


def _line(rng: random.Random, status_draft: bool, erng: random.Random | None = None) -> list[str]:
    out = []
    if rng.random() < 0.72:
        pid, unit = rng.choice(PRICE_LINES)
        out.append(f"      - post: {pid}")
        if pid == "beschermd-wonen" and rng.random() < 0.5:
            out.append("        domein: Wlz")
    else:
        oms, prijs, unit, dom = rng.choice(INLINE)
        out += [f"      - omschrijving: {oms}", f"        prijs: {prijs}", f"        eenheid: {unit}",
                f"        domein: {dom}", "        bron: Offerte van de aanbieder (fictief)"]
    present = [s for s in ("huidig", "dreigend", "doorbraak") if rng.random() < 0.55]
    for s in present or ["dreigend"]:
        out.append(f"        {s}: {_quantity(rng, unit)}")
    if rng.random() < 0.06:
        out.append("        zekerheid: indicatief")
    if erng is not None:  # a realised plan: what was really needed (its own random stream: the plan stays the same)
        if "doorbraak" in present and erng.random() < 0.85:
            planned = next(x for x in out if x.startswith("        doorbraak: ")).split(": ", 1)[1]
            out.append(f"        gerealiseerd: {planned if erng.random() < 0.6 else _quantity(erng, unit)}")
        elif "doorbraak" not in present and erng.random() < 0.08:
            out.append(f"        gerealiseerd: {_quantity(erng, unit)}")  # a cost nobody planned
    return out


DIMENSIONS = ("lichaamsfuncties", "mentaal_welbevinden", "zingeving", "kwaliteit_van_leven", "meedoen",
              "dagelijks_functioneren")


def _evaluation(erng: random.Random, day: date, realised: bool) -> list[str]:
    """A realisation (for a realised plan) and Positieve Gezondheid measurements: a baseline, then follow-ups."""
    out = []
    when = day + timedelta(days=erng.randint(30, 200))
    if realised:
        out += ["", "realisatie:", f"  datum: {when.isoformat()}"]
        if erng.random() < 0.8:
            out.append(f"  uitkomst: {erng.choice(('gelukt', 'gelukt', 'gelukt', 'deels', 'niet gelukt'))}")
        if erng.random() < 0.3:
            out += ["  toelichting: >-", _para(erng, 1, "    ")]
        if erng.random() < 0.15:
            out.append("  metingen_na: [6 weken, 6 maanden]")
    dates = [when - timedelta(days=erng.randint(5, 40))] if erng.random() < 0.8 else []
    if realised:
        for k in range(erng.choice((0, 1, 1, 2, 2, 2))):
            dates.append(when + timedelta(days=erng.randint(60, 120) if k == 0 else erng.randint(330, 420)))
    if not dates:
        return out
    out += ["", "metingen:"]
    halves = [2 * erng.randint(2, 7) for _ in DIMENSIONS]  # scores in half points, as integers: no floats
    for n, d in enumerate(dates):
        out.append(f"  - datum: {d.isoformat()}")
        if erng.random() < 0.5:
            out.append(f"    door: {erng.choice(('huishouden', 'samen', 'regievoerder'))}")
        out.append("    scores:")
        for dim, h in zip(DIMENSIONS, halves):
            v = min(20, max(0, h + n * erng.choice((0, 1, 2, 2, 3, 4, -1, -2))))
            text = str(v // 2) if v % 2 == 0 else f"{v // 2}{erng.choice(('.', ','))}5"
            out.append(f"      {dim}: {text}")
    return out


def case_yaml(i: int, seed: int = 0) -> tuple[str, str, str]:
    """(relative folder, file name, YAML text) of generated case number ``i``."""
    rng = random.Random(f"{seed}-{i}")
    gemeente = rng.choice(GEMEENTEN)
    status = _weighted(rng, STATUS_WEIGHTS)
    draft = status in ("aangemeld", "concept")
    day = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 3 * 365))
    cid = f"{day.year}-{_slug(gemeente)[:12]}-{i:05d}"
    titel = _name(rng, i)
    regie = _name(rng, i + 1_000_000)
    lines = [
        "# yaml-language-server: $schema=../../doorbraak_cli/schema/doorbraakplan-1.schema.json",
        "schema: doorbraakplan/1",
        f"id: {cid}",
        f"titel: {titel}",
        f"gemeente: \"{gemeente}\"" if gemeente.startswith("'") else f"gemeente: {gemeente}",
        f"status: {status}",
        f"regievoerder: {regie} (wijkteam)",
    ]
    if rng.random() < 0.9:
        lines.append(f"datum: {day.isoformat()}")
    if rng.random() < 0.3:
        lines.append("prijslijst: [maatschappelijke-prijslijst-2017, doorbraakboek-aanvullend, zoetermeer-crisisteam]")
    probs = sorted(set(rng.sample(PROBLEMEN, rng.randint(1, 4))))
    lines.append("problemen: [" + ", ".join(probs) + "]")
    lines += ["", "situatieschets: |", _para(rng, rng.randint(4, 8), "  "), ""]
    lines += ["toekomstperspectief:", "  termijn: 6 maanden", "  kort: " + _sentence(rng, 8),
              "  lang: >-", _para(rng, 2, "    "), ""]
    lines += ["overzicht:", "  zelf:"] + [f"    - {_sentence(rng, 6)}" for _ in range(rng.randint(2, 4))]
    lines += ["  ondersteuning:"] + [f"    - {_sentence(rng, 6)}" for _ in range(rng.randint(1, 3))]
    lines += ["  behandeling: []", ""]
    lines.append("doorbraak:")
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        lines += [f"  - omschrijving: {_sentence(rng, 7)}", f"    leefgebied: {rng.choice(LEEFGEBIEDEN)}"]
        r = rng.random()
        if r < 0.6:
            lines.append("    uitzondering: true")
        elif r < 0.9:
            lines.append("    uitzondering: false")
    lines += ["", "waardendriehoek:", "  legitimiteit:"]
    for rule_i in rng.sample(range(len(RULES)), rng.randint(1, 3)):
        variants, wie = RULES[rule_i]
        lines += [f"    - regel: {rng.choice(variants)}",
                  "      bedoeling: >-", _para(rng, 2, "        "),
                  "      uitzonderingsgronden: >-", _para(rng, 2, "        "),
                  f"      wie_gaat_erover: \"{wie}\""]
    lines += ["  betrokkenheid: |", _para(rng, 3, "    "), "  rendement:", "    periode: 12 maanden", "    posten:"]
    realised = status in ("gerealiseerd", "afgesloten")
    erng = random.Random(f"{seed}-{i}-evaluatie")
    for _ in range(rng.randint(2, 6)):
        lines += _line(rng, draft, erng if realised else None)
    lines += ["    toelichting: >-", _para(rng, 2, "      "), "  afweging: |", _para(rng, 3, "    "), ""]
    lines += ["actieplan:", "  acties:"]
    for _ in range(rng.randint(2, 4)):
        lines += [f"    - wie: {_name(rng, i + 2_000_000 + rng.randrange(10_000))}", f"      wat: {_sentence(rng, 6)}",
                  f"      wanneer: {(day + timedelta(days=rng.randint(1, 60))).isoformat()}",
                  f"      fase: {rng.choice(('doorbraak', 'daarna'))}"]
    lines += ["  evaluatie: elke 4 maanden", "  vangnet: |", _para(rng, 2, "    ")]
    if status not in ("aangemeld", "concept") and rng.random() < 0.85:
        lines += ["", "reis:"]
        d = day
        events = [("aangemeld", d)] if rng.random() < 0.5 else []
        d = d + timedelta(days=rng.randint(0, 10))
        events.append(("ingediend", d))
        if rng.random() < 0.25:
            d = d + timedelta(days=rng.randint(1, 20))
            events.append(("opgeschaald", d))
        if status in ("goedgekeurd", "gerealiseerd", "afgesloten", "afgewezen", "gestopt"):
            d = d + timedelta(days=rng.choice((1, 3, 5, 7, 10, 14, 15, 21, 30, 45, 60, 90)))
            events.append(("afgewezen" if status == "afgewezen" else "goedgekeurd", d))
        if status in ("gerealiseerd", "afgesloten"):
            d = d + timedelta(days=rng.randint(5, 90))
            events.append(("gerealiseerd", d))
        if status == "afgesloten":
            d = d + timedelta(days=rng.randint(30, 180))
            events.append(("geevalueerd", d))
        if status == "gestopt":
            d = d + timedelta(days=rng.randint(5, 60))
            events.append(("gestopt", d))
        for ev, dd in events:
            lines += [f"  - datum: {dd.isoformat()}", f"    gebeurtenis: {ev}"]
            if rng.random() < 0.5:
                lines.append(f"    bij: {_name(rng, i + 3_000_000 + rng.randrange(10_000))}")
    if rng.random() < 0.4:
        lines += ["", "maatwerkbudget:"]
        for _ in range(rng.randint(1, 3)):
            bedrag = rng.choice(("250", "1000", "1250.50", "\"€ 1.500,00\"", "89.99", "3000"))
            lines += [f"  - bedrag: {bedrag}", f"    categorie: {rng.choice(BUDGET_CATEGORIEEN)}",
                      f"    omschrijving: {_sentence(rng, 5)}"]
    if realised or (status == "goedgekeurd" and erng.random() < 0.3):
        lines += _evaluation(erng, day, realised)
    if status == "gestopt":  # why it stopped (its own random stream: the plan stays the same)
        srng = random.Random(f"{seed}-{i}-gestopt")
        lines += ["", "gestopt:", f"  datum: {(day + timedelta(days=srng.randint(30, 200))).isoformat()}",
                  f"  reden: {srng.choice(('elders-opgelost', 'geen-contact', 'wil-niet', 'anders'))}"]
    folder = os.path.join("".join(c for c in gemeente.lower() if c.isalnum()), str(day.year))
    return folder, f"casus-{i:05d}.yaml", "\n".join(lines) + "\n"


def generate(root: str, n: int, seed: int = 0, start: int = 0) -> list[str]:
    """Write cases ``start`` .. ``start + n - 1`` under ``root``; return their paths."""
    paths = []
    for i in range(start, start + n):
        folder, name, text = case_yaml(i, seed)
        d = os.path.join(root, folder)
        os.makedirs(d, exist_ok=True)
        p = os.path.join(d, name)
        with open(p, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        paths.append(p)
    return paths


TOKENS = ["", " ", "\t", ":", "- ", "[", "]", "{", "}", "'", '"', "#", "&a", "*a", "!!str", "0", "-1", "1e5", "1,5",
          "3 x 6 maanden", "null", "true", "~", "\n", "\n  ", "€", "1.052", "…", "\u0000", "\ufeff", "12 uur", "0,0001",
          "x", "999999999999", ".5", "1e999999999", "<script>", "![x](http://e/x.png)"]


def mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 4)):
        pos = rng.randrange(len(text))
        op = rng.random()
        if op < 0.4:
            text = text[:pos] + rng.choice(TOKENS) + text[pos:]
        elif op < 0.7:
            text = text[:pos] + text[pos + rng.randint(1, 20):]
        else:
            lines = text.split("\n")
            j, k = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[j], lines[k] = lines[k], lines[j]
            text = "\n".join(lines)
    return text


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: casegen.py FOLDER N [SEED]")
    generate(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 0)
