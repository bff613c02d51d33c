"""The saves folder: atomic writes, autosaves that keep the last few of each game, final saves, named
slots, a listing.

Autosaves rotate per game: a game started by the client has an id (its scenario and the time it
started) and writes autosave-<game>-0001.json, -0002 ...; only that game's oldest are removed, and
only the autosaves of the last AUTOSAVE_GAMES games are kept. A finished game also writes a final save
(<scenario>-<player>-<time>-final.json) that no rotation ever removes.

Every write goes to a temporary file in the same folder, is flushed and fsync'd, then renamed
over the target with os.replace, and the folder itself is fsync'd. A process killed at any
moment leaves either the previous good file or the new one, never a half-written save; stray
temporary files are ignored by the listing and cleaned up by the next write.

Save names cannot leave the saves folder: path separators, "..", absolute paths and empty names
are refused with a message, and so are control and invisible characters (a tab, a line break, a
bidi override: two names that look alike must not share a slot); visible odd characters are
replaced (the Save as screen shows the file name before it writes), Windows reserved names (CON,
NUL, COM1, ...) get a trailing underscore, and long names are cut.
"""

from __future__ import annotations

import itertools
import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..model.common import char_name, hidden_in_name, visible
from .format import SaveError, SaveHeader, encode, read_header

DEFAULT_DIR = "saves"
ENV_VAR = "DEMARCHE_SAVES"
SUFFIX = ".json"
AUTOSAVE_PREFIX = "autosave-"
AUTOSAVE_RE = re.compile(r"^autosave-(?:(?P<game>[A-Za-z0-9_.-]+?)-)?(?P<number>\d{4,9})\.json$")
AUTOSAVE_GAMES = 10
"""Autosaves are kept for this many games (the newest); final saves and named slots are never removed."""
FINAL_SUFFIX = "-final"
TMP_MARK = ".tmp-"
MAX_NAME = 64
_LOCK = threading.RLock()
_SERIAL = itertools.count()
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def saves_dir(flag: str | os.PathLike | None = None) -> Path:
    """The saves folder: the --saves-dir flag, else $DEMARCHE_SAVES, else saves/."""
    if flag:
        return Path(flag)
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else Path(DEFAULT_DIR)


def safe_name(name) -> str:
    """A save name -> a file name (without folder) that stays inside the saves folder."""
    if not isinstance(name, str):
        raise SaveError(f"a save name must be text, not {type(name).__name__}")
    hidden = next((ch for ch in name if hidden_in_name(ch)), None)
    if hidden is not None:  # refused, not replaced: "a\nb" and "a\tb" must not both become a_b.json
        raise SaveError(f"the save name {name[:80]!r} contains a control or invisible character "
                        f"({char_name(hidden)}): a save name is one line of visible text")
    raw = unicodedata.normalize("NFKC", name).strip()
    if not raw:
        raise SaveError("a save needs a name (the name was empty)")
    if "/" in raw or "\\" in raw or os.path.isabs(raw) or re.match(r"^[A-Za-z]:", raw):
        raise SaveError(f"the save name {name[:80]!r} is a path; a save name cannot contain / or \\ "
                        "or a drive letter: saves stay in the saves folder")
    if raw.strip(". ") == "" or ".." in raw:
        raise SaveError(f"the save name {name[:80]!r} is made of dots or contains '..'; "
                        "saves stay in the saves folder")
    if raw.lower().endswith(SUFFIX):
        raw = raw[: -len(SUFFIX)]
    cleaned = "".join(ch if (ch.isalnum() or ch in " _-.'(),") and ch.isprintable() else "_" for ch in raw)
    cleaned = cleaned.strip(". ")[:MAX_NAME].rstrip(". ")
    if not cleaned or not any(ch.isalnum() for ch in cleaned):
        raise SaveError(f"the save name {name[:80]!r} has no letters or digits left once odd characters are removed")
    if cleaned.split(".")[0].strip().lower() in RESERVED:
        cleaned += "_"
    if cleaned.lower().startswith(AUTOSAVE_PREFIX):
        cleaned = "_" + cleaned  # autosave-NNNN names belong to the autosave rotation
    return cleaned + SUFFIX


