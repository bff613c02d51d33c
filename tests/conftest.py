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
def private_saves_folder(tmp_path, monkeypatch):
    """No test writes autosaves or settings into the project's saves/ folder."""
    monkeypatch.setenv("DEMARCHE_SAVES", str(tmp_path / "saves"))
