"""``doorbraak versleutel PAD...``: encrypt the story of existing cases in place (SOPS, age).

Each case gets its own key (kept outside git, for the team's recipients in ``.sops.yaml``); its
narrative values are encrypted, the figures stay readable, comments and order stay. A case that is
already encrypted is left as it is, unless plain narrative was added to it: then those values are
encrypted with its own key (which needs the user's key). Every file is written atomically and read
back first: it must open to exactly the same data.
"""

from __future__ import annotations

from datetime import datetime, timezone

from ..model.problem import os_reason
from . import EXIT_INPUT, EXIT_OK, Io


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def seal_file(path: str) -> str:
    """Encrypt one case in place; returns what happened (Dutch). Raises KeyError_/SopsError/ReadError/OSError."""
    from ..source import sealwrite, sops, yamlread
    from ..source.files import write_file

    text = yamlread.decode(yamlread.read_bytes(path), path)
    data = yamlread.parse(text, path).data
    if not isinstance(data, dict) or data.get("schema") != "doorbraakplan/1":
        return "overgeslagen (geen casus)"
    if sops.is_sealed(data):
        if not _plain_story(data):
            return "al versleuteld"
        new_text = sealwrite.reseal(text, path, now())
        write_file(path, new_text, overwrite=True)
        return "bijgewerkt (nieuwe tekst versleuteld)"
    new_text = sealwrite.seal_for_repository(text, path, now())
    write_file(path, new_text, overwrite=True)
    return "versleuteld"


def _plain_story(data) -> bool:
    from ..source import sops

    regex = data["sops"].get("encrypted_regex") or sops.ENCRYPTED_REGEX
    return any(v not in (None, "") and not sops.is_encrypted(v) and sops.matches(p, regex)
               for _a, _b, p, v in sops.leaves(data))


def run(io: Io, paths: list) -> int:
    from ..source import keys, sops, yamlread
    from ..source.discover import find_files

    files, problems = find_files(paths)
    for p in problems:
        io.message(p.format())
    status = EXIT_INPUT if any(p.is_error for p in problems) else EXIT_OK
    for f in files:
        try:
            what = seal_file(f)
        except yamlread.ReadError as exc:
            io.message(exc.problem.format())
            status = EXIT_INPUT
            continue
        except (keys.KeyError_, sops.SopsError) as exc:
            io.message(f"{f}: niet versleuteld: {exc}")
            status = EXIT_INPUT
            continue
        except OSError as exc:
            io.message(f"{f}: kan niet schrijven ({os_reason(exc)})")
            status = EXIT_INPUT
            continue
        io.write(f"{what}: {f}\n")
    return status
