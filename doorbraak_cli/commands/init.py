"""``doorbraak init``: make (or complete) a case repository, never overwriting anything.

What a case repository gets, each only when it is missing:

* a git repository (``git init``), unless the folder is in one already;
* ``casussen/`` for the plans and ``pricelists/`` for local tariffs;
* ``schema/``: copies of the JSON Schemas, so an editor needs no installed
  package; ``.vscode/settings.json`` associates them with the case files
  (``yaml.schemas``; an existing settings file is completed only when it is
  plain JSON without that key, else we say what to add), and ``doorbraak new``
  points its modeline at the copy, relatively;
* ``.gitattributes`` (``diff=doorbraak`` for the case files; missing lines are
  appended) and, in the repository's own ``.git/config``,
  ``diff.doorbraak.textconv`` (``doorbraak textconv``: the figures in ``git diff``);
* ``.pre-commit-config.yaml`` with the ``doorbraak-validate`` hook;
* ``README.md``: a short Dutch page for the team;
* with ``--versleuteld``: ``.sops.yaml``, whose creation rule encrypts the story in ``casussen/`` for
  the team's age recipients (``--ontvanger``, repeatable; default the user's own key), so that
  ``doorbraak new``/``versleutel`` and ``sops`` itself encrypt the same fields (SECURITY.md).

A second run changes nothing. The report says, per item, what was made,
completed, set, already there, or is left for the user to do.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

from ..model.problem import os_reason
from ..source.resources import CASE_SCHEMA_COPY
from . import EXIT_INPUT, EXIT_OK, Io

CASES = "casussen"
PRICES = "pricelists"
PRICELIST_SCHEMA_COPY = "schema/prijslijst-1.schema.json"
DRIVER = "doorbraak"
HOOK_ID = "doorbraak-validate"
HOOK_FILES = r"(^|/)(casussen|pricelists)/.+\.ya?ml$"
YAML_SCHEMAS = {
    "./" + CASE_SCHEMA_COPY: [f"{CASES}/**/*.yaml", f"{CASES}/**/*.yml"],
    "./" + PRICELIST_SCHEMA_COPY: [f"{PRICES}/*.yaml", f"{PRICES}/*.yml"],
}
EXTENSIONS = {"recommendations": ["redhat.vscode-yaml"]}
_GIT_ENV = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR")

MADE, COMPLETED, SET, EXISTED, TODO = "gemaakt", "aangevuld", "ingesteld", "bestond al", "zelf doen"
REPAIRED = "hersteld"


class Step(NamedTuple):
    status: str  # MADE | COMPLETED | SET | EXISTED | TODO | REPAIRED
    what: str
    note: str = ""


class InitError(Exception):
    """Init cannot go on; the message is Dutch and complete."""


def own_command(sub: str) -> str:
    """How git and pre-commit start this doorbraak: this Python, absolutely, with ``-m doorbraak_cli``.

    Never a bare ``doorbraak``: git runs the diff driver (and pre-commit a local hook) from whatever PATH it
    has then (a GUI client, a shell without the virtual environment), where ``doorbraak`` may not be found.
    The Python that runs this doorbraak can always import it; ``doorbraak init --repair`` sets it again after
    a move or a new installation.
    """
    return f"{shlex.quote(sys.executable)} -m doorbraak_cli {sub}"


def hook_repository() -> str:
    """doorbraak's public git URL from the package metadata (Project-URL 'Source'), or '' when unknown."""
    try:
        from importlib.metadata import PackageNotFoundError, metadata

        urls = metadata("doorbraak").get_all("Project-URL") or []
    except (ImportError, PackageNotFoundError, OSError):
        return ""
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("source", "repository", "bron") and url.strip().startswith("https://"):
            return url.strip()
    return ""


def git(args: list, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in _GIT_ENV}
    try:
        done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    except FileNotFoundError:
        raise InitError("git is niet gevonden; installeer git (https://git-scm.com) en voer 'doorbraak init' "
                        "opnieuw uit") from None
    except (OSError, subprocess.SubprocessError) as exc:
        raise InitError(f"git kon niet starten ({exc})") from None
    if check and done.returncode != 0:
        raise InitError(f"'git {' '.join(args)}' mislukte: {done.stderr.strip() or done.stdout.strip()}")
    return done


def template(name: str, **context) -> str:
    from ..present.plan.templating import template_env

    return template_env(None, autoescape=False).get_template(f"repo/{name}").render(**context)


