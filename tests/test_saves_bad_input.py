"""Saves: every bad input gets its own clear message, as a SaveError, never a traceback, and
nothing is overwritten; save names cannot leave the saves folder."""

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine.bots import play
from game.engine.session import Session
from game.loading.scenario_loader import load_scenario
from game.saves import MAX_SAVE_BYTES, SaveError, load, read_header, safe_name, save_as, verify

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> bytes:
    session = Session(load_scenario(ROOT / "scenarios" / "cod_line.yaml"), "political", 2)
    play(session, "greedy", random.Random(2))
    folder = tmp_path_factory.mktemp("good")
    return save_as(session, "good", folder, player="Ana", created="2025-01-01T00:00:00+00:00").read_bytes()


def refused(path: Path) -> str:
    """Load must refuse with a SaveError, leave the file as it was, and verify must agree."""
    before = path.read_bytes() if path.is_file() else None
    listing = sorted(os.listdir(path.parent))
    with pytest.raises(SaveError) as info:
        load(path)
    result = verify(path)
    assert not result.ok and result.message == info.value.message
    assert (path.read_bytes() if path.is_file() else None) == before
    assert sorted(os.listdir(path.parent)) == listing
    assert str(info.value).startswith(str(path))
    return info.value.message


def edited(good: bytes, change) -> bytes:
    document = json.loads(good)
    change(document)
    return json.dumps(document).encode()


