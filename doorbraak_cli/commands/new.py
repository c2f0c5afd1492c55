"""``doorbraak new``: a new case from the template, or a follow-up plan from an existing one.

* The id is ``<jaar>-<gemeente>-<NNN>``: the year of the plan's date, the
  municipality as lower-case ASCII, and the next number not yet used by a
  case in the target folder (its YAML files are scanned for ``id:``). Without
  a municipality it is ``<jaar>-<NNN>``.
* ``titel`` is the one field the format requires. When it is missing and we
  may not ask (``--no-input``, or stdin is not a terminal), ``new`` stops
  with a Dutch message and exit code 1; ``gemeente`` and ``regievoerder``
  may stay empty (``validate`` warns about them), never a made-up value.
* It never overwrites: the file is written to a temporary name and then
  hard-linked to its final name, which fails if that name exists.
* ``--van CASE`` reads the old plan with ruamel.yaml's round-trip loader (its
  comments, order and quoting survive), gives it a new id, sets
  ``vorig_plan``, puts ``status`` back to ``concept`` and the date to today,
  and drops what belonged to the old plan only: its journey (``reis``) and
  the budget already spent (``maatwerkbudget``), which would otherwise be
  counted twice in reports.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from datetime import date
from pathlib import Path

from ..model.problem import os_reason
from ..source.discover import SKIP_DIRS, YAML_SUFFIXES
from ..source.files import open_regular
from ..source.yamledit import yaml_scalar
from . import EXIT_INPUT, EXIT_OK, EXIT_USAGE, Io

TEMPLATE = "nieuwe-casus.yaml.j2"
_ID_LINE = re.compile(r"^id:[ \t]*[\"']?([A-Za-z0-9][A-Za-z0-9._-]*)", re.MULTILINE)


class ScaffoldError(Exception):
    """A problem the user can fix; the message is Dutch and complete."""


def slugify(text: str) -> str:
    """'s-Hertogenbosch -> s-hertogenbosch; Súdwest-Fryslân -> sudwest-fryslan."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def existing_ids(folder: Path) -> set[str]:
    """The ids of the case files in a folder and its subfolders (read as text: broken files count too)."""
    ids = set()
    if not folder.is_dir():
        return ids
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")]
        for name in names:
            if not name.endswith(YAML_SUFFIXES):
                continue
            try:
                with open_regular(os.path.join(root, name), encoding="utf-8", errors="replace") as fh:
                    head = fh.read(64 * 1024)
            except OSError:
                continue
            ids.update(_ID_LINE.findall(head))
    return ids


def next_id(folder: Path, year: int, gemeente: str) -> str:
    """``2026-tilburg-007``: one past the highest number in use for that year and municipality."""
    slug = slugify(gemeente)
    prefix = f"{year}-{slug}-" if slug else f"{year}-"
    pattern = re.compile(re.escape(prefix) + r"(\d+)$")
    numbers = [int(m.group(1)) for i in existing_ids(folder) if (m := pattern.match(i))]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def schema_reference(target: Path) -> str:
    """The JSON Schema as seen from the new file (relative path; a file URI as fallback).

    In a case repository (``doorbraak init``) that is the repository's own copy, else the shipped one.
    """
    from ..source.resources import CASE_SCHEMA, repository_schema

    schema = repository_schema(target.parent) or CASE_SCHEMA
    try:
        return os.path.relpath(schema, start=os.path.abspath(target.parent)).replace(os.sep, "/")
    except ValueError:  # another drive (Windows)
        return schema.as_uri()


def resolve_target(pad: str | None) -> tuple[Path, bool]:
    """(path, is_folder): a folder gets a file named after the id; a .yaml path is used as it is."""
    if not pad:
        return Path("."), True
    p = Path(pad)
    if p.is_dir():
        return p, True
    if p.exists():
        raise ScaffoldError(f"{p}: bestaat al en wordt niet overschreven; kies een andere naam of een map")
    if p.suffix.lower() in YAML_SUFFIXES:
        return p, False
    if p.suffix:
        raise ScaffoldError(f"{p}: een casus is een YAML-bestand; geef een naam op .yaml, of een map")
    return p, True  # a folder still to be made


