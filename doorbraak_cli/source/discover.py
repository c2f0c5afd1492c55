"""Finding case files: files and folders (recursively) expanded into YAML files, in a stable order.

Nothing found here is opened: a FIFO, socket or device that ends in ``.yaml``
is skipped with a warning (opening a FIFO would wait forever), and a folder
that cannot be read is an error that names it, never a silently smaller
portfolio. Links to folders are not followed (no loops); hidden files and
folders and those of tools (``.git``, ``.venv``, ``node_modules`` …) are left out.
"""

from __future__ import annotations

import os
import stat

from ..model.problem import ERROR, WARNING, Problem, os_reason

YAML_SUFFIXES = (".yaml", ".yml")
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".doorbraak-cache", ".hg", ".tox"}


def _problem(severity: str, code: str, path: str, message: str, hint: str = "") -> Problem:
    return Problem(severity, code, path, None, None, (), message, hint)


def _not_regular(path: str) -> Problem:
    return _problem(WARNING, "geen-gewoon-bestand", path,
                    "dit is geen gewoon bestand (maar bijvoorbeeld een pipe, socket of apparaat) en wordt overgeslagen",
                    "een casus is een gewoon YAML-bestand")


def _walk(folder: str, files: list, problems: list) -> None:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except PermissionError:
        problems.append(_problem(ERROR, "map-onleesbaar", folder, "deze map kan niet gelezen worden (geen leesrechten)",
                                 "geef leesrechten op de map, of laat haar weg"))
        return
    except OSError as exc:
        problems.append(_problem(ERROR, "map-onleesbaar", folder, f"deze map kan niet gelezen worden ({os_reason(exc)})"))
        return
    subfolders = []
    for e in entries:
        try:
            is_dir = e.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            if e.name not in SKIP_DIRS and not e.name.startswith("."):
                subfolders.append(e.path)
            continue
        if not e.name.endswith(YAML_SUFFIXES) or e.name.startswith("."):
            continue  # hidden files are a tool's (.pre-commit-config.yaml), never a case
        try:
            regular = e.is_file(follow_symlinks=True)
        except OSError:
            regular = False
        if regular:
            files.append(e.path)
        elif os.path.lexists(e.path) and not _is_dangling(e.path):
            problems.append(_not_regular(e.path))
    for sub in subfolders:
        _walk(sub, files, problems)


def _is_dangling(path: str) -> bool:
    return os.path.islink(path) and not os.path.exists(path)


def find_files(paths) -> tuple[list[str], list[Problem]]:
    """Expand files and folders (recursively) into YAML files, in a stable order; problems say what was left out.

    Errors (a path that does not exist, a folder that cannot be read) mean the
    set of files is incomplete; warnings (a FIFO among the cases) do not.
    """
    files: list[str] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            problems.append(_problem(ERROR, "niet-gevonden", path, "het bestand of de map bestaat niet", "controleer de naam"))
            continue
        except OSError as exc:
            problems.append(_problem(ERROR, "map-onleesbaar", path, f"kan niet gelezen worden ({os_reason(exc)})"))
            continue
        if stat.S_ISDIR(st.st_mode):
            found: list[str] = []
            _walk(path, found, problems)
            files.extend(sorted(found))
        elif stat.S_ISREG(st.st_mode):
            files.append(path)
        else:
            problems.append(_not_regular(path))
    return files, problems
