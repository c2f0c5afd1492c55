"""Presenters: format computed figures, never compute them.

``numbers`` rounds (half-up, Dutch notation) and is the only place that does;
``tables`` builds the method's tables as rows of display strings once;
``case/`` lays out one case (calc), ``plan/`` the plan document (render),
``portfolio/`` the report, ``export`` the fact table.
"""
