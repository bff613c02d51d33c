"""Every kind of mistake an author can make points at its exact line, column and field.

Each test starts from scenarios/cod_line.yaml (or a minimal text), changes one thing, and checks
the whole message. Line and column are computed from where the change sits in the text, so the
test stays exact even if the shipped scenario is edited above the change.
"""

import time
import tracemalloc
from pathlib import Path

import pytest

from game.loading.problems import Problem, ScenarioError
from game.loading.scenario_loader import load_bytes, load_scenario, load_text
from game.loading.strict_yaml import MAX_BYTES, MAX_DEPTH, parse

ROOT = Path(__file__).resolve().parent.parent
BASE = (ROOT / "scenarios" / "cod_line.yaml").read_text(encoding="utf-8")


def at(text: str, needle: str, offset: int = 0) -> str:
    """'LINE:COL' (1-based) of the first `needle` in `text`, moved `offset` characters right."""
    assert text.count(needle) >= 1, needle
    index = text.index(needle) + offset
    line = text.count("\n", 0, index) + 1
    return f"{line}:{index - (text.rfind(chr(10), 0, index) + 1) + 1}"


def edit(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once in the base text"
    return text.replace(old, new)


def problems(tmp_path: Path, text: str | bytes, name: str = "broken.yaml") -> tuple[str, list[str]]:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert all(isinstance(p, Problem) for p in info.value.problems)
    return str(path), [str(p) for p in info.value.problems]


def only(tmp_path: Path, text: str | bytes) -> tuple[str, str]:
    shown, found = problems(tmp_path, text)
    assert len(found) == 1, found
    return shown, found[0]


def test_base_scenario_loads():
    scenario = load_text(BASE, "cod_line.yaml")
    assert scenario.id == "cod_line"


# --------------------------------------------------------------------------- the YAML layer

def test_syntax_error(tmp_path):
    text = edit("kind: bilateral", "kind: bilateral: x")
    shown, message = only(tmp_path, text)
    # the parser's own wording varies between PyYAML versions: the place and the prefix do not
    assert message.startswith(f"{shown}:{at(text, 'kind: bilateral: x', 15)}: YAML syntax: "), message


def test_tab_indentation(tmp_path):
    text = edit("    leader:", "\tleader:")
    shown, message = only(tmp_path, text)
    assert message.startswith(f"{shown}:{at(text, chr(9) + 'leader:')}: YAML syntax: "), message


def test_duplicate_key(tmp_path):
    text = edit("    capability: 0.6\n", "    capability: 0.6\n    capability: 0.7\n")
    shown, message = only(tmp_path, text)
    first = at(text, "capability: 0.6").replace(":", ", column ")
    assert message == f"{shown}:{at(text, 'capability: 0.7')}: duplicate key 'capability' (first at line {first})"


def test_anchor(tmp_path):
    text = edit("capability: 0.6", "capability: &cap 0.6")
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:{at(text, '&cap')}: anchors (&cap) are not allowed; write the value out"


def test_alias(tmp_path):
    text = edit("resolve: 0.5", "resolve: *cap")
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:{at(text, '*cap')}: aliases (*cap) are not allowed; write the value out"


def test_explicit_tag(tmp_path):
    text = edit("budget: 60", "budget: !!int 60")
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:{at(text, '!!int')}: tags (!!int) are not allowed; write the plain value"


def test_python_tag_is_refused_not_run(tmp_path):
    text = edit("budget: 60", "budget: !!python/object/apply:os.system ['echo hacked']")
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:{at(text, '!!python')}: tags (!!python/object/apply:os.system) are not allowed; write the plain value"


def test_two_documents(tmp_path):
    text = BASE + "---\nid: second\n"
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:{at(text, chr(10) + '---', 1)}: only one document is allowed (remove the second '---')"


def test_empty_file(tmp_path):
    shown, message = only(tmp_path, "")
    assert message == f"{shown}:1:1: file is empty; a scenario is a mapping of fields"


def test_comments_only_is_empty(tmp_path):
    shown, message = only(tmp_path, "# yaml-language-server: $schema=../docs/scenario.schema.json\n\n")
    assert message == f"{shown}:1:1: file is empty; a scenario is a mapping of fields"


@pytest.mark.parametrize("text", ["- a\n- b\n", "just words\n", "42\n"])
def test_not_a_mapping(tmp_path, text):
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:1:1: a scenario must be a mapping of fields, not a list or a value"


def test_wrong_encoding_latin1(tmp_path):
    raw = edit("name: Norland", "name: Nørland").encode("latin-1")
    shown, message = only(tmp_path, raw)
    assert message == f"{shown}:{at(BASE, 'name: Norland', 7)}: not valid UTF-8 (byte 0xf8); save the file as UTF-8"


def test_utf8_bom_is_accepted():
    assert load_bytes(b"\xef\xbb\xbf" + BASE.encode("utf-8"), "bom.yaml").id == "cod_line"


def test_too_deep(tmp_path):
    deep = "[" * 30 + "]" * 30
    text = edit("when: {turn: 3}", f"when: {deep}")
    shown, message = only(tmp_path, text)
    # root mapping 1, events 2, the event 3, `when` 4: the bracket at depth MAX_DEPTH + 1 is refused.
    column_offset = MAX_DEPTH + 1 - 4
    assert message == f"{shown}:{at(text, deep, column_offset)}: nested more than {MAX_DEPTH} levels deep; a scenario is never that deep"


def test_too_large(tmp_path):
    text = BASE + "# " + "x" * MAX_BYTES + "\n"
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:1:1: file is larger than {MAX_BYTES // 1024} KiB; a scenario is never that big"


def test_number_too_large(tmp_path):
    text = edit("budget: 60", "budget: 1e999")
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:{at(text, '1e999')}: number too large (got '1e999')"


def test_huge_integer_is_no_traceback(tmp_path):
    text = edit("budget: 60", "budget: " + "9" * 5000)
    shown, message = only(tmp_path, text)
    assert message.startswith(f"{shown}:{at(text, '9999')}: number too large")


def test_missing_file_and_folder(tmp_path):
    for path in (tmp_path / "absent.yaml", tmp_path):
        with pytest.raises(ScenarioError) as info:
            load_scenario(path)
        assert str(info.value).startswith(f"{path}:1:1: ")


# --------------------------------------------------------------------------- the schema layer

def test_wrong_type(tmp_path):
    text = edit("budget: 60", "budget: sixty")
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:{at(text, 'sixty')}: player.budget: must be a number (got 'sixty')"


def test_text_field_given_a_number(tmp_path):
    text = edit("name: Norland", "name: 12")
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:{at(text, 'name: 12', 6)}: countries[0].name: must be text; put it in quotes (got 12)"


def test_out_of_range_names_both_bounds(tmp_path):
    text = edit("capability: 0.6", "capability: 1.4")
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:{at(text, '1.4')}: countries[0].capability: must be between 0 and 1 (got 1.4)"


def test_out_of_range_exclusive_bound(tmp_path):
    text = edit("    step: 5\n", "    step: 0\n")
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:{at(text, 'step: 0', 6)}: issues[0].step: must be more than 0 (got 0)"


def test_out_of_range_inside_a_mapping_value(tmp_path):
    text = edit("values: {observers: 0.5}", "values: {observers: 1.5}")
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:{at(text, '1.5')}: countries[0].interests.inspections.values.observers: must be between 0 and 1 (got 1.5)"


def test_unknown_field_suggests_the_nearest(tmp_path):
    text = edit("    capability: 0.6\n", "    capability: 0.6\n    capabilty: 0.6\n")
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:{at(text, 'capabilty')}: countries[0].capabilty: unknown field; did you mean 'capability'?"


def test_missing_required_field(tmp_path):
    text = edit("    name: Norland\n", "")
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:{at(text, 'id: norland')}: countries[0].name: is required"


def test_bad_discriminator(tmp_path):
    text = edit("  - type: range\n    id: quota_share", "  - type: rnage\n    id: quota_share")
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:{at(text, 'rnage')}: issues[0].type: must be range or options (got 'rnage')"


def test_missing_discriminator(tmp_path):
    text = edit("  - type: range\n    id: quota_share", "  - id: quota_share")
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:{at(text, 'id: quota_share')}: issues[0].type: is required: range or options"


def test_union_gives_one_readable_message(tmp_path):
    text = edit("concession: boulware", "concession: stubborn")
    shown, message = only(tmp_path, text)
    assert message == (
        f"{shown}:{at(text, 'stubborn')}: countries[0].concession: must be boulware, linear, conceder or a number (got 'stubborn')"
    )


def test_literal_lists_the_choices(tmp_path):
    text = edit("difficulty: easy", "difficulty: trivial")
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:{at(text, 'trivial')}: difficulty: must be easy, medium or hard (got 'trivial')"


def test_bad_id_as_a_key_points_at_the_key(tmp_path):
    text = edit("closed_season: {weight: 0.1", "Closed Season: {weight: 0.1")
    shown, message = only(tmp_path, text)
    assert message == (
        f"{shown}:{at(text, 'Closed Season')}: countries[0].interests.Closed Season: must be an id: lowercase letters, "
        "digits and _, starting with a letter, at most 40 characters (got 'Closed Season')"
    )


def test_validator_message_points_at_its_field(tmp_path):
    text = edit("concession: boulware", "concession: 25")
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:{at(text, 'concession: 25', 12)}: countries[0].concession: concession exponent must be between 0.05 and 20 (got 25)"


# --------------------------------------------------------------------------- the sense checks

def test_dangling_reference(tmp_path):
    text = edit("- issue: closed_season", "- issue: closed_seasons")
    shown, message = only(tmp_path, text)
    assert message == (
        f"{shown}:{at(text, 'closed_seasons')}: player.objectives[2].issue: no issue has id 'closed_seasons'; "
        "did you mean 'closed_season'? (got 'closed_seasons')"
    )


def test_dangling_reference_as_a_key(tmp_path):
    text = edit("relationship: {norland: -8}", "relationship: {norlnd: -8}")
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:{at(text, 'norlnd')}: events[0].effects.relationship.norlnd: no country has id 'norlnd'; did you mean 'norland'?"


def test_weights_not_summing_to_one(tmp_path):
    text = edit("quota_share: {weight: 0.6, ideal: 75}", "quota_share: {weight: 0.7, ideal: 75}")
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:{at(text, 'quota_share: {weight: 0.7')}: countries[0].interests: interest weights must sum to 1 (they sum to 1.1)"


def test_ideal_outside_range(tmp_path):
    text = edit("quota_share: {weight: 0.6, ideal: 75}", "quota_share: {weight: 0.6, ideal: 95}")
    shown, message = only(tmp_path, text)
    assert message == (
        f"{shown}:{at(text, 'ideal: 95', 7)}: countries[0].interests.quota_share.ideal: "
        "ideal must lie within quota_share's range 30..80 (got 95)"
    )


# --------------------------------------------------------------------------- all at once

def test_several_mistakes_are_all_reported(tmp_path):
    text = BASE
    text = edit("difficulty: easy", "difficulty: trivial", text)
    text = edit("budget: 60", "budget: sixty", text)
    text = edit("    capability: 0.6\n", "    capability: 0.6\n    capabilty: 0.6\n", text)
    text = edit("concession: boulware", "concession: stubborn", text)
    text = edit("cost: 25", "cost: -25", text)
    shown, found = problems(tmp_path, text)
    assert found == [
        f"{shown}:{at(text, 'trivial')}: difficulty: must be easy, medium or hard (got 'trivial')",
        f"{shown}:{at(text, 'sixty')}: player.budget: must be a number (got 'sixty')",
        f"{shown}:{at(text, 'capabilty')}: countries[0].capabilty: unknown field; did you mean 'capability'?",
        f"{shown}:{at(text, 'stubborn')}: countries[0].concession: must be boulware, linear, conceder or a number (got 'stubborn')",
        f"{shown}:{at(text, '-25')}: rewards[0].cost: must be between 0 and 1000 (got -25)",
    ]


def test_reader_and_schema_problems_come_together(tmp_path):
    text = BASE
    text = edit("difficulty: easy", "difficulty: easy\ndifficulty: hard", text)
    text = edit("resolve: 0.5", "resolve: *r", text)
    text = edit("capability: 0.6", "capability: 7", text)
    shown, found = problems(tmp_path, text)
    assert found == [
        f"{shown}:{at(text, 'difficulty: hard')}: duplicate key 'difficulty' "
        f"(first at line {at(text, 'difficulty: easy').replace(':', ', column ')})",
        f"{shown}:{at(text, 'capability: 7', 12)}: countries[0].capability: must be between 0 and 1 (got 7)",
        f"{shown}:{at(text, '*r')}: aliases (*r) are not allowed; write the value out",
    ]


def test_a_file_broken_everywhere_is_capped():
    text = "\n".join(f"k{i}: &a{i} 1" for i in range(500))
    with pytest.raises(ScenarioError) as info:
        load_text(text, "many.yaml")
    assert len(info.value.problems) <= 102
    assert "too many problems" in str(info.value) or "more problems; fix these first" in str(info.value)


# --------------------------------------------------------------------------- YAML 1.1 surprises

def test_no_stays_a_string_and_works_as_an_option_id():
    text = edit("{id: national, label:", "{id: no, label:")
    text = edit("ideal: national", "ideal: no", text)
    scenario = load_text(text, "no.yaml")
    inspections = scenario.issue("inspections")
    assert [o.id for o in inspections.options] == ["no", "observers", "joint"]
    assert scenario.country("norland").interests["inspections"].ideal == "no"


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "y", "n", "No", "YES"])
def test_yaml11_booleans_stay_strings(word):
    data, _ = parse(f"a: {word}\n", "t.yaml")
    assert data == {"a": word}


