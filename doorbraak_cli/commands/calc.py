"""``doorbraak calc``: check, analyse, present, with a result cache.

The answer for a case depends only on the bytes of the case, the price lists
it can resolve, the output format and (for the terminal format) what the
terminal can show. When none of those changed since the last run, the stored
answer is written out without loading YAML, the schema or the presenters:
that is what keeps a repeated ``calc`` close to the cost of starting the CLI.
See source/cache.py.
"""

from __future__ import annotations

import os

from ..model.problem import display_name
from ..source import cache
from . import EXIT_INPUT, EXIT_OK, Answer, Io, cache_allowed


def run(io: Io, case_path: str, fmt: str = "terminal", use_cache: bool = True, jaren: bool = False,
        gevoeligheid: bool = False, horizon: int | None = None) -> int:
    import datetime

    options = {"jaren": jaren, "gevoeligheid": gevoeligheid, "horizon": horizon} if fmt != "json" else {"horizon": horizon}
    out, err, code = answer(case_path, fmt, cache_allowed(io, use_cache), options, datetime.date.today())
    io.messages(err)
    io.write(out)
    return code


def answer(case_path: str, fmt: str, use_cache: bool, options: dict, today) -> Answer:
    """(stdout, stderr, exit code) of ``calc``, from the cache when nothing it depends on changed.

    ``today`` (a date) decides which follow-up measurements are late, so it is part of the key."""
    k = place = raw = None
    if use_cache:
        from ..source.files import digest_bytes, read_regular

        try:
            raw = read_regular(case_path, 64 * 1024 * 1024)  # read once: hashed here, checked below
        except OSError:
            raw = None
        if raw is not None:
            case_sha = digest_bytes(raw)
            from ..check.pricelists import Fingerprints

            sig = cache.terminal_signature() if fmt == "terminal" else None
            # the path as given is part of the key: a stored warning names the file as this user typed it
            k = cache.key("calc", case_path, os.path.abspath(case_path), case_sha, Fingerprints().of(case_path), fmt,
                          sig, options, today.isoformat())
            place = cache.slot("calc", os.path.abspath(case_path), fmt, options)  # one answer kept per question
            hit = cache.load("calc", k, place)
            if isinstance(hit, dict) and isinstance(hit.get("out"), str) and isinstance(hit.get("err"), str):
                return Answer(hit["out"], hit["err"], EXIT_OK)
    out, err, code = _compute(case_path, raw, fmt, options, today)
    if k and code == EXIT_OK:
        cache.store("calc", k, {"out": out, "err": err}, place)
    return Answer(out, err, code)


def _compute(case_path: str, raw: bytes | None, fmt: str, options: dict, today) -> tuple[str, str, int]:
    from ..check.case import check_bytes

    checked = check_bytes(case_path, raw)
    err = "".join(p.format() + "\n" for p in checked.problems)
    if checked.case is None:
        err += f"{display_name(case_path)}: niet doorgerekend door {len(checked.errors)} fout(en); herstel ze en probeer opnieuw\n"
        return "", err, EXIT_INPUT
    from ..compute.analysis import analyse

    a = analyse(checked.case, options.get("horizon"), with_sensitivity=bool(options.get("gevoeligheid")))
    if fmt == "json":
        from ..present.case import jsonout as presenter
    elif fmt == "markdown":
        from ..present.case import markdown as presenter
    elif fmt == "csv":
        from ..present.case import csvout as presenter
    else:
        from ..present.case import terminal

        return terminal.render_text(a, today=today, **options), err, EXIT_OK
    return presenter.render(a, today=today, **options), err, EXIT_OK
