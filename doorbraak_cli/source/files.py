"""Files, the one way the tool reads and writes them.

* **Reading**: :func:`read_regular` reads a regular file up to a size limit.
  It never opens a FIFO, socket or device (opening a FIFO waits for a writer
  forever), and the size is checked before the file is read.
* **Digest**: :func:`digest_bytes` and :func:`digest_file`, SHA-256 in hex.
* **Writing**: :class:`AtomicFile` writes through a temporary file in the same
  folder and gives it its name in one atomic step, so a file is never left
  half-written. An existing file is never replaced unless asked
  (``overwrite``): without it the last step is a hard link, which fails when
  the name exists, so even a file that appears meanwhile survives.
  Temporary files are named ``.tmp-<pid>-*``; before it writes, every write
  removes the ones a killed run left in that folder (:func:`remove_stale_temporaries`).
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path

TEMP_PREFIX = ".tmp-"
STALE_AFTER = 24 * 3600  # seconds: a temporary file this old belongs to no running writer, whatever its name says
_O_BINARY = getattr(os, "O_BINARY", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class NotRegularFile(OSError):
    """The path is a folder, FIFO, socket or device, not a regular file."""

    def __init__(self, path, is_dir: bool):
        super().__init__(f"not a regular file: {path}")
        self.strerror = "geen gewoon bestand (maar een map, apparaat, pipe of socket)"
        self.is_dir = is_dir


class FileTooLarge(OSError):
    def __init__(self, path, size: int):
        super().__init__(f"file too large: {path} ({size} bytes)")
        self.size = size


def read_regular(path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Raises NotRegularFile, FileTooLarge, or the OSError of the failing call.
    A file that grows past the limit while it is read is returned with
    ``limit + 1`` bytes, so the caller can tell.
    """
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile(path, stat.S_ISDIR(st.st_mode))
    if st.st_size > limit:
        raise FileTooLarge(path, st.st_size)
    # O_NONBLOCK: should the name have become a FIFO since the stat, opening it still does not wait
    fd = os.open(path, os.O_RDONLY | _O_BINARY | _O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(path, False)
        parts = []
        total = 0
        want = st.st_size + 1
        while total <= limit:
            chunk = os.read(fd, want)
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            want = 1 << 16
        return parts[0] if len(parts) == 1 else b"".join(parts)
    finally:
        os.close(fd)


def open_regular(path, text: bool = True, **kw):
    """An open file object for reading a regular file, never anything else: a FIFO (which would wait for a writer
    forever), socket or device raises NotRegularFile, and opening it does not block."""
    fd = os.open(path, os.O_RDONLY | _O_BINARY | _O_NONBLOCK)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(path, stat.S_ISDIR(st.st_mode))
        return os.fdopen(fd, "r" if text else "rb", **kw)
    except BaseException:
        os.close(fd)
        raise


def digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(*parts: str) -> str:
    """A short digest of texts, to tell whether a generated file's content (or what it is made of) changed."""
    return digest_bytes("\0".join(parts).encode("utf-8", "surrogatepass"))[:32]


def digest_file(path, limit: int = 64 * 1024 * 1024) -> str | None:
    """SHA-256 of a regular file's bytes, or None when it cannot be read (or is no regular file)."""
    try:
        return digest_bytes(read_regular(path, limit))
    except OSError:
        return None


# --- writing -------------------------------------------------------------------------------


def exists_message(path) -> str:
    """What to tell a user whose output file is already there (before any work is done)."""
    return f"{path} bestaat al; kies een andere naam of gebruik --force om te overschrijven\n"


def appeared_message(path) -> str:
    """What to tell a user when the output file appeared while the work ran."""
    return f"{path} is intussen aangemaakt en wordt niet overschreven; kies een andere naam of gebruik --force\n"


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class AtomicFile:
    """A file that appears under its name only when it is complete.

    ``with AtomicFile(path) as f: f.handle().write(...)`` writes to a temporary
    file beside ``path`` and, when the block ends without an exception, gives
    it its name (FileExistsError when the name exists and ``overwrite`` is
    false: the temporary file is then removed). On an exception the temporary
    file is removed and ``path`` is untouched. A writer that needs a file name
    instead of a handle (Parquet) uses :attr:`tmp`.
    """

    def __init__(self, path, *, overwrite: bool = False, mode: int | None = None, text: bool = True,
                 private_folder: bool = False, durable: bool = True):
        self.path = Path(path)
        self.overwrite = overwrite
        self.durable = durable  # fsync before the rename (a user's file); a cache entry can do without
        self.mode = mode  # None: the usual permissions (0666 less the umask)
        self.text = text
        self.fh = None
        if private_folder:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(self.path.parent)
        self.tmp = _new_temporary(self.path)

    def handle(self):
        """The open temporary file (text: UTF-8 without newline translation; else binary)."""
        if self.fh is None:
            self.fh = open(self.tmp, "w", encoding="utf-8", newline="") if self.text else open(self.tmp, "wb")
        return self.fh

    def commit(self) -> None:
        if self.fh is not None:
            self.fh.flush()
            if self.durable:
                os.fsync(self.fh.fileno())
            self.fh.close()
            self.fh = None
        os.chmod(self.tmp, self.mode if self.mode is not None else 0o666 & ~umask())
        try:
            _publish(self.tmp, self.path, self.overwrite)
        finally:
            self.discard()

    def discard(self) -> None:
        if self.fh is not None:
            try:
                self.fh.close()
            except OSError:
                pass
            self.fh = None
        if self.tmp:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
            self.tmp = None

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()


_SERIAL = [0]


def _new_temporary(path: Path) -> str:
    """Create an empty private (0600) temporary file beside ``path`` and give its name, as tempfile.mkstemp does
    (a new random name until one is free, never following a link), without importing tempfile and random on
    calc's path."""
    for _ in range(100):
        tmp = str(path.parent / f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(6).hex()}{path.suffix}")
        try:
            fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | _O_BINARY | _O_NOFOLLOW, 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(f"no free temporary name beside {path}")


def open_new(path: str, mode: int, replace: bool = False) -> int:
    """A file descriptor for writing a file of our own at ``path``: never through a link put in its place;
    without ``replace`` never a file that is there already (FileExistsError)."""
    flags = os.O_WRONLY | os.O_CREAT | _O_NOFOLLOW | _O_BINARY | (os.O_TRUNC if replace else os.O_EXCL)
    return os.open(path, flags, mode)


def replace_bytes(path: str, data: bytes, mode: int) -> None:
    """Many files at once (a generated site, pages in the cache): ``data`` under ``path`` through a temporary
    file beside it and a rename, replacing what was there; no fsync (a rerun makes it again) and no search for
    a killed run's temporaries (the caller clears each folder once, with :func:`remove_stale_temporaries`)."""
    _SERIAL[0] += 1
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f"{TEMP_PREFIX}{os.getpid()}-{_SERIAL[0]}{os.path.splitext(name)[1]}")
    fd = open_new(tmp, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _publish(tmp: str, path: Path, overwrite: bool) -> None:
    """Give a finished temporary file its final name; FileExistsError when taken and not ``overwrite``."""
    if overwrite:
        try:
            st = os.lstat(path)
        except OSError:
            st = None
        if st is not None and not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
            raise NotRegularFile(path, stat.S_ISDIR(st.st_mode))  # a device, FIFO or socket is never replaced
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if os.path.lexists(path):
            raise FileExistsError(str(path)) from None
        os.replace(tmp, path)


def write_file(path, data: str | bytes, overwrite: bool = False, mode: int | None = None,
               private_folder: bool = False, durable: bool = True) -> None:
    """Write ``data`` to ``path`` atomically; FileExistsError when it exists and ``overwrite`` is false."""
    with AtomicFile(path, overwrite=overwrite, mode=mode, text=isinstance(data, str),
                    private_folder=private_folder, durable=durable) as f:
        f.handle().write(data)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or no way to tell: assume it still writes
    return True


def remove_stale_temporaries(folder, older_than: float = STALE_AFTER) -> int:
    """Remove the ``.tmp-<pid>-*`` files a killed run left in ``folder``; returns how many.

    A temporary file goes when the process that made it no longer runs, or when
    it is older than ``older_than`` seconds (a reused process id, or a file
    from another machine on a shared disk). Only regular files, never links.
    """
    removed = 0
    cutoff = time.time() - older_than
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(TEMP_PREFIX)]
    except OSError:
        return 0
    for e in entries:
        try:
            st = e.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode):
                continue
            pid = e.name[len(TEMP_PREFIX):].split("-", 1)[0]
            if st.st_mtime < cutoff or (pid.isdigit() and not _alive(int(pid))):
                os.unlink(e.path)
                removed += 1
        except OSError:
            pass
    return removed

