"""Test set-up: no display or sound device, and hypothesis profiles for CI and long fuzzing."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"

settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "fuzz", deadline=None, max_examples=10_000, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def scenario_paths() -> list[Path]:
    return sorted(SCENARIOS.glob("*.yaml"))


@pytest.fixture(autouse=True)
def saves(tmp_path, monkeypatch) -> Path:
    """Every test gets a private saves folder: no autosave or setting lands in the project's saves/."""
    folder = tmp_path / "saves"
    monkeypatch.setenv("DEMARCHE_SAVES", str(folder))
    return folder


@pytest.fixture
def app():
    """Make client windows opened at the title screen; their controllers are closed afterwards."""
    from game.ui.app import App, Settings
    from game.ui.scenes.title import TitleScene

    made = []

    def make(size=(1280, 720)):
        a = App(Settings(size=size))
        a.push(TitleScene(a))
        for _ in range(3):
            a.step(1 / 60)
        made.append(a)
        return a

    yield make
    for a in made:
        for scene in a.stack:
            controller = getattr(scene, "controller", None)
            if controller is not None:
                controller.close()
    for a in made:  # a scene's error shows the error screen instead of failing the test: none may pass unseen
        assert not a.errors, f"a scene raised: {a.errors[0][1]!r} (see errors.log in the test's saves folder)"
