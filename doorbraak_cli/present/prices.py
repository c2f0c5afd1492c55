"""``prices``: price-list items as a terminal table, JSON or CSV."""

from __future__ import annotations

import csv
import io

from .numbers import amount_json, euro
from .safe import csv_row, json_dumps


def render(items, zoekterm: str | None, fmt: str) -> str:
    if fmt == "json":
        return json_dumps([{"id": i.id, "omschrijving": i.omschrijving, "prijs": amount_json(i.prijs),
                            "eenheid": i.eenheid, "domein": i.domein, "prijslijst": i.lijst, "bron": i.bron}
                           for i in items], indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["id", "omschrijving", "prijs", "eenheid", "domein", "prijslijst", "bron"])
        for i in items:
            w.writerow(csv_row([i.id, i.omschrijving, amount_json(i.prijs), i.eenheid, i.domein, i.lijst, i.bron]))
        return buf.getvalue()
    from .boxes import BoxTable, Column
    from .screen import screen_for

    lists = sorted({i.lijst for i in items})
    t = BoxTable([Column("id", no_wrap=True), Column("omschrijving", ratio=1, min_width=24, overflow="fold"),
                  Column("prijs", justify="right", no_wrap=True), Column("eenheid"), Column("domein", no_wrap=True)],
                 [[i.id, i.omschrijving, euro(i.prijs), i.eenheid, i.domein] for i in items],
                 title=f"{len(items)} {'post' if len(items) == 1 else 'posten'}" + (f" met '{zoekterm}'" if zoekterm else ""),
                 caption="uit " + ", ".join(lists) if lists else None)
    return screen_for().table(t)
