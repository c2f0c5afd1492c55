"""Pagefind, run as a service: records in, the search bundle out (no files in between).

``pagefind --service`` is the mode Pagefind's own Node and Python APIs drive: requests and answers are JSON,
base64-encoded, each ended by a comma, on the process's standard input and output. A site gives it one record
per page (:func:`..search.record`: the page's language, title, filters and text), asks for the bundle, and gets
every file of it back in memory. Against Pagefind reading HTML files from a folder this saves, per page, writing
a copy for it, its HTML parse, and writing and reading back a fragment file: about half its time.

Spoken to here rather than through the ``pagefind`` Python package: that package polls for each answer once every
0.1 s (a minute and more for a part of a few hundred pages), and needs asyncio. The protocol is Pagefind's (see
its ``pagefind/service`` types); the version is pinned in constraints.txt and its package is part of every part's
key (:func:`..search.part_key`).

Everything read back is input: answers are bounded in size and checked in shape, a file of the bundle is kept
only under a plain relative name of a kind the search box needs, and a Pagefind that stops, hangs (``TIMEOUT``)
or answers with an error is a :class:`SearchFailed` with a Dutch message.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re

TIMEOUT = 900  # seconds for one part; Pagefind takes about 1 ms a page
BATCH = 32  # records sent before their answers are read: Pagefind stays busy, no pipe fills up
MAX_ANSWER = 1 << 31  # bytes of one answer (the bundle, base64) read back, at most
MAX_BUNDLE = 1 << 30  # bytes of one part's bundle, at most
# the files of Pagefind's bundle the site's own search box needs (not Pagefind's ready-made interfaces)
KEEP_NAMES = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
KEEP_SUFFIXES = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind")
_NAME = re.compile(r"(?:(?:fragment|index|filter)/)?[A-Za-z0-9_.-]{1,200}")


class SearchFailed(Exception):
    """The index could not be made; the message is Dutch."""


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


def kept_name(path) -> bool:
    """Whether a file of Pagefind's bundle is one the search box needs, under a plain relative name."""
    if not isinstance(path, str) or not _NAME.fullmatch(path) or ".." in path:
        return False
    name = path.rsplit("/", 1)[-1]
    return name in KEEP_NAMES or name.endswith(KEEP_SUFFIXES)


def whole(files: dict) -> dict:
    """``files`` when they are a bundle the search box can use; raises SearchFailed otherwise."""
    if "pagefind.js" not in files or "pagefind-entry.json" not in files:
        raise SearchFailed("Pagefind maakte geen bruikbare zoekindex")
    return files


class Service:
    """One ``pagefind --service`` process (a context manager: it ends with the block)."""

    def __init__(self, binary: str | None = None):
        import subprocess
        import threading

        binary = binary or executable()
        if binary is None:
            raise SearchFailed("Pagefind ontbreekt (het pakket pagefind-bin); installeer doorbraak opnieuw")
        try:
            self.proc = subprocess.Popen([binary, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL)
        except OSError as exc:
            raise SearchFailed(f"Pagefind kon niet starten ({exc})") from exc
        self.timer = threading.Timer(TIMEOUT, self.proc.kill)  # a Pagefind that hangs is ended
        self.timer.daemon = True
        self.timer.start()
        self.buffer = bytearray()
        self.last = 0  # the last message id sent

    def __enter__(self) -> Service:
        return self

    def __exit__(self, *exc) -> None:
        import subprocess

        self.timer.cancel()
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()

    def send(self, payload: dict) -> int:
        """Send one request; its message id."""
        self.last += 1
        message = json.dumps({"message_id": self.last, "payload": payload}, ensure_ascii=False)
        try:
            self.proc.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
        except OSError as exc:
            raise self.failed() from exc
        return self.last

    def answer(self) -> tuple[int | None, dict]:
        """The next answer: (its message id, its payload); an error answer is a SearchFailed."""
        fd = self.proc.stdout.fileno()
        scanned = 0
        while True:
            cut = self.buffer.find(b",", scanned)
            if cut >= 0:
                break
            scanned = len(self.buffer)
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise self.failed()
            if scanned + len(chunk) > MAX_ANSWER:
                raise SearchFailed("Pagefind gaf een te groot antwoord")
            self.buffer += chunk
        message = bytes(self.buffer[:cut])
        del self.buffer[:cut + 1]
        try:
            found = json.loads(base64.b64decode(message, validate=True))
        except (binascii.Error, ValueError) as exc:
            raise SearchFailed("Pagefind gaf een onleesbaar antwoord") from exc
        payload = found.get("payload") if isinstance(found, dict) else None
        if not isinstance(payload, dict):
            raise SearchFailed("Pagefind gaf een onleesbaar antwoord")
        if payload.get("type") == "Error":
            raise SearchFailed(f"Pagefind kon de zoekindex niet maken ({str(payload.get('message'))[:200]})")
        return found.get("message_id"), payload

    def ask(self, payload: dict) -> dict:
        """Send one request and wait for its answer (after the answers to all requests sent before it)."""
        wanted = self.send(payload)
        self.flush()
        while True:
            got, answer = self.answer()
            if got == wanted:
                return answer

    def flush(self) -> None:
        try:
            self.proc.stdin.flush()
        except OSError as exc:
            raise self.failed() from exc

    def failed(self) -> SearchFailed:
        code = self.proc.poll()
        said = "gestopt" if code is None else f"gestopt met code {code}"
        return SearchFailed(f"Pagefind kon de zoekindex niet maken ({said})")

    def bundle(self, records) -> dict:
        """The bundle of one new index over ``records`` ({url, content, language, meta, filters}), as {path in the
        bundle: bytes}: only the files the search box needs."""
        index = self.ask({"type": "NewIndex", "config": None}).get("index_id")
        if not isinstance(index, int):
            raise SearchFailed("Pagefind gaf een onleesbaar antwoord")
        records = list(records)
        for start in range(0, len(records), BATCH):
            batch = records[start:start + BATCH]
            for rec in batch:
                self.send({"type": "AddRecord", "index_id": index, "sort": None, **rec})
            self.flush()
            for _ in batch:
                self.answer()
        files = self.ask({"type": "GetFiles", "index_id": index}).get("files")
        if not isinstance(files, list):
            raise SearchFailed("Pagefind gaf een onleesbaar antwoord")
        out: dict = {}
        total = 0
        for f in files:
            path = f.get("path") if isinstance(f, dict) else None
            if not kept_name(path) or not isinstance(f.get("content"), str):
                continue
            try:
                data = base64.b64decode(f["content"], validate=True)
            except binascii.Error as exc:
                raise SearchFailed("Pagefind gaf een onleesbaar antwoord") from exc
            total += len(data)
            if total > MAX_BUNDLE:
                raise SearchFailed("Pagefind maakte een te grote zoekindex")
            out[path] = data
        return whole(dict(sorted(out.items())))
