"""Check data against the shipped JSON Schemas, in Dutch, with locations.

The full check uses the ``jsonschema`` library (draft 2020-12) and reports
every error. It is imported only here, so commands that do not need the full
report (``calc`` on a valid case) do not pay for it; see :mod:`.fastcheck`.
"""

from __future__ import annotations

import difflib
import json
from functools import cache

from ..source.resources import CASE_SCHEMA, PRICELIST_SCHEMA
from .located import Located

TYPE_NAMES = {
    "object": "een mapping (sleutel: waarde)",
    "array": "een lijst",
    "string": "tekst",
    "integer": "een geheel getal",
    "number": "een getal",
    "boolean": "true of false",
    "null": "leeg",
}
STEP_KEYS = ("situatieschets", "toekomstperspectief", "overzicht", "doorbraak", "waardendriehoek", "actieplan")
_BOOL_WORDS = {"ja": "true", "nee": "false", "yes": "true", "no": "false", "j": "true", "n": "false",
               "waar": "true", "onwaar": "false", "y": "true", "on": "true", "off": "false"}
_PATTERN_MESSAGES = {
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$": ("verwacht een datum als JJJJ-MM-DD", "bijvoorbeeld 2026-11-02"),
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$": ("een id mag alleen letters, cijfers, '-', '_' en '.' bevatten",
                                     "bijvoorbeeld 2026-tilburg-006"),
    r"^[a-z0-9][a-z0-9-]*$": ("een post-id mag alleen kleine letters, cijfers en '-' bevatten",
                              "bijvoorbeeld maatschappelijke-opvang-verblijf"),
}


def type_name(value) -> str:
    if value is None:
        return "leeg"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "een mapping"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, str):
        return "tekst"
    return "een getal"


@cache
def load_schema(kind: str) -> dict:
    path = CASE_SCHEMA if kind == "case" else PRICELIST_SCHEMA
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


@cache
def _validator(kind: str):
    from jsonschema import Draft202012Validator

    schema = load_schema(kind)
    return Draft202012Validator(schema)


@cache
def _places(kind: str) -> dict:
    """Every key of the schema and where it belongs, in words: 'bovenaan het bestand' or 'onder actieplan.acties'."""
    out: dict = {}

    def walk(node: dict, where: tuple) -> None:
        for key, sub in node.get("properties", {}).items():
            text = "bovenaan het bestand" if not where else "onder " + ".".join(where)
            if text not in out.setdefault(key, []):
                out[key].append(text)
            walk(sub, where + (key,))
        items = node.get("items")
        if isinstance(items, dict):
            walk(items, where)
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            walk(extra, where + ("<id>",))

    walk(load_schema(kind), ())
    return out


