"""The YAML parsers' error messages in Dutch: what each kind of syntax error is called, and what to do about it.

The parsers (libyaml, PyYAML, ruamel.yaml) word their errors in English and each a little differently;
:mod:`.yamlread` looks the words up here, first in :data:`TRANSLATIONS` (a phrase each names), then in :data:`KINDS`
(words any of them uses for one kind of trouble). No parser's English reaches a user. Where the parser stops is
not always where the trouble is: :func:`runaway_quote` finds the quote that was never closed.
"""

import re

TRANSLATIONS = (
    ("mapping values are not allowed", "een dubbele punt op een onverwachte plek",
     "staat er een 'sleutel: waarde' achter een andere waarde, of klopt de inspringing niet? Zet tekst met een dubbele punt tussen aanhalingstekens"),
    ("did not find expected key", "de inspringing klopt niet: hier werd een sleutel op hetzelfde niveau verwacht",
     "lijn de regel uit met de sleutels erboven"),
    ("did not find expected '-' indicator", "de inspringing klopt niet: hier werd een nieuw lijstitem ('- ') verwacht",
     "lijn de regel uit met de lijstitems erboven"),
    ("could not find expected ':'", "een dubbele punt na de sleutel ontbreekt",
     "schrijf 'sleutel: waarde', of zet tekst over meer regels onder 'sleutel: |'"),
    ("found unexpected end of stream", "het bestand houdt onverwacht op",
     "staat er nog een aanhalingsteken of haakje open?"),
    ("expected ',' or ']'", "een lijst tussen [ ] is niet afgesloten",
     "sluit de lijst af met ] of scheid de items met komma's"),
    ("expected ',' or '}'", "een mapping tussen { } is niet afgesloten", "sluit af met }"),
    ("found unknown escape character", "een ongeldig escape-teken (\\) in tekst tussen dubbele aanhalingstekens",
     "gebruik enkele aanhalingstekens of schrijf \\\\"),
    ("expected <block end>, but found '?'", "de inspringing klopt niet: een sleutel staat op het niveau van een lijst",
     "lijn de regel uit met de lijstitems erboven, of zet '- ' ervoor"),
    ("expected <document start>", "er staat inhoud na het einde van het document",
     "klopt de inspringing van deze regel?"),
    ("found undefined tag handle", "een onbekend YAML-label (!)", "haal het label weg"),
    ("found character that cannot start any token", "een teken waarmee geen waarde kan beginnen",
     "zet de tekst tussen aanhalingstekens"),
    ("found unacceptable character", "een ongeldig (controle)teken in het bestand", "haal het teken weg"),
    ("control characters are not allowed", "een ongeldig (controle)teken in het bestand", "haal het teken weg"),
    ("while scanning a quoted scalar", "een aanhalingsteken wordt niet gesloten", "sluit de tekst af met hetzelfde aanhalingsteken"),
    ("found a tab character", "een tab-teken in de inspringing", "YAML springt alleen in met spaties; vervang de tab door spaties"),
    ("block sequence entries are not allowed", "een lijstitem ('- ') op een plek waar dat niet kan",
     "zet het lijstitem op een eigen regel, ingesprongen onder zijn sleutel"),
)
# What the parsers say in a form of their own (libyaml, PyYAML and ruamel.yaml word it differently): a kind of
# trouble, by words any of them uses for it, first match wins. None is left to be shown in the parser's English.
DIRECTIVE = ("een ongeldige of onbekende regel met % (zoals %YAML of %TAG)",
              "haal de regel die met % begint weg; een casus heeft die niet nodig")
ESCAPE = ("een ongeldige escape (\\x, \\u of \\U) in tekst tussen dubbele aanhalingstekens",
           "typ het teken zelf of gebruik enkele aanhalingstekens; een \\u-escape moet een bestaand teken zijn, "
           "geen surrogaat zoals \\ud800")
KINDS = (
    (("directive", "incompatible yaml document", "tag handle"), *DIRECTIVE),
    (("scanning a tag", "parsing a tag", "uri escape"), "een ongeldig YAML-label (!)",
     "haal het label weg, of zet tekst die met ! begint tussen aanhalingstekens"),
    (("escape code", "hexdecimal number", "hexadecimal number", "escape sequence"), *ESCAPE),
    (("an anchor", "an alias"), "een & of * zonder naam erachter: YAML leest dat als anker of alias",
     "zet de tekst tussen aanhalingstekens"),
    (("block scalar",), "na | of > mag op dezelfde regel alleen - of + staan",
     "schrijf 'sleutel: |' en zet de tekst ingesprongen op de regels eronder"),
    (("node content",), "hier ontbreekt een waarde", "staan er twee komma's achter elkaar, een komma direct na [ of {, of is een [ of { niet gesloten?"),
)


_QUOTED_VALUE = re.compile(r"^[ ]*(?:- +)*(?:[^\s#\"'][^#\n]*?: +)?([\"'])", re.MULTILINE)


def runaway_quote(text: str, line: int) -> tuple[int, int] | None:
    """(line, column) of a quoted value that opens on an earlier line and only closes on ``line``, where the parser
    stopped, or never: a quote never closed swallowed the lines in between, and the error the parser names is a
    symptom."""
    start_line, counted = 1, 0  # lines counted once, up to each match in turn: a 2 MB file stays quick
    for m in _QUOTED_VALUE.finditer(text):
        start_line += text.count("\n", counted, m.start(1))
        counted = m.start(1)
        if start_line >= line:
            break
        quote, i = m.group(1), m.end(1)
        while True:  # the closing quote: '\"' is none in "..."; '' is none in '...'
            i = text.find(quote, i)
            if i < 0:  # never closed: the parser ran to the end of the file
                break
            if quote == '"' and _escaped(text, i) or quote == "'" and text.startswith("''", i):
                i += 1 if quote == '"' else 2
                continue
            break
        if i < 0 or start_line + text.count("\n", m.start(1), i) == line:
            return start_line, m.start(1) - (text.rfind("\n", 0, m.start(1)) + 1) + 1
    return None


def _escaped(text: str, i: int) -> bool:
    """Whether the character at ``i`` follows an odd number of backslashes."""
    n = 0
    while i - n - 1 >= 0 and text[i - n - 1] == "\\":
        n += 1
    return n % 2 == 1
