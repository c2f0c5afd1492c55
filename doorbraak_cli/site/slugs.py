"""Page names: readable, stable, safe on every file system and in a URL, and never two alike."""

from __future__ import annotations

import re
import unicodedata

from ..source.files import digest_bytes

_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
_WORDS = re.compile(r"[^a-z0-9]+")
# names Windows reserves for devices, whatever the extension
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def ascii_words(text: str, limit: int = 60) -> str:
    """'Súdwest-Fryslân' -> 'sudwest-fryslan'; '' when nothing readable is left."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _WORDS.sub("-", folded).strip("-")[:limit].strip("-")


def case_slug(case_id: str) -> str:
    """A case's page name, from its id alone (so it is known before the other cases are read).

    An id that is already a safe name (lower case, digits, ``.-_``) is its
    own page name; any other gets its readable part and ``~`` and a digest of
    the exact id, so two different ids never share a page (a safe name never
    holds ``~``).
    """
    if _SAFE_ID.fullmatch(case_id) and case_id.split(".")[0] not in _RESERVED and ".." not in case_id:
        return case_id
    return f"{ascii_words(case_id, 40) or 'casus'}~{digest_bytes(case_id.encode('utf-8'))[:12]}"


def group_slug(text: str) -> str:
    """A group's page name from its key (or title) alone: readable ASCII words, never a reserved name."""
    base = ascii_words(text) or "zonder-naam"
    return base + "-1" if base in _RESERVED or base == "index" else base


def unique_slugs(keys, titles: dict | None = None) -> dict:
    """{key: page name} for one folder: :func:`group_slug` of the titles, ``-2``, ``-3`` … when two fold alike
    (the first keeps its name)."""
    titles = titles or {}
    out: dict = {}
    used: set = set()
    for k in keys:
        base = group_slug(titles.get(k, k))
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        out[k] = slug
    return out