def inside(folder: Path, filename: str) -> Path:
    """folder/filename, checked to be directly inside folder."""
    folder = Path(folder)
    target = folder / filename
    if target.resolve().parent != folder.resolve():
        raise SaveError(f"the save name {filename!r} would leave the saves folder")
    return target


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some systems (Windows) cannot open a folder; the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(target: Path, data: bytes) -> None:
    """Write `data` to `target` so that a crash at any moment leaves the old file or the new one."""
    folder = target.parent
    tmp = folder / f".{target.name}{TMP_MARK}{os.getpid()}.{next(_SERIAL)}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise SaveError(f"could not write the save ({exc.strerror or exc})", target) from None
    _fsync_dir(folder)


def _prepare(folder) -> Path:
    folder = saves_dir(folder) if folder is None else Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError(f"cannot create the saves folder ({exc.strerror or exc})", folder) from None
    _clean_stale(folder)
    return folder


def _clean_stale(folder: Path) -> None:
    """Remove temporary files left by writers that died (never our own process's)."""
    for entry in folder.glob(f".*{TMP_MARK}*"):
        pid = entry.name.rsplit(TMP_MARK, 1)[-1].split(".")[0]
        if pid.isdigit() and (int(pid) == os.getpid() or _alive(int(pid))):
            continue  # a writer still at work (this process's are cleaned up by atomic_write)
        try:
            entry.unlink()
        except OSError:
            pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def save_as(session, name: str, folder=None, *, player: str = "", created: str | None = None) -> Path:
    """Save `session` in the named slot `name` (replacing that slot); returns the file written."""
    filename = safe_name(name)
    data = encode(session, player, created)
    with _LOCK:
        folder = _prepare(folder)
        target = inside(folder, filename)
        atomic_write(target, data)
    return target


def new_game_id(scenario_id: str, when: datetime | None = None) -> str:
    """The id of a game the client starts: its scenario and the time it started (to the millisecond)."""
    when = when or datetime.now()
    return f"{scenario_id}-{when:%Y%m%d-%H%M%S}-{when.microsecond // 1000:03d}"


def autosave_files(folder: Path) -> dict[str | None, list[tuple[int, Path]]]:
    """The autosaves in the folder by game (None: the autosaves of older versions), each list by number."""
    games: dict[str | None, list[tuple[int, Path]]] = {}
    for entry in Path(folder).glob(f"{AUTOSAVE_PREFIX}*{SUFFIX}"):
        m = AUTOSAVE_RE.match(entry.name)
        if m:
            games.setdefault(m.group("game"), []).append((int(m.group("number")), entry))
    return {game: sorted(files) for game, files in games.items()}


def autosave_numbers(folder: Path, game: str | None = None) -> list[int]:
    return [number for number, _ in autosave_files(folder).get(game, [])]


def _autosave_name(game: str | None, number: int) -> str:
    return f"{AUTOSAVE_PREFIX}{game + '-' if game else ''}{number:04d}{SUFFIX}"


