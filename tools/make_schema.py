"""Generate the JSON Schemas shipped in doorbraak_cli/schema/ (run: make schema).

The schemas are written out as JSON files so that editors with
yaml-language-server can use them directly. This script is their single
source; tests/check/test_schema.py checks that the shipped files are current.
The word lists come from the package's one vocabulary (doorbraak_cli/model/vocabulary.py).

The compiled yes/no check is generated with fastjsonschema, but it does not
import fastjsonschema when it runs: it carries its own small exception class.
"""

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from doorbraak_cli.model import vocabulary  # noqa: E402 - after the path is set

DRAFT = "https://json-schema.org/draft/2020-12/schema"
OUT = ROOT / "doorbraak_cli" / "schema"

STATUSES = list(vocabulary.STATUSES)
LEEFGEBIEDEN = list(vocabulary.LEEFGEBIEDEN)
DOMEINEN = list(vocabulary.DOMEINEN)
GEBEURTENISSEN = list(vocabulary.JOURNEY_EVENTS)
STOP_REASONS = list(vocabulary.STOP_REASONS)
FASES = list(vocabulary.FASES)
OUTCOMES = list(vocabulary.OUTCOMES)
MEASURED_BY = list(vocabulary.MEASURED_BY)
DIMENSIONS = list(vocabulary.DIMENSIONS)
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def text(desc):
    return {"type": ["string", "null"], "description": desc}


def text_or_list(desc):
    return {"type": ["string", "array", "null"], "items": {"type": "string"}, "description": desc}


def obj(desc, props, required=()):
    out = {"type": "object", "description": desc, "properties": props, "additionalProperties": False}
    if required:
        out["required"] = list(required)
    return out


SHARE = {"type": ["number", "string"]}  # 0..1 or "80%": checked when read, with a Dutch message

QUANTITY = {
    "type": ["integer", "number", "string", "null"],
    "minimum": 0,
    "description": "Aantal in dit scenario: een getal (decimale komma mag: \"1,5\") of een product met ' x ', "
    "eventueel met een tijdseenheid: \"3 x 6 maanden\", \"2 x 26 weken\", \"12 maanden\". Weggelaten = 0.",
}
MONEY = {
    "type": ["number", "string"],
    "description": "Prijs per eenheid in euro, bijvoorbeeld 1052.32 of \"1.052,32\".",
}

POST = obj(
    "Kostenpost: verwijst met 'post' naar een prijslijst, of heeft een eigen omschrijving, prijs en eenheid.",
    {
        "post": {"type": "string", "description": "Id van de post in de prijslijst (zie 'doorbraak prices')."},
        "omschrijving": {"type": "string", "description": "Omschrijving van de post."},
        "prijs": MONEY,
        "eenheid": {"type": "string", "description": "Eenheid van de prijs: dag, maand, jaar, uur, keer, ..."},
        "domein": {"enum": DOMEINEN, "description": "Wie betaalt (wettelijk domein)."},
        "bron": {"type": "string", "description": "Bron van een eigen prijs."},
        "huidig": dict(QUANTITY, description="Aantal in de huidige situatie. " + QUANTITY["description"]),
        "dreigend": dict(QUANTITY, description="Aantal in het dreigende scenario. " + QUANTITY["description"]),
        "doorbraak": dict(QUANTITY, description="Aantal in het doorbraakscenario. " + QUANTITY["description"]),
        "gerealiseerd": dict(QUANTITY, description="Aantal dat na de doorbraak echt nodig was, over dezelfde periode "
                             "(evaluatie). Een post mag alleen dit hebben: een kost die niemand had gepland. "
                             + QUANTITY["description"]),
        "zekerheid": {"enum": ["indicatief"], "description": "'indicatief': tonen, maar niet meetellen in de totalen."},
        "toelichting": {"type": "string", "description": "Toelichting op de post."},
        "eenmalig": {"type": "boolean", "description": "true: komt één keer voor (in jaar 1); false: komt elk jaar terug. "
                     "Standaard eenmalig bij keer, traject, interventie, fiets, auto; anders jaarlijks."},
        "looptijd": {"type": ["string", "integer"], "description": "Hoe lang een jaarlijkse post terugkomt, bijvoorbeeld '2 jaar'. "
                     "Standaard de hele horizon."},
        "kans": SHARE | {"description": "Kans (0 tot 1, of een percentage) dat het dreigende scenario van deze post uitkomt."},
        "toerekening": SHARE | {"description": "Deel van het effect van deze post dat aan het plan wordt toegerekend (0 tot 1)."},
    },
)