def is_interactive() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def ask_missing(values: dict, may_prompt: bool) -> dict:
    """Ask for the fields that are still missing (only on a terminal and without --no-input)."""
    prompts = (
        ("titel", "Pseudoniem van het huishouden (titel)", True),
        ("gemeente", "Gemeente", False),
        ("regievoerder", "Regievoerder", False),
    )
    if may_prompt:
        from rich.console import Console
        from rich.prompt import Prompt

        console = Console(stderr=True, highlight=False)
        for key, question, required in prompts:
            while values.get(key) is None:
                answer = Prompt.ask(question + ("" if required else " [dim](Enter: later invullen)[/dim]"),
                                    console=console, default="" if not required else None, show_default=False)
                answer = (answer or "").strip()
                if answer or not required:
                    values[key] = answer
                else:
                    console.print("  een titel is nodig: een pseudoniem, geen echte naam")
    if not (values.get("titel") or "").strip():
        raise ScaffoldError("de titel ontbreekt: geef met --titel een pseudoniem voor het huishouden "
                            "(er wordt niet gevraagd met --no-input of als de invoer geen terminal is)")
    return {k: (values.get(k) or "").strip() for k, _, _ in prompts}


def render_scaffold(fields: dict, target: Path, templates: str | None = None) -> str:
    """The scaffold's text; a mistake in a municipality's own template is a RenderError naming file and line."""
    from ..present.plan.templating import render_with, template_env

    env = template_env(templates, autoescape=False)
    env.filters["yaml"] = yaml_scalar
    return render_with(env, TEMPLATE, {"schema": schema_reference(target), "bestand": " ".join(target.name.split()),
                                       **fields})


def follow_up(old_path: str, fields: dict, new_id: str, target: Path, today: date) -> str:
    """The text of a follow-up plan: the old one round-tripped, with id, status, date and vorig_plan reset."""
    from io import StringIO

    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    try:
        with open_regular(old_path, encoding="utf-8") as fh:
            data = yaml.load(fh)
    except OSError as exc:
        raise ScaffoldError(f"{old_path}: kan het vorige plan niet lezen ({os_reason(exc)})") from exc
    except YAMLError as exc:
        raise ScaffoldError(f"{old_path}: het vorige plan is geen geldige YAML; herstel het eerst "
                            f"(doorbraak validate {old_path})") from exc
    if not isinstance(data, dict):
        raise ScaffoldError(f"{old_path}: het vorige plan is geen casus (verwacht sleutels zoals 'id:' en 'titel:')")
    old_id = str(data.get("id") or "")
    if not old_id:
        raise ScaffoldError(f"{old_path}: het vorige plan heeft geen id; zonder id kan 'vorig_plan' er niet naar verwijzen")

    def put(key: str, value, after: tuple) -> None:
        if key in data:
            data[key] = value
            return
        keys = list(data.keys())
        pos = max((keys.index(k) + 1 for k in after if k in keys), default=len(keys))
        data.insert(pos, key, value)

    put("id", new_id, ("schema",))
    for key in ("titel", "gemeente", "regievoerder"):
        if fields.get(key):
            put(key, fields[key], ("id", "titel", "gemeente"))
    put("status", "concept", ("gemeente", "titel", "id"))
    put("datum", today, ("regievoerder", "status"))  # a date object: written unquoted
    put("vorig_plan", old_id, ("datum", "problemen", "prijslijst", "regievoerder", "status"))
    for key in ("reis", "maatwerkbudget"):
        if key in data:
            del data[key]
    buf = StringIO()
    yaml.dump(data, buf)
    body = buf.getvalue()
    lines = body.splitlines(keepends=True)
    while lines and lines[0].startswith("# yaml-language-server:"):
        lines.pop(0)
    header = (f"# yaml-language-server: $schema={schema_reference(target)}\n"
              f"# Vervolgplan op {old_id}. Overgenomen uit het vorige plan: werk elke stap bij\n"
              f"# naar hoe het nu is. Status en datum zijn opnieuw gezet; de reis en het\n"
              f"# maatwerkbudget horen bij het vorige plan en zijn niet overgenomen.\n")
    return header + "".join(lines)


