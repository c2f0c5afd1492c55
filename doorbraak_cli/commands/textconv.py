"""``doorbraak textconv``: a case as git shows it in a diff, its text followed by its figures.

``doorbraak init`` registers this as the ``doorbraak`` diff driver
(``git config diff.doorbraak.textconv``, with ``diff=doorbraak`` for the case
files in ``.gitattributes``). ``git diff``, ``git log -p`` and ``git show``
then run it on both versions of a case and diff the output, so the change in
the scenario totals and the rendement shows next to the YAML change::

    # doorbraak: huidig € 6.500,00 · dreigend € 42.500,00 · doorbraak € 7.700,00
    # doorbraak: kosten t.o.v. huidige situatie € 1.200,00 · rendement t.o.v. dreigend scenario € 34.800,00

An evaluated case adds its realised total and the means of its measurements::

    # doorbraak: gerealiseerd € 9.850,00 · afwijking € 2.150,00
    # doorbraak: positieve gezondheid: 3 metingen, gemiddelde 4,17 → 5,92 → 6,83

A case that does not compute gets one line with its number of errors.

It never fails: git shows nothing at all when a textconv fails, so every
problem becomes a line in the output and the exit code is always 0.

**Price lists.** Git hands over old versions as temporary files outside the
repository (named ``XXXXXX_<name>``). Their price lists are resolved as if
the file were in the repository git runs in (its working directory, the top
level): at the path of the tracked file with the same name when there is
exactly one, else at the top level. So an old version is computed with the
price lists of today's working tree, not of its own commit. A file inside
the repository (the working-tree version) is looked up from its own folder,
as ``calc`` does.
"""

from __future__ import annotations

import os
import re
import subprocess

from . import EXIT_OK, Io

PREFIX = "# doorbraak: "
_GIT_TEMP = re.compile(r"^[A-Za-z0-9]{6}_(.+)$")
MAX_BYTES = 64 * 1024 * 1024


def _git(args: list, cwd: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", "surrogateescape") if done.returncode == 0 else None


def repository_top(cwd: str) -> str:
    """The top level of the repository git runs in, else the working directory."""
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    return top.strip() if top and top.strip() else cwd


def lookup_path(path: str, cwd: str | None = None) -> str:
    """The path whose folder decides which ``pricelists/`` a version of a case uses (see the module text)."""
    cwd = cwd or os.getcwd()
    here = os.path.realpath(os.path.join(cwd, path))
    top_abs = os.path.realpath(os.path.join(cwd, repository_top(cwd)))
    if here == top_abs or here.startswith(top_abs.rstrip(os.sep) + os.sep):
        return here  # a working-tree file: its own folder, as calc does
    name = os.path.basename(here)
    m = _GIT_TEMP.match(name)
    if m:
        name = m.group(1)
    listed = _git(["ls-files", "-z", "--full-name"], top_abs) or ""
    same = [p for p in listed.split("\0") if p and p.rsplit("/", 1)[-1] == name]
    if len(same) == 1:
        return os.path.join(top_abs, *same[0].split("/"))
    return os.path.join(top_abs, name)


def figures(raw: bytes, virtual: str) -> list[str]:
    """The figure lines of a case's bytes, read as if at ``virtual``; [] when it is no case."""
    from ..check.case import check_data
    from ..source import yamlread

    try:
        doc = yamlread.parse(yamlread.decode(raw, virtual), virtual)
    except yamlread.ReadError:
        return [PREFIX + "niet doorgerekend: het bestand is geen leesbare YAML (zie 'doorbraak validate')"]
    if isinstance(doc.data, dict) and doc.data.get("schema") == "prijslijst/1":
        return []
    checked = check_data(doc)
    if checked.kind != "case":
        return []
    if checked.case is None:
        n = len(checked.errors)
        return [PREFIX + f"niet doorgerekend: {n} {'fout' if n == 1 else 'fouten'} (zie 'doorbraak validate')"]
    from ..compute.analysis import analyse
    from ..model.vocabulary import COMPARISONS, SCENARIOS
    from ..present.numbers import comparison_label, euro

    a = analyse(checked.case)
    result = a.result
    totals = " · ".join(f"{s} {euro(result.totals[s])}" for s in SCENARIOS)
    comparisons = []
    for against in COMPARISONS:
        label, amount = comparison_label(result.rendement[against], against)
        comparisons.append(f"{label[0].lower()}{label[1:]} {amount}")
    lines = [PREFIX + totals, PREFIX + " · ".join(comparisons)]
    e = a.evaluation
    if a.realised and e.complete:  # what an edit of a realised quantity did
        lines.append(PREFIX + f"gerealiseerd {euro(e.totalen['gerealiseerd'])} · afwijking {euro(e.totalen['afwijking'])}")
    elif a.realised:
        lines.append(PREFIX + f"gerealiseerd onvolledig: {e.bekend} van {e.posten} posten bekend")
    if e is not None and e.gezondheid is not None:  # what a new or corrected measurement did
        from ..present.evaluation import TWO, score

        h = e.gezondheid
        lines.append(PREFIX + f"positieve gezondheid: {len(h.metingen)} "
                     f"{'meting' if len(h.metingen) == 1 else 'metingen'}, gemiddelde "
                     + " → ".join(score(m.gemiddelde, TWO) for m in h.metingen))
    return lines


def story(raw: bytes, path: str) -> bytes:
    """An encrypted case as git shows it: opened when the user's key opens it, else its readable fields with
    ``[versleuteld]`` in place of each text; never the ciphertext, never the ``sops`` block. Only printed."""
    from ..source import sealed, sealwrite, sops, yamlread

    try:
        text = yamlread.decode(raw, path)
        data = yamlread.parse(text, path).data
        if not sops.is_sealed(data):
            return raw
        try:
            opened = sealed.unlock_data(data, path) if sealed.data_key(data) is not None else None
        except (sops.SopsError, ImportError, OSError):
            opened = None
        shown = sealwrite.reveal_text(text, path, opened)
        note = "ontsleuteld met uw sleutel" if opened is not None else "versleuteld; geen sleutel die het opent"
        return (f"{PREFIX}het verhaal is {note}\n" + shown).encode("utf-8")
    except Exception:  # git must always get an answer: then the file as it is
        return raw


def convert(path: str, cwd: str | None = None) -> bytes:
    """The whole output for one file: its bytes, then the figure lines. Never raises."""
    try:
        from ..source.files import read_regular

        raw = read_regular(path, MAX_BYTES)
    except Exception as exc:  # git must always get an answer
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        return f"{PREFIX}kan {os.path.basename(path)} niet lezen ({reason})\n".encode()
    out = raw
    if b"ENC[AES256_GCM," in raw:
        out = story(raw, path)
    try:
        lines = figures(raw, lookup_path(path, cwd))
    except Exception as exc:  # an internal error is a line, never a failing textconv
        lines = [PREFIX + f"niet doorgerekend: interne fout in doorbraak ({type(exc).__name__})"]
    if lines:
        if out and not out.endswith(b"\n"):
            out += b"\n"
        out += ("\n" + "\n".join(lines) + "\n").encode("utf-8")
    return out


def run(io: Io, path: str) -> int:
    """Write the converted file to stdout; always exit code 0."""
    data = convert(path)
    try:
        io.write_bytes(data)
    except BrokenPipeError:
        pass
    except OSError:  # a stream that takes only text
        io.write(data.decode("utf-8", "replace"))
    return EXIT_OK
