"""The docs stay true to the code: the authoring guide's example loads, the cone table matches."""

import re

from conftest import ROOT

from game.loading.scenario_loader import load_text
from game.model.cones import CONES, DEFAULT_CONES


def test_authoring_guide_example_is_a_valid_scenario():
    guide = (ROOT / "docs" / "scenario-authoring.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", guide, re.S).group(1)
    scenario = load_text(block, "docs/scenario-authoring.md#example")
    assert scenario.countries and scenario.player.objectives


def _row(table: str, label: str) -> list[str]:
    line = next(line for line in table.splitlines() if line.startswith(f"| {label} |"))
    return [cell.strip().strip("*") for cell in line.strip("|").split("|")[1:]]


def test_cone_table_matches_the_defaults():
    table = (ROOT / "docs" / "cones.md").read_text(encoding="utf-8")
    points = _row(table, "action points per turn")
    budget = _row(table, "budget per turn")
    for cone, ap, money in zip(CONES, points, budget):
        assert int(ap) == DEFAULT_CONES[cone].action_points, cone
        assert float(money) == DEFAULT_CONES[cone].budget_per_turn, cone


def test_cones_doc_gives_whip_one_value_the_engines():
    from game.engine.valuation import WHIP_REACH

    text = (ROOT / "docs" / "cones.md").read_text(encoding="utf-8")
    strength = DEFAULT_CONES["political"].whip_strength
    points = round(WHIP_REACH * strength * 100)
    assert f"needs {points} points less in the next vote" in _row(text, "whip a vote")[0]
    assert f"by {points} points ({WHIP_REACH * 100:.0f}" in " ".join(text.split())
    assert f"whip strength, {strength:g})" in " ".join(text.split())


def test_the_probe_example_is_what_probe_prints(capsys):
    """The authoring guide shows a probe's command and its output: running the command prints that output."""
    import shlex

    from game.cli import main

    guide = (ROOT / "docs" / "scenario-authoring.md").read_text(encoding="utf-8")
    section = guide[guide.index("### `probe`"):]
    command = re.search(r"```sh\n(.*?)```", section, re.S).group(1).replace("\\\n", " ")
    shown = re.search(r"```text\n(.*?)```", section, re.S).group(1)
    argv = shlex.split(command)
    assert argv[:3] == ["python", "main.py", "probe"]
    assert main([*argv[2:3], str(ROOT / argv[3]), *argv[4:]]) == 0
    assert capsys.readouterr().out == shown
