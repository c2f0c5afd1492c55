"""Editing a user's file in place while other runs may edit it too: the one lock (see :class:`LockedEdit`)."""

from __future__ import annotations

import os
import stat
import time

from .files import FileTooLarge, NotRegularFile, write_file

_O_BINARY = getattr(os, "O_BINARY", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class FileBusy(OSError):
    """Another run holds the file's lock and did not let go in time."""


class FileChanged(OSError):
    """The file changed between the moment it was read and the moment it would be written."""


def not_edited(name: str, exc: OSError, what: str) -> str:
    """The Dutch message of an edit of the case ``name`` (as shown) that did not happen because of ``exc`` (the lock
    not free in time, the file changed since it was read, or the system's refusal); ``what``: what did not happen
    ('meting niet toegevoegd'). The one wording of every command that edits a case."""
    from ..model.problem import os_reason

    if isinstance(exc, FileBusy):
        return f"{name}: een andere opdracht bewerkt dit bestand nu; {what}, probeer het zo opnieuw"
    if isinstance(exc, FileChanged):
        return f"{name}: het bestand is intussen veranderd; {what}, probeer opnieuw"
    return f"{name}: kan niet lezen of schrijven ({os_reason(exc)}); {what}"


LOCK_WAIT = 15.0  # seconds a run waits for another run's edit of the same file


def _try_lock(fd: int) -> bool:
    """An exclusive lock on the open file ``fd`` without waiting; True where no lock exists (no fcntl)."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system: no advisory lock; the change check before the write remains
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


class LockedEdit:
    """Read a file, and later replace it, with no other run editing it in between.

    ``with LockedEdit(path, limit) as e: ...e.data...; e.replace(new_bytes)``. The one mechanism for every
    command that edits a user's file in place (``meting``, the lifecycle commands):

    * **Lock**: an exclusive ``flock`` on the file itself (an advisory lock every such command takes; no lock
      file is left beside the case). A second run waits for it (at most ``wait`` seconds, then FileBusy).
      Because a write gives the file a new inode (atomic rename), a run that got the lock on the inode that
      was just replaced sees that the name now means another file, and locks that one instead: it reads what
      the first run wrote. On a system without ``fcntl`` no lock is taken.
    * **Read under the lock**: :attr:`data`, a regular file of at most ``limit`` bytes (NotRegularFile,
      FileTooLarge as :func:`read_regular`).
    * **Write**: :meth:`replace` first checks that the name still means the file that was read, with the
      bytes that were read (an editor or a program that ignores the lock: FileChanged, nothing written), then
      writes through :class:`AtomicFile` (temporary file, atomic rename), keeping the file's permissions.
    """

    def __init__(self, path, limit: int, wait: float = LOCK_WAIT):
        self.path = str(path)
        self.limit = limit
        self.wait = wait
        self.fd: int | None = None
        self.data = b""

    def __enter__(self) -> LockedEdit:
        deadline = time.monotonic() + self.wait
        while True:
            st = os.stat(self.path)
            if not stat.S_ISREG(st.st_mode):
                raise NotRegularFile(self.path, stat.S_ISDIR(st.st_mode))
            fd = os.open(self.path, os.O_RDONLY | _O_BINARY | _O_NONBLOCK)
            try:
                opened = os.fstat(fd)
                if not stat.S_ISREG(opened.st_mode):
                    raise NotRegularFile(self.path, False)
                while not _try_lock(fd):
                    if time.monotonic() > deadline:
                        raise FileBusy(f"in use by another run: {self.path}")
                    time.sleep(0.02)
                now = os.stat(self.path)
                if (now.st_dev, now.st_ino) != (opened.st_dev, opened.st_ino):
                    os.close(fd)  # replaced while we waited: lock the file the name means now
                    continue
                self.data = self._read(fd)
            except BaseException:
                try:
                    os.close(fd)
                except OSError:
                    pass
                raise
            self.fd = fd
            return self

    def _read(self, fd: int) -> bytes:
        size = os.fstat(fd).st_size
        if size > self.limit:
            raise FileTooLarge(self.path, size)
        os.lseek(fd, 0, os.SEEK_SET)
        parts, total = [], 0
        while total <= self.limit:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
        return b"".join(parts)

    def unchanged(self) -> bool:
        """Whether the name still means the file that was read, holding exactly the bytes that were read."""
        try:
            now = os.stat(self.path)
            opened = os.fstat(self.fd)
            if (now.st_dev, now.st_ino) != (opened.st_dev, opened.st_ino):
                return False
            return self._read(self.fd) == self.data
        except OSError:
            return False

    def replace(self, data: bytes) -> None:
        """Write ``data`` in the file's place (atomically, with its permissions); FileChanged when it changed."""
        if not self.unchanged():
            raise FileChanged(f"changed since it was read: {self.path}")
        mode = stat.S_IMODE(os.fstat(self.fd).st_mode)
        write_file(self.path, data, overwrite=True, mode=mode)

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the file lets go of its lock
            self.fd = None
