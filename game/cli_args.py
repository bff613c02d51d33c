"""The command line's argument types and exit codes, shared by every command in game/cli.py.

Each type checks one kind of value when argparse reads it, so a bad value is a usage error (exit 2,
with the reason) before the command runs. A command that finds a usage problem only later (a
folder with no scenario in it, a save name not in the saves folder) raises UsageError.

    parser.add_argument("--seeds", type=positive_int)
    parser.add_argument("save", type=save_file)                # a regular file
    parser.add_argument("paths", nargs="+", type=file_or_folder)
    parser.add_argument("-o", "--output", type=output_file(".csv", ".html"))

Paths are checked with stat alone (game.files.not_a_file): a FIFO, a device or a folder given where a
file belongs is refused at once, never opened.
"""

import argparse
import sys
from pathlib import Path

from .files import not_a_file

OK, FAILED, USAGE = 0, 1, 2
"""The exit-code rule of every command: 0 ok, 1 something failed the check, 2 usage error."""
PIPE_CLOSED = 141
"""The command's output was closed (`| head`): it stops quietly, with the status of SIGPIPE."""
INTERRUPTED = 130

EXIT_CODES = ("Exit status: 0 ok; 1 something failed the check (a scenario or save with a problem); "
              "2 usage error (a bad argument, a missing file, a folder, FIFO or device given as a file).")
"""The rule in one sentence, for the epilog of each command's --help."""

SCENARIOS_DIR = Path(__file__).resolve().parent.parent / "scenarios"


class UsageError(Exception):
    """A usage problem found after the arguments were read; main() prints it and exits 2."""


def _fail(message: str):
    raise argparse.ArgumentTypeError(message)


# ------------------------------------------------------------------ numbers

def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        _fail(f"{text!r} is not a whole number")


def positive_int(text: str) -> int:
    """A count: a whole number of at least 1."""
    value = _integer(text)
    if value < 1:
        _fail(f"must be at least 1 (got {value})")
    return value


def non_negative_int(text: str) -> int:
    """A whole number of at least 0 (a turn, an index)."""
    value = _integer(text)
    if value < 0:
        _fail(f"must be 0 or more (got {value})")
    return value


def turns(text: str) -> int:
    """A number of turns: 1 to 60, as a scenario's deadline."""
    value = _integer(text)
    if not 1 <= value <= 60:
        _fail(f"must be from 1 to 60 turns (got {value})")
    return value


MIN_WINDOW, MAX_WINDOW = (1024, 600), (16384, 16384)


def window_size(text: str) -> tuple[int, int]:
    """WIDTHxHEIGHT, at least 1024x600."""
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        _fail("give the size as WIDTHxHEIGHT, such as 1280x720")
    if not (MIN_WINDOW[0] <= w <= MAX_WINDOW[0] and MIN_WINDOW[1] <= h <= MAX_WINDOW[1]):
        _fail(f"the window must be at least {MIN_WINDOW[0]}x{MIN_WINDOW[1]} (got {w}x{h})")
    return w, h


# ------------------------------------------------------------------ paths to read

def regular_file(text: str) -> Path:
    """An existing regular file (not a folder, FIFO, device or socket)."""
    problem = not_a_file(text)
    if problem:
        _fail(f"{text} {problem}")
    return Path(text)


def file_or_folder(text: str) -> Path:
    """An existing regular file or folder."""
    problem = not_a_file(text, folder_ok=True)
    if problem:
        _fail(f"{text} {problem}")
    return Path(text)


def folder(text: str) -> Path:
    """An existing folder."""
    path = Path(text)
    if not path.is_dir():
        _fail(f"{text} is not a folder" if path.exists() else f"{text} does not exist")
    return path


def is_bare_name(text: str) -> bool:
    """A name without a folder, which commands may look up in a folder of their own (shipped
    scenarios, the saves folder)."""
    return "/" not in text and "\\" not in text and not Path(text).is_absolute()


def scenario_source(text: str) -> Path:
    """A scenario: a regular file, or the id of a shipped scenario (cod_line)."""
    if Path(text).exists() or not is_bare_name(text):
        return regular_file(text)
    shipped = SCENARIOS_DIR / f"{text}.yaml"
    if shipped.is_file():
        return shipped
    ids = ", ".join(sorted(p.stem for p in SCENARIOS_DIR.glob("*.yaml")))
    _fail(f"no scenario file or shipped id {text!r} (shipped: {ids})")


def save_or_name(text: str) -> str:
    """A save file or a folder of saves, or a bare name to look up in the saves folder later
    (see game.saves.commands); a path that exists must be a regular file or a folder."""
    if Path(text).exists() or not is_bare_name(text):
        file_or_folder(text)
    return text


def save_file_or_name(text: str) -> str:
    """A save file, or a bare name to look up in the saves folder later."""
    if Path(text).exists() or not is_bare_name(text):
        regular_file(text)
    return text


# ------------------------------------------------------------------ paths to write

def output_file(*suffixes: str):
    """The type of a file to write: not an existing folder, FIFO or device, in a folder that exists;
    with `suffixes`, its name must end in one of them."""

    def output(text: str) -> Path:
        path = Path(text)
        if path.exists() or path.is_symlink():
            problem = not_a_file(path)
            if problem:
                _fail(f"{text} {problem}")
        if suffixes and path.suffix.lower() not in suffixes:
            _fail(f"{text} must end in {' or '.join(suffixes)}")
        parent = path.parent
        if not parent.is_dir():
            _fail(f"cannot write {text}: the folder {parent} " + ("is not a folder" if parent.exists() else "does not exist"))
        return path

    output.__name__ = "output file"
    return output


def page_or_folder(text: str) -> Path:
    """An HTML page to write (FILE.html or .htm), or else a folder to write pages into."""
    path = Path(text)
    if path.suffix.lower() in (".html", ".htm"):
        return output_file(".html", ".htm")(text)
    if path.exists() and not path.is_dir():
        problem = not_a_file(path)
        _fail(f"{text} {problem}" if problem else f"{text} is not a folder")
    return folder_to_write(text)


def folder_to_write(text: str) -> Path:
    """A folder that exists or can be made (nothing else of that name is in the way)."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        _fail(f"{text} is not a folder")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                _fail(f"cannot make the folder {text}: {parent} is not a folder")
            break
    return path


# ------------------------------------------------------------------ names

class Choices:
    """argparse `choices` read when first needed, so a command's names (bots, cones) are imported
    only when that command runs or its help is shown:  choices=Choices(lambda: BOTS)."""

    def __init__(self, names):
        self._names = names
        self._cache: tuple[str, ...] | None = None

    def _all(self) -> tuple[str, ...]:
        if self._cache is None:
            self._cache = tuple(self._names())
        return self._cache

    def __contains__(self, value) -> bool:
        return value in self._all()

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


# ------------------------------------------------------------------ progress

def progress_bar(done: int, total: int) -> None:
    """A bar on stderr for long runs (20 items or more), only when stderr is a terminal."""
    if total < 20 or not sys.stderr.isatty():
        return
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()
