"""The site's search: a Pagefind index over the case pages, the precedent pages and the overview.

Pagefind (https://pagefind.app) indexes the finished pages themselves, so the
index holds only what those pages show (an anonymised site's index holds no
name its pages do not). The binary comes with the ``pagefind-bin`` package:
nothing is fetched when a site is made. The site's own script (``zoek.js``)
loads the index when the search box is first used; the pages mark what is not
content (menus, navigation) with ``data-pagefind-ignore`` and carry their
filters (gemeente, status, leefgebied, domein) as ``data-pagefind-filter``.

Pagefind is given each page as a record (:func:`record`, through its service:
:mod:`.pagefind`): the page's language, title, filters and the text a reader
sees, read from the written page with Pagefind's own rules. No text comes from
the head, scripts, navigation, footers and forms, nor from the elements marked
``data-pagefind-ignore``: the tables of amounts, the receipts, the charts, and
the method's labels that are the same on every plan (see ``plan.html.j2``).
Pagefind's time goes with the text it is given, so what finds every plan is
left out rather than indexed. The record is only ever read from the page, so it
holds nothing the page does not (tests/commands/test_site_search.py compares it
with Pagefind reading the same pages as HTML).

The index is made in parts (:func:`plan`): the overview in one, the case
pages and the precedent pages spread over a fixed number of parts by their
name. A part is made again only when one of its pages changed, so a site run
after one changed case indexes a few hundred pages, not all of them; the
parts of a cold run are made side by side (:func:`part_task`, in the site's
forked writers). The browser merges the parts (``zoeken/delen.json`` names them).
"""

from __future__ import annotations

import html
import json
import os
import re

# the site's search as its callers know it: search.SearchFailed, search.executable, search.MAX_BUNDLE
from .pagefind import MAX_BUNDLE, SearchFailed, Service, executable, kept_name, version, whole  # noqa: F401

FOLDER = "zoeken"
MANIFEST = f"{FOLDER}/delen.json"
FORMAT = "doorbraak-zoeken/1"
OVERVIEW = "overzicht"
CASES_PER_PART = 600  # about a second of indexing on a laptop
MAX_PARTS = 32
RULE_PARTS = 8
MAX_PAGE = 256 << 20  # bytes of one written page read back to index it, at most
IGNORED_ALL = b' data-pagefind-ignore="all"'  # Pagefind reads nothing of such an element: no text, no filter
IGNORED = b" data-pagefind-ignore"  # bare or with any value: none of the element's text is indexed
UNREAD = (b"<style", b"<script")  # elements Pagefind never indexes
# and what is no text of the page: Pagefind's own list of elements it never takes text from (tried with 1.5)
NOT_TEXT = UNREAD + (b"<head", b"<nav", b"<footer", b"<form", b"<svg", b"<noscript", b"<label", b"<template",
                     b"<iframe")


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


_STARTS: dict = {}  # (mark, unread) -> the pattern of where an element to cut starts


def _starts(mark: bytes, unread: tuple):
    """A pattern of the tag that starts an element named in ``unread`` (group 1) or with the attribute ``mark``
    (group 2: its name): whole names only ('<header' is no '<head'), and the attribute inside the tag, not in text."""
    found = _STARTS.get((mark, unread))
    if found is None:
        names = b"|".join(re.escape(u[1:]) for u in unread)
        found = _STARTS[(mark, unread)] = re.compile(
            rb"<(?:(" + names + rb")(?=[\s>/])|([A-Za-z][A-Za-z0-9-]*)(?=[\s>/])[^>]*?\s" + re.escape(mark.strip())
            + rb"(?![A-Za-z0-9_-]))")
    return found


def cut(page: bytes, mark: bytes = IGNORED_ALL, unread: tuple = UNREAD) -> bytes:
    """The page without the elements named in ``unread`` and those whose tag has the attribute ``mark``. Only ever
    cut from the page; an element whose end is not found stays."""
    starts = _starts(mark, unread)
    out, pos = [], 0
    while True:
        m = starts.search(page, pos)
        if m is None:
            break
        start = m.start()
        end = _element_end(page, start, m.group(1) or m.group(2))
        if end < 0:
            out.append(page[pos:start + 1])
            pos = start + 1
            continue
        out.append(page[pos:start])
        pos = end
    out.append(page[pos:])
    return b"".join(out)


_LANG = re.compile(rb"<html\b[^>]*?\slang=\"([^\"]*)\"")
_ATTRIBUTE = re.compile(rb"\sdata-pagefind-(filter|meta)=\"([^\"]*)\"")
_H1 = re.compile(rb"<h1(?:\s[^>]*)?>(.*?)</h1>", re.S)
_TAG = re.compile(rb"<[^>]*>")


