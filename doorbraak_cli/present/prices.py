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
    from rich import box
    from rich.table import Table

    from .richtable import console_for

    lists = sorted({i.lijst for i in items})
    t = Table(box=box.SIMPLE_HEAVY, title=f"{len(items)} {'post' if len(items) == 1 else 'posten'}"
              + (f" met '{zoekterm}'" if zoekterm else ""),
              caption="uit " + ", ".join(lists) if lists else None)
    t.add_column("id", no_wrap=True)
    t.add_column("omschrijving", ratio=1, min_width=24, overflow="fold")
    t.add_column("prijs", justify="right", no_wrap=True)
    t.add_column("eenheid")
    t.add_column("domein", no_wrap=True)
    for i in items:
        t.add_row(i.id, i.omschrijving, euro(i.prijs), i.eenheid, i.domein)
    buf = io.StringIO()
    console_for(buf).print(t)
    return buf.getvalue()
