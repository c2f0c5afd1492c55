"""``doorbraak schema``: print the JSON Schema of the case format (or of a price list)."""

from __future__ import annotations

from ..source.resources import CASE_SCHEMA, PRICELIST_SCHEMA
from . import EXIT_OK, Io


def run(io: Io, prijslijst: bool = False) -> int:
    io.write((PRICELIST_SCHEMA if prijslijst else CASE_SCHEMA).read_text(encoding="utf-8"))
    return EXIT_OK
