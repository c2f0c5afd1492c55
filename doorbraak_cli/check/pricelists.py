"""Price lists: finding, reading, checking and searching them.

A case names its list(s) in ``prijslijst:``. A name is looked up first in the
nearest ``pricelists/`` folder found upward from the case file, then among the
lists shipped with the tool. Without ``prijslijst:`` a case uses all shipped
lists (their ids are unique across them).

A price list with an error is never used: a broken item must not turn into a
silent wrong figure.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..source import cache
from ..source.files import digest_bytes, digest_file
from ..source.resources import data_dir

if TYPE_CHECKING:  # reading and checking a list loads these; a cached calc only needs the lookup and fingerprints
    from ..model.case import PriceItem, PriceList
    from ..model.problem import Problem
    from .located import Located

DEFAULT_LISTS = ("maatschappelijke-prijslijst-2017", "doorbraakboek-aanvullend", "zoetermeer-crisisteam")

# (path, content digest) -> (PriceList | None, problems): a list is parsed once per content
_loaded: dict = {}
# Inside ``snapshot()``: memos of folder lookups, name resolution and loaded lists for one run.
_snap: dict | None = None


@contextmanager
def snapshot():
    """Within one run (a report over thousands of cases), resolve and read each price list once.

    Outside a snapshot every lookup walks the folders and re-hashes the list, so
    a long-lived process never sees a stale list or misses a new ``pricelists/``
    folder. Inside it the folders and lists are taken as they were when first
    seen, which is what a report's cache fingerprints assume.
    """
    global _snap
    outer = _snap
    _snap = {"dirs": {}, "find": {}, "load": {}}
    try:
        yield
    finally:
        _snap = outer


def shipped_dir() -> Path:
    return data_dir("pricelists")


MAX_CLIMB = 64  # folders above a case in which a repository root is looked for


def repository_root(folder: Path) -> Path | None:
    """The nearest folder at or above ``folder`` that holds ``.git`` (a git repository), or None."""
    for i, f in enumerate((folder, *folder.parents)):
        if i > MAX_CLIMB:
            return None
        if os.path.lexists(f / ".git"):
            return f
    return None


def _nearest_local(case_file: str) -> Path | None:
    """The nearest ``pricelists/`` folder for a case: in its own folder or a parent up to the repository root.

    Never above the repository (a folder that holds ``.git``); outside a
    repository only the case's own folder counts. So a ``pricelists/`` folder
    somewhere higher up on a machine can never replace the prices of a case.
    """
    start = Path(os.path.abspath(case_file)).parent
    root = repository_root(start)
    folders = [start]
    if root is not None:
        folders += [f for f in start.parents if f == root or root in f.parents]
    for folder in folders:
        candidate = folder / "pricelists"
        if candidate.is_dir():
            if candidate.resolve() == shipped_dir().resolve():
                return None
            return candidate
    return None


def folders_state(case_files) -> list:
    """What decides the price lists of these cases, cheaply: each case folder's nearest ``pricelists/`` folder
    and the name, size and modification time of every list in it and in the shipped folder. Two equal states
    mean the same price lists (``serve`` polls this to see a list change outside the case folders)."""
    nearest: dict = {}
    for f in case_files:
        d = os.path.dirname(f)
        if d not in nearest:
            nearest[d] = _nearest_local(f)
    out = [sorted((d, str(p) if p else "") for d, p in nearest.items())]
    for folder in sorted({str(p) for p in nearest.values() if p} | {str(shipped_dir())}):
        try:
            entries = sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(folder)
                             if e.name.endswith((".yaml", ".yml")))
        except OSError:
            entries = None
        out.append((folder, entries))
    return out


def local_dir(case_file: str) -> Path | None:
    """The nearest ``pricelists/`` folder at or above the case's folder."""
    if _snap is None:
        return _nearest_local(case_file)
    memo = _snap["dirs"]
    start = os.path.dirname(os.path.abspath(case_file))
    if start not in memo:
        memo[start] = _nearest_local(case_file)
    return memo[start]


def search_dirs(case_file: str | None) -> list[Path]:
    dirs = []
    if case_file:
        local = local_dir(case_file)
        if local is not None:
            dirs.append(local)
    dirs.append(shipped_dir())
    return dirs


def find(name: str, case_file: str | None) -> Path | None:
    if _snap is not None:
        memo = _snap["find"]
        # the folder as written: within one run the working folder stays, so one text names one folder
        key = (name, os.path.dirname(case_file) if case_file else None)
        if key not in memo:
            memo[key] = _find(name, case_file)
        return memo[key]
    return _find(name, case_file)


def _find(name: str, case_file: str | None) -> Path | None:
    for folder in search_dirs(case_file):
        for ext in (".yaml", ".yml"):
            candidate = folder / (name + ext)
            if candidate.is_file():
                return candidate
    return None


def available(case_file: str | None = None) -> list[str]:
    """The names of the lists a case can use: as :func:`find` finds them, regular files only (a folder, a FIFO or a
    broken link named like a list is none, and a hint must never suggest the very name that was not found)."""
    names = []
    for folder in search_dirs(case_file):
        for p in sorted(folder.glob("*.y*ml")):
            if p.stem not in names and p.is_file():
                names.append(p.stem)
    return names


def load(path: Path | str) -> tuple[PriceList | None, list[Problem]]:
    """Read and check one price list; parsed once per content, so an edited list is never stale."""
    path = str(path)
    if _snap is not None:
        memo = _snap["load"]
        if path not in memo:
            memo[path] = _load_fresh(path)
        return memo[path]
    return _load_fresh(path)


