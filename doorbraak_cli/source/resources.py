"""Where the shipped data lives: in the installed package, or in a checkout.

A wheel carries ``pricelists/`` and ``templates/`` inside the package
(see pyproject.toml); a source checkout keeps them at the top level.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
SCHEMA_DIR = PACKAGE / "schema"
CASE_SCHEMA = SCHEMA_DIR / "doorbraakplan-1.schema.json"
CASE_SCHEMA_COPY = "schema/doorbraakplan-1.schema.json"  # where `init` puts the case schema in a case repository
PRICELIST_SCHEMA = SCHEMA_DIR / "prijslijst-1.schema.json"


def data_dir(name: str) -> Path:
    """The shipped ``pricelists`` or ``templates`` folder."""
    for candidate in (PACKAGE / name, PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"shipped data folder '{name}' not found next to {PACKAGE}")


def repository_schema(start) -> Path | None:
    """The case schema copy that init made, at or above ``start`` (not beyond the repository's top)."""
    import os

    folder = Path(os.path.abspath(start))
    for f in (folder, *folder.parents):
        candidate = f / CASE_SCHEMA_COPY
        if candidate.is_file():
            return candidate
        if (f / ".git").exists():
            return None
    return None
