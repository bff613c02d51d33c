"""Saves: play -> save -> load gives an equal state for every shipped scenario; autosave rotation,
named slots, the listing, the header on its own, migration from version 1, replay steps."""

import importlib
import json
import random
from pathlib import Path

import pytest

from game.engine.bots import play
from game.engine.session import Session
from game.loading.scenario_loader import load_scenario
from game.model.actions import EndTurn
from game.saves import (
    SAVE_VERSION,
    autosave,
    latest_autosave,
    list_saves,
    load,
    read_header,
    replay_steps,
    save_as,
    saves_dir,
    verify,
)
from game.saves.format import HEADER_PREFIX
from game.saves.migrate import migrate

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "saves"
CREATED = "2025-09-01T10:00:00+00:00"

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def played(path: Path, bot: str, cone: str, seed: int) -> Session:
    session = Session(load_scenario(path), cone, seed)
    play(session, bot, random.Random(seed))
    return session


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
@pytest.mark.parametrize("bot,cone,seed", [("greedy", "political", 1), ("random", "public_diplomacy", 7)])
def test_round_trip_gives_an_equal_state(tmp_path, path, bot, cone, seed):
    session = played(path, bot, cone, seed)
    file = save_as(session, f"{path.stem} {bot}", tmp_path, player="Ana", created=CREATED)
    loaded = load(file)
    assert loaded.state == session.state
    assert loaded.session.actions == session.actions
    assert loaded.notes == []
    assert loaded.header.player == "Ana" and loaded.header.created == CREATED
    assert loaded.header.scenario_id == session.scenario.id and loaded.header.outcome.grade == session.state.outcome.grade
    assert loaded.scenario_text == path.read_text(encoding="utf-8")  # the content exactly as played
    assert verify(file).ok


def test_an_unfinished_game_loads_and_plays_on_to_the_same_end(tmp_path):
    path = ROOT / "scenarios" / "cod_line.yaml"
    whole = played(path, "greedy", "economic", 3)
    half = Session(load_scenario(path), "economic", 3)
    for action in whole.actions[:12]:
        half.apply(action)
    loaded = load(autosave(half, tmp_path))
    assert loaded.state == half.state and not loaded.session.over
    for action in whole.actions[12:]:
        loaded.session.apply(action)
    assert loaded.state == whole.state


def test_the_file_is_json_with_a_header_line_and_no_pickle(tmp_path):
    session = played(ROOT / "scenarios" / "detained_citizen.yaml", "greedy", "consular", 2)
    file = save_as(session, "x", tmp_path, player="Léa \"quoted\"\nnewline", created=CREATED)
    raw = file.read_bytes()
    assert raw.startswith(HEADER_PREFIX) and b"pickle" not in raw
    first = raw.split(b"\n", 1)[0]
    document = json.loads(raw)
    assert set(document) == {"header", "body"}
    assert set(document["body"]) == {"scenario", "actions", "snapshots", "final"}
    assert json.loads(first[len(HEADER_PREFIX):-1]) == document["header"]
    header = read_header(file)
    assert header.player == "Léa \"quoted\" newline" and header.save_version == SAVE_VERSION  # one line: see test_names
    assert header.turn == session.state.turn and header.actions == len(session.actions)
    assert header.outcome.result == session.state.outcome.result


def test_autosave_keeps_the_last_few_and_latest_is_the_newest(tmp_path):
    session = Session(load_scenario(ROOT / "scenarios" / "cod_line.yaml"), "political", 1)
    written = []
    for _ in range(8):
        written.append(autosave(session, tmp_path, keep=3))
        session.apply(EndTurn())
    names = sorted(p.name for p in tmp_path.glob("autosave-*.json"))
    assert names == ["autosave-0006.json", "autosave-0007.json", "autosave-0008.json"]
    assert latest_autosave(tmp_path) == written[-1]
    assert load(latest_autosave(tmp_path)).state.turn == 8
    assert latest_autosave(tmp_path / "missing") is None


def test_listing_is_newest_first_header_only_and_shows_damaged_files(tmp_path):
    session = Session(load_scenario(ROOT / "scenarios" / "cod_line.yaml"), "political", 1)
    save_as(session, "old", tmp_path, created="2025-01-01T00:00:00+00:00")
    save_as(session, "new", tmp_path, created="2025-06-01T00:00:00+00:00")
    autosave(session, tmp_path, created="2025-03-01T00:00:00+00:00")
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / ".new.json.tmp-99999").write_text("half")
    infos = list_saves(tmp_path)
    assert [i.name for i in infos] == ["new", "autosave-0001", "old", "broken"]
    assert infos[1].autosave and not infos[0].autosave
    assert infos[-1].header is None and "invalid JSON" in infos[-1].problem
    assert list_saves(tmp_path / "nowhere") == []


def test_saves_folder_comes_from_flag_then_environment_then_default(monkeypatch):
    monkeypatch.delenv("DEMARCHE_SAVES", raising=False)
    assert saves_dir() == Path("saves")
    monkeypatch.setenv("DEMARCHE_SAVES", "/tmp/class7")
    assert saves_dir() == Path("/tmp/class7")
    assert saves_dir("mine") == Path("mine")


