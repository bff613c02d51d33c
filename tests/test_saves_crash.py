"""Saves: a process killed with SIGKILL at any moment never destroys the last good save.

A forked child plays a game and saves after every action (an autosave and a named slot), in a
loop; the parent kills it at a random moment, then checks that the newest autosave and the slot
load and verify. Hundreds of kills in total; the fork keeps it fast (no interpreter start-up).
"""

import os
import random
import signal
import sys
import time
from pathlib import Path

import pytest

from game.engine.bots import play
from game.engine.session import Session
from game.loading.scenario_loader import load_scenario
from game.saves import autosave, latest_autosave, list_saves, load, read_header, save_as

ROOT = Path(__file__).resolve().parent.parent
KILLS = int(os.environ.get("DEMARCHE_CRASH_KILLS", "300"))
pytestmark = [
    pytest.mark.filterwarnings("ignore::RuntimeWarning"),
    pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32", reason="needs os.fork and SIGKILL"),
]


def _child(scenario, actions, folder: Path, start: int) -> None:
    """Save after every action, forever (until killed)."""
    try:
        while True:
            session = Session(scenario, "political", 3)
            for i, action in enumerate(actions):
                session.apply(action)
                if i >= start:
                    autosave(session, folder, keep=3, player="crash test")
                    save_as(session, "slot", folder, player="crash test")
            start = 0
    finally:
        os._exit(0)


def test_sigkill_at_random_moments_never_destroys_the_last_good_save(tmp_path):
    scenario = load_scenario(ROOT / "scenarios" / "cod_line.yaml")
    reference = Session(scenario, "political", 3)
    play(reference, "greedy", random.Random(3))
    actions = list(reference.actions)
    rng = random.Random(20240601)
    folder = tmp_path / "saves"
    deadline = time.monotonic() + 35
    kills = checked = mid_write = 0
    while kills < KILLS and time.monotonic() < deadline:
        start = rng.randrange(len(actions))
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            _child(scenario, actions, folder, start)
        time.sleep(rng.uniform(0.0, 0.025))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        kills += 1
        mid_write += any(".tmp-" in p.name for p in folder.iterdir()) if folder.exists() else 0
        newest = latest_autosave(folder)
        if newest is None:
            continue  # killed before the first save: nothing to lose yet
        for path in folder.glob("autosave-*.json"):  # every autosave on disk is whole
            read_header(path)
        loaded = load(newest)  # raises SaveError if damaged
        assert loaded.session.actions == actions[: len(loaded.session.actions)]
        if (folder / "slot.json").exists():
            load(folder / "slot.json")
        checked += 1
    assert kills >= min(KILLS, 150), f"only {kills} kills in the time allowed"
    assert checked >= kills // 2
    assert mid_write >= kills // 10, f"only {mid_write} of {kills} kills landed in the middle of a write"
    print(f"{kills} kills, {mid_write} in the middle of a write, {checked} checks")
    stray = [p for p in folder.iterdir() if ".tmp-" in p.name]
    # a later write cleans up what the dead writers left behind
    save_as(load(latest_autosave(folder)).session, "after", folder)
    assert not [p for p in folder.iterdir() if ".tmp-" in p.name], stray
    assert all(info.ok for info in list_saves(folder))
