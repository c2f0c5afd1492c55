"""What one run of a command is about: made once by the command (the only place that reads the clock) and
passed down, unchanged, to everything that needs a day or the mode; forked workers get it with their task."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple


class RunContext(NamedTuple):
    peildatum: date  # the day the figures are about: follow-up measurements due before it and not taken are late
    today: date  # the day the run makes its output (what a document says it was made on)
    anonymised: bool = True  # ids and neutral names instead of pseudonyms and names
    verwachting: object = None  # report --verwachting: the expected cost per case, set beside the realised one

    @classmethod
    def of(cls, today: date, peildatum: date | None = None, anonymised: bool = True,
           verwachting=None) -> RunContext:
        """The context of a run on ``today``; ``peildatum`` defaults to that day."""
        return cls(peildatum or today, today, anonymised, verwachting)
