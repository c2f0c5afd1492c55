"""Presenters: turn one computed :class:`~doorbraak_cli.calc.Result` into text.

``tables`` builds the rows once (strings in Dutch notation); ``terminal``
(rich), ``markdown``, ``jsonout`` and ``csvout`` only lay them out.
"""
