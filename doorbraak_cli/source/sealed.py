"""The read path's one hook for encrypted cases: a SOPS file becomes a document the checks understand.

:func:`open_document` takes a parsed file with a ``sops:`` block and returns it without that block,
each encrypted value either opened (``unlock`` and a key at hand) or replaced by the marker
``[versleuteld]``. The readable fields (posts, statuses, dates, scores) are untouched, so every
figure is the same with or without a key. Nothing opened is ever written anywhere: the opened
document lives only in memory, and the portfolio commands (whose results are cached) never unlock.

A plain file never reaches this module; crypto libraries load only when a file is unlocked.
"""

from __future__ import annotations

import re

from .yamlread import Document

PLAIN, LOCKED, OPEN = "", "versleuteld", "ontsleuteld"
_MIDNIGHT = re.compile(r"\A(\d{4}-\d{2}-\d{2})T00:00:00Z\Z")


_GONE = object()


def locked_view(data, marker: str, key=None):
    """Each encrypted text becomes ``marker``. An encrypted ``datum`` (the consent's date), number or truth
    value is left out (unknown, as if not written), so that no marker stands where the format wants a date or
    a number; an encrypted action's ``wanneer`` is text like any other."""
    from .sops import is_encrypted, value_type

    if isinstance(data, dict):
        out = {k: locked_view(v, marker, k) for k, v in data.items()}
        return {k: v for k, v in out.items() if v is not _GONE}
    if isinstance(data, list):
        return [v for v in (locked_view(v, marker, key) for v in data) if v is not _GONE]
    if is_encrypted(data):
        return marker if key != "datum" and value_type(data) in ("str", "time", "") else _GONE
    if isinstance(data, str):
        m = _MIDNIGHT.match(data)  # sops writes a date as a timestamp at midnight (UTC)
        return m.group(1) if m else data
    return data


def data_key(data):
    """The file's data key through the user's identities (and the per-case keys they open), or None."""
    from . import keys, sops

    own = keys.identities()
    if not own:
        return None
    recipients = [r for r, _ in sops.stanzas(data)]
    return sops.data_key(data, own + keys.case_identities(recipients, own))


def unlock_data(data, file: str, added_in_plain: bool = False):
    """The opened data (without ``sops``), or None when no key at hand opens it; SopsError when it is damaged."""
    from . import sops

    key = data_key(data)
    if key is None:
        return None
    if not added_in_plain:
        regex = data["sops"].get("encrypted_regex") or sops.ENCRYPTED_REGEX
        if any(v not in (None, "") and not sops.is_encrypted(v) and sops.matches(p, regex)
               for _a, _b, p, v in sops.leaves(data)):
            raise sops.SopsError("er staat onversleutelde tekst in het verhaal; versleutel die eerst met "
                                 "'doorbraak versleutel' (of bewerk de casus met 'sops edit')")
    return locked_view(sops.decrypt(data, key, added_in_plain), "")


def open_document(doc: Document, unlock: bool = False) -> tuple[Document, str, str]:
    """(document without ``sops``, state, problem text or "") for a parsed SOPS file."""
    data = {k: v for k, v in doc.data.items() if k != "sops"}
    state, problem = LOCKED, ""
    opened = None
    if unlock:
        from .sops import SopsError

        try:
            opened = unlock_data(doc.data, doc.file)
        except SopsError as exc:
            problem = str(exc)
        except (ImportError, OSError) as exc:
            problem = f"ontsleutelen kan niet ({exc})"
    if opened is not None:
        data, state = opened, OPEN
    else:
        from .sops import LOCKED as marker

        data = locked_view(data, marker)

    def without(paths):
        return None if paths is None else {p: v for p, v in paths.items() if p[:1] != ("sops",)}

    flow = frozenset(p for p in (doc.flow or ()) if p[:1] != ("sops",))
    return doc._replace(data=data, positions=without(doc.positions), key_positions=without(doc.key_positions),
                        flow=flow), state, problem
