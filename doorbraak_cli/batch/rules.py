"""Across a folder: one rule written two ways that would count as two rules.

Precedents and the report's rule list group a legitimiteit item by its stable ``regel_id``, else by its
normalised wording. Two wordings that are (nearly) the same but end up in different groups (different ids, or
one or both without an id and not quite the same text) split one rule's precedents: ``validate`` warns, naming
both files, so that the user gives them one ``regel_id``.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ..compute.portfolio.keys import rule_group, rule_key
from ..model.problem import WARNING, Problem

NEAR = 0.9  # similarity of the normalised wordings from which two are "nearly the same"
_NUMBER = re.compile(r"\d+[a-z]?")  # article, paragraph and point numbers ("22a") must be the same
MAX_GROUPS = 2000  # beyond this many distinct rules the pairwise comparison is skipped (it grows quadratically)


def _numbers(text: str) -> list:
    return _NUMBER.findall(text)


def split_rules(results) -> list[Problem]:
    """A warning per pair of groups whose wordings are (nearly) identical, at the later of the two."""
    first: dict = {}  # group key -> (wording key, citation, file, index)
    for r in results:
        if r.case is None:
            continue
        for i, rule in enumerate(r.case.legitimiteit):
            if rule.regel:
                first.setdefault(rule_group(rule.regel, rule.regel_id),
                                 (rule_key(rule.regel), rule.regel, r.file, i, rule.regel_id))
    groups = list(first.values())
    if len(groups) > MAX_GROUPS:
        return []
    out = []
    for a_i, a in enumerate(groups):
        for b in groups[a_i + 1:]:
            same = a[0] == b[0]
            if not same and _numbers(a[0]) != _numbers(b[0]):
                continue  # article 18 and article 35 of one law are two rules, however alike the words
            if not same:
                m = SequenceMatcher(None, a[0], b[0], autojunk=False)
                if m.real_quick_ratio() < NEAR or m.quick_ratio() < NEAR or m.ratio() < NEAR:
                    continue
            ids = ("beide zonder regel_id" if not (a[4] or b[4])
                   else " en ".join(f"regel_id '{x}'" if x else "geen regel_id" for x in (a[4], b[4])))
            out.append(Problem(WARNING, "regel-twee-keer", b[2], None, None,
                               ("waardendriehoek", "legitimiteit", b[3], "regel"),
                               f"de regel '{b[1]}' lijkt op '{a[1]}' in {a[2]}, maar ze tellen als twee regels "
                               f"({ids}): de precedenten staan zo op twee plaatsen",
                               "geef beide dezelfde 'regel_id:' als het dezelfde regel is"))
    return out