CASE = {
    "$schema": DRAFT,
    "$id": "urn:doorbraak:schema:doorbraakplan:1",
    "title": "Doorbraakplan (doorbraak, formaat versie 1)",
    "description": "Eén doorbraakplan volgens de Doorbraakmethode: zes stappen in één YAML-bestand.",
    "type": "object",
    "additionalProperties": False,
    "required": ["schema", "id", "titel", "status", "situatieschets", "toekomstperspectief", "overzicht",
                 "doorbraak", "waardendriehoek", "actieplan"],
    "properties": {
        "schema": {"const": "doorbraakplan/1", "description": "Formaatversie; altijd doorbraakplan/1."},
        "id": {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
               "description": "Uniek id binnen de casusmap, bijvoorbeeld 2026-tilburg-006."},
        "titel": {"type": "string", "minLength": 1, "description": "Pseudoniem van het huishouden, nooit een volledige echte naam."},
        "gemeente": {"type": "string", "description": "Gemeente van het plan."},
        "status": {"enum": STATUSES, "description": "Status van het plan."},
        "regievoerder": {"type": "string", "description": "De regievoerder (casusregisseur) van het plan."},
        "datum": {"type": "string", "pattern": DATE, "description": "Datum van het plan (JJJJ-MM-DD)."},
        "prijslijst": {"type": ["string", "array"], "items": {"type": "string"},
                       "description": "Naam (of namen) van de prijslijst(en), bijvoorbeeld maatschappelijke-prijslijst-2017."},
        "problemen": {"type": "array", "items": {"type": "string"}, "description": "Probleemlabels, bijvoorbeeld [schulden, huisvesting]."},
        "vorig_plan": {"type": "string", "description": "Id van het plan waarop dit plan volgt."},
        "namen": {"type": "array", "items": {"type": "string", "minLength": 1},
                  "description": "De voornamen en pseudoniemen die in de teksten van dit plan staan; "
                                 "geanonimiseerde uitvoer vervangt ze overal."},
        "situatieschets": text("Stap 1: korte, objectieve schets van de huidige situatie."),
        "toekomstperspectief": {
            **obj("Stap 2: waar het huishouden zelf naartoe wil.", {
                "termijn": {"type": "string", "description": "Horizon, bijvoorbeeld '6 maanden'."},
                "kort": text_or_list("Doel(en) op korte termijn."),
                "lang": text_or_list("Doel(en) op lange termijn."),
            }, ["kort"]),
            "type": ["object", "null"],
        },
        "overzicht": {
            **obj("Stap 3: de drie vragen.", {
                "zelf": text_or_list("A. Wat kan het huishouden zelf?"),
                "ondersteuning": text_or_list("B. Waar is (langere tijd) ondersteuning nodig?"),
                "behandeling": text_or_list("C. Wat moet eenmalig opgelost of behandeld worden?"),
            }, ["zelf", "ondersteuning", "behandeling"]),
            "type": ["object", "null"],
        },
        "doorbraak": {
            "type": ["array", "null"],
            "description": "Stap 4: de doorbraak of doorbraken.",
            "items": obj("Een doorbraak.", {
                "omschrijving": {"type": "string", "description": "Wat moet er doorbroken worden?"},
                "wat": {"type": "string", "description": "Wat moet er doorbroken worden? (zo heet 'omschrijving' in een "
                                                         "versleutelde casus: alleen het verhaal wordt versleuteld, niet "
                                                         "de 'omschrijving' van de posten)"},
                "leefgebied": {"enum": LEEFGEBIEDEN, "description": "Leefgebied van de doorbraak."},
                "uitzondering": {"type": "boolean", "description": "Is er een uitzondering op een regel nodig?"},
                "toelichting": {"type": "string", "description": "Toelichting."},
            }, ["leefgebied"]) | {"anyOf": [{"required": ["omschrijving"]}, {"required": ["wat"]}]},
        },
        "waardendriehoek": obj("Stap 5: onderbouwing met de waardendriehoek.", {
            "legitimiteit": {
                "type": ["array", "null"],
                "description": "Legitimiteit: per regel de vijf vragen.",
                "items": obj("Een regel die blokkeert of ruimte geeft.", {
                    "regel": {"type": "string", "description": "1. Waar staat de regel?"},
                    "regel_id": {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
                                 "description": "Vast id van de regel, bijvoorbeeld urgentieregeling-art-7: twee "
                                                "schrijfwijzen met hetzelfde id tellen als één regel (precedenten, rapport)."},
                    "bron": {"type": "string", "description": "Link of vindplaats."},
                    "bedoeling": text("2. Wat is de bedoeling van de regel?"),
                    "uitzonderingsgronden": text("3. Welke uitzonderingsgronden zijn er?"),
                    "andere_regels": text("4. Welke andere regels zijn van toepassing?"),
                    "wie_gaat_erover": text("5. Wie gaat erover?"),
                }, ["regel", "bedoeling", "uitzonderingsgronden", "wie_gaat_erover"]),
            },
            "betrokkenheid": text("Betrokkenheid: hoe krijgt het huishouden meer grip door de doorbraak?"),
            "rendement": obj("Rendement: micro-kosten-batenanalyse van drie scenario's.", {
                "periode": {"type": "string", "description": "Periode waarover de aantallen gaan, bijvoorbeeld '12 maanden'."},
                "posten": {"type": ["array", "null"], "items": POST, "description": "De kostenposten."},
                "toelichting": text("Toelichting op de berekening."),
                "horizon": {"type": ["string", "integer"], "description": "Over hoeveel jaar het rendement wordt "
                            "doorgerekend (calc --jaren), bijvoorbeeld '3 jaar'. Standaard 1 jaar."},
                "kans": SHARE | {"description": "Kans (0 tot 1, of een percentage) dat het dreigende scenario uitkomt; "
                                 "het verwachte rendement weegt dreigend en huidig daarmee."},
                "disconto": {"type": ["number", "string"], "description": "Discontovoet per jaar, bijvoorbeeld '2,25%'. "
                             "Standaard niet disconteren, zoals in het boek."},
            }, ["posten"]),
            "afweging": text("De afweging van de drie waarden."),
        }, ["legitimiteit", "betrokkenheid", "rendement", "afweging"]),
        "actieplan": obj("Stap 6: het actieplan.", {
            "acties": {
                "type": ["array", "null"],
                "description": "Wie doet wat, wanneer?",
                "items": obj("Een actie.", {
                    "wie": {"type": "string", "description": "Wie voert de actie uit?"},
                    "wat": {"type": "string", "description": "Wat gebeurt er?"},
                    "wanneer": {"type": "string", "description": "Datum (JJJJ-MM-DD) of tekst ('binnen twee weken')."},
                    "fase": {"enum": FASES, "description": "doorbraak: om hem te realiseren; daarna: erna."},
                }, ["wie", "wat"]),
            },
            "evaluatie": text_or_list("Wanneer wordt het plan geëvalueerd?"),
            "vangnet": text("Vangnet: wat doen we als het plan niet werkt?"),
        }, ["acties", "vangnet"]),
        "reis": {
            "type": "array",
            "description": "De reis van het plan door de organisatie.",
            "items": obj("Een gebeurtenis.", {
                "datum": {"type": "string", "pattern": DATE, "description": "Datum (JJJJ-MM-DD)."},
                "gebeurtenis": {"enum": GEBEURTENISSEN, "description": "Wat gebeurde er? 'intake': het eerste bezoek thuis."},
                "bij": {"type": "string", "description": "Bij wie / wie besliste."},
                "toelichting": {"type": "string", "description": "Toelichting."},
            }, ["datum", "gebeurtenis"]),
        },
        "gestopt": obj("Waarom en wanneer de casus gestopt is, bij elke stap (ook vóór de intake). Hoort bij "
                       "'status: gestopt'.", {
            "datum": {"type": "string", "pattern": DATE, "description": "De dag waarop de casus stopte (JJJJ-MM-DD)."},
            "reden": {"enum": STOP_REASONS, "description": "Waarom: " + ", ".join(STOP_REASONS) + "."},
            "toelichting": {"type": "string", "description": "Toelichting, bijvoorbeeld wat er zonder plan wel lukte."},
        }),
        "realisatie": obj("De realisatie van de doorbraak: wanneer, met welke uitkomst, en wanneer er gemeten wordt.", {
            "datum": {"type": "string", "pattern": DATE, "description": "De dag waarop de doorbraak gerealiseerd is (JJJJ-MM-DD)."},
            "uitkomst": {"enum": OUTCOMES, "description": "gelukt, deels of niet gelukt."},
            "toelichting": {"type": "string", "description": "Toelichting op de uitkomst."},
            "metingen_na": {"type": "array", "items": {"type": "string"},
                            "description": "Wanneer de twee metingen van Positieve Gezondheid na de realisatie gedaan "
                                           "worden, vanaf de datum; standaard ['3 maanden', '12 maanden']."},
        }, ["datum"]),
        "metingen": {
            "type": "array",
            "description": "Metingen van Positieve Gezondheid: vóór de realisatie een nulmeting, daarna de "
                           "vervolgmetingen.",
            "items": obj("Eén meting.", {
                "datum": {"type": "string", "pattern": DATE, "description": "Datum van de meting (JJJJ-MM-DD)."},
                "scores": obj("De zes dimensies, elk van 0 tot en met 10 (hooguit één decimaal).",
                              {d: {"type": ["number", "string"], "description": vocabulary.DIMENSION_LABELS[d] + ": "
                                   + vocabulary.DIMENSION_HELP[d] + "."} for d in DIMENSIONS}, DIMENSIONS),
                "door": {"enum": MEASURED_BY, "description": "Wie de meting invulde; standaard het huishouden."},
                "toelichting": {"type": "string", "description": "Toelichting."},
            }, ["datum", "scores"]),
        },
        "instemming": obj("De instemming van het huishouden met het plan: het plan is van hen.", {
            "datum": {"type": "string", "pattern": DATE, "description": "Datum van de instemming (JJJJ-MM-DD)."},
            "door": {"type": "string", "description": "Wie instemde (een pseudoniem of rol, geen volledige naam)."},
            "in_eigen_woorden": {"type": "string", "description": "De zin van het huishouden zelf over het plan."},
        }, ["in_eigen_woorden"]),
        "maatwerkbudget": {
            "type": "array",
            "description": "Vrij maatwerkbudget dat direct aan het huishouden is besteed.",
            "items": obj("Een besteding.", {
                "bedrag": MONEY | {"description": "Bedrag in euro."},
                "categorie": {"type": "string", "description": "Categorie, bijvoorbeeld huurschuld."},
                "omschrijving": {"type": "string", "description": "Omschrijving."},
            }, ["bedrag", "categorie"]),
        },
    },
}

