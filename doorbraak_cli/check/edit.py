"""One edit of a case file, the way every command that changes a case does it.

``status``, ``stop``, ``realisatie`` and ``instemming`` each describe their
change as a few splices (:class:`Splice`: set a value, add a block, append a
list item). :func:`edit_case` then

1. locks the file for the length of the edit (source/locking.py, the one lock for case edits),
2. reads and parses it, and lets the command make its splices,
3. reads the new text back: it must hold exactly the old data plus the
   change (the splices keep every other byte: comments, order, quoting),
4. checks the whole case: an edit that leaves an error is refused (one that fixes an error, such as the
   missing reason of a stopped case, is welcome),
5. writes atomically, keeping the file's permissions, and only when the file
   on disk is still the one that was read.

A refusal at any step leaves the file byte for byte as it was.
"""

from __future__ import annotations

import copy
import os
from typing import Callable, NamedTuple

from ..source import yamlread
from ..source.yamledit import EditError, Literal, add_mapping, append_item, put


class Outcome(NamedTuple):
    """What an edit did: ``written`` or not, and the lines to show (errors and warnings, each formatted)."""

    written: bool
    messages: tuple
    usage: bool = False  # the refusal is wrong use of the command (exit 2), not a problem of the file


class Refusal(Exception):
    """The command refuses this change (a Dutch message); nothing is written. ``at``: the key path of the value in
    the case that the refusal is about (its status, the journey's last event), so the message points at it."""

    def __init__(self, message: str, usage: bool = False, at: tuple | None = None):
        super().__init__(message)
        self.message = message
        self.usage = usage
        self.at = at


def _expected(value):
    if isinstance(value, dict):
        return {k: _expected(v) for k, v in value.items()}
    if isinstance(value, Literal):
        return yamlread.resolve_plain(str(value))
    return value


class Splice:
    """The text being edited, re-read after every splice, and the data it must hold at the end."""

    def __init__(self, text: str, doc, case=None):
        self.text = text
        self.doc = doc
        self.case = case  # the typed case as it was read (check/build.py), for names and numbers of posts
        self.expected = copy.deepcopy(doc.data)

    @property
    def data(self) -> dict:
        return self.doc.data

    def _reparse(self, text: str) -> None:
        self.text = text
        self.doc = yamlread.parse(text, self.doc.file)

    def set(self, path: tuple, key: str, value) -> None:
        """Set one scalar (a missing block mapping at top level is made)."""
        target = self.expected
        for step in path:
            target = target[step]
        target[key] = _expected(value)
        self._reparse(put(self.text, self.doc, path, key, value))

    def block(self, key: str, mapping: dict) -> None:
        """Set the top-level mapping ``key``: made at the end of the file, or its values set one by one."""
        if key not in self.doc.data:
            self.expected[key] = _expected(mapping)
            self._reparse(add_mapping(self.text, self.doc, key, mapping))
            return
        if not isinstance(self.doc.data[key], dict):
            raise EditError(f"'{key}' is geen mapping; herstel het bestand eerst (zie 'doorbraak validate')")
        for k, v in mapping.items():
            self.set((key,), k, v)

    def append(self, key: str, item: dict) -> None:
        """Add an item at the end of the top-level list ``key`` (made when absent)."""
        self.expected.setdefault(key, [])
        if isinstance(self.expected[key], list):
            self.expected[key].append(_expected(item))
        self._reparse(append_item(self.text, self.doc, key, item))


def edit_case(case_path: str, change: Callable[[Splice], None], what: str) -> Outcome:
    """Apply ``change`` to the case at ``case_path`` (see the module's docstring). ``what``: 'status niet gezet' …

    The lock is source/locking.py's :class:`LockedEdit`, the one every command that edits a case takes."""
    from ..source.locking import LockedEdit, not_edited

    path = os.path.realpath(case_path)  # a link to the case: the case itself is edited
    try:
        if not os.access(path, os.W_OK):
            return Outcome(False, (f"{case_path}: het bestand is alleen-lezen of ontbreekt; {what}",))
        with LockedEdit(path, yamlread.MAX_BYTES) as edit:  # no other run edits the case from the read to the write
            return _edit(case_path, edit, change, what)
    except OSError as exc:  # the lock not free in time, the file changed, or the system's refusal
        return Outcome(False, (not_edited(case_path, exc, what),))