def test_only_true_and_false_are_booleans():
    data, _ = parse("a: true\nb: false\nc: True\n", "t.yaml")
    assert data == {"a": True, "b": False, "c": True}


def test_sexagesimal_stays_a_string():
    data, _ = parse("t: 12:30\nu: 1_000\nv: 0x1F\nw: 012\n", "t.yaml")
    assert data == {"t": "12:30", "u": "1_000", "v": "0x1F", "w": "012"}
    assert load_text(edit('title: "The Cod Line"', "title: 12:30"), "t.yaml").title == "12:30"


# --------------------------------------------------------------------------- hostile inputs

BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
) + "\n"


def _measure(load) -> tuple[float, int, ScenarioError]:
    start = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        load()
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    try:
        with pytest.raises(ScenarioError):
            load()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return elapsed, peak, info.value


def test_alias_bomb_is_refused_quickly():
    elapsed, peak, error = _measure(lambda: load_text(BILLION_LAUGHS, "bomb.yaml"))
    assert "bomb.yaml:1:4: anchors (&a) are not allowed; write the value out" in str(error).splitlines()
    assert "bomb.yaml:2:8: aliases (*a) are not allowed; write the value out" in str(error).splitlines()
    assert elapsed < 2 and peak < 20 * 2**20, (elapsed, peak)


