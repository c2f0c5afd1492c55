"""The figures: pure functions over the model, exact arithmetic, no I/O. Each figure is computed once,
by :func:`.analysis.analyse`, into a typed result that presenters only format."""
