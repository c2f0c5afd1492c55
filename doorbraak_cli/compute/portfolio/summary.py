"""The fold of many case summaries (:mod:`.casesummary`) into the portfolio, and the filters on which cases count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from .base import NO_GEMEENTE, counts_in
from .evaluation import Evaluatie
from .funnel import Trechter
from .keys import tag_key
from .money import Indicative, Maatwerkbudget, PerDomain, PerGemeente, Rendement
from .outlook import BreakEven, Geldstromen, Terugverdiend
from .plans import Cases, Doorbraken, Legitimiteit, Prijslijsten, Problemen, Reis

if TYPE_CHECKING:
    from ...model.run import RunContext
    from .casesummary import CaseHead, CaseSummary

# Every portfolio figure, in the order of the Portfolio record's fields.
FIGURES = (Cases(), Rendement(), PerDomain(), PerGemeente(), Indicative(), Doorbraken(), Legitimiteit(),
           Maatwerkbudget(), Reis(), Problemen(), BreakEven(), Terugverdiend(), Geldstromen(), Prijslijsten(),
           Evaluatie(), Trechter())

SCOPES = tuple({f.scope: None for f in FIGURES})  # the scopes the figures count in (base.counts_in)

# The portfolio: what was counted and why not, then one typed record per figure (see FIGURES).
Portfolio = NamedTuple("Portfolio", [("filters", dict), ("ongeldig", list), ("prijslijsten_overgeslagen", int)]
                       + [(f.name, object) for f in FIGURES])


class Filters:
    """Which cases count: ``gemeente`` and ``status`` (any of, case-insensitive) and ``sinds`` (on ``datum``)."""

    def __init__(self, gemeente=(), status=(), sinds: str | None = None):
        self.gemeente = tuple(gemeente or ())
        self.status = tuple(status or ())
        self.sinds = sinds
        self._g = {tag_key(g) for g in self.gemeente}
        self._s = {s.casefold() for s in self.status}

    def active(self) -> bool:
        return bool(self._g or self._s or self.sinds)

    def as_json(self) -> dict:
        return {"gemeente": list(self.gemeente), "status": list(self.status), "sinds": self.sinds}

    def match(self, head: CaseHead) -> bool:
        """Whether a case counts, from its :class:`.casesummary.CaseHead` (a summary's ``head``)."""
        if self._g and tag_key(head.gemeente or NO_GEMEENTE) not in self._g:
            return False
        if self._s and head.status.casefold() not in self._s:
            return False
        if self.sinds and not (head.datum and head.datum >= self.sinds):
            return False
        return True


class Accumulator:
    """The running portfolio of counted cases: one state per figure.

    ``add`` takes one summary (filtered here); ``merge`` adds the states of
    another accumulator, so that worker processes fold their chunk and the
    parent only merges. Every operation is exact and order-independent: the
    result never depends on how the cases were split over workers.
    """

    def __init__(self, filters: Filters | None = None, states: list | None = None):
        self.filters = filters or Filters()
        self.states = states if states is not None else [f.empty() for f in FIGURES]
        self._adds = [(f.scope, f.add, st) for f, st in zip(FIGURES, self.states)]

    def add(self, s: CaseSummary) -> bool:
        """Count one case summary if the filters let it through; True when counted. Each figure takes the case
        when :func:`.base.counts_in` says its scope counts it."""
        head = s.head
        if not self.filters.match(head):
            return False
        counts = {scope: counts_in(scope, head) for scope in SCOPES}
        for scope, add, state in self._adds:
            if counts[scope]:
                add(state, s)
        return True

    def merge(self, other_states: list) -> None:
        """Add the states of another accumulator (e.g. a worker's chunk)."""
        for figure, state, other in zip(FIGURES, self.states, other_states):
            figure.merge(state, other)

    def result(self, ongeldig: list, prijslijsten: int, run: RunContext) -> Portfolio:
        """The portfolio: exact Fractions for amounts (presenters round), counts, shares and days.

        ``run.peildatum`` is the day the report is about (the command gives today unless told otherwise):
        follow-up measurements due before it and not taken are late. Nothing here reads the clock.
        """
        return Portfolio(self.filters.as_json(), list(ongeldig or ()), prijslijsten,
                         *(f.result(st, run) for f, st in zip(FIGURES, self.states)))


UNREADABLE = "onleesbaar"  # a record kind: a case whose payload does not read back (see Fold.record)


def duplicate_error(file: str, case_id: str, first: str) -> str:
    return (f"{file}: fout[dubbel-id]: id: het id '{case_id}' wordt ook gebruikt door {first} "
            "(geef elke casus een eigen id)")


class Fold:
    """The files of a run, in file order, into the portfolio: how ``report``, ``export`` and ``site`` count.

    A case whose id an earlier file already used is listed as invalid and
    not counted; an invalid file is listed; a price list among the cases is
    counted apart. A case another process already folded into a chunk's
    state is only noted (:meth:`case` with ``folded``, and the name of its
    chunk: a worker's, or the background fold of the index's cases); at the
    chunk's end (:meth:`chunk`) that state is merged, or, when the chunk
    counted a case whose id was taken (or its state was lost), the chunk's
    other cases are added one by one. Chunks of different names may be open
    at once.
    """

    def __init__(self, filters: Filters | None = None):
        self.acc = Accumulator(filters)
        self.ongeldig: list = []
        self.ids: dict = {}
        self.prijslijsten = 0
        self._open: dict = {}  # chunk name -> [summary functions, dirty]

    def pricelist(self) -> None:
        self.prijslijsten += 1

    def invalid(self, file: str, message) -> None:
        self.ongeldig.append({"bestand": file, "fout": message})

    def case(self, file: str, case_id: str, summary: CaseSummary | None = None, folded=None,
             chunk: str = "worker") -> bool:
        """One case: its ``summary`` is added now, or the open ``chunk`` already ``folded`` it (then a function
        that gives the summary, should the chunk need folding again). False when its id is taken, or, for a
        summary added now, when the filters leave it out."""
        first = self.ids.setdefault(case_id, file)
        if first != file:
            self.invalid(file, duplicate_error(file, case_id, first))
            if folded is not None:
                self._chunk(chunk)[1] = True
            return False
        if folded is not None:
            self._chunk(chunk)[0].append(folded)
            return True
        return self.acc.add(summary)

    def record(self, kind: str, file: str, payload=None, case_id: str | None = None, chunk: str | None = None,
               chunk_end: bool = False, chunk_state=None) -> bool:
        """One record of a run, in file order: THE fold that report, export, site and serve share.

        ``kind`` "case" (``payload``: its summary, or for a case an open ``chunk`` already folded a function that
        gives it), "fout" (``payload``: the first error), "prijslijst", or :data:`UNREADABLE` (``payload``: the
        message; a case whose payload, just made, does not read back: listed as invalid, never counted). ``chunk_end``: the chunk's last record,
        with its state. True when a case summary added now counts (for a chunk's case: when its id is its own)."""
        counted = False
        if kind == "prijslijst":
            self.pricelist()
        elif kind == UNREADABLE:
            self.invalid(file, payload)
            if chunk:  # its chunk's state holds the case: the chunk's other cases are added one by one instead
                self._chunk(chunk)[1] = True
        elif kind != "case":
            self.invalid(file, payload)
        elif chunk:
            counted = self.case(file, case_id, folded=payload if callable(payload) else (lambda: payload),
                                chunk=chunk)
        else:
            counted = self.case(file, case_id if case_id is not None else payload.head.id, payload)
        if chunk_end:
            self.chunk(chunk_state, chunk)
        return counted

    def admit(self, file: str, head: CaseHead) -> bool:
        """Whether a case counts (its id is its own, and the filters let it through) without folding it into the
        figures: for an output that lists the counted cases rather than sums them (export)."""
        first = self.ids.setdefault(head.id, file)
        if first != file:
            self.invalid(file, duplicate_error(file, head.id, first))
            return False
        return self.acc.filters.match(head)

    def _chunk(self, name: str) -> list:
        entry = self._open.get(name)
        if entry is None:
            entry = self._open[name] = [[], False]
        return entry

    def chunk(self, state, chunk: str = "worker") -> None:
        """The ``chunk`` ended with this accumulator ``state`` (None: lost; its cases are added one by one)."""
        summaries, dirty = self._open.pop(chunk, ([], False))
        if dirty or state is None:
            for summary in summaries:
                self.acc.add(summary())
        else:
            self.acc.merge(state)

    def result(self, run: RunContext) -> Portfolio:
        return self.acc.result(self.ongeldig, self.prijslijsten, run)

def aggregate(entries, filters: Filters | None, run: RunContext) -> Portfolio:
    """Fold ``(kind, file, payload)`` entries, in file order, into the portfolio.

    ``kind`` is "case" (payload: a summary), "fout" (payload: the first error,
    formatted) or "prijslijst" (a price list found among the cases: skipped).
    """
    f = Fold(filters)
    for kind, file, payload in entries:
        f.record(kind, file, payload)
    return f.result(run)
