"""Whatever goes in, only a valid Scenario or a ScenarioError comes out of the loader.

Mutations of the shipped scenarios (drop a key or a line, duplicate a line, retype a value,
shuffle keys, insert random bytes, truncate) and random YAML-ish text. The default (CI) run
tries a few thousand cases; `pytest -m fuzz tests/test_loading_fuzz.py` (or
HYPOTHESIS_PROFILE=fuzz) runs ten thousand or more.
"""

import random
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.loading.problems import ScenarioError
from game.loading.scenario_loader import load_bytes, load_text
from game.loading.strict_yaml import parse
from game.model.scenario import Scenario

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "scenarios").glob("*.yaml"))}
NAMES = sorted(SHIPPED)
DATA = {name: parse(text, name)[0] for name, text in SHIPPED.items()}
FUZZ_EXAMPLES = 10_000
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def budget(n: int) -> int:
    """n examples in the CI profile; the fuzz profile's (larger) count when it is loaded."""
    return max(n, settings.default.max_examples)


def fuzz_settings(n: int):
    return settings(max_examples=budget(n), deadline=None, suppress_health_check=list(HealthCheck))


def outcome(load, shown: str, text_lines: int | None = None):
    """Run one load: a Scenario, or a ScenarioError whose problems are all well formed."""
    try:
        scenario = load()
    except ScenarioError as exc:
        assert exc.problems, "a ScenarioError always carries problems"
        for problem in exc.problems:
            assert problem.line >= 1 and problem.column >= 1, problem
            if text_lines is not None:
                assert problem.line <= text_lines + 1, (problem, text_lines)
            assert str(problem).startswith(f"{shown}:{problem.line}:{problem.column}: "), problem
            assert "failed unexpectedly" not in problem.message, problem
        return None
    assert isinstance(scenario, Scenario)
    return scenario


def load(text: str, shown: str = "fuzz.yaml"):
    lines = max(text.count("\n"), len(text.splitlines()))  # YAML also breaks lines at \r, \x85, \u2028
    return outcome(lambda: load_text(text, shown), shown, lines + 1)


def dump(data) -> str:
    return yaml.dump(data, Dumper=DUMPER, sort_keys=False, allow_unicode=True, width=10_000)


def paths(node, base=()):
    """Every path into the data, the root excluded."""
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return
    for key, child in items:
        yield base + (key,)
        yield from paths(child, base + (key,))


def copy(node):
    if isinstance(node, dict):
        return {k: copy(v) for k, v in node.items()}
    if isinstance(node, list):
        return [copy(v) for v in node]
    return node


def parent_of(data, path):
    node = data
    for part in path[:-1]:
        node = node[part]
    return node


WEIRD = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "no", "yes", "12:30", "range", "options", "boulware", "norland", "#3a78c2", "x" * 5000,
                     "1e999", "0x10", "~", "null", "quota_share", "multilateral", "consensus"]),
    st.text(max_size=20), st.lists(st.integers(0, 3), max_size=3),
    st.dictionaries(st.sampled_from(["id", "type", "weight", "ideal", "x"]), st.integers(0, 2), max_size=3),
)

TOKENS = [
    "-", "- ", ":", ": ", " ", "  ", "\n", "\n  ", "\n- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!t ",
    "? ", "|", ">-", "'", '"', "#", "---\n", "...\n", "%YAML 1.1\n", "no", "yes", "1", "0.5", "1e999", "9" * 40,
    "null", "~", "true", "id", "type", "range", "options", "schema_version: 1\n", "issues:", "countries:",
    "\t", "\\", "@", "`", "\x00", "\ufeff", "é", "\u2028", "\x85", "12:30", "<<: ",
]
YAMLISH = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)), max_size=60).map("".join)


# --------------------------------------------------------------------------- data mutations

@fuzz_settings(300)
@given(name=st.sampled_from(NAMES), choice=st.data())
def test_drop_a_key_or_item(name, choice):
    data = copy(DATA[name])
    path = choice.draw(st.sampled_from(list(paths(data))))
    del parent_of(data, path)[path[-1]]
    load(dump(data))


