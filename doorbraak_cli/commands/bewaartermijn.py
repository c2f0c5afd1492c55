"""``doorbraak bewaartermijn [MAP]``: the cases kept longer than the repository's retention allows.

The retention is set per status in ``.doorbraak.yaml`` at the repository's top (or in the folder)::

    bewaartermijn:
      afgesloten: 2 jaar
      afgewezen: 1 jaar
      gestopt: 1 jaar

A case's term runs from its last known date (``datum``, a ``reis`` event, ``realisatie.datum``, a
measurement; not ``instemming.datum``, which is part of the encrypted story); a case past it is listed with what to do: ``doorbraak vergeet``.
Cases whose status has no term, that have no date at all or that cannot be read for their errors are
counted and named as such (unknown is not "within the term"). A case that ``vergeet`` already erased (its
title ``[gewist]``) has nothing left to erase: it is counted as erased, never listed for ``vergeet`` again. Listing changes nothing; the exit code is 0
(1 when the configuration is missing or wrong, or a folder is missing or cannot be read).
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


MAX_YEARS = 100  # a retention beyond any archive's; and a date plus it stays a date


def terms(path: Path) -> tuple[dict, list]:
    """status -> Duration, and the Dutch problems of the configuration (``file:line:column: fout[code]: …``)."""
    from ..check.evaluation import parse_duration
    from ..check.located import Located
    from ..model.vocabulary import STATUSES
    from ..source import yamlread

    try:
        doc = yamlread.read(str(path))
    except yamlread.ReadError as exc:
        return {}, [exc.problem.format()]
    data = doc.data
    loc = Located(str(path), doc.positions, doc.key_positions)
    raw = data.get("bewaartermijn") if isinstance(data, dict) else None
    if not isinstance(raw, dict) or not raw:
        where = ("bewaartermijn",) if isinstance(data, dict) and "bewaartermijn" in data else ()
        loc.error("bewaartermijn", where, "'bewaartermijn' ontbreekt of is geen mapping",
                  "zet er per status een termijn onder, bijvoorbeeld 'afgesloten: 2 jaar'")
        return {}, [p.format() for p in loc.problems]
    out = {}
    for status, text in raw.items():
        where = ("bewaartermijn", status)
        d = parse_duration(text)
        if status not in STATUSES:
            loc.error("onbekende-status", where, f"onbekende status '{status}'", f"kies uit {', '.join(STATUSES)}",
                      at_key=True)
        elif d is None:
            loc.error("ongeldige-termijn", where, f"'{text}' is geen termijn",
                      "schrijf een heel aantal dagen, weken, maanden of jaren, bijvoorbeeld '2 jaar' of '18 maanden'")
        elif d.months > 12 * MAX_YEARS or d.days > 366 * MAX_YEARS:
            loc.error("ongeldige-termijn", where, f"'{text}' is te lang voor een bewaartermijn",
                      f"hooguit {MAX_YEARS} jaar")
        else:
            out[status] = d
    return out, [p.format() for p in loc.problems]


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
    from ..source.sops import ERASED

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
    for p in found:
        io.message(p.format())
    if any(p.is_error for p in found):  # a folder that is not there or cannot be read: no list is complete
        return EXIT_INPUT
    over, no_term, no_date, unread, erased, counted = [], 0, [], [], [], 0
    for f in files:
        if os.path.basename(f) == CONFIG:
            continue
        checked = check_file(f)
        case = checked.case
        if case is None:  # its term is unknown, never "within the term": named, like a case without a date
            unread.append(f)
            continue
        counted += 1
        if case.titel == ERASED:  # 'vergeet' left the anonymous record: its story is gone already
            erased.append(f)
            continue
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
                             "zonder_datum": no_date, "niet_te_lezen": unread, "over_de_termijn": over,
                             "al_gewist": erased},
                            indent=2) + "\n")
        return EXIT_OK
    noun = "casus" if counted == 1 else "casussen"
    io.write(f"bewaartermijn ({config}), peildatum {today.isoformat()}: {counted} {noun} bekeken, "
             f"{len(over)} over de termijn\n")
    for o in over:
        io.write(printable(f"  {o['id']}  {o['status']}  sinds {o['laatste_datum']} + {o['termijn']} = tot "
                           f"{o['bewaren_tot']}  {o['bestand']}") + "\n")
    if no_term:
        io.write(f"  {no_term} met een status zonder bewaartermijn\n")
    if erased:
        io.write(f"  {len(erased)} al gewist (met 'doorbraak vergeet'; de cijfers blijven als anonieme casus)\n")
    for f in no_date:
        io.write(printable(f"  zonder datum (termijn onbekend): {f}") + "\n")
    for f in unread:
        io.write(printable(f"  niet te lezen door fouten (termijn onbekend; zie 'doorbraak validate'): {f}") + "\n")
    if over:
        io.write("wis het verhaal van elke casus over de termijn met: doorbraak vergeet BESTAND\n")
    return EXIT_OK
