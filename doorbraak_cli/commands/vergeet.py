"""``doorbraak vergeet CASUS``: erase a household's story, in the file and in every version in git's history.

Crypto-shredding: a case that doorbraak encrypted has its own key, kept outside git (source/keys.py);
every version of the file in the history opens only with that key. ``vergeet`` deletes it, so from
then on no version opens with any key the team holds, and rewrites the file as an anonymous record
(the story ``[gewist]``, no title, names or comments; the figures stay, so the portfolio still counts
the case). It then reads every version of the file in the history and names those that are still
readable: a version committed in plain text before encryption, or one encrypted for a team key
directly (by ``sops`` itself). Those need a history rewrite; the command says so and exits 1.
What else a team must do (backups of the key folder, other clones) is in SECURITY.md.
"""

from __future__ import annotations

import os
import subprocess

from ..model.problem import os_reason
from . import EXIT_INPUT, EXIT_OK, Io


def _git(args: list, cwd: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", "surrogateescape") if done.returncode == 0 else None


def _held(recipient: str, path: str) -> bool:
    """Whether anyone on the team still holds the key for ``recipient``: a team or own key, or a kept case key."""
    from ..source import keys

    if recipient in keys.team_recipients(path):
        return True
    if keys.has_identity() and recipient in {keys.recipient_of(i) for i in keys.identities()}:
        return True
    try:
        return keys.case_key_file(recipient).exists()
    except keys.KeyError_:
        return False


def readable_versions(path: str, forgotten: set) -> list[tuple[str, str]]:
    """(commit, why) for each version of ``path`` in git's history that still tells the story."""
    from ..source import sops, yamlread

    folder = os.path.dirname(os.path.abspath(path))
    top = (_git(["rev-parse", "--show-toplevel"], folder) or "").strip()
    if not top:
        return []
    rel = os.path.relpath(os.path.abspath(path), top).replace(os.sep, "/")
    out = []
    for commit in (_git(["log", "--all", "--format=%H", "--", rel], top) or "").split():
        raw = _git(["show", f"{commit}:{rel}"], top)
        if raw is None:
            continue
        try:
            data = yamlread.parse(raw, rel).data
        except yamlread.ReadError:
            continue
        if not isinstance(data, dict):
            continue
        if sops.is_sealed(data):
            kept = [r for r, _ in sops.stanzas(data) if r not in forgotten and _held(r, path)]
            if kept:
                out.append((commit[:10], f"versleuteld voor een sleutel die blijft bestaan ({kept[0][:16]}…)"))
        elif any(v not in (None, "", sops.ERASED) and sops.matches(p, sops.ENCRYPTED_REGEX)
                 for _a, _b, p, v in sops.leaves(data)):
            out.append((commit[:10], "onversleuteld"))
    return out


def run(io: Io, case_path: str) -> int:
    from ..source import yamlread
    from ..source.locking import LockedEdit, not_edited

    forgotten: set = set()
    try:  # under the case edit lock: a meting or status run at the same time is waited for, never overwritten
        with LockedEdit(os.path.realpath(case_path), yamlread.MAX_BYTES) as edit:
            code = _erase(io, case_path, edit, forgotten)
    except yamlread.ReadError as exc:
        io.message(exc.problem.format())
        return EXIT_INPUT
    except OSError as exc:  # the lock not free in time, the file changed, or the system's refusal
        io.message(not_edited(case_path, exc, "niets gewist"))
        return EXIT_INPUT
    if code is not None:
        return code
    still = readable_versions(case_path, forgotten)
    if still:
        io.message(f"niet volledig gewist: {len(still)} {'versie' if len(still) == 1 else 'versies'} in de "
                   "geschiedenis van git {} nog leesbaar:".format("is" if len(still) == 1 else "zijn"))
        for commit, why in still:
            io.message(f"  {commit}: {why}")
        io.message("herschrijf de geschiedenis (bijvoorbeeld met git filter-repo) en laat iedereen opnieuw "
                   "klonen; zie SECURITY.md")
        return EXIT_INPUT
    io.message("geen versie in de geschiedenis is nog leesbaar met een sleutel van het team; verwijder ook de "
               "casussleutel uit back-ups van de sleutelmap (SECURITY.md)")
    return EXIT_OK


def _erase(io: Io, case_path: str, edit, forgotten: set) -> int | None:
    """Delete the case keys and write the anonymous record in the file's place; an exit code when it cannot."""
    from ..source import keys, sealwrite, sops, yamlread

    text = yamlread.decode(edit.data, case_path)
    data = yamlread.parse(text, case_path).data
    if not isinstance(data, dict) or data.get("schema") != "doorbraakplan/1":
        io.message(f"{case_path}: dit is geen casus")
        return EXIT_INPUT
    if sops.is_sealed(data):
        for recipient, _ in sops.stanzas(data):
            try:
                if keys.forget_case_key(recipient):
                    forgotten.add(recipient)
                    io.message(f"casussleutel verwijderd: {keys.case_key_file(recipient)}")
            except keys.KeyError_:
                continue
            except OSError as exc:
                io.message(f"{case_path}: de casussleutel kan niet verwijderd worden ({os_reason(exc)})")
                return EXIT_INPUT
        missing = [r for r, _ in sops.stanzas(data) if r not in forgotten]
        for r in missing:
            io.message(f"let op: dit bestand is ook versleuteld voor {r}; die sleutel staat niet in de sleutelmap "
                       f"({keys.key_folder()}): met die sleutel blijven de versies in git leesbaar")
    erased = sealwrite.erase_text(text, case_path)
    if erased == text:  # erased before: nothing to write, nothing to commit; the history is checked again below
        io.write(f"al gewist: {case_path} (niets veranderd)\n")
        return None
    edit.replace(erased.encode("utf-8"))
    io.write(f"gewist: {case_path} (de cijfers blijven als anonieme casus; commit de wijziging)\n")
    return None
