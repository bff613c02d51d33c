"""Whatever a save's header holds (nulls, wrong types, huge strings, missing and extra keys, nested
junk), the saves listing and the Load screen's texts show it or list the file as damaged with its
problem; nothing raises."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.saves import list_saves, read_header
from game.ui.scenes.load import details_html, outcome_text, row_text, row_tip

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "saves" / "v2_cod_line.json"
FIRST, BODY = FIXTURE.read_text(encoding="utf-8").split("\n", 1)
HEADER = json.loads(FIRST[len('{"header": '):-1])


def write(folder: Path, header, name: str = "edited.json") -> Path:
    path = folder / name
    path.write_text('{"header": ' + json.dumps(header) + ",\n" + BODY, encoding="utf-8")
    return path


def shown(folder: Path):
    """The one save in `folder` as the Load screen shows it: (info, row, tooltip, details)."""
    [info] = list_saves(folder)
    texts = (row_text(info), row_tip(info), details_html(info))
    assert all(isinstance(t, str) and t for t in texts)
    if info.ok:
        outcome_text(info.header)
    else:
        assert info.problem and info.problem in texts[0]
    return (info, *texts)


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=2**63), st.floats(), st.text(max_size=12),
    st.sampled_from(["", "x" * 100_000, "Ana\u202eevil", "a\x00b", "\ud800", "over", "deal", "A", "2026-01-31T12:00:00"]),
)
JUNK = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                    max_leaves=6)
KEYS = sorted(HEADER) + [f"outcome.{k}" for k in sorted(HEADER["outcome"])]


@st.composite
def edited_headers(draw):
    header = json.loads(json.dumps(HEADER))
    for _ in range(draw(st.integers(1, 4))):
        key = draw(st.sampled_from(KEYS + ["extra"]))
        where, name = (header.get("outcome"), key.split(".")[1]) if key.startswith("outcome.") else (header, key)
        if not isinstance(where, dict):
            continue
        if key == "extra":
            where[draw(st.text(min_size=1, max_size=10))] = draw(JUNK)
        elif draw(st.booleans()):
            where.pop(name, None)
        else:
            where[name] = draw(JUNK)
    return header


@settings(max_examples=300)
@given(header=edited_headers())
def test_any_header_is_listed_never_raised(tmp_path_factory, header):
    folder = tmp_path_factory.mktemp("h")
    write(folder, header)
    shown(folder)


@pytest.mark.parametrize("change, problem", [
    (lambda h: h["outcome"].update(score=None), "outcome: the game is over but its score is missing"),
    (lambda h: h["outcome"].update(grade=None, result=None), "the game is over but its result and grade are missing"),
    (lambda h: h["outcome"].update(phase="negotiating"), "the game is still in play (negotiating) but the header gives"),
    (lambda h: h["outcome"].update(score=float("nan")), "outcome.score: must be a finite number"),
    (lambda h: h["outcome"].update(score=140), "outcome.score: must be less than or equal to 100"),
    (lambda h: h.update(seed="5"), "seed: must be a valid integer"),
    (lambda h: h.update(turn=True), "turn: must be a valid integer"),
    (lambda h: h.update(turn=-1), "turn: must be greater than or equal to 0"),
    (lambda h: h.update(player="x" * 100_000), "player: must have at most 200 characters"),
    (lambda h: h.update(cone="wizard"), "cone: must be"),
    (lambda h: h.update(created="yesterday"), "created: must be a time written as ISO 8601"),
    (lambda h: h.update(mood="fine"), "mood: unknown field"),
    (lambda h: h.pop("turn"), "turn: missing"),
    (lambda h: h.update(outcome=[[[{}]]]), "outcome: must be a valid dictionary"),
])
def test_damaged_header_is_listed_with_its_problem(tmp_path, change, problem):
    header = json.loads(json.dumps(HEADER))
    change(header)
    write(tmp_path, header)
    info, row, tip, details = shown(tmp_path)
    assert not info.ok
    assert info.problem.startswith("has a damaged header: ") and problem in info.problem, info.problem
    assert "damaged" in row and problem in details.replace("&#x27;", "'")


def test_a_number_too_long_to_read(tmp_path):
    (tmp_path / "digits.json").write_text(FIXTURE.read_text(encoding="utf-8").replace('"seed": 5', '"seed": ' + "9" * 5000, 1))
    info, *_ = shown(tmp_path)
    assert info.problem == "is not a save: it holds a number too long to read"


def test_nesting_too_deep_to_read(tmp_path):
    (tmp_path / "deep.json").write_text('{"header": ' + "[" * 200_000 + "]" * 200_000 + ",\n" + BODY)
    info, *_ = shown(tmp_path)
    assert not info.ok and "nested too deeply" in info.problem


def test_the_player_name_is_shown_without_invisible_characters(tmp_path):
    header = json.loads(json.dumps(HEADER))
    header["player"] = "Ana\u202e\u2066 Lee\u200b\n"
    path = write(tmp_path, header)
    assert read_header(path).player == "Ana Lee"
    info, row, tip, details = shown(tmp_path)
    assert "Ana Lee" in tip and "Ana Lee" in details


def test_a_file_name_with_invisible_characters_is_shown_without_them(tmp_path):
    write(tmp_path, HEADER, name="cod\u202eenil.json")
    info, row, tip, details = shown(tmp_path)
    assert info.ok and row.startswith("codenil · ") and "codenil.json" in tip
