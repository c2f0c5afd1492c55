"""In an encrypted repository a case's story must be encrypted: the check behind the pre-commit hook.

A case file that a creation rule of the repository's ``.sops.yaml`` covers (its ``path_regex``)
must not carry a plain value under a narrative key (the rule's ``encrypted_regex``): such a
file would put the household's story into git in plain text, in every clone and every version.
The erasure marker ``[gewist]`` that ``doorbraak vergeet`` leaves is no story and passes.
"""

from __future__ import annotations

import os
import re

from ..model.problem import ERROR, Problem

MAX_SHOWN = 3


_RULES: dict = {}  # .sops.yaml path -> its parsed data (read once per run)


def _config_data(config):
    from ..source import yamlread

    if config not in _RULES:
        try:
            _RULES[config] = yamlread.read(str(config)).data
        except yamlread.ReadError:
            _RULES[config] = None
    return _RULES[config]


def covering_rule(path: str) -> dict | None:
    """The creation rule of ``.sops.yaml`` that covers ``path``, or None."""
    from ..source import keys

    config = keys.sops_config(path)
    if config is None:
        return None
    data = _config_data(config)
    rel = os.path.relpath(os.path.abspath(path), config.parent).replace(os.sep, "/")
    for rule in (data or {}).get("creation_rules") or [] if isinstance(data, dict) else []:
        if not isinstance(rule, dict):
            continue
        pattern = rule.get("path_regex")
        try:
            if pattern is None or (isinstance(pattern, str) and re.search(pattern, rel)):
                return rule
        except re.error:
            continue
    return None


def plain_story(doc) -> list:
    """(path, position) of the plain narrative values of a parsed case in an encrypted repository."""
    from ..source import sops

    rule = covering_rule(doc.file)
    if rule is None or not isinstance(doc.data, dict) or doc.data.get("schema") != "doorbraakplan/1":
        return []
    regex = rule.get("encrypted_regex") if isinstance(rule.get("encrypted_regex"), str) else sops.ENCRYPTED_REGEX
    if sops.is_sealed(doc.data):
        regex = doc.data["sops"].get("encrypted_regex") or regex
    out = []
    for _parent, _index, path, value in sops.leaves(doc.data):
        if value in (None, "", sops.ERASED) or sops.is_encrypted(value) or not sops.matches(path, regex):
            continue
        out.append((path, doc.positions.get(path)))
    return out


def check(path: str) -> list:
    """An error for a case whose story is in plain text while the repository wants it encrypted."""
    from ..source import yamlread

    if covering_rule(path) is None:
        return []  # not in an encrypted repository: the file is not read again
    try:
        doc = yamlread.read(path)
    except yamlread.ReadError:
        return []  # the reader's own problem is reported by the check itself
    found = plain_story(doc)
    if not found:
        return []
    (first, (line, column)) = found[0][0], found[0][1] or (None, None)
    shown = ", ".join(".".join(str(p) for p in f[0]) for f in found[:MAX_SHOWN])
    more = f" en {len(found) - MAX_SHOWN} meer" if len(found) > MAX_SHOWN else ""
    return [Problem(ERROR, "onversleuteld-verhaal", path, line, column, tuple(first),
                    f"deze repository versleutelt het verhaal, maar dit staat er onversleuteld in: {shown}{more}",
                    f"versleutel het eerst: doorbraak versleutel {path}")]
