"""The client's handle on a session: actions run on a worker thread so no frame waits for the AI.

The scene submits an action and keeps drawing; `poll()` returns the finished result (log entries
or the rule's refusal) on a later frame. One action runs at a time, in order, so the session's
determinism is untouched. No pygame here.

Autosave: after an EndTurn (and when the session ends) the worker thread writes an autosave
(game.saves.autosave: the last five of this game kept) before the result is handed back, and when
the session ends a final save that is never removed (`final`); a failure is kept in `save_error` for
the scene to show and never stops the game. Every save carries the player's name (`player`).
"""

import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from dataclasses import dataclass
from pathlib import Path

from ..engine.rules import ActionError
from ..engine.session import Session
from ..model.actions import EndTurn
from ..model.scenario import Scenario
from ..saves import SaveError, autosave, final_save, latest_autosave, new_game_id, saves_dir

AUTOSAVE_KEEP = 5
SCENARIOS_DIR = Path(__file__).resolve().parents[2] / "scenarios"
_saves_flag: str | None = None


def use_saves_dir(folder) -> None:
    """The play option --saves-dir: where this process's games autosave and the load screen looks."""
    global _saves_flag
    _saves_flag = str(folder) if folder else None


def saves_folder() -> Path:
    """The saves folder: --saves-dir, else $DEMARCHE_SAVES, else saves/ (game.saves.saves_dir)."""
    return saves_dir(_saves_flag)


@dataclass(frozen=True)
class SaveNote:
    """The last autosave: written (path, turn) or failed (error). `serial` counts them."""

    serial: int
    turn: int
    path: Path | None = None
    error: str | None = None
    at: float = 0.0

# Let the frame loop take the interpreter back often while the AI thinks.
sys.setswitchinterval(0.001)


@dataclass
class Result:
    action: object
    entries: list
    error: str | None = None


class Controller:
    def __init__(self, scenario: Scenario, cone: str, seed: int, path: str | None = None,
                 session: Session | None = None, saves: str | Path | None = None, autosaving: bool = True,
                 player: str = ""):
        self.scenario, self.cone, self.seed, self.path = scenario, cone, seed, path
        self.session = session if session is not None else Session(scenario, cone, seed)
        self.saves = Path(saves) if saves is not None else saves_folder()
        self.autosaving = autosaving
        self.player = player
        """The player's name, written in every save's header."""
        self.game = new_game_id(scenario.id)
        """This game's id: its autosaves rotate among themselves."""
        self.save_error: str | None = None
        self.last_save: SaveNote | None = None
        self.final: SaveNote | None = None
        """The final save, once the session has ended."""
        self._saved_over = self.session.over
        self.loaded_from: Path | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ai")
        self._pending: Future | None = None

    @classmethod
    def from_loaded(cls, loaded, saves: str | Path | None = None) -> "Controller":
        """Play on from a save: a LoadedSave from game.saves.load (already replayed and verified)."""
        session = loaded.session
        shipped = SCENARIOS_DIR / f"{loaded.header.scenario_id}.yaml"
        path = str(shipped) if shipped.is_file() else None
        controller = cls(session.scenario, loaded.header.cone, loaded.header.seed, path=path, session=session,
                         saves=saves, player=loaded.header.player)
        controller.loaded_from = loaded.path
        return controller

    @property
    def state(self):
        return self.session.state

    @property
    def busy(self) -> bool:
        return self._pending is not None and not self._pending.done()

    @property
    def in_flight(self) -> bool:
        """An action submitted and its result not yet taken by `poll()`."""
        return self._pending is not None

    def submit(self, action) -> bool:
        """Start an action; False (and nothing done) while another is still running."""
        if self._pending is not None:
            return False
        self._pending = self._pool.submit(self._apply, action)
        return True

    def _apply(self, action) -> Result:
        turn = self.session.state.turn
        try:
            result = Result(action, self.session.apply(action))
        except ActionError as exc:
            return Result(action, [], str(exc))
        ended = self.session.over and not self._saved_over
        if isinstance(action, EndTurn) or ended:
            self._saved_over = self._saved_over or self.session.over
            self.autosave_now(turn)
        if ended and self.autosaving:
            self.final = self._write(lambda: final_save(self.session, self.saves, player=self.player), 0, turn)
        return result

    def autosave_now(self, turn: int | None = None) -> SaveNote | None:
        """Write an autosave of the session (on the worker thread); a failure is kept, never raised."""
        if not self.autosaving:
            return None
        serial = self.last_save.serial + 1 if self.last_save else 1
        turn = self.session.state.turn if turn is None else turn
        self.last_save = self._write(lambda: autosave(self.session, self.saves, keep=AUTOSAVE_KEEP, player=self.player,
                                                      game=self.game), serial, turn)
        return self.last_save

    def _write(self, write, serial: int, turn: int) -> SaveNote:
        """Run one save writer; its failure is kept in save_error, never raised."""
        try:
            path = write()
        except SaveError as exc:
            self.save_error = exc.message
            return SaveNote(serial, turn, error=exc.message, at=time.monotonic())
        except Exception as exc:  # noqa: BLE001 - a save must never take the game down
            self.save_error = f"{type(exc).__name__}: {exc}"
            return SaveNote(serial, turn, error=self.save_error, at=time.monotonic())
        self.save_error = None
        return SaveNote(serial, turn, path=path, at=time.monotonic())

    def save_as(self, name: str) -> Future:
        """Write the named slot `name` on the worker thread (after any action still running); the
        future gives the path written or raises SaveError."""
        from ..saves import save_as

        return self._pool.submit(save_as, self.session, name, self.saves, player=self.player)

    def rescue(self, wait: float = 3.0) -> str | None:
        """After the client failed: write the session as a new autosave if it still verifies (replays
        to its own state), else leave the autosaves as they are. Says what was kept, for the error
        screen; None when this controller does not autosave."""
        if not self.autosaving:
            return None
        try:
            return self._pool.submit(self._rescue).result(timeout=wait)  # after any action still running
        except FuturesTimeout:
            problem = "the game was still busy"
        except RuntimeError:  # the worker was shut down
            problem = "the game had already closed"
        return f"Your game could not be saved ({problem}); {self._kept()}"

    def _rescue(self) -> str:
        from ..saves import load_bytes
        from ..saves.format import encode

        try:
            load_bytes(encode(self.session), "the running game")
            path = autosave(self.session, self.saves, keep=AUTOSAVE_KEEP, player=self.player, game=self.game)
        except SaveError as exc:
            return f"Your game could not be saved as it stood ({exc.message}); {self._kept()}"
        return f"Your game was saved as {path.name} (turn {self.session.state.turn}): Continue on the title opens it."

    def _kept(self) -> str:
        last = latest_autosave(self.saves)
        return f"the last good autosave, {last.name}, is kept." if last else "there is no earlier autosave."

    def poll(self) -> Result | None:
        if self._pending is None or not self._pending.done():
            return None
        result, self._pending = self._pending.result(), None
        return result

    def wait(self) -> Result | None:
        """Block until the running action ends (tests and shutdown only)."""
        if self._pending is None:
            return None
        self._pending.result()
        return self.poll()

    def close(self, wait: bool = True) -> None:
        """Stop the worker thread: after the action running, or (wait=False) without waiting for it."""
        self._pool.shutdown(wait=wait, cancel_futures=not wait)
