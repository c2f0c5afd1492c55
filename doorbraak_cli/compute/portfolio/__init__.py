"""Portfolio figures over many cases (Maatpact-style monitoring), in two steps.

1. :func:`.casesummary.summarize` turns one case's :class:`~..analysis.Analysis`
   into a :class:`.casesummary.CaseSummary`: typed, immutable, name-free, its
   fields and their types declared in that one module. Amounts are the
   analysis' own exact values as (numerator, denominator) pairs, never floats.
   The batch runner keeps it per file as JSON (``to_json``) and reads it back
   checked against the declarations (``from_json``: a mismatch is a miss).
2. An :class:`.summary.Accumulator` folds summaries into the portfolio, one
   figure at a time; :func:`.base.counts_in` decides which cases each figure
   counts. Sums stay exact; a figure makes Fractions only of its results, and
   only presenters round.

A figure is one class (``money``, ``plans``, ``outlook``, ``evaluation``,
``funnel``): how it adds up and what it gives; what it reads of a case is a
field of the summary.
"""
