"""Names that cannot deceive or collide: bidi controls and other invisible characters are refused in
a scenario's names (a located error), stripped from player names, refused in save names (never
folded into another slot), and neutralised wherever a report shows a name, even from an old save."""

import json
import random
import re
from pathlib import Path

import pytest
import yaml

from game.engine.bots import play
from game.engine.session import Session
from game.loading.problems import ScenarioError
from game.loading.scenario_loader import load_scenario, load_text
from game.model.common import BIDI_CONTROLS, visible
from game.saves import SaveError, list_saves, load, read_header, safe_name, save_as
from game.saves.class_page import to_html
from game.saves.class_report import build, to_csv
from game.saves.report import esc, session_report

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
RLO = "\u202e"


def scenario_data(name: str) -> dict:
    return yaml.safe_load((SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8"))


def refused(data: dict) -> tuple[str, list[str]]:
    """The one problem of `data` written as YAML (non-ASCII as \\u escapes), and the text's lines."""
    text = yaml.safe_dump(data, allow_unicode=False, sort_keys=False, width=10_000)
    with pytest.raises(ScenarioError) as caught:
        load_text(text, "edited.yaml")
    [problem] = caught.value.problems
    return str(problem), text.splitlines()


# where a scenario shows a name: (shipped scenario, path to the field)
NAME_FIELDS = [
    ("river_compact", ("title",)),
    ("river_compact", ("countries", 1, "name")),
    ("river_compact", ("countries", 0, "leader")),
    ("river_compact", ("player", "country")),
    ("river_compact", ("issues", 0, "name")),
    ("river_compact", ("issues", 0, "unit")),
    ("cod_line", ("issues", 1, "options", 0, "label")),
    ("cod_line", ("rewards", 0, "name")),
    ("cod_line", ("threats", 0, "name")),
    ("detained_citizen", ("events", 0, "title")),
    ("detained_citizen", ("events", 0, "options", 0, "label")),
    ("sanctions_coalition", ("conference", "blocs", 0, "name")),
]


def dotted(path) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(path))


CHARS = [
    (RLO, "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("\u200f", "U+200F RIGHT-TO-LEFT MARK"),
    ("\u061c", "U+061C ARABIC LETTER MARK"),
    ("\u200b", "U+200B ZERO WIDTH SPACE"),
    ("\u200d", "U+200D ZERO WIDTH JOINER"),
    ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ("\t", "U+0009 TAB"),
    ("\x07", "U+0007 CONTROL CHARACTER"),
]
# every name field with one of the characters in turn, and every character in a country's name
CASES = [(s, p, *CHARS[i % len(CHARS)]) for i, (s, p) in enumerate(NAME_FIELDS)] + [(*NAME_FIELDS[1], *c) for c in CHARS]


@pytest.mark.parametrize("scenario, path, char, described", CASES, ids=[f"{s}:{dotted(p)}:{d}" for s, p, _, d in CASES])
def test_a_name_with_an_invisible_character_is_refused_where_it_is(scenario, path, char, described):
    data = scenario_data(scenario)
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = f"Sed{char}ova"
    problem, lines = refused(data)
    where = re.match(r"^edited\.yaml:(\d+):(\d+): (.*)$", problem)
    assert where, problem
    line = int(where.group(1))
    assert where.group(3) == f"{dotted(path)}: contains an invisible control character ({described}); remove it"
    assert re.search(r"Sed\\\S+ova", lines[line - 1]), lines[line - 1]  # the line that holds the escaped character


def test_the_shipped_names_and_ordinary_scripts_pass():
    for path in SCENARIOS.glob("*.yaml"):
        load_scenario(path)
    data = scenario_data("river_compact")
    data["countries"][1]["name"] = "Sédova – 塞多瓦 – سيدوفا"  # accents, CJK, Arabic letters: visible text
    load_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "ok.yaml")


def test_prose_may_break_lines_and_join_emoji_but_not_reorder():
    data = scenario_data("cod_line")
    data["briefing"] = "Two lines\nand a tab\there; a family: \U0001F468\u200d\U0001F469\u200d\U0001F467."
    load_text(yaml.safe_dump(data, allow_unicode=False, sort_keys=False, width=10_000), "ok.yaml")
    data["briefing"] = f"Fish {RLO}reversed"
    problem, _ = refused(data)
    assert problem.endswith("briefing: contains an invisible control character (U+202E RIGHT-TO-LEFT OVERRIDE); remove it")


def test_visible_strips_every_control_and_keeps_the_rest():
    assert visible(f"Ana{RLO}\u2066 Lee\u200b\u200e") == "Ana Lee"
    assert visible("a\nb\tc\x00d\x7f") == "a b cd"
    assert visible("Sédova 塞多瓦") == "Sédova 塞多瓦"
    assert not any(ch in BIDI_CONTROLS for ch in visible("".join(BIDI_CONTROLS) + "x"))


# ------------------------------------------------------------------ saves

@pytest.fixture(scope="module")
def session():
    s = Session(load_scenario(SCENARIOS / "cod_line.yaml"), "economic", 3)
    play(s, "greedy", random.Random(3))
    return s


def test_the_player_name_is_written_without_invisible_characters(tmp_path, session):
    path = save_as(session, "slot", tmp_path, player=f"  Ana{RLO}\u2067 Lee\n")
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert json.loads(first[len('{"header": '):-1])["player"] == "Ana Lee"
    assert load(path).header.player == "Ana Lee"


@pytest.mark.parametrize("name, described", [("a\nb", "U+000A LINE FEED"), ("a\tb", "U+0009 TAB"), ("a\x00b", "U+0000 NULL"),
                                             (f"a{RLO}b", "U+202E RIGHT-TO-LEFT OVERRIDE"), ("a\u200bb", "U+200B ZERO WIDTH SPACE")])
def test_a_save_name_with_a_control_character_is_refused(tmp_path, session, name, described):
    save_as(session, "a b", tmp_path)
    kept = (tmp_path / "a b.json").read_bytes()
    with pytest.raises(SaveError) as caught:
        save_as(session, name, tmp_path)
    assert caught.value.message == (f"the save name {name!r} contains a control or invisible character ({described}): "
                                    "a save name is one line of visible text")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a b.json"] and (tmp_path / "a b.json").read_bytes() == kept
    with pytest.raises(SaveError):
        safe_name(name)


def test_the_save_as_screen_refuses_a_name_with_a_tab(app, saves):
    from test_ui_menus import click, scene_name
    from test_ui_saves import play_turns

    from game.ui.scenes.flow import pause

    a = app()
    controller = play_turns(a, 1)
    pause(a, controller)
    click(a, "Save as…")
    a.scene.entry.set_text("Before\tthe vote")
    a.scene.refresh_note()
    assert "U+0009 TAB" in a.scene.shown_note
    click(a, "Save")
    assert scene_name(a) == "SaveAsScene" and "a save name is one line of visible text" in a.scene.shown_note
    assert sorted(p.name for p in saves.glob("*.json") if not p.name.startswith("autosave")) == []


def _old_save_with_player(folder: Path, session, player: str) -> Path:
    """A save as an older game, or a hand edit, wrote it: the player's name as given."""
    path = save_as(session, "old", folder)
    first, body = path.read_text(encoding="utf-8").split("\n", 1)
    header = json.loads(first[len('{"header": '):-1])
    header["player"] = player
    path.write_text('{"header": ' + json.dumps(header, ensure_ascii=False) + ",\n" + body, encoding="utf-8")
    return path


def test_reports_show_no_bidi_control_even_from_an_old_save(tmp_path, session):
    path = _old_save_with_player(tmp_path, session, f"{RLO}Ana\u2066 (A grade)\u2069")
    assert read_header(path).player == "Ana (A grade)"
    [info] = list_saves(tmp_path)
    assert info.header.player == "Ana (A grade)"
    report = build([str(path)])
    pages = {"debrief": session_report(load(path)), "class html": to_html(report, f"Class {RLO}7B"), "class csv": to_csv(report)}
    for name, text in pages.items():
        assert not any(ch in BIDI_CONTROLS for ch in text), name
        assert "Ana (A grade)" in text, name
    assert "<bdi>Ana (A grade)</bdi>" in pages["debrief"]
    assert "Class 7B" in pages["class html"]


def test_report_text_is_escaped_and_visible():
    assert esc(f"<b>{RLO}x</b>\n") == "&lt;b&gt;x&lt;/b&gt; "
