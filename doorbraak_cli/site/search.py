"""The site's search: a Pagefind index over the case pages, the precedent pages and the overview.

Pagefind (https://pagefind.app) indexes the finished pages themselves, so the
index holds only what those pages show (an anonymised site's index holds no
name its pages do not). The binary comes with the ``pagefind-bin`` package:
nothing is fetched when a site is made. The site's own script (``zoek.js``)
loads the index when the search box is first used; the pages mark what is not
content (menus, navigation) with ``data-pagefind-ignore`` and carry their
filters (gemeente, status, leefgebied, domein) as ``data-pagefind-filter``.

Pagefind reads a copy of each page cut down to what is worth searching
(:func:`index_copy`): the page without its style sheet, its scripts and the
elements marked ``data-pagefind-ignore="all"`` (the tables of amounts, the
receipts, the charts and the method's boilerplate, see ``plan.html.j2``).
Pagefind would skip those elements itself, but only after reading them, and
its time goes with what it reads (about 0.3 ms per KB of text). The copy is
only ever cut from the page, so it holds nothing the page does not.

The index is made in parts (:func:`plan`): the overview and the precedent
pages in one, the case pages spread over a fixed number of parts by their
name. A part is made again only when one of its pages changed, so a site run
after one changed case indexes a few hundred pages, not all of them; the
parts of a cold run are made side by side (:func:`part_task`, in the site's
forked writers). The browser merges the parts (``zoeken/delen.json`` names them).
"""

from __future__ import annotations

import json
import os
import re

FOLDER = "zoeken"
MANIFEST = f"{FOLDER}/delen.json"
FORMAT = "doorbraak-zoeken/1"
OVERVIEW = "overzicht"
CASES_PER_PART = 600  # about a second of indexing on a laptop
MAX_PARTS = 32
TIMEOUT = 900  # seconds for one part; Pagefind takes some 4 ms a page
# the files of Pagefind's bundle the site's own search box needs (not Pagefind's ready-made interfaces)
KEEP_NAMES = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
KEEP_SUFFIXES = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind")
MAX_BUNDLE = 1 << 30  # bytes read back from one part's bundle, at most


MAX_PAGE = 256 << 20  # bytes of one written page read back to index it, at most
IGNORED = b' data-pagefind-ignore="all"'
UNREAD = (b"<style", b"<script")  # elements Pagefind never indexes


class SearchFailed(Exception):
    """The index could not be made; the message is Dutch."""


def _element_end(page: bytes, start: int, name: bytes) -> int:
    """Where the element that starts at ``start`` ends (after its closing tag), counting the elements of the same
    name inside it; -1 when it is not closed."""
    opening, closing = b"<" + name, b"</" + name + b">"
    depth, at = 0, start
    while True:
        close = page.find(closing, at)
        if close < 0:
            return -1
        inner = page.find(opening, at, close)
        while inner >= 0 and page[inner + len(opening):inner + len(opening) + 1] not in (b" ", b">", b"\n"):
            inner = page.find(opening, inner + 1, close)  # '<dl' is no '<d'
        if inner >= 0:
            depth, at = depth + 1, inner + len(opening)
            continue
        depth, at = depth - 1, close + len(closing)
        if depth <= 0:
            return at


def index_copy(page: bytes) -> bytes:
    """The page as Pagefind reads it: without its style sheets, scripts and the elements marked
    ``data-pagefind-ignore="all"``, which Pagefind would skip after reading them. Only ever cut from the page; an
    element whose end is not found stays (Pagefind still skips it)."""
    out, pos = [], 0
    ahead: dict = {}  # needle -> where it occurs next (-1: nowhere), so the page is searched once per needle

    def next_at(needle: bytes) -> int:
        at = ahead.get(needle)
        if at is None or 0 <= at < pos:
            at = ahead[needle] = page.find(needle, pos)
        return at

    while True:
        starts = [at for at in map(next_at, UNREAD) if at >= 0]
        mark = next_at(IGNORED)
        while mark >= 0:  # the tag the attribute stands in
            tag = page.rfind(b"<", pos, mark)
            if tag >= 0 and page.find(b">", tag, mark) < 0:
                starts.append(tag)
                break
            mark = ahead[IGNORED] = page.find(IGNORED, mark + 1)
        if not starts:
            break
        start = min(starts)
        name_end = start + 1
        while name_end < len(page) and page[name_end] not in b" >\n\t/":
            name_end += 1
        end = _element_end(page, start, page[start + 1:name_end])
        if end < 0:
            out.append(page[pos:start + 1])
            pos = start + 1
            continue
        out.append(page[pos:start])
        pos = end
    out.append(page[pos:])
    return b"".join(out)


def searchable(rel: str) -> bool:
    """Whether the page at ``rel`` is in the index: the overview, the case pages and the precedent pages."""
    return rel == "index.html" or (rel.endswith(".html") and rel.startswith(("casus/", "regel/")))