PRICELIST = {
    "$schema": DRAFT,
    "$id": "urn:doorbraak:schema:prijslijst:1",
    "title": "Prijslijst (doorbraak)",
    "description": "Een prijslijst met maatschappelijke prijzen per eenheid.",
    "type": "object",
    "additionalProperties": False,
    "required": ["naam", "bron", "posten"],
    "properties": {
        "schema": {"const": "prijslijst/1", "description": "Formaatversie; altijd prijslijst/1."},
        "naam": {"type": "string", "minLength": 1, "description": "Naam van de prijslijst."},
        "versie": {"type": ["string", "integer"], "description": "Versie of jaar."},
        "bron": {"type": "string", "minLength": 1, "description": "Waar de prijzen vandaan komen."},
        "toelichting": {"type": "string", "description": "Toelichting."},
        "posten": {
            "type": "object",
            "description": "De posten, per id.",
            "propertyNames": {"pattern": r"^[a-z0-9][a-z0-9-]*$"},
            "additionalProperties": obj("Een post.", {
                "omschrijving": {"type": "string", "minLength": 1, "description": "Omschrijving."},
                "prijs": MONEY,
                "eenheid": {"type": "string", "minLength": 1, "description": "Eenheid van de prijs."},
                "domein": {"enum": DOMEINEN, "description": "Wie betaalt (standaard)."},
                "bron": {"type": "string", "description": "Bron van deze prijs."},
                "toelichting": {"type": "string", "description": "Toelichting."},
            }, ["omschrijving", "prijs", "eenheid", "domein"]),
        },
    },
}


