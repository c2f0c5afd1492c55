"""A folder of generated files that one command owns: a static site.

The folder holds a marker (``.doorbraak-site.json``) that lists every file
the last run wrote with a fingerprint, its size and a digest of its bytes: a
second run writes only what changed and removes only files it wrote itself.
A folder that is not empty and has no marker is never written into without
``--force``. Every file is written atomically.

The marker is input like any other. One that names a path outside the folder
(``..``, absolute, odd characters) or has an entry of the wrong shape counts
as absent. A file is removed only when it resolves inside the folder with no
link on the way, is a regular file, and still has the size and digest the
marker recorded. The site never writes through a link: a subfolder that is a
link (to somewhere outside) is refused.
"""

from __future__ import annotations

import json
import os

from ..model.problem import os_reason

MARKER = ".doorbraak-site.json"
MARKER_FORMAT = "doorbraak-site/1"
DIGEST_LENGTH = 32


def content_digest(data: bytes) -> str:
    """The digest of a written file's bytes, as the marker keeps it."""
    from ..source.files import digest_bytes

    return digest_bytes(data)[:DIGEST_LENGTH]


class LinkInSite(OSError):
    """A folder of the site is a link: writing through it would write outside the site's folder."""

    def __init__(self, path: str):
        super().__init__(f"link in the site: {path}")
        self.strerror = (f"{path} is een koppeling (symlink) en geen gewone map; de site schrijft alleen in haar "
                         "eigen map: haal de koppeling weg of kies een andere map")


def safe_rel(rel) -> bool:
    """Whether a marker's path names a file inside the site's folder: relative, '/'-separated, no '.' or '..'."""
    if not isinstance(rel, str) or not rel or len(rel) > 4096 or rel.startswith("/") or rel == MARKER:
        return False
    if any(ch in rel for ch in "\\\0:") or any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in rel):
        return False
    return all(part not in ("", ".", "..") for part in rel.split("/"))


def _leftover(folder: str, name: str, depth: int = 0) -> bool:
    """Whether ``name`` in ``folder`` is only what a killed run of ours left: its temporary files, or a folder
    of nothing else."""
    from ..source.files import TEMP_PREFIX

    if name.startswith(TEMP_PREFIX) or name == MARKER:
        return True
    path = os.path.join(folder, name)
    if depth > 0 or os.path.islink(path) or not os.path.isdir(path):
        return False
    try:
        return all(_leftover(path, n, depth + 1) for n in os.listdir(path))
    except OSError:
        return False


def target_problem(output: str, force: bool) -> str | None:
    """Why the site must not be written into this folder (Dutch), or None. A marker that does not hold up counts as
    absent; what a killed run of ours left (temporary files, an unfinished marker) does not make a folder non-empty."""
    if os.path.exists(output) and not os.path.isdir(output):
        return f"{output}: dat is een bestand; geef een (nieuwe of lege) map voor de site"
    if os.path.isdir(output) and not force and not marker_holds(output):
        try:
            entries = [n for n in os.listdir(output) if n != ".DS_Store" and not _leftover(output, n)]
        except OSError as exc:
            return f"{output}: de map kan niet gelezen worden ({os_reason(exc)})"
        if entries:
            return (f"{output}: de map is niet leeg en is geen site van doorbraak; kies een nieuwe of lege map, "
                    "of gebruik --force om er toch in te schrijven (andere bestanden blijven staan)")
    return None


MARKER_LIMIT = 64 * 1024 * 1024


def _entry_ok(v) -> bool:
    return (isinstance(v, list) and len(v) in (2, 3) and isinstance(v[0], str) and type(v[1]) is int and v[1] >= 0
            and (len(v) == 2 or isinstance(v[2], str)))


def _marker_data(output: str) -> dict | None:
    """The marker as written by a run of ours (finished or not), or None when absent or when it does not hold up:
    not a regular file, not our format, or an entry of the wrong shape or with a path outside the folder."""
    from ..source.files import read_regular

    try:
        data = json.loads(read_regular(os.path.join(output, MARKER), MARKER_LIMIT))
    except (OSError, ValueError):
        return None
    if not (isinstance(data, dict) and data.get("format") == MARKER_FORMAT and type(data.get("klaar")) is bool
            and isinstance(data.get("bestanden"), dict)):
        return None
    if not all(safe_rel(rel) and _entry_ok(v) for rel, v in data["bestanden"].items()):
        return None
    return data


def marker_holds(output: str) -> bool:
    """Whether the folder carries a marker of ours that passes every check (an unfinished run's included)."""
    return _marker_data(output) is not None


def read_marker(output: str) -> dict:
    """The marker of the last complete run: ``bestanden`` {path: [fingerprint, size, digest]} of the files it
    wrote (older markers: no digest), ``bron`` the key of everything it was made from and ``ongeldig`` how many
    files were invalid (when it says). {} when there is none, or it is not one we wrote in full."""
    data = _marker_data(output)
    if data is None or data["klaar"] is not True:
        return {}
    files = data["bestanden"]
    made = data.get("bron")
    invalid = data.get("ongeldig")
    return {"bestanden": files, "bron": made if isinstance(made, str) else None,
            "ongeldig": invalid if type(invalid) is int and invalid >= 0 else None}


