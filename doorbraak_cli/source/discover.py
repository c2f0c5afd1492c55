"""Finding case files: files and folders (recursively) expanded into YAML files, in a stable order."""

from __future__ import annotations

import os

from ..model.problem import ERROR, Problem

YAML_SUFFIXES = (".yaml", ".yml")
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".doorbraak-cache", ".hg", ".tox"}


def find_files(paths) -> tuple[list[str], list[Problem]]:
    """Expand files and folders (recursively) into YAML files, in a stable order."""
    files: list[str] = []
    problems: list[Problem] = []
    for path in paths:
        if os.path.isdir(path):
            found = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                found.extend(os.path.join(root, n) for n in names if n.endswith(YAML_SUFFIXES))
            files.extend(sorted(found))
        elif os.path.exists(path):
            files.append(path)
        else:
            problems.append(Problem(ERROR, "niet-gevonden", path, None, None, (), "het bestand of de map bestaat niet",
                                    "controleer de naam"))
    return files, problems
