"""Portfolio figures over many cases (Maatpact-style monitoring), in two steps.

1. :func:`.summary.summarize` turns one case's :class:`~..analysis.Analysis`
   into a small, name-free, JSON-able summary (cached per file by the batch
   runner). Amounts are the analysis' own exact values, written as fraction
   strings (``"589498/25"``, ``"3380"``), never floats.
2. An :class:`.summary.Accumulator` folds summaries into the portfolio, one
   :mod:`figure <.figures>` at a time. Sums stay exact; only presenters round.

A figure is one class in :mod:`.figures` (what it takes from a case, how it
adds up, what it gives); adding a report figure touches that module and the
presenters that show it.
"""
