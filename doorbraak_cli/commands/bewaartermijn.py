"""``doorbraak bewaartermijn [MAP]``: the cases kept longer than the repository's retention allows.

The retention is set per status in ``.doorbraak.yaml`` at the repository's top (or in the folder)::

    bewaartermijn:
      afgesloten: 2 jaar
      afgewezen: 1 jaar
      gestopt: 1 jaar

A case's term runs from its last known date (``datum``, a ``reis`` event, ``realisatie.datum``, a
measurement; not ``instemming.datum``, which is part of the encrypted story); a case past it is listed with what to do: ``doorbraak vergeet``.
Cases whose status has no term, or that have no date at all, are counted and named as such (unknown
is not "within the term"). Listing changes nothing; the exit code is 0 (1 when the configuration is
missing or wrong).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from . import EXIT_INPUT, EXIT_OK, Io

CONFIG = ".doorbraak.yaml"


def config_file(start: Path) -> Path | None:
    folder = start.resolve()
    for f in (folder, *folder.parents):
        if (f / CONFIG).is_file():
            return f / CONFIG
        if (f / ".git").exists():
            return None
    return None


def terms(path: Path) -> tuple[dict, list]:
    """status -> Duration, and the Dutch problems of the configuration."""
    from ..check.evaluation import parse_duration
    from ..model.vocabulary import STATUSES
    from ..source import yamlread

    try:
        data = yamlread.read(str(path)).data
    except yamlread.ReadError as exc:
        return {}, [exc.problem.format()]
    raw = data.get("bewaartermijn") if isinstance(data, dict) else None
    if not isinstance(raw, dict) or not raw:
        return {}, [f"{path}: 'bewaartermijn' ontbreekt of is geen mapping (status: termijn, bijvoorbeeld "
                    "'afgesloten: 2 jaar')"]
    out, problems = {}, []
    for status, text in raw.items():
        d = parse_duration(text)
        if status not in STATUSES:
            problems.append(f"{path}: bewaartermijn.{status}: onbekende status (kies uit {', '.join(STATUSES)})")
        elif d is None:
            problems.append(f"{path}: bewaartermijn.{status}: '{text}' is geen termijn (bijvoorbeeld '2 jaar', "
                            "'18 maanden')")
        else:
            out[status] = d
    return out, problems


def last_date(case) -> date | None:
    dates = [case.datum] + [e.datum for e in case.reis] + [m.datum for m in case.metingen]
    if case.realisatie is not None:
        dates.append(case.realisatie.datum)
    dates = [d for d in dates if d is not None]
    return max(dates) if dates else None


def run(io: Io, map_: str | None = None, fmt: str = "terminal", peildatum: date | None = None) -> int:
    from ..check.case import check_file
    from ..compute.evaluation import add_duration
    from ..present.safe import json_dumps, printable
    from ..source.discover import find_files

    folder = Path(map_ or ".")
    config = config_file(folder)
    if config is None:
        io.message(f"geen {CONFIG} gevonden in {folder} of erboven (tot de top van de repository); zet daarin "
                   "bijvoorbeeld:\nbewaartermijn:\n  afgesloten: 2 jaar\n  afgewezen: 1 jaar\n  gestopt: 1 jaar")
        return EXIT_INPUT
    by_status, problems = terms(config)
    for p in problems:
        io.message(p)
    if problems:
        return EXIT_INPUT
    today = peildatum or date.today()
    files, found = find_files([str(folder)])
    over, no_term, no_date, counted = [], 0, [], 0
    for f in files:
        if os.path.basename(f) == CONFIG:
            continue
        checked = check_file(f)
        case = checked.case
        if case is None:
            continue
        counted += 1
        term = by_status.get(case.status)
        if term is None:
            no_term += 1
            continue
        last = last_date(case)
        if last is None:
            no_date.append(f)
            continue
        until = add_duration(last, term)
        if until < today:
            over.append({"id": case.id, "status": case.status, "laatste_datum": last.isoformat(),
                         "bewaren_tot": until.isoformat(), "termijn": term.text, "bestand": f})
    if fmt == "json":
        io.write(json_dumps({"peildatum": today.isoformat(), "casussen": counted, "zonder_termijn": no_term,
                             "zonder_datum": no_date, "over_de_termijn": over}, indent=2) + "\n")
        return EXIT_OK
    noun = "casus" if counted == 1 else "casussen"
    io.write(f"bewaartermijn ({config}), peildatum {today.isoformat()}: {counted} {noun} bekeken, "
             f"{len(over)} over de termijn\n")
    for o in over:
        io.write(printable(f"  {o['id']}  {o['status']}  sinds {o['laatste_datum']} + {o['termijn']} = tot "
                           f"{o['bewaren_tot']}  {o['bestand']}") + "\n")
    if no_term:
        io.write(f"  {no_term} met een status zonder bewaartermijn\n")
    for f in no_date:
        io.write(printable(f"  zonder datum (termijn onbekend): {f}") + "\n")
    if over:
        io.write("wis het verhaal van elke casus over de termijn met: doorbraak vergeet BESTAND\n")
    return EXIT_OK