def _load_fresh(path: str) -> tuple[PriceList | None, list[Problem]]:
    from ..source import yamlread

    try:
        raw = yamlread.read_bytes(path)
    except yamlread.ReadError as exc:
        return None, [exc.problem]
    key = (path, digest_bytes(raw))
    if key not in _loaded:
        _loaded[key] = _load(path, raw, key[1])
    return _loaded[key]


def _load(path: str, raw: bytes, sha: str) -> tuple[PriceList | None, list[Problem]]:
    """Read quickly where that is certain (source/fastyaml.py); a list with anything to say is read exactly."""
    from ..source import fastyaml, yamlread

    try:
        doc = fastyaml.parse(raw, path)
        result = _checked(path, doc, sha)
        if doc.positions is None and result[1]:
            result = _checked(path, fastyaml.exact(doc), sha)
    except yamlread.ReadError as exc:
        return None, [exc.problem]
    return result


def _checked(path: str, doc, sha: str) -> tuple[PriceList | None, list[Problem]]:
    from .located import Located

    loc = Located(path, doc.positions, doc.key_positions)
    if doc.data is None:
        loc.error("leeg-bestand", (), "de prijslijst is leeg", "zie 'doorbraak prices' voor een voorbeeld")
        return None, loc.problems
    from . import fastcheck

    if not fastcheck.is_valid(doc.data, "pricelist"):
        from . import schema

        schema.check(doc.data, loc, "pricelist")
    pricelist = build_list(doc, loc)
    if pricelist is not None:
        pricelist = pricelist._replace(sha256=sha, shipped=Path(path).resolve().parent == shipped_dir().resolve())
    return (None if loc.has_errors else pricelist), loc.problems


def build_list(doc, loc: Located) -> PriceList | None:
    from ..model.case import PriceItem, PriceList
    from .quantity import PriceError, parse_money

    data = doc.data if isinstance(doc.data, dict) else {}
    name = Path(doc.file).stem
    items = {}
    posten = data.get("posten")
    if not isinstance(posten, dict):
        return None
    for pid, item in posten.items():
        if not isinstance(item, dict):
            continue
        path = ("posten", pid, "prijs")
        raw = item.get("prijs")
        try:
            prijs = parse_money(raw)
        except PriceError as exc:
            if isinstance(raw, (str, int)) or type(raw).__name__ == "Decimal":
                loc.error(exc.code, path, exc.message, exc.hint)
            continue
        if prijs < 0:
            loc.error("negatieve-prijs", path, f"een prijs in een prijslijst kan niet negatief zijn ({raw})",
                      "schrijf de prijs zonder minteken")
        items[pid] = PriceItem(
            id=pid,
            omschrijving=str(item.get("omschrijving") or pid),
            prijs=prijs,
            eenheid=str(item.get("eenheid") or ""),
            domein=str(item.get("domein") or "Overig"),
            bron=str(item.get("bron") or data.get("bron") or ""),
            toelichting=str(item.get("toelichting") or ""),
            lijst=name,
        )
    return PriceList(
        name=name,
        path=doc.file,
        naam=str(data.get("naam") or name),
        versie=str(data.get("versie") or ""),
        bron=str(data.get("bron") or ""),
        items=items,
    )


def is_pricelist_file(path: str, data) -> bool:
    """Whether a YAML file found by ``validate`` is a price list rather than a case."""
    if isinstance(data, dict) and data.get("schema") == "prijslijst/1":
        return True
    if isinstance(data, dict) and data.get("schema") == "doorbraakplan/1":
        return False
    return Path(path).parent.name == "pricelists"


def all_items(case_file: str | None = None, names=None) -> tuple[list[PriceItem], list[Problem]]:
    """Every item of the available (or named) lists, for ``doorbraak prices``."""
    items: list[PriceItem] = []
    problems: list[Problem] = []
    for name in names or available(case_file):
        path = find(name, case_file)
        if path is None:
            continue
        pricelist, probs = load(path)
        problems.extend(probs)
        if pricelist is not None:
            items.extend(pricelist.items.values())
    return items, problems


def matches(item: PriceItem, term: str) -> bool:
    words = term.lower().split()
    hay = " ".join((item.id, item.omschrijving, item.eenheid, item.domein, item.lijst, item.toelichting)).lower()
    return all(w in hay for w in words)


class Fingerprints:
    """The fingerprint of every price list a case can resolve: its nearest ``pricelists/`` folder and the shipped one.

    A cached figure keyed by it is never stale: adding, changing or removing a
    list in either folder changes it. Memoised per folder, for one run over many cases.
    """

    def __init__(self):
        self._by_dir: dict = {}
        self._by_lists: dict = {}

    def _lists(self, folder) -> list:
        key = str(folder)
        if key not in self._by_lists:
            try:
                names = sorted(os.listdir(folder))
            except OSError:
                names = []
            self._by_lists[key] = [key, [[n, digest_file(os.path.join(folder, n))] for n in names
                                         if n.endswith((".yaml", ".yml"))]]
        return self._by_lists[key]

    def of(self, case_file: str) -> str:
        d = os.path.dirname(case_file)
        fp = self._by_dir.get(d)
        if fp is None:
            local = _nearest_local(case_file)  # looked up afresh each run: a new pricelists/ folder is never missed
            parts = [self._lists(local) if local else None, self._lists(shipped_dir())]
            fp = self._by_dir[d] = cache.key("env", parts)[:16]
        return fp
