"""``python -m doorbraak_cli``."""

from .cli import run

run()