def write_marker(output: str, files: dict, done: bool, namen: bool, made_from: str | None = None,
                 invalid: int | None = None) -> None:
    from ..source.files import write_file

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
        from ..source.files import umask

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

    def keep(self, prefix: str) -> bool:
        """Keep every file the last run wrote under ``prefix`` when all are there as they were (True); else keep
        none of them (False: the caller writes them anew)."""
        rels = [rel for rel in self.old if rel.startswith(prefix)]
        if not rels or any(self.disk.get(rel) != self.old[rel][1] for rel in rels):
            return False
        for rel in rels:
            self.new[rel] = self.old[rel]
        return True

    def kept_bytes(self, rel: str, limit: int = 1 << 20) -> bytes | None:
        """The content of a file the last run wrote, when it is still there with its size; else None."""
        from ..source.files import read_regular

        if rel not in self.old or self.disk.get(rel) != self.old[rel][1]:
            return None
        try:
            return read_regular(os.path.join(self.output, *rel.split("/")), limit)
        except OSError:
            return None

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
        self.written_file(rel, fp, len(data), content_digest(data))

    def written_file(self, rel: str, fp: str, size: int, digest: str) -> None:
        self.new[rel] = [fp, size, digest[:DIGEST_LENGTH]]
        self.written += 1

    def prepare(self, folder: str) -> None:
        """Make the folder (never through a link: LinkInSite), and clear it of the temporary files of a run that
        was killed (once per folder)."""
        from ..source.files import remove_stale_temporaries

        if folder not in self.folders:
            rel = os.path.relpath(folder, self.output)
            here = self.output
            for part in [] if rel == "." else rel.split(os.sep):
                here = os.path.join(here, part)
                if os.path.islink(here) or (os.path.lexists(here) and not os.path.isdir(here)):
                    raise LinkInSite(here)
                os.makedirs(here, exist_ok=True)
                if os.path.islink(here):  # put there meanwhile
                    raise LinkInSite(here)
            remove_stale_temporaries(folder)
            self.folders.add(folder)

    def drop_temporaries(self) -> None:
        """Remove this run's own temporary files (an interrupted or failed run), in every folder it prepared."""
        from ..source.files import TEMP_PREFIX, remove_stale_temporaries

        mine = f"{TEMP_PREFIX}{os.getpid()}-"
        for folder in self.folders:
            try:
                for e in os.scandir(folder):
                    if e.name.startswith(mine) and e.is_file(follow_symlinks=False):
                        os.unlink(e.path)
            except OSError:
                pass
            remove_stale_temporaries(folder)

    def write(self, path: str, data: bytes) -> None:
        from ..source.files import replace_bytes

        self.prepare(os.path.dirname(path))
        replace_bytes(path, data, self.mode)

    def _add_digests(self) -> None:
        """Give the entries a marker of an older version kept (no digest of their bytes) their digest, read from
        the file as it is now, so that a later run may remove them (once per such site)."""
        from ..source.files import read_regular

        for rel, entry in list(self.new.items()):
            if len(entry) == 2:
                try:
                    data = read_regular(os.path.join(self.output, *rel.split("/")), entry[1])
                except OSError:
                    continue
                if len(data) == entry[1]:
                    self.new[rel] = [entry[0], entry[1], content_digest(data)]

    def removable(self, rel: str, entry: list) -> bool:
        """Whether a file the last run listed may go: inside the folder with no link on the way, a regular file,
        with the size and the digest of its bytes the marker recorded (a marker without digests removes none)."""
        import stat

        from ..source.files import read_regular

        if not safe_rel(rel) or len(entry) != 3:
            return False
        here = self.output
        parts = rel.split("/")
        try:
            for part in parts[:-1]:
                here = os.path.join(here, part)
                if not stat.S_ISDIR(os.lstat(here).st_mode):
                    return False
            path = os.path.join(here, parts[-1])
            st = os.lstat(path)
            if not stat.S_ISREG(st.st_mode) or st.st_size != entry[1]:
                return False
            return content_digest(read_regular(path, entry[1])) == entry[2]
        except OSError:
            return False

    def page(self, rel: str, content: str) -> None:
        from ..source.files import fingerprint

        self.put(rel, fingerprint(content), lambda: content)

    def finish(self) -> int:
        """Remove the pages of the last run that this run did not make; write the marker. Returns how many went."""
        self._add_digests()
        removed = 0
        for rel, entry in self.old.items():
            if rel not in self.new and self.removable(rel, entry):
                try:
                    os.unlink(os.path.join(self.output, *rel.split("/")))
                    removed += 1
                except OSError:
                    pass
        if self.started or removed or self.new != self.old or self.source != (self.made_from, self.old_invalid):
            write_marker(self.output, self.new, True, self.namen, *self.source)
        return removed