def _where(case_path: str, doc, at: tuple | None) -> str:
    """``file`` or ``file:line:column`` of the value at key path ``at`` in the case as it was read."""
    if at is None:
        return case_path
    from .located import Located

    line, column = Located(case_path, doc.positions).where(at)
    return case_path if line is None else f"{case_path}:{line}:{column or 1}"


def _edit(case_path: str, edit, change, what: str) -> Outcome:
    from .case import check_data

    raw = edit.data
    try:
        text = yamlread.decode(raw, case_path)
        doc = yamlread.parse(text, case_path)
    except yamlread.ReadError as exc:
        return Outcome(False, (exc.problem.format(), f"{case_path}: {what}: herstel het bestand eerst"))
    if not isinstance(doc.data, dict) or doc.data.get("schema") != "doorbraakplan/1":
        return Outcome(False, (f"{case_path}: dit is geen casus (geen 'schema: doorbraakplan/1'); {what}",))
    before = check_data(doc)
    if before.kind != "case":
        return Outcome(False, (f"{case_path}: dit is geen casus; {what}",))
    splice = Splice(text, doc, before.case)
    try:
        change(splice)
    except Refusal as exc:
        return Outcome(False, (f"{_where(case_path, doc, exc.at)}: {what}: {exc.message}",), exc.usage)
    except EditError as exc:
        return Outcome(False, (f"{_where(case_path, doc, exc.at)}: {what}: {exc}",))
    except yamlread.ReadError as exc:  # pragma: no cover - a splice writes valid YAML; never write if not
        return Outcome(False, (f"{case_path}: {what}: de nieuwe tekst is geen geldige YAML ({exc.problem.message})",))
    if splice.text == text:
        return Outcome(True, (f"{case_path}: niets veranderd (het stond er al zo)",))
    new_doc = yamlread.parse(splice.text, case_path)
    if new_doc.data != splice.expected:
        return Outcome(False, (f"{case_path}: {what}: het bestand liet zich niet veilig aanpassen; "
                               "pas het met de hand aan (zie 'doorbraak schema')",))
    if isinstance(doc.data.get("sops"), dict):  # an encrypted case: a text the edit added is story, so encrypted
        from ..source import keys, sealwrite, sops

        if sealwrite.has_plain_story(new_doc.data) and not sealwrite.has_plain_story(doc.data):
            try:
                splice.text = sealwrite.reseal(splice.text, case_path)
            except (keys.KeyError_, sops.SopsError) as exc:
                return Outcome(False, (f"{case_path}: {what}: de nieuwe tekst moet versleuteld worden: {exc}",))
            new_doc = yamlread.parse(splice.text, case_path)
    after = check_data(new_doc)
    if after.errors:  # an edit may fix an error (a reason for a stop), never leave one
        had = {(p.code, p.path) for p in before.errors}
        if all((p.code, p.path) in had for p in after.errors):
            return Outcome(False, tuple(p.format() for p in before.errors[:5]) + (
                f"{case_path}: {what}: de casus heeft al fouten; herstel die eerst (zie 'doorbraak validate')",))
        return Outcome(False, tuple(p.format() for p in after.errors) + (f"{case_path}: {what}",))
    known = {(p.code, p.path) for p in before.warnings}
    notes = tuple(p.format() for p in after.warnings if (p.code, p.path) not in known)
    data = (b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b"") + splice.text.encode("utf-8")
    if len(data) > yamlread.MAX_BYTES:
        return Outcome(False, (f"{case_path}: {what}: het bestand zou groter worden dan "
                               f"{yamlread.MAX_BYTES // 1048576} MB, de grens voor een casus",))
    edit.replace(data)
    return Outcome(True, notes)