def part_count(cases: int) -> int:
    """How many parts hold the case pages: a power of two, so a part stays near CASES_PER_PART pages."""
    k = 1
    while k < MAX_PARTS and cases > k * CASES_PER_PART:
        k *= 2
    return k


def part_of(rel: str, parts: int) -> str:
    """The part a searchable page's index is in."""
    if not rel.startswith("casus/"):
        return OVERVIEW
    from ..source.files import digest_bytes

    return f"casus-{int(digest_bytes(rel.encode('utf-8'))[:8], 16) % parts:02d}"


def plan(rels, cases: int) -> dict:
    """{part: [page path, ...]} of the searchable pages in ``rels``, in a fixed order."""
    parts = part_count(cases)
    out: dict = {}
    for rel in sorted(r for r in rels if searchable(r)):
        out.setdefault(part_of(rel, parts), []).append(rel)
    return dict(sorted(out.items()))


def part_key(part: str, pages) -> str:
    """What a part's index is made of: Pagefind's version and (path, fingerprint of its content) per page."""
    from ..source.files import fingerprint

    return fingerprint(FORMAT, version() or "", part, *(f"{rel}\0{fp}" for rel, fp in pages))


def manifest(keys: dict) -> str:
    """``zoeken/delen.json``: the parts the browser merges (the first holds the overview), and what each is made of."""
    return json.dumps({"format": FORMAT, "delen": list(keys), "bron": keys}, ensure_ascii=False,
                      separators=(",", ":")) + "\n"


def read_manifest(data: bytes | None) -> dict:
    """{part: key} of a manifest written by :func:`manifest`; {} when it is not one."""
    try:
        found = json.loads(data) if data else None
    except ValueError:
        return {}
    if not isinstance(found, dict) or found.get("format") != FORMAT or not isinstance(found.get("bron"), dict):
        return {}
    return {k: v for k, v in found["bron"].items() if isinstance(k, str) and isinstance(v, str)}