def shipped(name: str) -> bytes:
    from ..source.resources import data_dir

    return (data_dir("templates") / "repo" / name).read_bytes()


def make_file(root: Path, rel: str, data: str | bytes, why_differs: str = "") -> Step:
    """Write a file that is missing; an existing one is left as it is (``why_differs`` when it is not ours)."""
    from ..source.files import write_file

    path = root / rel
    if path.exists() or path.is_symlink():
        if why_differs and path.is_file():
            mine = data.encode("utf-8") if isinstance(data, str) else data
            if path.read_bytes() != mine:
                return Step(EXISTED, rel, why_differs)
        return Step(EXISTED, rel)
    try:
        write_file(path, data, overwrite=False)
    except FileExistsError:
        return Step(EXISTED, rel)
    return Step(MADE, rel)


def make_folder(root: Path, rel: str) -> Step:
    path = root / rel
    if path.is_dir():
        return Step(EXISTED, rel + "/")
    if path.exists():
        raise InitError(f"{path}: bestaat al, maar is geen map")
    path.mkdir(parents=True)
    (path / ".gitkeep").write_bytes(b"")  # git keeps no empty folder
    return Step(MADE, rel + "/")


def vscode_settings(root: Path) -> Step:
    """``yaml.schemas`` in .vscode/settings.json: made, merged into plain JSON without it, or left."""
    from ..source.files import write_file

    rel = ".vscode/settings.json"
    path = root / rel
    wanted = {"yaml.schemas": YAML_SCHEMAS}
    if not path.exists():
        write_file(path, json.dumps(wanted, indent=4, ensure_ascii=False) + "\n")
        return Step(MADE, rel, "koppelt het schema aan de casussen en prijslijsten")
    snippet = json.dumps(wanted, ensure_ascii=False)
    try:
        current = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return Step(TODO, rel, f"geen gewone JSON (misschien met commentaar), niet gewijzigd; voeg toe: {snippet}")
    if not isinstance(current, dict):
        return Step(TODO, rel, f"geen JSON-object, niet gewijzigd; voeg toe: {snippet}")
    if "yaml.schemas" in current:
        if current["yaml.schemas"] == YAML_SCHEMAS:
            return Step(EXISTED, rel)
        return Step(TODO, rel, "heeft al eigen 'yaml.schemas', niet gewijzigd; voeg daar zelf toe: "
                    + json.dumps(YAML_SCHEMAS, ensure_ascii=False))
    current["yaml.schemas"] = YAML_SCHEMAS
    write_file(path, json.dumps(current, indent=4, ensure_ascii=False) + "\n", overwrite=True)
    return Step(COMPLETED, rel, "'yaml.schemas' toegevoegd")


def gitattributes(root: Path) -> Step:
    """The diff driver for case files; lines that are missing are appended to an existing file."""
    from ..source.files import write_file

    rel = ".gitattributes"
    ours = shipped("gitattributes").decode("utf-8")
    path = root / rel
    if not path.exists():
        write_file(path, ours)
        return Step(MADE, rel, "diff=doorbraak voor de casussen")
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    have = {" ".join(line.split()) for line in text.splitlines()}
    rules = [line for line in ours.splitlines() if line.strip() and not line.startswith("#")]
    missing = [line for line in rules if " ".join(line.split()) not in have]
    if not missing:
        return Step(EXISTED, rel)
    sep = "" if text.endswith("\n") or not text else "\n"
    write_file(path, text + sep + "\n" + ours, overwrite=True)
    return Step(COMPLETED, rel, "regels voor diff=doorbraak toegevoegd")


def git_config(root: Path, key: str, value: str, repair: bool = False) -> Step:
    current = git(["config", "--local", "--get", key], root, check=False)
    what = f"git config {key}"
    if current.returncode == 0:
        if current.stdout.strip() == value:
            return Step(EXISTED, what)
        if repair:  # a moved or reinstalled doorbraak: point git at the one running now
            git(["config", "--local", key, value], root)
            return Step(REPAIRED, what, f"was '{current.stdout.strip()}', nu {value}")
        return Step(EXISTED, what, f"staat op '{current.stdout.strip()}'; niet gewijzigd "
                    f"(voor doorbraak: git config {key} {shlex.quote(value)})")
    git(["config", "--local", key, value], root)
    return Step(SET, what, value)