@fuzz_settings(400)
@given(name=st.sampled_from(NAMES), choice=st.data(), value=WEIRD)
def test_retype_a_value(name, choice, value):
    data = copy(DATA[name])
    path = choice.draw(st.sampled_from(list(paths(data))))
    parent_of(data, path)[path[-1]] = value
    load(dump(data))


@fuzz_settings(100)
@given(name=st.sampled_from(NAMES), seed=st.integers(0, 2**32 - 1))
def test_shuffled_keys_load_the_same(name, seed):
    rng = random.Random(seed)

    def shuffle(node):
        if isinstance(node, dict):
            items = [(k, shuffle(v)) for k, v in node.items()]
            rng.shuffle(items)
            return dict(items)
        if isinstance(node, list):
            return [shuffle(v) for v in node]
        return node

    assert load(dump(shuffle(DATA[name]))) == load(SHIPPED[name])


# --------------------------------------------------------------------------- text and byte mutations

@fuzz_settings(500)
@given(name=st.sampled_from(NAMES), choice=st.data(), op=st.sampled_from(["drop", "duplicate", "swap", "indent", "dedent"]))
def test_line_mutations(name, choice, op):
    lines = SHIPPED[name].splitlines(keepends=True)
    i = choice.draw(st.integers(0, len(lines) - 1))
    if op == "drop":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, lines[i])  # duplicate keys, duplicate list items, broken block scalars
    elif op == "swap" and i + 1 < len(lines):
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    elif op == "indent":
        lines[i] = "  " + lines[i]
    elif op == "dedent":
        lines[i] = lines[i][2:] if lines[i].startswith("  ") else lines[i]
    load("".join(lines))


@fuzz_settings(300)
@given(name=st.sampled_from(NAMES), cut=st.floats(0, 1))
def test_truncated(name, cut):
    text = SHIPPED[name]
    load(text[: int(len(text) * cut)])


@fuzz_settings(500)
@given(name=st.sampled_from(NAMES), where=st.floats(0, 1), junk=st.binary(min_size=1, max_size=16))
def test_random_bytes_inserted(name, where, junk):
    raw = SHIPPED[name].encode("utf-8")
    at = int(len(raw) * where)
    raw = raw[:at] + junk + raw[at:]
    outcome(lambda: load_bytes(raw, "fuzz.yaml"), "fuzz.yaml")


@fuzz_settings(300)
@given(name=st.sampled_from(NAMES), where=st.floats(0, 1), junk=YAMLISH)
def test_yamlish_text_inserted(name, where, junk):
    text = SHIPPED[name]
    at = int(len(text) * where)
    load(text[:at] + junk + text[at:])


# --------------------------------------------------------------------------- random input

@fuzz_settings(800)
@given(text=YAMLISH)
def test_random_yamlish_text(text):
    load(text)


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-1000, 1000), st.floats(-1e6, 1e6), st.text(max_size=8))
KEYS = st.one_of(st.sampled_from(["id", "type", "schema_version", "kind", "issues", "countries", "player", "weight",
                                  "ideal", "min", "max", "options", "interests", "conference", "rule"]), st.text(max_size=6))
TREES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5), max_leaves=30)


@fuzz_settings(250)
@given(tree=TREES)
def test_random_trees(tree):
    load(dump(tree))


# --------------------------------------------------------------------------- the long run

MIXED = st.one_of(
    YAMLISH,
    st.builds(dump, TREES),
    st.builds(lambda name, cut: SHIPPED[name][: int(len(SHIPPED[name]) * cut)], st.sampled_from(NAMES), st.floats(0, 1)),
    st.builds(
        lambda name, where, junk: (lambda t, at: t[:at] + junk + t[at:])(SHIPPED[name], int(len(SHIPPED[name]) * where)),
        st.sampled_from(NAMES), st.floats(0, 1), YAMLISH,
    ),
)


@pytest.mark.fuzz
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=MIXED)
def test_long_fuzz_mixed(text):
    load(text)


@pytest.mark.fuzz
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=st.sampled_from(NAMES), choice=st.data(), value=WEIRD)
def test_long_fuzz_retype(name, choice, value):
    data = copy(DATA[name])
    path = choice.draw(st.sampled_from(list(paths(data))))
    parent_of(data, path)[path[-1]] = value
    load(dump(data))
