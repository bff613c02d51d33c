"""The committed JSON Schema is current, and every shipped scenario passes it and the loader."""

import json
from pathlib import Path

import pytest

from game.cli import main
from game.loading.scenario_loader import load_scenario
from game.loading.schema import SCHEMA_URL, scenario_schema, scenario_schema_text
from game.loading.strict_yaml import parse

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "docs" / "scenario.schema.json"
MODELINE = "# yaml-language-server: $schema=../docs/scenario.schema.json"
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))


def test_committed_schema_is_current():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == scenario_schema_text(), (
        "docs/scenario.schema.json is stale: run `python main.py schema > docs/scenario.schema.json`"
    )


def test_schema_command_prints_it(capsys):
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == scenario_schema_text()


def test_schema_is_draft_07():
    schema = scenario_schema()
    assert schema["$schema"] == SCHEMA_URL == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in json.dumps(schema), "draft-07 keeps definitions under 'definitions'"
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft7Validator.check_schema(schema)


def test_there_are_shipped_scenarios():
    assert SHIPPED, "scenarios/*.yaml is empty"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_scenario_starts_with_the_modeline(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == MODELINE, f"{path.name} must start with: {MODELINE}"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_scenario_loads(path):
    load_scenario(path)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_scenario_passes_the_json_schema(path):
    jsonschema = pytest.importorskip("jsonschema")
    data, _ = parse(path.read_text(encoding="utf-8"), str(path))
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in jsonschema.Draft7Validator(scenario_schema()).iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize(
    "old, new",
    [
        ("capability: 0.6", "capability: 1.4"),
        ("difficulty: easy", "difficulty: trivial"),
        ("    capability: 0.6\n", "    capability: 0.6\n    capabilty: 0.6\n"),
        ("  - type: range\n    id: quota_share", "  - type: rnage\n    id: quota_share"),
        ('color: "#3a78c2"', "color: blue"),
        ("concession: boulware", "concession: stubborn"),
    ],
)
def test_schema_flags_what_the_loader_flags(old, new):
    """An editor using the schema sees the same kind of mistake the loader reports."""
    jsonschema = pytest.importorskip("jsonschema")
    text = (ROOT / "scenarios" / "cod_line.yaml").read_text(encoding="utf-8").replace(old, new)
    data, _ = parse(text, "t.yaml")
    assert list(jsonschema.Draft7Validator(scenario_schema()).iter_errors(data))
