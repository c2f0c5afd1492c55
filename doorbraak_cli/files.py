"""Writing a user's files safely: through a temporary file in the same folder, then one atomic step.

A file is never left half-written, and an existing file is never replaced
unless asked (``overwrite``): without it the last step is a hard link, which
fails when the name exists, so even a file that appears meanwhile survives.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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


def temp_beside(path: str | Path) -> str:
    """A new empty temporary file in the folder of ``path`` (raises OSError)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    os.close(fd)
    return tmp


def publish(tmp: str, path: str | Path, overwrite: bool = False) -> None:
    """Give a finished temporary file its final name, with the usual permissions (umask).

    Raises FileExistsError when ``path`` exists and ``overwrite`` is false; the
    temporary file is then left for the caller to remove.
    """
    os.chmod(tmp, 0o666 & ~umask())
    if overwrite:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if os.path.exists(path):
            raise FileExistsError(str(path)) from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def write_file(path: str | Path, data: str | bytes, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` atomically; FileExistsError when it exists and ``overwrite`` is false."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(path)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        publish(tmp, path, overwrite)
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
