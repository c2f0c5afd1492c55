"""``report --format csv``: every figure as one row of a long table.

Columns: ``sectie, groep, sleutel, waarde``. Amounts as in the JSON output
(two decimals, '.' as decimal point, half-up); counts as integers.
"""

from __future__ import annotations

import csv
import io

from ..safe import csv_row
from . import jsonout

HEADER = ["sectie", "groep", "sleutel", "waarde"]


def _walk(section: str, group: str, value, out: list) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (dict, list)):
                _walk(section, f"{group}/{k}" if group else str(k), v, out)
            else:
                out.append([section, group, str(k), "" if v is None else v])
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _walk(section, f"{group}/{i + 1}" if group else str(i + 1), v, out)
    else:
        out.append([section, "", group, "" if value is None else value])


def rows(rep) -> list:
    out: list = []
    for section, value in jsonout.as_dict(rep).items():
        if isinstance(value, (dict, list)):
            _walk(section, "", value, out)
        else:
            out.append([section, "", "", value])
    return out


def render(rep) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    w.writerows(csv_row(r) for r in rows(rep))
    return buf.getvalue()
