"""A folder of generated files that one command owns: a static site.

The folder holds a marker (``.doorbraak-site.json``) that lists every file
the last run wrote with a fingerprint of its content and its size: a second
run writes only what changed and removes only files it wrote itself. A
folder that is not empty and has no marker is never written into without
``--force``. Every file is written atomically.
"""

from __future__ import annotations

import json
import os

MARKER = ".doorbraak-site.json"
MARKER_FORMAT = "doorbraak-site/1"


def target_problem(output: str, force: bool) -> str | None:
    """Why the site must not be written into this folder (Dutch), or None."""
    if os.path.exists(output) and not os.path.isdir(output):
        return f"{output}: dat is een bestand; geef een (nieuwe of lege) map voor de site"
    if os.path.isdir(output) and not force and not os.path.isfile(os.path.join(output, MARKER)):
        try:
            entries = [n for n in os.listdir(output) if n != ".DS_Store"]
        except OSError as exc:
            return f"{output}: de map kan niet gelezen worden ({exc.strerror})"
        if entries:
            return (f"{output}: de map is niet leeg en is geen site van doorbraak; kies een nieuwe of lege map, "
                    "of gebruik --force om er toch in te schrijven (andere bestanden blijven staan)")
    return None


def read_marker(output: str) -> dict:
    """The marker of the last complete run: ``bestanden`` {path: [fingerprint, size]} of the files it wrote,
    ``bron`` the key of everything it was made from and ``ongeldig`` how many files were invalid (when it
    says). {} when there is none, or it is not one we wrote in full."""
    try:
        with open(os.path.join(output, MARKER), encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    if not (isinstance(data, dict) and data.get("format") == MARKER_FORMAT and data.get("klaar") is True
            and isinstance(data.get("bestanden"), dict)):
        return {}
    files = {rel: v for rel, v in data["bestanden"].items()
             if isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) and isinstance(v[1], int)}
    made = data.get("bron")
    invalid = data.get("ongeldig")
    return {"bestanden": files, "bron": made if isinstance(made, str) else None,
            "ongeldig": invalid if type(invalid) is int and invalid >= 0 else None}


def write_marker(output: str, files: dict, done: bool, namen: bool, made_from: str | None = None,
                 invalid: int | None = None) -> None:
    from .files import write_file

    data = {"format": MARKER_FORMAT, "klaar": done, "namen": namen, "bestanden": files}
    if made_from is not None:
        data["bron"], data["ongeldig"] = made_from, invalid
    write_file(os.path.join(output, MARKER), json.dumps(data, ensure_ascii=False, separators=(",", ":")),
               overwrite=True, durable=done)


def sizes_on_disk(output: str) -> dict:
    """{path: size} of every regular file under the site folder (links are not followed)."""
    out = {}
    folders = [(output, "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for e in entries:
            try:
                if e.is_dir(follow_symlinks=False):
                    folders.append((e.path, f"{prefix}{e.name}/"))
                elif e.is_file(follow_symlinks=False):
                    out[prefix + e.name] = e.stat(follow_symlinks=False).st_size
            except OSError:
                pass
    return out


class Writer:
    """Writes the pages whose fingerprint changed; remembers every page for the marker.

    Each page is written atomically (a temporary file beside it, then a
    rename), as ``source/files.AtomicFile`` does and with its temporary names;
    but a site has thousands of files in one folder, so leftovers of a killed
    run are cleared once per folder, not once per file.
    """

    def __init__(self, output: str, namen: bool):
        from .files import umask

        self.output = output
        self.namen = namen
        marker = read_marker(output)
        self.old = marker.get("bestanden", {})
        self.made_from = marker.get("bron")  # the key of what the last run made the site from
        self.old_invalid = marker.get("ongeldig")
        self.source: tuple = (None, None)  # this run's (key, invalid files), for the marker
        self.disk = sizes_on_disk(output) if self.old else {}
        self.new: dict = {}
        self.written = 0
        self.started = False
        self.folders: set = set()
        self.mode = 0o666 & ~umask()

    def intact(self) -> bool:
        """Whether every file the last run wrote is there with its size (and the folder is such a site)."""
        return bool(self.old) and all(self.disk.get(rel) == entry[1] for rel, entry in self.old.items())

    def unchanged(self, rel: str, fp: str) -> bool:
        """Whether the file the last run wrote is there as it was and would be written the same: it is kept."""
        prev = self.old.get(rel)
        if prev and prev[0] == fp and self.disk.get(rel) == prev[1]:
            self.new[rel] = prev
            return True
        return False

    def begin(self) -> None:
        if not self.started:  # from here on the folder is half new: a killed run leaves a marker that says so
            # (and lists nothing: an unfinished marker is never read back, see read_marker)
            write_marker(self.output, {}, False, self.namen)
            self.started = True

    def put(self, rel: str, fp: str, make) -> None:
        if self.unchanged(rel, fp):
            return
        content = make()
        if content is None:
            return
        self.begin()
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        self.write(os.path.join(self.output, *rel.split("/")), data)
        self.written_file(rel, fp, len(data))

    def written_file(self, rel: str, fp: str, size: int) -> None:
        self.new[rel] = [fp, size]
        self.written += 1

    def prepare(self, folder: str) -> None:
        """Make the folder, and clear it of the temporary files of a run that was killed (once per folder)."""
        from .files import remove_stale_temporaries

        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            remove_stale_temporaries(folder)
            self.folders.add(folder)

    def write(self, path: str, data: bytes) -> None:
        from .files import replace_bytes

        self.prepare(os.path.dirname(path))
        replace_bytes(path, data, self.mode)

    def page(self, rel: str, content: str) -> None:
        from .files import fingerprint

        self.put(rel, fingerprint(content), lambda: content)

    def finish(self) -> int:
        """Remove the pages of the last run that this run did not make; write the marker. Returns how many went."""
        removed = 0
        for rel in self.old:
            if rel in self.new:
                continue
            path = os.path.join(self.output, *rel.split("/"))
            if os.path.isfile(path) and not os.path.islink(path):
                try:
                    os.unlink(path)
                    removed += 1
                except OSError:
                    pass
        if self.started or removed or self.new != self.old or self.source != (self.made_from, self.old_invalid):
            write_marker(self.output, self.new, True, self.namen, *self.source)
        return removed