def executable() -> str | None:
    """The Pagefind binary of the ``pagefind-bin`` package, or None when it is not installed."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    try:
        path = get_executable()
    except (FileNotFoundError, OSError):
        return None
    return str(path) if os.access(path, os.X_OK) else None


_VERSION: list = []


def version() -> str | None:
    """Pagefind's version (of the package; part of each part's key)."""
    if not _VERSION:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as dist_version

        try:
            _VERSION.append(dist_version("pagefind-bin"))
        except PackageNotFoundError:  # not installed: no search
            _VERSION.append(None)
    return _VERSION[0]


def index(pages: dict, binary: str | None = None) -> dict:
    """Pagefind's bundle for ``pages`` ({path in the site: HTML bytes, or the path of the page on disk}) as {path
    in the bundle: bytes}.

    The pages go into a private temporary folder (the index's URLs are their paths in the site), Pagefind indexes
    it, and the bundle is read back, only the files the site's search box needs. Raises SearchFailed."""
    import subprocess
    import tempfile

    binary = binary or executable()
    if binary is None:
        raise SearchFailed("Pagefind ontbreekt (het pakket pagefind-bin); installeer doorbraak opnieuw")
    with tempfile.TemporaryDirectory(prefix="doorbraak-zoeken-") as tmp:
        site, out = os.path.join(tmp, "site"), os.path.join(tmp, "bundel")
        for rel, data in pages.items():
            path = os.path.join(site, *rel.split("/"))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if isinstance(data, str):  # a page on disk (a written site)
                from ..source.files import read_regular

                data = read_regular(data, MAX_PAGE)
            with open(path, "wb") as fh:
                fh.write(index_copy(data))
        try:
            done = subprocess.run([binary, "--site", site, "--output-path", out, "--silent"], cwd=tmp,
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SearchFailed(f"Pagefind kon de zoekindex niet maken ({exc})") from exc
        if done.returncode != 0:
            said = done.stdout.decode("utf-8", "replace").strip().splitlines()[-1:] or ["geen uitleg"]
            raise SearchFailed(f"Pagefind kon de zoekindex niet maken (code {done.returncode}: {said[0]})")
        return read_bundle(out)


def read_bundle(out: str) -> dict:
    """{path: bytes} of the bundle's files the search box needs (regular files only, bounded in total)."""
    from ..source.files import read_regular

    files: dict = {}
    total = 0
    for folder, dirs, names in os.walk(out):
        dirs.sort()
        for name in sorted(names):
            if name not in KEEP_NAMES and not name.endswith(KEEP_SUFFIXES):
                continue
            path = os.path.join(folder, name)
            data = read_regular(path, MAX_BUNDLE - total)
            total += len(data)
            files[os.path.relpath(path, out).replace(os.sep, "/")] = data
    if "pagefind.js" not in files or "pagefind-entry.json" not in files:
        raise SearchFailed("Pagefind maakte geen bruikbare zoekindex")
    return files


def parts_to_make(w, cases: int) -> tuple[dict, list]:
    """({part: key} of every part of a site's index, [(part, its pages), ...] of the parts to make), after every
    page is written through the :class:`.writer.Writer` ``w``: a part whose pages did not change is kept as it is
    on disk."""
    old = read_manifest(w.kept_bytes(MANIFEST))
    keys, todo = {}, []
    for part, pages in plan(w.new, cases).items():
        key = keys[part] = part_key(part, [(rel, w.new[rel][0]) for rel in pages])
        if not (old.get(part) == key and w.keep(f"{FOLDER}/{part}/")):
            todo.append((part, pages))
    return keys, todo


def part_task(w, part: str, pages: list, binary: str | None) -> list:
    """Make one part of the index over the written ``pages`` and write its files through ``w`` (in a forked
    writer or the run); (path, fingerprint, size, whether written, digest) per file, as ``write.do_task``
    gives them; when the part could not be made, one entry (None, None, 0, False, what went wrong in Dutch)."""
    from .writer import content_digest

    try:
        files = index({rel: os.path.join(w.output, *rel.split("/")) for rel in pages}, binary)
    except SearchFailed as exc:
        return [(None, None, 0, False, str(exc))]
    except OSError as exc:
        return [(None, None, 0, False, f"Pagefind kon de zoekindex niet maken ({exc})")]
    out = []
    for name, data in files.items():
        rel, digest = f"{FOLDER}/{part}/{name}", content_digest(data)
        if w.unchanged(rel, digest):
            out.append((rel, digest, len(data), False, None))
        else:
            w.write(os.path.join(w.output, *rel.split("/")), data)
            out.append((rel, digest, len(data), True, digest))
    return out


def bundle(pages: dict, cases: int, made: dict) -> dict:
    """The whole search bundle of pages in memory ({path in the site: HTML bytes}) as {path in the site: bytes}
    (``serve``); ``made`` {part: (key, files)} keeps the parts made before, and only a changed part is made again.
    Raises SearchFailed."""
    from ..source.files import digest_bytes

    out: dict = {}
    keys: dict = {}
    for part, rels in plan(pages, cases).items():
        key = keys[part] = part_key(part, [(rel, digest_bytes(pages[rel])) for rel in rels])
        hit = made.get(part)
        if hit is None or hit[0] != key:
            hit = made[part] = (key, index({rel: pages[rel] for rel in rels}))
        out.update({f"{FOLDER}/{part}/{rel}": data for rel, data in hit[1].items()})
    for part in set(made) - set(keys):
        del made[part]
    out[MANIFEST] = manifest(keys).encode("utf-8")
    return out


_KEPT = re.compile(r"(casus-\d{2}|" + re.escape(OVERVIEW) + r")--([0-9a-f]{32})")  # a kept part: <part>--<key>


def load_parts(folder: str | None) -> dict:
    """{part: (key, files)} that an earlier search job of the same ``serve`` kept in ``folder`` (:func:`save_parts`),
    so that a new version makes again only the parts whose pages changed. Read back as any input: a folder of
    another name, or a bundle that does not read back whole, is left out (that part is made again)."""
    made: dict = {}
    try:
        names = sorted(os.listdir(folder)) if folder else []
    except OSError:
        return made
    for name in names:
        m = _KEPT.fullmatch(name)
        if m is None or m.group(1) in made:
            continue
        try:
            made[m.group(1)] = (m.group(2), read_bundle(os.path.join(folder, name)))
        except (OSError, SearchFailed):
            made.pop(m.group(1), None)
    return made


def save_parts(folder: str | None, made: dict) -> None:
    """Keep the parts of ``made`` ({part: (key, files)}, as :func:`bundle` leaves it) in ``folder`` for the next
    job: each part whole or not at all (written aside, then renamed into place); parts no longer made go."""
    import shutil

    if not folder:
        return
    wanted = {f"{part}--{key}" for part, (key, _) in made.items()}
    try:
        present = set(os.listdir(folder))
    except OSError:
        return
    for name in present - wanted:
        shutil.rmtree(os.path.join(folder, name), ignore_errors=True)
    for part, (key, files) in made.items():
        name = f"{part}--{key}"
        if name in present or not _KEPT.fullmatch(name):
            continue
        aside = os.path.join(folder, f".aside-{os.getpid()}-{name}")
        try:
            for rel, data in files.items():
                path = os.path.join(aside, *rel.split("/"))
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as fh:
                    fh.write(data)
            os.rename(aside, os.path.join(folder, name))
        except OSError:
            shutil.rmtree(aside, ignore_errors=True)


WORKER_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'"


def answer_type(rel: str) -> tuple[str, str]:
    """(content type, Content-Security-Policy) of a file of the bundle as a server answers it: the worker runs
    Pagefind's WebAssembly and fetches the index; every other file only is data or a module."""
    if rel.endswith(".js"):
        return "text/javascript; charset=utf-8", WORKER_CSP if rel.endswith("/pagefind-worker.js") else "default-src 'none'"
    if rel.endswith(".json"):
        return "application/json; charset=utf-8", "default-src 'none'"
    return "application/octet-stream", "default-src 'none'"
