"""Many cases at once, for ``report`` and ``export``: an index of per-file results, worker processes, progress.

The figures of one case come from the same path as ``calc``: read, check,
analyse. Each case becomes a small, name-free summary (report) or a list of
export rows; that work runs in worker processes, in chunks, in file order,
and the parent only folds, so memory stays flat.
"""