def _show(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _suggest(word: str, options) -> str | None:
    options = [str(o) for o in options]
    lower = {o.lower(): o for o in options}
    if str(word).lower() in lower:
        return lower[str(word).lower()]
    close = difflib.get_close_matches(str(word), options, n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(str(word).lower(), list(lower), n=1, cutoff=0.6)
        close = [lower[c] for c in close]
    return close[0] if close else None


NEEDED_IN_A_DRAFT = ("id", "titel", "status")  # what a plan in aangemeld/concept must have; the rest may follow


def check(data, loc: Located, kind: str = "case", draft: bool = False) -> None:
    """Add a Dutch problem to ``loc`` for every schema error in ``data``.

    In a ``draft`` (status aangemeld or concept) a missing key is a warning, not
    an error, except the few a plan needs to exist at all: a draft may be partial.
    A missing step is then left to the six-step rules, which warn once per step.
    """
    errors = sorted(_validator(kind).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    # A typo of a required key ("situatieshets") is one mistake: report the unknown
    # key with its suggestion, not also the missing key it was meant to be.
    meant = set()
    for error in errors:
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = list(error.schema.get("properties", {}))
            for key in error.instance:
                if key not in allowed:
                    guess = _suggest(key, allowed)
                    if guess and guess not in error.instance:
                        meant.add(tuple(error.absolute_path) + (guess,))
    for error in errors:
        _report(error, loc, kind, meant, draft)


def _describe(desc: str) -> str:
    desc = desc.rstrip(".")
    return desc[:1].lower() + desc[1:]


def _report(error, loc: Located, kind: str, meant=frozenset(), draft: bool = False) -> None:
    path = tuple(error.absolute_path)
    v = error.validator
    schema = error.schema
    value = error.instance
    if v == "required":
        for key in schema["required"]:
            if isinstance(value, dict) and key not in value and path + (key,) not in meant:
                desc = schema.get("properties", {}).get(key, {}).get("description", "")
                hint = f"voeg '{key}:' toe" + (f" — {_describe(desc)}" if desc else "")
                # a draft's plan may be partial; an evaluation (metingen, realisatie) is checked in full
                lenient = kind == "case" and draft and ((not path and key not in NEEDED_IN_A_DRAFT)
                                                        or (bool(path) and path[0] in STEP_KEYS))
                step = kind == "case" and not path and key in STEP_KEYS
                if lenient and step:
                    continue  # the six-step rules warn about the empty step
                report = loc.warn if lenient else loc.error
                if step:
                    report("ontbrekende-stap", path + (key,), f"de stap '{key}' ontbreekt", hint)
                elif lenient:
                    report("ontbrekende-sleutel", path + (key,), f"de sleutel '{key}' ontbreekt nog", hint
                           + "; in een concept mag dat, vanaf 'ingediend' is hij verplicht")
                else:
                    report("ontbrekende-sleutel", path + (key,), f"de verplichte sleutel '{key}' ontbreekt", hint)
    elif v == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        keys = list(value)
        for i, key in enumerate(keys):
            if key in allowed:
                continue
            elsewhere = _places(kind).get(key)
            guess = _suggest(key, allowed)
            if value[key] is None and i and path in loc.flow and not isinstance(value[keys[i - 1]], (dict, list)):
                # {wie: gezin, Nadia en gemeente}: the comma ended the text of 'wie' and began a new key
                prev = keys[i - 1]
                hint = (f"staat er een komma in de tekst? Tussen {{ }} scheidt een komma de sleutels; zet de tekst dan "
                        f"tussen aanhalingstekens: {prev}: \"{value[prev]}, {key}\"")
            elif elsewhere:
                hint = " of ".join(f"'{key}' hoort {where}" for where in elsewhere) + ", niet hier"
            else:
                hint = f"bedoelde u '{guess}'?" if guess else "toegestaan zijn: " + ", ".join(allowed)
            loc.error("onbekende-sleutel", path + (key,), f"onbekende sleutel '{key}'", hint, at_key=True)
    elif v == "type":
        expected = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        wanted = " of ".join(TYPE_NAMES[t] for t in expected if t != "null" or len(expected) == 1)
        hint = ""
        if "boolean" in expected and isinstance(value, str) and value.lower() in _BOOL_WORDS:
            hint = f"schrijf {_BOOL_WORDS[value.lower()]}"
        elif expected == ["boolean"]:
            hint = "schrijf true of false"
        elif "string" in expected and isinstance(value, (int, float, bool)) or (
                "string" in expected and type(value).__name__ == "Decimal"):
            hint = "zet de waarde tussen aanhalingstekens"
        elif "string" in expected and isinstance(value, dict):
            hint = "staat er een dubbele punt in de tekst? Zet de tekst dan tussen aanhalingstekens"
        elif "object" in expected and value is None:
            hint = "vul de sleutels in, ingesprongen onder deze sleutel"
        elif "array" in expected and isinstance(value, (str, dict)):
            hint = "schrijf een lijst: elk item op een eigen regel met '- ' ervoor"
        elif "string" in expected and value is None:
            hint = "vul een waarde in"
        if not path:
            loc.error("geen-mapping", path, f"het bestand moet een mapping (sleutel: waarde) zijn, geen {type_name(value)[4:] if type_name(value).startswith('een ') else type_name(value)}",
                      f"begin met 'schema: {'prijslijst/1' if kind == 'pricelist' else 'doorbraakplan/1'}' en de "
                      "andere sleutels, zonder '- ' ervoor")
        else:
            loc.error("verkeerd-type", path, f"verwacht {wanted}, maar kreeg {type_name(value)} ('{_show(value)}')" if value is not None
                      else f"verwacht {wanted}, maar de waarde is leeg", hint)
    elif v == "enum":
        options = schema["enum"]
        guess = _suggest(value, options) if isinstance(value, str) else None
        hint = (f"bedoelde u '{guess}'? " if guess else "") + "kies uit: " + ", ".join(map(str, options))
        code = "onbekende-status" if path == ("status",) else "ongeldige-waarde"
        loc.error(code, path, f"'{_show(value)}' is geen geldige waarde", hint)
    elif v == "const":
        loc.error("ongeldige-waarde", path, f"verwacht '{schema['const']}', maar kreeg '{_show(value)}'",
                  f"schrijf {path[-1] if path else 'schema'}: {schema['const']}")
    elif v == "pattern":
        message, hint = _PATTERN_MESSAGES.get(schema["pattern"], (f"'{_show(value)}' heeft niet de juiste vorm", ""))
        loc.error("ongeldige-waarde", path, f"{message}, maar kreeg '{_show(value)}'", hint)
    elif v == "propertyNames":
        # jsonschema reports the offending name as the instance
        message, hint = _PATTERN_MESSAGES.get(schema["propertyNames"].get("pattern", ""), ("ongeldige naam", ""))
        loc.error("ongeldige-sleutel", path + (value,) if isinstance(value, str) else path,
                  f"{message}, maar kreeg '{_show(value)}'", hint, at_key=True)
    elif v == "minimum":
        loc.error("negatief" if value < 0 else "te-klein", path,
                  f"verwacht een getal van minstens {schema['minimum']}, maar kreeg {value}",
                  "een aantal kan niet negatief zijn" if value < 0 else "")
    elif v == "minLength":
        loc.error("leeg", path, "mag niet leeg zijn", "vul een waarde in")
    else:  # pragma: no cover - every keyword the schemas use is handled above
        loc.error("schema", path, error.message)