def run(io: Io, pad: str | None, titel: str | None, gemeente: str | None, regievoerder: str | None,
        van: str | None, no_input: bool, templates: str | None = None, today: date | None = None) -> int:
    """``doorbraak new``: the exit code; messages go to stderr, the written path to stdout."""
    from ..present.plan.templating import RenderError
    from ..source.files import write_file

    today = today or date.today()
    err = io.message  # paths and names come from the user: shown with their control characters escaped
    if templates is not None and not os.path.isdir(templates):
        err(f"doorbraak new: de sjablonenmap '{templates}' bestaat niet\n")
        return EXIT_USAGE
    try:
        target, is_folder = resolve_target(pad)
        values = {"titel": titel, "gemeente": gemeente, "regievoerder": regievoerder}
        if van:
            from ..check.case import check_file

            old = check_file(van)
            if old.kind != "case":
                raise ScaffoldError(f"{van}: dit is geen casus")
            old_case = old.case
            if old_case is not None:
                for key in values:
                    if values[key] is None:
                        values[key] = getattr(old_case, key)
            elif not os.path.exists(van):
                raise ScaffoldError(f"{van}: het vorige plan bestaat niet")
            else:
                raw = _top_level_strings(van)
                for key in values:
                    if values[key] is None:
                        values[key] = raw.get(key, "")
        fields = ask_missing(values, may_prompt=not no_input and is_interactive())
        folder = target if is_folder else target.parent
        new_id = next_id(folder, today.year, fields["gemeente"])
        if is_folder:
            target = folder / f"{new_id}.yaml"
        if van:
            text = follow_up(van, fields, new_id, target, today)
        else:
            text = render_scaffold({**fields, "id": new_id, "datum": today.isoformat()}, target, templates)
        sealed_for = None
        if _encrypted_repository(target):
            text, sealed_for = _seal(text, target)
        try:
            write_file(target, text, overwrite=False)
        except BaseException:
            if sealed_for:
                from ..source.keys import forget_case_key

                forget_case_key(sealed_for)
            raise
    except FileExistsError:
        err(f"{target}: bestaat al en wordt niet overschreven; kies een andere naam of een map\n")
        return EXIT_INPUT
    except (ScaffoldError, RenderError) as exc:
        err(f"doorbraak new: {exc}\n")
        return EXIT_INPUT
    except OSError as exc:
        err(f"doorbraak new: kan niet schrijven: {exc.filename or ''} ({os_reason(exc)})\n")
        return EXIT_INPUT
    from ..check.case import check_file

    checked = check_file(str(target))
    e, w = len(checked.errors), len(checked.warnings)
    err(f"{'nieuw vervolgplan' if van else 'nieuwe casus'} {new_id}: {target}\n")
    err(f"controle: {e} {'fout' if e == 1 else 'fouten'}, {w} {'waarschuwing' if w == 1 else 'waarschuwingen'}"
        + (" (nog lege stappen: vul ze in en controleer met 'doorbraak validate')" if w and not e else "")
        + (f"; zie 'doorbraak validate {target}'" if e else "") + "\n")
    io.write(f"{target}\n")
    return EXIT_OK


def _encrypted_repository(target: Path) -> bool:
    from ..source.keys import team_recipients

    return bool(team_recipients(target.parent if target.parent.exists() else Path(".")))


def _seal(text: str, target: Path) -> tuple[str, str]:
    """The new case encrypted for an encrypted repository, before anything is written (never plain on disk)."""
    from datetime import datetime, timezone

    from ..source import keys, sealwrite, sops, yamlread

    if sops.is_sealed(yamlread.parse(text, str(target)).data):
        raise ScaffoldError("een vervolgplan op een versleutelde casus maakt doorbraak nog niet; kopieer de casus "
                            "met 'sops decrypt' naar een nieuwe naam buiten git en versleutel die met 'doorbraak versleutel'")
    try:
        sealed_text = sealwrite.seal_for_repository(text, str(target),
                                                    datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    except (keys.KeyError_, sops.SopsError) as exc:
        raise ScaffoldError(f"de nieuwe casus kan niet versleuteld worden: {exc}") from None
    recipient = sops.stanzas(yamlread.parse(sealed_text, str(target)).data)[0][0]
    return sealed_text, recipient


def _top_level_strings(path: str) -> dict:
    """titel/gemeente/regievoerder from a plan that does not validate (best effort, text only)."""
    out = {}
    try:
        with open_regular(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read(256 * 1024)
    except OSError:
        return out
    for key in ("titel", "gemeente", "regievoerder"):
        m = re.search(rf"^{key}:[ \t]*[\"']?([^\"'#\n]*?)[\"']?[ \t]*(#.*)?$", text, re.MULTILINE)
        if m:
            out[key] = m.group(1).strip()
    return out