def precommit_config(root: Path, top: Path | None) -> Step:
    """The hook in .pre-commit-config.yaml; ``top`` is the repository's top level when ``root`` lies deeper in it."""
    from .. import __version__

    text = template("pre-commit-config.yaml.j2", repo=hook_repository(), rev=f"v{__version__}", hook=HOOK_ID,
                    files=HOOK_FILES, entry=own_command("validate"))
    rel = ".pre-commit-config.yaml"
    if top is not None:
        path = top / rel
        if path.exists() and HOOK_ID in path.read_text(encoding="utf-8", errors="replace"):
            return Step(EXISTED, str(path))
        return Step(TODO, str(path), f"pre-commit leest alleen de hoofdmap van de repository ({top}); "
                    f"neem daarin de hook '{HOOK_ID}' op, zoals in de README")
    path = root / rel
    if path.exists() and HOOK_ID not in path.read_text(encoding="utf-8", errors="replace"):
        return Step(TODO, rel, f"bestaat al zonder de hook '{HOOK_ID}', niet gewijzigd; voeg onder 'repos:' toe:\n"
                    + text.split("repos:\n", 1)[1].rstrip())
    return make_file(root, rel, text)


SOPS_CONFIG = """\
# doorbraak: het verhaal van elk huishouden in casussen/ is versleuteld (SOPS met age); de cijfers blijven
# leesbaar. Ontvangers: de publieke sleutels van het team ('doorbraak sleutel maak'). Zie SECURITY.md.
creation_rules:
  - path_regex: (^|/)casussen/.*\\.ya?ml$
    encrypted_regex: {regex}
    mac_only_encrypted: true
    age: {recipients}
"""


def sops_config(root: Path, recipients: list) -> Step:
    """``.sops.yaml`` for an encrypted repository; an existing one is left as it is."""
    from ..source import keys
    from ..source.sops import ENCRYPTED_REGEX

    if not recipients:
        own = keys.identities() if keys.has_identity() else []
        if not own:
            raise InitError("--versleuteld heeft ontvangers nodig: geef --ontvanger AGE1… (de publieke sleutels van "
                            "het team), of maak eerst uw eigen sleutel met 'doorbraak sleutel maak'")
        recipients = [keys.recipient_of(own[0])]
    bad = [r for r in recipients if not keys.RECIPIENT.match(r)]
    if bad:
        raise InitError(f"'{bad[0]}' is geen age-ontvanger (een publieke sleutel begint met age1)")
    text = SOPS_CONFIG.format(regex=ENCRYPTED_REGEX, recipients=",".join(recipients))
    return make_file(root, ".sops.yaml", text, "bestaat al met andere regels; niet gewijzigd")


def initialise(root: Path, driver: str | None = None, repair: bool = False,
               recipients: list | None = None) -> list[Step]:
    """Every step, in order; InitError when the folder cannot become a case repository. ``repair``: also set
    again what points at a doorbraak or a schema that moved (the diff driver, the local hook, the modelines).
    ``recipients``: also ``.sops.yaml`` for an encrypted repository (None: not encrypted)."""
    from .. import __version__
    from ..source.resources import CASE_SCHEMA, PRICELIST_SCHEMA

    steps: list[Step] = []
    if root.exists() and not root.is_dir():
        raise InitError(f"{root}: bestaat al en is geen map")
    root.mkdir(parents=True, exist_ok=True)
    found = git(["rev-parse", "--show-toplevel"], root, check=False)
    nested = None
    if found.returncode == 0 and found.stdout.strip():
        top = Path(found.stdout.strip()).resolve()
        nested = None if top == root.resolve() else top
        steps.append(Step(EXISTED, "git-repository", f"deze map ligt in de repository {top}" if nested else ""))
    else:
        git(["init", "--quiet", "."], root)
        steps.append(Step(MADE, "git-repository", "git init"))
    steps.append(make_folder(root, CASES))
    steps.append(make_folder(root, PRICES))
    for shipped_schema, rel, option in ((CASE_SCHEMA, CASE_SCHEMA_COPY, ""),
                                        (PRICELIST_SCHEMA, PRICELIST_SCHEMA_COPY, " --prijslijst")):
        steps.append(make_file(root, rel, shipped_schema.read_bytes(),
                               f"verschilt van het schema van deze doorbraak ({__version__}); niet vervangen "
                               f"(vervangen: doorbraak schema{option} > {rel})"))
    steps.append(vscode_settings(root))
    steps.append(make_file(root, ".vscode/extensions.json", json.dumps(EXTENSIONS, indent=4) + "\n"))
    steps.append(gitattributes(root))
    steps.append(git_config(root, f"diff.{DRIVER}.textconv", driver or own_command("textconv"), repair))
    steps.append(precommit_config(root, nested))
    if repair:
        steps.extend(repair_hook(nested or root))
        steps.extend(repair_modelines(root))
    steps.append(make_file(root, "README.md", template("README.md.j2", naam=root.resolve().name, versie=__version__)))
    if recipients is not None:
        steps.append(sops_config(root, recipients))
    return steps


