"""Reading the fields of a case leniently: the schema check reports a wrong type; these never raise on one."""

from __future__ import annotations

from datetime import date

from .located import Located


def as_text(value) -> str:
    """A text field: the string, or '' for anything else (the schema reports wrong types)."""
    return value.strip() if isinstance(value, str) else ""


def as_texts(value) -> tuple:
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, list):
        return tuple(v.strip() for v in value if isinstance(v, str) and v.strip())
    return ()


def as_map(value) -> dict:
    return value if isinstance(value, dict) else {}


def as_list(value) -> list:
    return value if isinstance(value, list) else []


FIRST_YEAR, LAST_YEAR = 1900, 2199  # a case's dates lie in these years; beyond them a date is a typing error


def as_date(value, loc: Located, path) -> date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None  # absent, or the schema reports the shape
    try:
        d = date.fromisoformat(value)
    except ValueError:
        loc.error("ongeldige-datum", path, f"'{value}' is geen bestaande datum", "schrijf JJJJ-MM-DD, bijvoorbeeld 2026-11-02")
        return None
    if not FIRST_YEAR <= d.year <= LAST_YEAR:
        loc.error("datum-buiten-bereik", path, f"{value} ligt buiten de jaren {FIRST_YEAR}–{LAST_YEAR}",
                  "controleer het jaartal; een casus speelt in deze tijd")
        return None
    return d
