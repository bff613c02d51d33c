"""Saves: the bench group yields its figures (quick run) and the 200-turn save round-trips."""

import pytest

from bench import Options
from bench.saves import long_session, saves_figures

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def test_saves_bench_yields_its_figures():
    figures = dict(saves_figures(Options(quick=True, n=1)))
    assert figures["save.turns"] == 200 and figures["save.actions"] == 400
    for name in ("save.write_200_turns_ms", "save.load_verify_200_turns_ms",
                 "save.write_200_turns_cpu_ms", "save.load_verify_200_turns_cpu_ms"):
        assert figures[name] > 0
    assert list(saves_figures(Options(variant="bilateral"))) == []


def test_long_session_runs_to_its_raised_deadline():
    session = long_session(30)
    assert session.over and session.state.turn == 30
