"""Encrypting a case file in place, as SOPS does, keeping its comments and order.

:func:`seal_text` returns the new text of a case: every non-empty value under a narrative key
(:data:`.sops.ENCRYPTED_KEYS`) encrypted, the rest byte-for-byte as it was (a ruamel.yaml
round trip, wide lines, the file's own quoting), and a ``sops:`` block. A breakthrough's
``omschrijving`` is renamed ``wat`` first, so that SOPS's key-name rule leaves the posts'
``omschrijving`` readable. Comments inside a narrative block (``overzicht``, ``instemming``, …)
are dropped: they could tell the story too.

A file that is already encrypted keeps its data key and recipients; only values that were
added in plain text are encrypted, and the MAC is renewed. A file that needs no change
comes back unchanged (``versleutel`` is idempotent).
"""

from __future__ import annotations

import io

from . import sops


def _yaml():
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.width = 4096
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _node(root, path):
    for p in path:
        root = root[p]
    return root


def _rename_breakthrough_texts(plain, rt) -> bool:
    changed = False
    items = plain.get("doorbraak")
    if not isinstance(items, list):
        return False
    for i, item in enumerate(items):
        if isinstance(item, dict) and "omschrijving" in item and "wat" not in item:
            node = rt["doorbraak"][i]
            pos = list(node.keys()).index("omschrijving")
            value = node.pop("omschrijving")
            node.insert(pos, "wat", value)
            items[i] = {("wat" if k == "omschrijving" else k): v for k, v in item.items()}
            changed = True
    return changed


def _drop_comments(node) -> None:
    ca = getattr(node, "ca", None)
    if ca is not None:
        ca.items.clear()
    if isinstance(node, dict):
        for v in node.values():
            _drop_comments(v)
    elif isinstance(node, list):
        for v in node:
            _drop_comments(v)


def seal_text(text: str, file: str, *, recipients=None, key: bytes | None = None, opened=None,
              lastmodified: str) -> tuple[str, bytes]:
    """The encrypted text of a case and its data key.

    A plain file: ``recipients`` (the per-case one) and a fresh data key. An encrypted one:
    its data key ``key`` and its opened data ``opened`` (from :func:`.sealed.unlock_data`).
    """
    from .yamlread import parse

    data = parse(text, file).data
    y = _yaml()
    rt = y.load(text)
    sealed_before = sops.is_sealed(data)
    if sealed_before:
        if key is None or opened is None:
            raise sops.SopsError("dit bestand is al versleuteld; er is een sleutel nodig om het bij te werken")
        plain = opened
        stanzas = rt["sops"]["age"]
    else:
        plain = data
        key = sops.new_key()
        stanzas = None
    regex = (data["sops"].get("encrypted_regex") if sealed_before else None) or sops.ENCRYPTED_REGEX
    changed = _rename_breakthrough_texts(plain, rt)
    for _parent, _index, path, value in list(sops.leaves(plain)):
        if value is None or value == "" or not sops.matches(path, regex):
            continue
        if sops.is_encrypted(_node(rt, path)):
            continue
        from ruamel.yaml.scalarstring import PlainScalarString

        parent = _node(rt, path[:-1])
        parent[path[-1]] = PlainScalarString(sops.encrypt_value(value, key, path))
        changed = True
    _drop_nested_comments(rt, (), regex)
    if sealed_before and not changed:
        return text, key
    from ruamel.yaml.scalarstring import LiteralScalarString

    meta = sops.metadata(key, [], plain, lastmodified, regex)
    if stanzas is not None:
        meta["age"] = stanzas
    else:
        meta["age"] = [{"recipient": s["recipient"], "enc": LiteralScalarString(s["enc"])}
                       for s in sops.wrap_key(key, recipients or [])]
    if "sops" in rt:
        del rt["sops"]
    rt["sops"] = meta
    out = io.StringIO()
    y.dump(rt, out)
    return out.getvalue(), key


def _drop_nested_comments(node, path, regex) -> None:
    """Comments inside any narrative mapping or list, at any depth."""
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, (dict, list)):
                if sops.matches(path + (k,), regex):
                    _drop_comments(v)
                else:
                    _drop_nested_comments(v, path + (k,), regex)
    elif isinstance(node, list):
        for v in node:
            _drop_nested_comments(v, path, regex)


def expected_plain(text: str, file: str):
    """What the encrypted file must open to: the data of ``text`` with the breakthroughs' 'wat'."""
    from .yamlread import parse

    data = parse(text, file).data
    for item in data.get("doorbraak") or [] if isinstance(data, dict) else []:
        if isinstance(item, dict) and "omschrijving" in item and "wat" not in item:
            item.update({("wat" if k == "omschrijving" else k): v for k, v in list(item.items())})
            del item["omschrijving"]
    return data


def has_plain_story(data) -> bool:
    """Whether an encrypted case carries a plain value under a narrative key (typed in, or added by an edit)."""
    regex = data["sops"].get("encrypted_regex") or sops.ENCRYPTED_REGEX
    return any(v not in (None, "", sops.ERASED) and not sops.is_encrypted(v) and sops.matches(p, regex)
               for _a, _b, p, v in sops.leaves(data))


