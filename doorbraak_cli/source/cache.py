"""A small content-addressed cache in the user's cache folder, that can only miss, never lie.

Entries are JSON (never pickle) and are keyed by what produced them: the
tool's code (version and module fingerprint), the bytes of the input files
(SHA-256) and the options. Every entry carries the code fingerprint, its own
key and a checksum of its value, all checked on read: an entry that was
edited, truncated, copied under another name or written by other code is a
miss, recomputed and written again. Deleting the cache is always safe.

An entry can be kept in a *slot*: a place named by what was asked (a case
file and calc's options, a report's folders and options) rather than by the
answer's whole key. Each answer then replaces the one before it, so the
cache keeps the latest answer per question and does not grow with every
edit, day or version; the key inside the entry still decides whether it is a
hit.

Location: ``$DOORBRAAK_CACHE_DIR``, else the platform's user cache folder
(``$XDG_CACHE_HOME/doorbraak`` or ``~/.cache/doorbraak`` on Linux, through
platformdirs). Folders are created private (0700) and files 0600, because
entries hold case data. A folder that is not the user's own, or that others
may write in, is not used at all (:func:`unusable`). ``DOORBRAAK_NO_CACHE=1``
switches the cache off.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from .. import __version__
from ..model.problem import os_reason
from .files import digest_bytes, open_regular, write_file

ENTRY_FORMAT = 2


def enabled() -> bool:
    return os.environ.get("DOORBRAAK_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    explicit = os.environ.get("DOORBRAAK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("doorbraak", appauthor=False))


def unusable() -> str | None:
    """Why the cache folder must not be used (Dutch, one line), or None when it is fine or not there yet.

    A cache holds case data and answers that are printed without being
    recomputed, so it must be the user's own: a folder (or a link to one)
    owned by someone else, or writable by others, is never read or written.
    """
    root = cache_dir()
    try:
        link = os.lstat(root)
        st = os.stat(root)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"de cachemap {root} kan niet gelezen worden ({os_reason(exc)}); de cache wordt niet gebruikt"
    if not stat.S_ISDIR(st.st_mode):
        return f"de cachemap {root} is geen map; de cache wordt niet gebruikt"
    getuid = getattr(os, "getuid", None)
    if getuid is not None:
        if st.st_uid != getuid() or link.st_uid != getuid():
            return (f"de cachemap {root} is niet van u; de cache wordt niet gebruikt "
                    "(zet DOORBRAAK_CACHE_DIR op een eigen map)")
        if st.st_mode & 0o022:
            return (f"anderen kunnen schrijven in de cachemap {root}; de cache wordt niet gebruikt "
                    f"(maak hem privé met: chmod 700 {root})")
    return None


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


def checksum(text: str) -> str:
    """The checksum that the cache's entries and index lines carry, of a canonical text."""
    return digest_bytes(text.encode("utf-8", "surrogatepass"))


def canonical(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _path(namespace: str, k: str) -> Path:
    return cache_dir() / namespace / k[:2] / f"{k}.json"


def slot(*parts) -> str:
    """The name of a place for one question's latest answer (see the module's text); no code version in it."""
    return checksum(canonical(["slot", *parts]))


def load(namespace: str, k: str, place: str | None = None):
    """The stored JSON value, or None: missing, unreadable, corrupt, edited or made by other code are all a miss.
    ``place``: the entry's :func:`slot`, when it is kept in one."""
    try:
        with open_regular(_path(namespace, place or k), encoding="utf-8") as fh:  # never a FIFO put in its place
            entry = json.load(fh)
    except (OSError, ValueError):
        return None
    if not (isinstance(entry, dict) and entry.get("format") == ENTRY_FORMAT and entry.get("code") == code_fingerprint()
            and entry.get("key") == k and "value" in entry):
        return None
    value = entry["value"]
    if entry.get("sum") != checksum(canonical(value)):
        return None
    return value


def store(namespace: str, k: str, value, place: str | None = None) -> None:
    """Store a JSON value with its checksum (in the :func:`slot` ``place``, replacing what was there); a cache that
    cannot be written is silently skipped."""
    try:
        root = cache_dir()
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        entry = {"format": ENTRY_FORMAT, "code": code_fingerprint(), "key": k, "sum": checksum(canonical(value)),
                 "value": value}
        path = _path(namespace, place or k)
        write_file(path, json.dumps(entry, ensure_ascii=False, separators=(",", ":")), overwrite=True,
                   mode=0o600, private_folder=True, durable=False)
    except OSError:
        pass


# Environment variables that change how the terminal output is laid out or coloured.
TERMINAL_ENV = ("TERM", "COLORTERM", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TTY_COMPATIBLE",
                 "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES", "CLICOLOR", "CLICOLOR_FORCE")


def terminal_signature() -> list:
    """What a cached terminal answer (calc, report) depends on besides its input: the terminal and its settings."""
    import sys

    tty = sys.stdout.isatty()
    width = None
    if tty:
        try:
            width = os.get_terminal_size(sys.stdout.fileno()).columns
        except OSError:
            width = None
    return [tty, width, sys.platform, [os.environ.get(k) for k in TERMINAL_ENV]]
