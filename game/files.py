"""What kind of thing a path names, found with stat alone: a reader calls `not_a_file` before it
opens anything, because opening a FIFO for reading waits for a writer that may never come."""

import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a file"),
    (stat.S_ISCHR, "is a device, not a file"),
    (stat.S_ISBLK, "is a device, not a file"),
    (stat.S_ISSOCK, "is a socket, not a file"),
)


def not_a_file(path: str | os.PathLike, folder_ok: bool = False) -> str | None:
    """Why `path` cannot be read as a regular file ("does not exist", "is a folder, not a file",
    "is a named pipe (FIFO), not a file", ...), or None when it can. With `folder_ok`, a folder
    passes too. The path is never opened."""
    try:
        mode = os.stat(Path(path)).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return "does not exist"
    except PermissionError:
        return "cannot be read (permission denied)"
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        return f"cannot be read ({getattr(exc, 'strerror', None) or exc})"
    if stat.S_ISREG(mode) or (folder_ok and stat.S_ISDIR(mode)):
        return None
    for test, problem in _KINDS:
        if test(mode):
            return problem
    return "is not a regular file"