def write(tmp_path: Path, data: bytes, name: str = "s.json") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_truncated_file(tmp_path, good):
    for cut in (len(good) // 2, len(good) - 3, 200, 30):
        message = refused(write(tmp_path, good[:cut]))
        assert "is truncated" in message, message


def test_empty_file(tmp_path):
    assert "is empty" in refused(write(tmp_path, b""))


def test_random_bytes(tmp_path):
    rng = random.Random(5)
    message = refused(write(tmp_path, bytes(rng.randrange(256) for _ in range(5000))))
    assert message.startswith("is not a save: not UTF-8 text") or message.startswith("is not a save: invalid JSON")
    assert "is not a save: invalid JSON at line 1, column 1" in refused(write(tmp_path, b"hello world"))


@pytest.mark.parametrize("data,expected", [
    (b"[1, 2, 3]", "is not a save: the file holds a JSON list, not an object"),
    (b'{"name": "not a save"}', "is not a Demarche save: it has neither a header nor a save version"),
    (b'{"header": {"save_version": "two"}}', "has an unreadable save version ('two')"),
    (b'{"header": {"save_version": 0}}', "has save version 0, which never existed (the oldest is 1)"),
    (b"[" * 100_000 + b"]" * 100_000, "is not a save: nested too deeply"),
])
def test_valid_json_of_the_wrong_shape(tmp_path, data, expected):
    assert refused(write(tmp_path, data)) == expected


def test_damaged_header_and_body(tmp_path, good):
    message = refused(write(tmp_path, edited(good, lambda d: d["header"].pop("seed"))))
    assert message == "has a damaged header: seed: missing"
    message = refused(write(tmp_path, edited(good, lambda d: d["body"].update(actions="many"))))
    assert message.startswith("has a damaged body: actions: must be a valid list")


def test_changed_number_in_a_snapshot(tmp_path, good):
    def change(d):
        d["body"]["snapshots"][4]["stability"]["norland"] = 12.0
    message = refused(write(tmp_path, edited(good, change)))
    turn = json.loads(good)["body"]["snapshots"][4]["turn"]
    real = json.loads(good)["body"]["snapshots"][4]["stability"]["norland"]
    assert message == f"turn {turn}: the record says Norland's stability is 12, the replay gives {real:g}"


def test_changed_final_state_and_header(tmp_path, good):
    def change(d):
        d["body"]["final"]["budget"] = 9999.0
    assert refused(write(tmp_path, edited(good, change))).startswith(
        "the final state differs at budget: the record says 9999")

    def grade(d):
        d["header"]["outcome"]["grade"] = "A"
    real = json.loads(good)["header"]["outcome"]["grade"]
    assert refused(write(tmp_path, edited(good, grade))) == f"the header says the grade is 'A', the replay gives '{real}'"


def test_changed_action(tmp_path, good):
    document = json.loads(good)
    index = next(i for i, a in enumerate(document["body"]["actions"]) if a["kind"] == "propose")

    def change(d):  # a threat attached to the first offer: relations fall on that turn whatever the bot did next
        d["body"]["actions"][index]["offer"]["threats"] = ["censure"]
    message = refused(write(tmp_path, edited(good, change)))
    assert message.startswith("turn ") and "the record says" in message and "the replay gives" in message


def test_action_illegal_on_its_turn(tmp_path, good):
    def change(d):
        d["body"]["actions"].insert(0, {"kind": "deliver", "country": "norland", "reward": "crew_visas"})
    assert refused(write(tmp_path, edited(good, change))) == (
        "turn 1, action 1 (deliver Norland): illegal on its turn: no such promise is owed to that country")

    def unknown(d):
        d["body"]["actions"][2] = {"kind": "bribe", "country": "norland"}
    assert refused(write(tmp_path, edited(good, unknown))).startswith("turn 1, action 3: not a valid action (")


def test_actions_removed_or_added(tmp_path, good):
    def drop_last_turn(d):
        d["body"]["actions"] = d["body"]["actions"][:-1]
    message = refused(write(tmp_path, edited(good, drop_last_turn)))
    assert "the replay gives" in message

    def extra(d):
        d["body"]["actions"].append({"kind": "end_turn"})
    assert refused(write(tmp_path, edited(good, extra))).endswith("illegal on its turn: the session is over")


def test_edited_embedded_scenario(tmp_path, good):
    def change(d):
        d["body"]["scenario"]["text"] = d["body"]["scenario"]["text"].replace("budget: 60", "budget: 600")
    assert refused(write(tmp_path, edited(good, change))) == (
        "the embedded scenario does not match its own sha256: the scenario in the save was edited")


def test_future_save_version(tmp_path, good):
    def change(d):
        d["header"].update(save_version=4, game_version="0.9.0")
    path = write(tmp_path, edited(good, change))
    expected = ("was written by Demarche 0.9.0 in save version 4; this game reads save versions 1 to 3: "
                "update the game to open it")
    assert refused(path) == expected
    with pytest.raises(SaveError, match="update the game"):
        read_header(path)


def test_huge_file_is_refused_before_parsing(tmp_path, monkeypatch):
    path = tmp_path / "huge.json"
    with open(path, "wb") as f:
        f.write(b'{"header": ')
        f.truncate(MAX_SAVE_BYTES + 1)  # sparse: nothing to read
    monkeypatch.setattr(json, "loads", lambda *a, **k: pytest.fail("parsed a file above the size cap"))
    assert refused(path) == f"too large to be a save ({MAX_SAVE_BYTES + 1:,} bytes; the limit is {MAX_SAVE_BYTES:,})"


def test_missing_file_and_folder(tmp_path):
    assert refused(tmp_path / "nope.json") == "no such save file"
    (tmp_path / "dir.json").mkdir()
    with pytest.raises(SaveError, match="is a folder, not a save file"):
        load(tmp_path / "dir.json")


@pytest.mark.parametrize("name,expected", [
    ("../evil", "is a path"),
    ("../../etc/passwd", "is a path"),
    ("/tmp/evil", "is a path"),
    ("C:\\Windows\\evil", "is a path"),
    ("C:evil", "is a path"),
    ("sub/name", "is a path"),
    ("..", "made of dots"),
    ("...", "made of dots"),
    ("a..b", "contains '..'"),
    ("", "needs a name"),
    ("   ", "needs a name"),
    ("???", "no letters or digits"),
    (None, "must be text"),
    ("tab\there", "contains a control or invisible character"),
])
def test_names_that_would_leave_the_folder_are_refused(tmp_path, name, expected):
    folder = tmp_path / "saves"
    session = Session(load_scenario(ROOT / "scenarios" / "cod_line.yaml"), "political", 1)
    with pytest.raises(SaveError, match=expected.replace("(", r"\(")):
        save_as(session, name, folder)
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


@pytest.mark.parametrize("name,filename", [
    ("Ana's game", "Ana's game.json"),
    ("CON", "CON_.json"),
    ("nul.txt", "nul.txt_.json"),
    ("com1", "com1_.json"),
    ("Before the vote.json", "Before the vote.json"),
    ("x" * 300, "x" * 64 + ".json"),
    ("here<>:|?*", "here______.json"),
    (".hidden", "hidden.json"),
    ("trailing. ", "trailing.json"),
    ("autosave-0003", "_autosave-0003.json"),
    ("Île-de-France", "Île-de-France.json"),
])
def test_odd_names_are_sanitised(tmp_path, name, filename):
    assert safe_name(name) == filename
    session = Session(load_scenario(ROOT / "scenarios" / "cod_line.yaml"), "political", 1)
    written = save_as(session, name, tmp_path)
    assert written.parent == tmp_path and written.name == filename and load(written).state == session.state


def test_a_failed_write_keeps_the_previous_save(tmp_path, monkeypatch):
    session = Session(load_scenario(ROOT / "scenarios" / "cod_line.yaml"), "political", 1)
    path = save_as(session, "slot", tmp_path)
    before = path.read_bytes()

    def boom(*args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(SaveError, match="could not write the save \\(No space left on device\\)"):
        save_as(session, "slot", tmp_path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slot.json"]


@settings(max_examples=60)
@given(st.data())
def test_mutated_saves_give_a_save_error_or_load(tmp_path_factory, good, data):
    raw = bytearray(good)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    path = tmp_path_factory.mktemp("m") / "m.json"
    path.write_bytes(bytes(raw))
    try:
        load(path)
    except SaveError as exc:
        assert exc.message and "please report this" not in exc.message


def test_verify_command_prints_one_line_each_and_no_traceback(tmp_path, good):
    ok = write(tmp_path, good, "ok.json")
    bad = write(tmp_path, good[:500], "cut.json")
    noise = write(tmp_path, os.urandom(300), "noise.json")
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "verify", str(ok), str(bad), str(noise)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1
    lines = run.stdout.strip().splitlines()
    assert lines[0].startswith(f"{ok}: ok: Ana, cod_line, political, seed 2")
    assert lines[1].startswith(f"{bad}: FAILED: is truncated")
    assert lines[2].startswith(f"{noise}: FAILED: is not a save")
    assert lines[3] == "1 of 3 saves verified"
    assert "Traceback" not in run.stderr
    single = subprocess.run([sys.executable, str(ROOT / "main.py"), "verify", str(ok)], capture_output=True, text=True, cwd=ROOT)
    assert single.returncode == 0 and len(single.stdout.splitlines()) == 1


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 10**30, None, "7", [], {}])
def test_odd_values_in_the_record_are_differences(tmp_path, good, value):
    def change(d):
        d["body"]["final"]["log"][3]["turn"] = value
    message = refused(write(tmp_path, edited(good, change)))
    assert message.startswith("the final state differs at log[3].turn: the record says "), message
