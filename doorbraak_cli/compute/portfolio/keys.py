"""Free text normalised so that trivial spelling differences group together in the portfolio."""

from __future__ import annotations

import re
import unicodedata

_ARTICLE = re.compile(r"\b(?:artikelen|artikel|artt|art)\b\.?")
_NON_WORD = re.compile(r"[^\w&]+")
_HEAD_END = re.compile(r"[;:,(]|\.\s|\s[-–—]\s")


def fold(text: str) -> str:
    """Lower case without diacritics: 'Één' -> 'een'."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def rule_key(text: str) -> str:
    """A rule citation normalised so that trivial spelling differences group together.

    Case, diacritics, whitespace and punctuation are ignored, and 'artikel',
    'artikelen', 'art.' and 'art' count as the same word:
    'Participatiewet, artikel 22a' == 'participatiewet art. 22a'.
    """
    t = _ARTICLE.sub(" art ", fold(text))
    return " ".join(_NON_WORD.sub(" ", t).split())


RULE_ID_MARK = "#"  # a rule's group key from its regel_id; a normalised wording never starts with it


def rule_group(regel: str, regel_id: str = "") -> str:
    """The key a rule groups by (precedents, the report's rule list): its stable ``regel_id`` when it has one,
    else its normalised wording (:func:`rule_key`)."""
    rid = " ".join(regel_id.split())
    return RULE_ID_MARK + rid.casefold() if rid else rule_key(regel)


def decider_head(text: str) -> str:
    """Who decides, without the explanation after it: 'College van B&W; in de uitvoering ...' -> 'College van B&W'."""
    head = _HEAD_END.split(text.strip(), maxsplit=1)[0].strip().rstrip(".")
    return " ".join(head.split())


def decider_key(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", fold(decider_head(text))).split())


def tag_key(text: str) -> str:
    """Free tags (problems, budget categories) group case-insensitively, whitespace collapsed."""
    return " ".join(text.casefold().split())


def gemeente_key(text: str) -> str:
    """A municipality's name as the report groups it: case and spaces do not count ('Den Haag' == 'den haag ').
    The one normalisation of ``gemeente`` for the report, the site and ``validate``'s warning."""
    return tag_key(text)


def spelling(counts: dict) -> str:
    """The spelling shown for a group of spellings: the most frequent one, then the first in sort order."""
    return min(counts, key=lambda t: (-counts[t], t))