@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_fifty_thousand_brackets_are_refused_quickly(parser, monkeypatch):
    """libyaml (PyYAML >= 6.0.2) stops at its own 1,000-level limit while scanning ahead; the
    pure-Python parser has none. Either way the reader's own located message speaks."""
    import yaml

    from game.loading import strict_yaml

    if parser == "libyaml" and not hasattr(yaml, "CBaseLoader"):
        pytest.skip("this PyYAML has no libyaml")
    monkeypatch.setattr(strict_yaml, "_Parser", yaml.CBaseLoader if parser == "libyaml" else yaml.BaseLoader)
    text = "a: " + "[" * 50_000 + "]" * 50_000 + "\n"
    elapsed, peak, error = _measure(lambda: load_text(text, "deep.yaml"))
    assert str(error) == f"deep.yaml:1:{3 + MAX_DEPTH}: nested more than {MAX_DEPTH} levels deep; a scenario is never that deep"
    assert elapsed < 2 and peak < 20 * 2**20, (elapsed, peak)


def test_fifty_megabyte_file_is_refused_quickly(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.write(b"a: [" + b"1, " * (50 * 2**20 // 3) + b"1]\n")
    elapsed, peak, error = _measure(lambda: load_scenario(path))
    assert str(error) == f"{path}:1:1: file is larger than {MAX_BYTES // 1024} KiB; a scenario is never that big"
    assert elapsed < 2 and peak < 20 * 2**20, (elapsed, peak)


def test_fifty_megabyte_text_is_refused_quickly():
    text = "a: [" + "1, " * (50 * 2**20 // 3) + "1]\n"
    elapsed, peak, error = _measure(lambda: load_text(text, "huge.yaml"))
    assert str(error) == f"huge.yaml:1:1: file is larger than {MAX_BYTES // 1024} KiB; a scenario is never that big"
    assert elapsed < 2 and peak < 20 * 2**20, (elapsed, peak)


def test_lone_surrogate_and_control_characters_are_problems():
    for text, where in (("a: \ud800\n", "1:4"), ("a: b\x00c\n", "1:5"), ("a: é\n\x01\n", "2:1")):
        with pytest.raises(ScenarioError) as info:
            load_text(text, "t.yaml")
        assert str(info.value).startswith(f"t.yaml:{where}: "), str(info.value)


# --------------------------------------------------------------------------- flags, portraits, map places

def test_flag_with_too_few_colours(tmp_path):
    text = edit('flag: {pattern: cross, colors: ["#3a78c2", "#f2c230", "#f4f1e8"]}', 'flag: {pattern: cross, colors: ["#3a78c2"]}')
    shown, message = only(tmp_path, text)
    where = at(text, '["#3a78c2"]}')
    assert message == f"{shown}:{where}: countries[0].flag.colors: colors must have 2 to 3 for pattern 'cross' (it has 1)"


def test_flag_colour_not_hex(tmp_path):
    text = edit('"#f2c230", "#f4f1e8"]}', '"gold", "#f4f1e8"]}')
    shown, message = only(tmp_path, text)
    where = at(text, '"gold"')
    assert message.startswith(f"{shown}:{where}: countries[0].flag.colors[1]: must be a colour written #rrggbb")


def test_unknown_emblem(tmp_path):
    text = edit("emblem: anchor,", "emblem: dragon,")
    shown, message = only(tmp_path, text)
    assert message == (f"{shown}:{at(text, 'dragon')}: player.flag.emblem: must be none, star, stars, crescent, disc, leaf, "
                       "anchor, sun, wheel, tower, wave or crown (got 'dragon')")


def test_emblem_colour_without_an_emblem(tmp_path):
    text = edit('"#f4f1e8"]}\n    map', '"#f4f1e8"], emblem_color: "#ffffff"}\n    map')
    shown, message = only(tmp_path, text)
    where = at(text, '"#ffffff"')
    assert message == f"{shown}:{where}: countries[0].flag.emblem_color: emblem_color needs an emblem"


def test_unknown_hair_style(tmp_path):
    text = edit("hair: receding", "hair: mohawk")
    shown, message = only(tmp_path, text)
    assert message.startswith(f"{shown}:{at(text, 'mohawk')}: countries[0].portrait.hair: must be short, parted")


def test_map_place_out_of_range(tmp_path):
    text = edit("map: {x: 70, y: 38}", "map: {x: 170, y: 38}")
    shown, message = only(tmp_path, text)
    assert message == f"{shown}:{at(text, '170')}: countries[0].map.x: must be between 0 and 100 (got 170)"


def test_map_places_too_close(tmp_path):
    text = edit("map: {x: 70, y: 38}", "map: {x: 31, y: 62}")
    shown, message = only(tmp_path, text)
    assert message == (f"{shown}:{at(text, 'map: {x: 31', 5)}: countries[0].map: too close to the player's country on the map "
                       "(2.2 apart; keep places at least 5 apart)")
