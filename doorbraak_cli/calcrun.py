"""``doorbraak calc`` as one function: check, compute, present, with a result cache.

The answer for a case depends only on the bytes of the case, the price lists
it resolves to, the output format and (for the terminal format) what the
terminal can show. When none of those changed since the last run, the stored
answer is written out without loading YAML, the schema or rich: that is what
keeps a repeated ``calc`` close to the cost of starting the CLI. See cache.py.
"""

from __future__ import annotations

import os
import sys

from . import cache

# Environment variables that change how rich lays out or colours the terminal output.
_TERMINAL_ENV = ("TERM", "COLORTERM", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TTY_COMPATIBLE",
                 "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES", "CLICOLOR", "CLICOLOR_FORCE")
_EXTS = (".yaml", ".yml")


def terminal_signature() -> list:
    tty = sys.stdout.isatty()
    width = None
    if tty:
        try:
            width = os.get_terminal_size(sys.stdout.fileno()).columns
        except OSError:
            width = None
    return [tty, width, sys.platform, [os.environ.get(k) for k in _TERMINAL_ENV]]


def _resolve(name: str, local, shipped: str) -> str | None:
    for folder in ([str(local)] if local else []) + [shipped]:
        for ext in _EXTS:
            p = os.path.join(folder, name + ext)
            if os.path.isfile(p):
                return p
    return None


def _lookup(k: str, case_path: str):
    entry = cache.load("calc", k)
    if not entry:
        return None
    from .resources import data_dir, local_pricelists

    local = local_pricelists(case_path)
    if (str(local) if local else None) != entry["local"]:
        return None
    shipped = str(data_dir("pricelists"))
    if any(_resolve(n, local, shipped) != p for n, p in entry["lists"].items()):
        return None
    if not cache.deps_current(entry["deps"]):
        return None
    return entry


def run(case_path: str, fmt: str, use_cache: bool = True, **options) -> tuple[str, str, int]:
    """(stdout, stderr, exit code) of ``calc``; ``options`` go to the presenter (jaren, gevoeligheid, horizon)."""
    use_cache = use_cache and cache.enabled()
    k = None
    if use_cache:
        try:
            with open(case_path, "rb") as fh:
                case_sha = cache.digest_bytes(fh.read())
        except OSError:
            case_sha = None
        if case_sha:
            sig = terminal_signature() if fmt == "terminal" else None
            k = cache.key("calc", os.path.abspath(case_path), case_sha, fmt, sig, options)
            hit = _lookup(k, case_path)
            if hit:
                return hit["out"], hit["err"], 0
    out, err, code, case = _compute(case_path, fmt, options)
    if k and code == 0 and case is not None:
        _store(k, case_path, case, out, err)
    return out, err, code


def _compute(case_path: str, fmt: str, options: dict):
    from .check import check_file

    checked = check_file(case_path)
    err = "".join(p.format() + "\n" for p in checked.problems)
    if checked.case is None:
        err += f"{case_path}: niet doorgerekend door {len(checked.errors)} fout(en); herstel ze en probeer opnieuw\n"
        return "", err, 1, None
    from .calc import compute

    result = compute(checked.case)
    if fmt == "json":
        from .present import jsonout as presenter
    elif fmt == "markdown":
        from .present import markdown as presenter
    elif fmt == "csv":
        from .present import csvout as presenter
    else:
        from .present import terminal

        return terminal.render_text(result, **options), err, 0, checked.case
    return presenter.render(result, **options), err, 0, checked.case


def _store(k: str, case_path: str, case, out: str, err: str) -> None:
    from . import pricelist

    local = pricelist.local_dir(case_path)
    lists = {}
    deps = [[os.path.abspath(case_path), cache.digest_file(case_path)]]
    for name in case.prijslijsten:
        found = pricelist.find(name, case_path)
        lists[name] = str(found) if found else None
        if found:
            deps.append([str(found), cache.digest_file(str(found))])
    cache.store("calc", k, {"local": str(local) if local else None, "lists": lists, "deps": deps,
                            "out": out, "err": err})

