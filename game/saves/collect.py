"""The saves a teacher hands to a command: files as given, and every save in the folders given.

A folder is read one level deep; a name ending in .json in any case (Ana.JSON) is a save. Every other
entry is listed with the reason it was not read, so a save never goes missing without a word: a hidden
file, a temporary file left by a save being written, a file without an extension or with another one,
a folder inside the folder, something that is not a file, an assignment. A file named on the command
line is always read, whatever its name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..files import not_a_file
from .store import SUFFIX, TMP_MARK

ASSIGNMENT_MARK = b'"format": "demarche-assignment"'
"""How an assignment file begins (game/saves/assignment.py writes this key first)."""


@dataclass(frozen=True)
class Skipped:
    """An entry of a folder that was not read, and why."""

    path: Path
    why: str
    shown: str
    """As the report shows it, like the files read."""

    def line(self) -> str:
        return f"{self.shown}: not read: {self.why}"


@dataclass
class Collected:
    files: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    shown: dict[Path, str] = field(default_factory=dict)
    """Each file's path as reports show it: relative to the folder it was found in, or as given."""


def is_assignment(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return ASSIGNMENT_MARK in f.read(200)
    except OSError:
        return False


def why_not(entry: Path) -> str | None:
    """Why a folder's entry is not read as a save, or None when it is one to read."""
    name = entry.name
    if TMP_MARK in name and name.startswith("."):
        return "a temporary file left by a save being written"
    if name.startswith("."):
        return "a hidden file (its name starts with a dot): rename it without the dot to include it"
    if entry.is_dir():
        return "a folder: folders inside are not searched; name it on the command line to include it"
    problem = not_a_file(entry)
    if problem:
        return problem
    suffix = entry.suffix
    if not suffix:
        return f"no file extension: if it is a save, rename it {name}{SUFFIX}"
    if suffix.lower() != SUFFIX:
        return f"not a {SUFFIX} file ({suffix})"
    if is_assignment(entry):
        return "an assignment, not a save"
    return None


def collect(paths) -> Collected:
    """The files to read, in order (folders' entries by name, case-insensitively), and what was skipped.
    A folder's entries are shown by their names (with the folder's name first when several folders are given)."""
    out = Collected()
    folders = sum(1 for raw in paths if Path(raw).is_dir())
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            out.files.append(path)
            out.shown[path] = str(raw)
            continue
        prefix = f"{path.resolve().name}/" if folders > 1 else ""
        for entry in sorted(path.iterdir(), key=lambda p: (p.name.lower(), p.name)):
            why = why_not(entry)
            if why is not None:
                out.skipped.append(Skipped(entry, why, prefix + entry.name))
                continue
            out.files.append(entry)
            out.shown[entry] = prefix + entry.name
    return out