def _text(fragment: bytes) -> str:
    """The text of a piece of HTML as Pagefind takes it: nothing of the elements in ``NOT_TEXT`` or marked
    ``data-pagefind-ignore``; its tags are word breaks, its entities characters, its runs of space one."""
    fragment = cut(fragment, IGNORED, NOT_TEXT)
    return " ".join(html.unescape(_TAG.sub(b" ", fragment).decode("utf-8", "replace")).split())


def record(rel: str, page: bytes) -> dict:
    """What Pagefind indexes of the page at ``rel``, as a record of its service (:mod:`.pagefind`): the URL it
    would give it, the page's language, its meta data and filters (``data-pagefind-meta``/``-filter="key:value"``,
    the title by default the first ``<h1>``), and the text a reader sees, without the page's head, style sheets,
    scripts and the other elements Pagefind takes no text from (``NOT_TEXT``: navigation, footers, forms …) and
    without the elements marked ``data-pagefind-ignore`` (the tables of amounts, the receipts, the charts and the
    method's labels, see ``plan.html.j2``). As when Pagefind reads the page itself, an element marked ``="all"``
    gives no filter either. Only ever read from the page: the record holds nothing the page does not."""
    readable = cut(page)
    lang = _LANG.search(page, 0, 4096)
    meta: dict = {}
    filters: dict = {}
    for kind, value in _ATTRIBUTE.findall(readable):
        key, sep, value = html.unescape(value.decode("utf-8", "replace")).partition(":")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            continue
        if kind == b"meta":
            meta.setdefault(key, value)
        elif value not in filters.setdefault(key, []):
            filters[key].append(value)
    if "title" not in meta:
        h1 = _H1.search(readable)
        meta["title"] = " ".join(html.unescape(_TAG.sub(b" ", h1.group(1)).decode("utf-8", "replace")).split()) \
            if h1 else ""
    url = "/" + rel[:-len("index.html")] if rel.endswith("index.html") else "/" + rel
    return {"url": url, "content": _text(readable),
            "language": lang.group(1).decode("ascii", "replace").lower() if lang else "unknown",
            "meta": meta, "filters": filters}


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
    """The part a searchable page's index is in: the case pages in ``parts`` parts, each precedent page in one of
    at most RULE_PARTS (a precedent page lists every case that cites its rule: at 10,000 cases some 650,000
    characters, and one changed case changes the pages of the two or three rules it cites, not all of them), and
    the overview with the index of the rules in one."""
    from ..source.files import digest_bytes

    if rel.startswith("casus/"):
        return f"casus-{int(digest_bytes(rel.encode('utf-8'))[:8], 16) % parts:02d}"
    if rel.startswith("regel/") and rel != "regel/index.html":
        return f"regel-{int(digest_bytes(rel.encode('utf-8'))[:8], 16) % min(parts, RULE_PARTS):02d}"
    return OVERVIEW


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
    """``zoeken/delen.json``: the parts the browser merges (it loads the first and merges the others into it), and
    what each is made of."""
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


def index(pages: dict, binary: str | None = None) -> dict:
    """Pagefind's bundle for ``pages`` ({path in the site: HTML bytes, or the path of the page on disk}) as {path
    in the bundle: bytes}: each page's :func:`record` given to one Pagefind service (:class:`Service`), and the
    bundle taken back from it, only the files the site's search box needs. Raises SearchFailed."""
    records = []
    for rel, data in pages.items():
        if isinstance(data, str):  # a page on disk (a written site)
            from ..source.files import read_regular

            data = read_regular(data, MAX_PAGE)
        records.append(record(rel, data))
    with Service(binary) as service:
        return service.bundle(records)


def read_bundle(out: str) -> dict:
    """{path: bytes} of the bundle's files the search box needs in folder ``out`` (regular files only, bounded in
    total). Raises SearchFailed or OSError."""
    from ..source.files import read_regular

    files: dict = {}
    total = 0
    for folder, dirs, names in os.walk(out):
        dirs.sort()
        for name in sorted(names):
            rel = os.path.relpath(os.path.join(folder, name), out).replace(os.sep, "/")
            if not kept_name(rel):
                continue
            data = read_regular(os.path.join(folder, name), MAX_BUNDLE - total)
            total += len(data)
            files[rel] = data
    return whole(files)


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


# a kept part's folder: <part>--<key>
_KEPT = re.compile(r"((?:casus|regel)-\d{2}|" + re.escape(OVERVIEW) + r")--([0-9a-f]{32})")


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