def autosave(session, folder=None, keep: int = 5, *, player: str = "", created: str | None = None,
             game: str | None = None) -> Path:
    """Write the next autosave of `game` (autosave-<game>-0001.json, -0002, ...; without a game id,
    autosave-0001.json ...) and keep only that game's last `keep`, and the autosaves of the last
    AUTOSAVE_GAMES games."""
    keep = max(1, int(keep))
    if game is not None and not re.fullmatch(r"[A-Za-z0-9_.-]{1,80}", game):
        raise SaveError(f"a game id is letters, digits, '.', '_' and '-' (got {game[:80]!r})")
    data = encode(session, player, created)
    with _LOCK:  # one writer at a time in this process (the client saves from a worker thread)
        folder = _prepare(folder)
        numbers = autosave_numbers(folder, game)
        number = (numbers[-1] + 1) if numbers else 1
        target = inside(folder, _autosave_name(game, number))
        atomic_write(target, data)
        stale = [folder / _autosave_name(game, old) for old in (numbers + [number])[:-keep]]
        games = autosave_files(folder)
        newest = sorted(games, key=lambda g: max(_mtime(p) for _, p in games[g]), reverse=True)
        for old_game in newest[AUTOSAVE_GAMES:]:
            if old_game != game:
                stale += [path for _, path in games[old_game]]
        for path in stale:  # only once the new one is safely in place
            try:
                path.unlink()
            except OSError:
                pass
    return target


def final_save(session, folder=None, *, player: str = "", created: str | None = None) -> Path:
    """Write the final save of a finished game: <scenario>-<player>-<time>-final.json, never replaced
    (a second game the same minute gets -2, -3 ...) and never removed by the autosave rotation."""
    data = encode(session, player, created)
    stem = f"{session.scenario.id}-{_slug(player) or 'player'}-{datetime.now():%Y%m%d-%H%M}"
    with _LOCK:
        folder = _prepare(folder)
        for n in itertools.count(1):
            filename = safe_name(f"{stem}{'' if n == 1 else f'-{n}'}{FINAL_SUFFIX}")
            target = inside(folder, filename)
            if not target.exists():
                break
        atomic_write(target, data)
    return target


def _slug(text: str) -> str:
    """A player's name as part of a file name: letters and digits, other characters as _."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    return re.sub(r"_+", "_", "".join(ch if ch.isalnum() else "_" for ch in text)).strip("_")[:32]


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


@dataclass(frozen=True)
class SaveInfo:
    """One entry of the load screen: the header alone, or why it could not be read."""

    path: Path
    name: str
    autosave: bool
    header: SaveHeader | None
    problem: str | None
    mtime: float

    @property
    def ok(self) -> bool:
        return self.header is not None

    @property
    def final(self) -> bool:
        """A finished game's final save (final_save), which no rotation removes."""
        return self.path.stem.endswith(FINAL_SUFFIX)

    @property
    def file_name(self) -> str:
        """The file's name as it may be shown (a name made outside the game may hold invisible characters)."""
        return visible(self.path.name)


def _info(path: Path) -> SaveInfo:
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    auto = AUTOSAVE_RE.match(path.name) is not None
    try:
        header, problem = read_header(path), None
    except SaveError as exc:
        header, problem = None, exc.message
    return SaveInfo(path, visible(path.stem), auto, header, problem, mtime)


def list_saves(folder=None) -> list[SaveInfo]:
    """Every save in the folder, newest first (by the time written in the header, then by the
    file's time); saves whose header cannot be read come last, with the reason."""
    folder = saves_dir(folder) if folder is None else Path(folder)
    if not folder.is_dir():
        return []
    infos = [_info(p) for p in folder.glob(f"*{SUFFIX}") if p.is_file() and not p.name.startswith(".")]
    number = lambda i: int(AUTOSAVE_RE.match(i.path.name).group("number")) if i.autosave else 0  # noqa: E731
    return sorted(infos, key=lambda i: (i.ok, i.header.created if i.header else "", i.mtime, number(i)), reverse=True)


def latest_autosave(folder=None) -> Path | None:
    """The newest autosave whose header reads (the last written, of whichever game), or None."""
    folder = saves_dir(folder) if folder is None else Path(folder)
    if not folder.is_dir():
        return None
    autosaves = [(_mtime(path), number, path) for files in autosave_files(folder).values() for number, path in files]
    for _, _, path in sorted(autosaves, reverse=True):
        try:
            read_header(path)
        except SaveError:
            continue
        return path
    return None
