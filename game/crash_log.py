"""The error log in the saves folder: the full traceback of an error that is a bug in Demarche,
written where a player or teacher can find it and send it, while the screen or the terminal shows
one readable line."""

import os
import traceback
from datetime import datetime
from pathlib import Path

from . import __version__
from .files import not_a_file

LOG_NAME = "errors.log"
MAX_BYTES = 1024 * 1024
"""Past this size the log starts again (the previous one is kept as errors.log.1)."""


def log_path(folder=None) -> Path:
    from .saves.store import saves_dir

    return saves_dir(folder) / LOG_NAME


def record(exc: BaseException, where: str, folder=None) -> Path | None:
    """Append `exc`'s traceback to errors.log in the saves folder (`folder`, else $DEMARCHE_SAVES,
    else saves/); the file written, or None when it could not be."""
    path = log_path(folder)
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    text = (f"---- {stamp} · Demarche {__version__} · {where}\n"
            + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)) + "\n")
    if path.exists() and not_a_file(path):
        return None  # something that is not a log file is in the way (a folder, a FIFO): never block on it
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file() and path.stat().st_size > MAX_BYTES:
            os.replace(path, path.with_name(LOG_NAME + ".1"))
        with open(path, "a", encoding="utf-8", errors="backslashreplace") as log:
            log.write(text)
    except OSError:
        return None
    return path
