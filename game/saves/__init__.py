"""Saves: atomic autosaves and named slots, loading that replays and verifies, reports.

The client's API::

    from game.saves import autosave, save_as, list_saves, latest_autosave, load, verify, replay_steps

    autosave(session, folder, game=game_id)  # every turn; keeps that game's last 5
    final_save(session, folder, player="Ana")  # when a game ends; never removed
    save_as(session, "Before the vote", folder, player="Ana")
    for info in list_saves(folder): ...    # newest first, header only (info.header / info.problem)
    loaded = load(path)                    # LoadedSave: .session to play on, .notes; or SaveError
    steps = replay_steps(loaded)           # [(turn, state, log entries)] for a replay viewer

Only SaveError leaves this package.
"""

from .format import MAX_SAVE_BYTES, SAVE_VERSION, SaveError, SaveHeader, read_header
from .replay import ReplayStep, replay_steps
from .store import SaveInfo, autosave, final_save, latest_autosave, list_saves, new_game_id, safe_name, save_as, saves_dir
from .verify import LoadedSave, Verification, load, load_bytes, verify

__all__ = [
    "MAX_SAVE_BYTES", "SAVE_VERSION", "SaveError", "SaveHeader", "read_header", "ReplayStep", "replay_steps",
    "SaveInfo", "autosave", "final_save", "latest_autosave", "list_saves", "new_game_id", "safe_name", "save_as", "saves_dir",
    "LoadedSave", "Verification", "load", "load_bytes", "verify",
]
