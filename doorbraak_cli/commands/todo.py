"""``doorbraak todo``: one worklist over folders of cases (the rules are in compute/worklist.py).

A file that cannot be read or has errors is on the list too ("ongeldig"), so
nothing drops out of sight. Always exit 0 (a worklist is no verdict); a path
that does not exist is a usage error.
"""

from __future__ import annotations

from datetime import date

from . import EXIT_OK, EXIT_USAGE, Io

LABELS = {"ongeldig": "Niet te lezen", "meting": "Metingen", "wacht-op-besluit": "Wacht op besluit",
          "nacalculatie": "Nacalculatie", "concept": "Concepten", "gestopt-zonder-reden": "Gestopt zonder reden"}


def run(io: Io, paths, fmt: str = "text", peildatum: date | None = None) -> int:
    from ..check.case import check_file
    from ..compute.worklist import Task, no_reason, order, tasks_of
    from ..present.safe import json_dumps, printable
    from ..source.discover import find_files

    today = peildatum or date.today()
    files, problems = find_files(paths)
    if any(p.is_error for p in problems):
        for p in problems:
            io.message(p.format())
        return EXIT_USAGE
    tasks = []
    cases = 0
    for f in files:
        checked = check_file(f)
        if checked.kind != "case":
            continue
        cases += 1
        stopped_without_reason = any(p.code == "gestopt-zonder-reden" for p in checked.errors)
        others = [p for p in checked.errors if p.code != "gestopt-zonder-reden"]
        if stopped_without_reason and not others:
            tasks.append(no_reason(f))
            continue
        if checked.case is None or checked.errors:
            first = checked.errors[0].format() if checked.errors else f"{f}: niet te lezen"
            tasks.append(Task("ongeldig", f, "", None, None,
                              f"{len(checked.errors)} fout(en), de eerste: {first} (zie 'doorbraak validate')"))
            continue
        tasks.extend(tasks_of(f, checked.case, today, stopped_without_reason or _no_reason(checked.case)))
    tasks = order(tasks)
    if fmt == "json":
        io.write(json_dumps({
            "peildatum": today.isoformat(),
            "aantal_casussen": cases,
            "taken": [{"soort": t.soort, "bestand": t.bestand, "id": t.id,
                       "datum": t.datum.isoformat() if t.datum else None, "dagen": t.dagen, "wat": t.wat}
                      for t in tasks],
        }, indent=2) + "\n")
        return EXIT_OK
    current = None
    for t in tasks:
        if t.soort != current:
            current = t.soort
            io.write(("" if io_started(tasks, t) else "\n") + f"{LABELS[t.soort]}\n")
        io.write(printable(f"  {t.id or t.bestand}: {t.wat}" + (f"  ({t.bestand})" if t.id else "")) + "\n")
    noun = "casus" if cases == 1 else "casussen"
    io.write(("\n" if tasks else "") + f"{len(tasks)} {'taak' if len(tasks) == 1 else 'taken'} bij {cases} {noun} "
             f"(peildatum {today.isoformat()})\n")
    return EXIT_OK


def io_started(tasks, t) -> bool:
    return tasks[0] is t


def _no_reason(case) -> bool:
    """A stopped case whose ``gestopt`` record is missing or names no reason."""
    return case.status == "gestopt" and (case.gestopt is None or not case.gestopt.reden)