def test_version_1_fixture_migrates_and_verifies():
    old = json.loads((FIXTURES / "v1_cod_line.json").read_text(encoding="utf-8"))
    assert old["version"] == 1 and "header" not in old
    assert {m["type"] for m in old["moves"]} >= {"accept", "propose", "end_turn"}
    lifted = migrate(json.loads(json.dumps(old)))
    assert lifted["migrated_from"] == 1 and lifted["header"]["save_version"] == SAVE_VERSION
    assert {a["kind"] for a in lifted["body"]["actions"]} >= {"accept_counter", "propose"}
    loaded = load(FIXTURES / "v1_cod_line.json")
    expected = ["migrated from save version 1"]
    if (ROOT / "scenarios" / "cod_line.yaml").read_text(encoding="utf-8") != old["scenario"]["yaml"]:  # edited since (flags, map places)
        expected.append("the scenario file cod_line.yaml has changed since this save (sha256 differs); "
                        "the save still opens with the scenario as played")
    assert loaded.notes == expected
    assert loaded.header.player == "Sam Okafor" and loaded.header.game_version == "0.0.9"
    assert loaded.state.outcome is not None
    # the same game saved in version 2 gives the same state
    assert load(FIXTURES / "v2_cod_line.json").state == loaded.state
    assert read_header(FIXTURES / "v1_cod_line.json").player == "Sam Okafor"


def test_a_changed_scenario_file_is_noted_and_the_save_opens_as_played(tmp_path, monkeypatch):
    fmt = importlib.import_module("game.saves.format")
    ver = importlib.import_module("game.saves.verify")  # the package exports a function of that name

    folder = tmp_path / "scenarios"
    folder.mkdir()
    original = (ROOT / "scenarios" / "cod_line.yaml").read_text(encoding="utf-8")
    (folder / "cod_line.yaml").write_text(original, encoding="utf-8")
    monkeypatch.setattr(fmt, "SCENARIOS_DIR", folder)
    monkeypatch.setattr(ver, "SCENARIOS_DIR", folder)
    session = played(folder / "cod_line.yaml", "greedy", "political", 4)
    file = save_as(session, "before", tmp_path)
    assert load(file).notes == []
    (folder / "cod_line.yaml").write_text(original.replace("title: \"The Cod Line\"", "title: \"The Cod Line, revised\""),
                                          encoding="utf-8")
    loaded = load(file)
    assert loaded.state == session.state
    assert loaded.notes == ["the scenario file cod_line.yaml has changed since this save (sha256 differs); "
                            "the save still opens with the scenario as played"]


def test_replay_steps_go_turn_by_turn(tmp_path):
    session = played(ROOT / "scenarios" / "river_compact.yaml", "greedy", "management", 2)
    loaded = load(save_as(session, "r", tmp_path))
    steps = replay_steps(loaded)
    assert steps[0].turn == 0 and steps[0].state.turn == 1 and not steps[0].state.log[:0]
    assert [s.turn for s in steps[1:]] == list(range(1, session.state.turn + 1))
    assert steps[-1].state == session.state
    assert sum(len(s.log) for s in steps) == len(session.state.log)
    for step in steps[1:]:
        assert step.snapshot == step.state.history[-1]
        turn, state, log = step  # a (turn, state, log entries) triple
        assert all(e.turn in (turn, turn + 1) for e in log)
    # stepping back is just an earlier index: every state is its own copy
    assert steps[1].state != steps[2].state and steps[1].state.turn == 2
    assert replay_steps(save_as(session, "r2", tmp_path))[-1].state == session.state


def test_a_scenario_built_in_memory_is_saved_as_json_and_loads(tmp_path):
    base = load_scenario(ROOT / "scenarios" / "cod_line.yaml")
    changed = base.model_copy(update={"player": base.player.model_copy(update={"budget": 90.0})})
    session = Session(changed, "political", 5)
    play(session, "greedy", random.Random(5))
    file = save_as(session, "memory", tmp_path)
    assert json.loads(file.read_bytes())["body"]["scenario"]["format"] == "json"
    loaded = load(file)
    assert loaded.scenario == changed and loaded.state == session.state


def test_a_scenario_beyond_the_schema_needs_the_scenario_passed_in(tmp_path):
    from game.saves import SaveError

    base = load_scenario(ROOT / "scenarios" / "cod_line.yaml")
    long = base.model_copy(update={"player": base.player.model_copy(update={"deadline": 70})})
    session = Session(long, "political", 5)
    for _ in range(65):
        session.apply(EndTurn())
    file = save_as(session, "long", tmp_path)
    with pytest.raises(SaveError, match="the scenario embedded in the save \\(as JSON\\) does not validate: "
                                        "player.deadline: must be less than or equal to 60"):
        load(file)
    assert load(file, scenario=long).state == session.state
    with pytest.raises(SaveError, match="the scenario given does not match the one embedded in the save"):
        load(file, scenario=base)


def test_saves_from_several_threads_do_not_collide(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    session = Session(load_scenario(ROOT / "scenarios" / "cod_line.yaml"), "political", 1)

    def work(i):
        for _ in range(10):
            autosave(session, tmp_path, keep=4)
            save_as(session, "shared", tmp_path)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(work, range(4)))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["autosave-0037.json", "autosave-0038.json", "autosave-0039.json", "autosave-0040.json", "shared.json"]
    assert all(verify(tmp_path / n).ok for n in names)
