"""A small content-addressed cache in the user's cache folder.

Entries are JSON (never pickle) and are keyed by what produced them: the
tool's code (version and module fingerprint), the bytes of the input files (SHA-256) and the options. An
entry is used only when every file it depends on still has the same content,
so the cache is never stale, and deleting it is always safe.

Location: ``$DOORBRAAK_CACHE_DIR``, else ``$XDG_CACHE_HOME/doorbraak``, else
``~/.cache/doorbraak``. Folders are created private (0700) and files 0600,
because entries hold case data. ``DOORBRAAK_NO_CACHE=1`` switches it off.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .. import __version__
from .files import digest_bytes, write_file


def enabled() -> bool:
    return os.environ.get("DOORBRAAK_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    explicit = os.environ.get("DOORBRAAK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "doorbraak"


_code: list = []


def code_fingerprint() -> str:
    """The tool's version and the name, size and mtime of each of its modules and schemas.

    An entry made by other code is a miss, so an upgrade, or an edit in a
    development checkout that keeps the version number, never serves old output.
    About fifty stats: a fraction of a millisecond.
    """
    if not _code:
        parts = [__version__]
        folders = [os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]
        while folders:
            with os.scandir(folders.pop()) as entries:
                for e in sorted(entries, key=lambda e: e.name):
                    if e.is_dir() and e.name != "__pycache__":
                        folders.append(e.path)
                    elif e.name.endswith((".py", ".json")):
                        st = e.stat()
                        parts.append(f"{e.path}:{st.st_size}:{st.st_mtime_ns}")
        _code.append(digest_bytes("\n".join(parts).encode()))
    return _code[0]


def key(*parts) -> str:
    """A cache key from JSON-serialisable parts (the tool's code fingerprint is always included)."""
    return digest_bytes(json.dumps([code_fingerprint(), *parts], sort_keys=True, ensure_ascii=True).encode())


def _path(namespace: str, k: str) -> Path:
    return cache_dir() / namespace / k[:2] / f"{k}.json"


def load(namespace: str, k: str):
    """The stored JSON value, or None (missing, unreadable or corrupt: all are a miss)."""
    try:
        with open(_path(namespace, k), encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def store(namespace: str, k: str, value) -> None:
    """Store a JSON value; a cache that cannot be written is silently skipped."""
    try:
        root = cache_dir()
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_file(_path(namespace, k), json.dumps(value, ensure_ascii=False, separators=(",", ":")), overwrite=True,
                   mode=0o600, private_folder=True, durable=False)
    except OSError:
        pass