def run(io: Io, map_: str | None = None, driver: str | None = None, repair: bool = False, versleuteld: bool = False,
        ontvangers: list | None = None) -> int:
    """``doorbraak init [MAP]``: 0 when the repository is complete (items to do yourself are listed), 1 on failure.

    ``driver`` overrides the textconv command written to the git config (tests).
    """
    root = Path(map_ or ".")
    try:
        if ontvangers and not versleuteld:
            raise InitError("--ontvanger hoort bij --versleuteld")
        steps = initialise(root, driver, repair, list(ontvangers or []) if versleuteld else None)
    except InitError as exc:
        io.message(f"doorbraak init: {exc}")
        return EXIT_INPUT
    except OSError as exc:
        io.message(f"doorbraak init: kan niet schrijven: {exc.filename or root} ({os_reason(exc)})")
        return EXIT_INPUT
    io.write(f"casusrepository: {root.resolve()}\n")
    width = max(len(s.status) for s in steps) + 1
    for s in steps:
        note = f"  ({s.note})" if s.note and "\n" not in s.note else ""
        io.write(f"  {s.status + ':':<{width}} {s.what}{note}\n")
        if "\n" in s.note:
            io.write("".join(f"      {line}\n" for line in s.note.splitlines()))
    counts = {status: sum(s.status == status for s in steps)
              for status in (MADE, COMPLETED, SET, REPAIRED, EXISTED, TODO)}
    summary = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
    io.write(f"klaar: {summary}\n")
    if counts[MADE] or counts[SET]:
        io.write(f"volgende stap: doorbraak new {CASES} --titel PSEUDONIEM; daarna pre-commit install "
                 "(zie README.md)\n")
    return EXIT_OK


# --- init --repair: what points at a doorbraak or a schema that is no longer there --------------------------


def repair_hook(top: Path) -> list[Step]:
    """The local hook's ``entry`` in .pre-commit-config.yaml, set to this doorbraak when it names another one."""
    import re

    path = top / ".pre-commit-config.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    if "repo: local" not in text or HOOK_ID not in text:
        return []
    wanted = json.dumps(own_command("validate"), ensure_ascii=False)
    entry = re.compile(r"^(\s*entry:\s*)(.*doorbraak.*?)\s*$", re.M)
    found = entry.search(text)
    if found is None or found.group(2) == wanted:
        return []
    from ..source.files import write_file

    mode = os.stat(path).st_mode & 0o7777
    write_file(path, text[:found.start(2)] + wanted + text[found.end(2):], overwrite=True, mode=mode)
    return [Step(REPAIRED, ".pre-commit-config.yaml", f"entry: {wanted}")]


def repair_modelines(root: Path) -> list[Step]:
    """Every case under casussen/ whose editor modeline leads to no schema gets one that does; only that line
    changes (under the case edit lock)."""
    from ..source import modeline
    from ..source.discover import find_files
    from ..source.locking import FileBusy, FileChanged, LockedEdit
    from ..source.resources import CASE_SCHEMA, repository_schema
    from ..source.yamlread import MAX_BYTES

    folder = root / CASES
    if not folder.is_dir():
        return []
    schema = str(repository_schema(root) or CASE_SCHEMA)
    steps = []
    for f in find_files([str(folder)])[0]:
        found = modeline.find(modeline.read_head(f))
        if found is None or not modeline.broken(f, found.ref):
            continue
        rel = os.path.relpath(f, root)
        try:
            with LockedEdit(f, MAX_BYTES) as edit:
                text = edit.data.decode("utf-8")
                found = modeline.find(text)
                if found is None or not modeline.broken(f, found.ref):
                    continue
                ref = modeline.reference(f, schema)
                new_line = found.text.replace("$schema=" + found.ref, "$schema=" + ref, 1)
                edit.replace(text.replace(found.text, new_line, 1).encode("utf-8"))
            steps.append(Step(REPAIRED, rel, f"modeline wijst nu naar {ref}"))
        except (FileBusy, FileChanged, UnicodeDecodeError, OSError) as exc:
            steps.append(Step(TODO, rel, f"modeline niet hersteld ({os_reason(exc)})"))
    return steps