def verify(new_text: str, file: str, key: bytes, plain) -> None:
    """Read the encrypted text back and check it opens to exactly ``plain``; SopsError otherwise."""
    from .sealed import locked_view
    from .yamlread import parse

    opened = locked_view(sops.decrypt(parse(new_text, file).data, key), "")
    if opened != locked_view({k: v for k, v in plain.items() if k != "sops"}, ""):
        raise sops.SopsError("de versleutelde tekst leest niet terug als het origineel; er is niets geschreven")


def seal_for_repository(text: str, file: str, lastmodified: str) -> str:
    """A plain case's text, encrypted with a new per-case key for the repository at ``file``'s place.

    The per-case key is stored (for the team) in the key folder before the text is returned;
    :class:`.keys.KeyError_` or :class:`.sops.SopsError` when that cannot be done.
    """
    from . import keys

    team = keys.team_recipients(file)
    if not team:
        raise keys.KeyError_("deze casus ligt niet in een versleutelde repository (geen ontvangers in .sops.yaml); "
                             "maak die met 'doorbraak init MAP --versleuteld --ontvanger AGE1…'")
    _identity, recipient = keys.new_case_key(team, keys.repository_top(file))
    try:
        new_text, key = seal_text(text, file, recipients=[recipient], lastmodified=lastmodified)
        verify(new_text, file, key, expected_plain(text, file))
    except BaseException:
        keys.forget_case_key(recipient)
        raise
    return new_text


def reseal(text: str, file: str, lastmodified: str | None = None) -> str:
    """An encrypted case's text with the plain narrative values added to it encrypted under its own key
    (the user's key opens it); the MAC checks what was encrypted before. SopsError/KeyError_ otherwise.
    ``lastmodified`` None keeps the file's own (for callers that do not read the clock)."""
    from . import keys, sealed
    from .yamlread import parse

    data = parse(text, file).data
    if lastmodified is None:
        lastmodified = str(data["sops"].get("lastmodified") or "")
    try:
        opened = sealed.unlock_data(data, file, added_in_plain=True)
    except sops.SopsError as exc:
        raise sops.SopsError(f"{exc} (is versleutelde tekst overschreven? Bewerk versleutelde tekst met "
                             "'sops edit', met SOPS_AGE_KEY_CMD=\"doorbraak sleutel sops\")") from None
    if opened is None:
        raise keys.KeyError_(f"er staat onversleutelde tekst in deze versleutelde casus, maar {keys.why_locked()}")
    key = sealed.data_key(data)
    new_text, _ = seal_text(text, file, key=key, opened=opened, lastmodified=lastmodified)
    verify(new_text, file, key, opened)
    return new_text


def reveal_text(text: str, file: str, opened) -> str:
    """For git diff: the file without its ``sops`` block, each encrypted value opened (``opened``, the
    unlocked data) or shown as ``[versleuteld]`` (``opened`` None). Only ever printed, never written."""
    from ruamel.yaml.scalarstring import LiteralScalarString, PlainScalarString

    from .yamlread import parse

    data = parse(text, file).data
    y = _yaml()
    rt = y.load(text)
    if "sops" in rt:
        del rt["sops"]
    for _p, _i, path, value in list(sops.leaves(data)):
        if not sops.is_encrypted(value):
            continue
        parent = _node(rt, path[:-1])
        if opened is None:
            parent[path[-1]] = PlainScalarString(sops.LOCKED)
            continue
        plain = _node(opened, path)
        if isinstance(plain, str) and "\n" in plain:
            plain = LiteralScalarString(plain)
        parent[path[-1]] = plain
    out = io.StringIO()
    y.dump(rt, out)
    return out.getvalue()


def _strip_all_comments(node) -> None:
    ca = getattr(node, "ca", None)
    if ca is not None:
        ca.items.clear()
        ca.comment = None
        if hasattr(ca, "end"):
            ca.end = []
    if isinstance(node, dict):
        for v in node.values():
            _strip_all_comments(v)
    elif isinstance(node, list):
        for v in node:
            _strip_all_comments(v)


def erase_text(text: str, file: str) -> str:
    """A case as an anonymous record: every narrative value ``[gewist]`` (an encrypted date or number left
    out), ``titel`` and ``namen`` gone, no ``sops`` block and no comments (a comment can tell the story too).
    The posts, statuses, dates and scores stay, so the case still counts in the portfolio."""
    from ruamel.yaml.scalarstring import PlainScalarString

    from .yamlread import parse

    data = parse(text, file).data
    regex = (data["sops"].get("encrypted_regex") if sops.is_sealed(data) else None) or sops.ENCRYPTED_REGEX
    y = _yaml()
    rt = y.load(text)
    if "sops" in rt:
        del rt["sops"]
    rt.pop("namen", None)
    data.pop("namen", None)
    if "titel" in rt:
        rt["titel"] = PlainScalarString(sops.ERASED)
    for _p, _i, path, value in reversed(list(sops.leaves(data))):
        if path[:1] == ("namen",) or value in (None, "") or not sops.matches(path, regex):
            continue
        parent = _node(rt, path[:-1])
        if sops.is_encrypted(value) and sops.value_type(value) not in ("str", ""):
            del parent[path[-1]]
        elif isinstance(value, str) or sops.is_encrypted(value):
            parent[path[-1]] = PlainScalarString(sops.ERASED)
        else:
            del parent[path[-1]]
    _strip_all_comments(rt)
    out = io.StringIO()
    y.dump(rt, out)
    return out.getvalue()