def fast_validator(schema: dict) -> str:
    """Compile a schema to Python with fastjsonschema, for the quick yes/no check.

    The error-detail arguments (`definition=`, `value=`) are dropped: the fast
    check only answers "valid or not"; the full Dutch report comes from
    jsonschema. That halves the module and its import time.
    """
    import ast

    import fastjsonschema

    tree = ast.parse(fastjsonschema.compile_to_code(schema))
    # its own exception instead of importing fastjsonschema at run time
    tree.body = [n for n in tree.body if not (isinstance(n, ast.ImportFrom) and n.module == "fastjsonschema")
                 and not (isinstance(n, ast.Assign) and [t.id for t in n.targets if isinstance(t, ast.Name)] == ["VERSION"])]

    class Strip(ast.NodeTransformer):
        def visit_Call(self, node):
            self.generic_visit(node)
            for kw in node.keywords:
                if kw.arg in ("definition", "value"):
                    kw.value = ast.Constant(None)
            return node

    body = ast.unparse(Strip().visit(tree))
    entry = next(n.name for n in tree.body if isinstance(n, ast.FunctionDef))
    digest = hashlib.sha256(canonical(schema).encode()).hexdigest()
    return ("# Generated by tools/make_schema.py from the JSON Schema next to it: do not edit.\n"
            f"# schema-sha256: {digest}\n"
            "# flake8: noqa\n"
            "class JsonSchemaValueException(ValueError):\n"
            "    def __init__(self, message, value=None, name=None, definition=None, rule=None):\n"
            "        super().__init__(message)\n\n\n"
            "JsonSchemaValuesException = JsonSchemaValueException\n" + body + f"\n\nvalidate = {entry}\n")


def canonical(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def outputs() -> list:
    out = []
    for stem, schema in (("doorbraakplan-1", CASE), ("prijslijst-1", PRICELIST)):
        out.append((OUT / f"{stem}.schema.json", canonical(schema)))
        out.append((OUT / f"_fast_{stem.replace('-', '_')}.py", fast_validator(schema)))
    return out


def main(check: bool = False) -> int:
    stale = []
    for path, text_ in outputs():
        name = path.name
        if check:
            # the fast module is compared by the schema digest in its header, so a
            # different fastjsonschema release does not make it look stale
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if name.endswith(".py"):
                current, text_ = current.split("\n")[1], text_.split("\n")[1]
            if current != text_:
                stale.append(name)
        else:
            path.write_text(text_, encoding="utf-8")
    if stale:
        print("stale schema files: " + ", ".join(stale) + " (run: make schema)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv))
