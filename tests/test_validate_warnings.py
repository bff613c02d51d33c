"""`validate`'s warnings tier and one-pass checking: errors and warnings together in one run (the sense
checks run on every part whose shape is valid), `--strict`, a scenario no shared deal can satisfy, "did
you mean" for ids, and numbers echoed as the file writes them."""

import re

import pytest
from conftest import SCENARIOS

from game.cli import main
from game.loading.scenario_loader import check_scenario, load_scenario

COD_LINE = (SCENARIOS / "cod_line.yaml").read_text(encoding="utf-8")
RIVER = (SCENARIOS / "river_compact.yaml").read_text(encoding="utf-8")


def written(tmp_path, text: str, name: str) -> tuple:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path, text


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def validate(capsys, *argv) -> tuple[int, list[str]]:
    code = main(["validate", *map(str, argv)])
    return code, capsys.readouterr().out.splitlines()


def test_shape_errors_sense_errors_and_warnings_in_one_run(tmp_path, capsys):
    text = COD_LINE.replace("resolve: 0.5", "resolve: 1.5")  # a shape error in Norland ...
    text = text.replace("      closed_season: {weight: 0.1", "      closed_seasn: {weight: 0.1")  # ... and a dangling id in it
    text = text.replace("      target: 55\n", "      target: 57\n")  # a warning elsewhere
    path, text = written(tmp_path, text, "cod_line.yaml")
    code, lines = validate(capsys, path)
    assert code == 1
    assert lines == [
        f"{path}:{line_of(text, 'target: 57')}:15: player.objectives[0].target: warning: target is off quota_share's "
        "step grid (30 to 80 by 5): an offer can be 55 or 60, never exactly this (got 57)",
        f"{path}:{line_of(text, 'resolve: 1.5')}:14: countries[0].resolve: must be between 0 and 1 (got 1.5)",
        f"{path}:{line_of(text, 'closed_seasn')}:7: countries[0].interests.closed_seasn: no issue has id 'closed_seasn'; "
        "did you mean 'closed_season'?",
        "0 of 1 scenario files are valid",
    ]


def test_a_reference_to_an_item_whose_shape_failed_is_not_dangling(tmp_path):
    text = RIVER.replace("    capability: 0.35\n", "    capability: lots\n")  # marenne's shape fails
    path, _ = written(tmp_path, text, "river_compact.yaml")
    problems = [str(p) for p in check_scenario(path).problems]
    assert len(problems) == 1 and "countries[2].capability: must be a number" in problems[0]
    # but a broken issue leaves the interests that name it alone, and a misspelt one is still caught
    text = RIVER.replace("    step: 5\n    unit: \"%\"\n  - type: range\n    id: fill_years",
                         "    step: -5\n    unit: \"%\"\n  - type: range\n    id: fill_years")
    text = text.replace("relations: {highreach: -40, marenne: 10}", "relations: {highreach: -40, marene: 10}")
    path, _ = written(tmp_path, text, "river_compact.yaml")
    problems = check_scenario(path).problems
    assert [p.field for p in problems if p.severity == "error"] == ["issues[0].step", "countries[1].relations.marene"]
    assert problems[-1].message == "no country has id 'marene'; did you mean 'marenne'?"


def test_no_shared_deal_is_a_located_error(tmp_path, capsys):
    """Every reservation at 1.0 and rewards worth too little to make up for it: no cone has a zone of
    agreement (with River Compact's real rewards, an economic officer's power purchase still buys one)."""
    text = re.sub(r"reservation: [0-9.]+", "reservation: 1.0", RIVER)
    text = re.sub(r"    value: 0\.[0-9]+", "    value: 0.01", text)
    path, text = written(tmp_path, text, "river_compact.yaml")
    code, lines = validate(capsys, path)
    assert code == 1
    error = next(line for line in lines if "no shared deal" in line)
    where = re.match(rf"{re.escape(str(path))}:(\d+):(\d+): countries\[(\d)\]\.reservation: ", error)
    assert where, error
    assert "reservation: 1.0" in text.splitlines()[int(where.group(1)) - 1]
    assert "all 3 countries (consensus)" in error and "(got" not in error
    assert lines[-1] == "0 of 1 scenario files are valid"
    # every reservation at 1.0 is also a warning, each at its own line, echoed as written
    assert sum("warning: no deal on the issues alone can reach a no-deal value of 1" in line and "(got 1.0)" in line
               for line in lines) == 3


def test_a_deal_with_rewards_is_still_a_deal(tmp_path, capsys):
    """Cod Line with Norland's reservation at 1.0: its ideal terms plus a reward still clear it, so the
    zone of agreement exists (a warning, not an error)."""
    path, _ = written(tmp_path, COD_LINE.replace("reservation: 0.45", "reservation: 1.0"), "cod_line.yaml")
    code, lines = validate(capsys, path)
    assert code == 0
    assert any("countries[0].reservation: warning" in line for line in lines)
    assert not any("no shared deal" in line for line in lines)


WARNINGS = [
    ("event closed to cones",
     lambda t: t.replace("      - id: release_crew\n        label: \"Release the crew at once\"\n",
                         "      - id: release_crew\n        label: \"Release the crew at once\"\n        cone: political\n"),
     "events[0].options: warning: no option is open to an economic, management or public diplomacy officer"),
    ("unwanted reward",
     lambda t: t.replace("reward_values: {trade: 1.2, investment: 1.0, visa: 1.8, culture: 0.5}",
                         "reward_values: {trade: 1.2, investment: 1.0, visa: 0, culture: 0.5}"),
     "rewards[2].domain: warning: no country values the visa domain"),
    ("off-grid ideal", lambda t: t.replace("      ideal: 12\n      target: 8\n", "      ideal: 11.5\n      target: 8\n"),
     "player.objectives[2].ideal: warning: ideal is off closed_season's step grid (0 to 12 by 1): an offer can be 11 "
     "or 12, never exactly this (got 11.5)"),
    ("uneven steps", lambda t: t.replace("    min: 0\n    max: 12\n    step: 1\n", "    min: 0\n    max: 12\n    step: 5\n"),
     "issues[2].max: warning: max is not min plus a whole number of steps of 5"),
    ("no consular edge", lambda t: t.replace("        cone: consular\n", "").replace("domain: visa", "domain: culture"),
     "warning: the Consular cone changes nothing here"),
]


@pytest.mark.parametrize("edit,expected", [(w[1], w[2]) for w in WARNINGS], ids=[w[0] for w in WARNINGS])
def test_each_silent_case_warns_and_strict_fails(tmp_path, capsys, edit, expected):
    path, text = written(tmp_path, edit(COD_LINE), "cod_line.yaml")
    assert text != COD_LINE
    code, lines = validate(capsys, path)
    assert code == 0, lines
    assert any(expected in line for line in lines), lines
    assert lines[-1] == "1 of 1 scenario files are valid (1 with warnings)"
    code, lines = validate(capsys, "--strict", path)
    assert code == 1
    assert lines[-1] == "1 of 1 scenario files are valid (1 with warnings, which --strict counts as failures)"
    load_scenario(path)  # a warning never stops the game loading the file


def test_id_that_differs_from_the_file_name(tmp_path, capsys):
    path, _ = written(tmp_path, COD_LINE, "cod_lines.yaml")
    code, lines = validate(capsys, path)
    assert code == 0
    assert lines[0] == (f"{path}:3:5: id: warning: differs from the file name 'cod_lines': `--scenario`, saves and "
                        "reports name a scenario by its id; call the file cod_line.yaml (got 'cod_line')")


def test_overflowing_vote_weights_warn_and_still_count(tmp_path, capsys):
    text = RIVER.replace("conference:\n  rule: consensus",
                         "conference:\n  rule: weighted\n  threshold: 0.6\n"
                         "  weights: {highreach: 1.0e308, sedova: 1.0e308, marenne: 1.0e308}")
    path, _ = written(tmp_path, text, "river_compact.yaml")
    code, lines = validate(capsys, path)
    assert code == 0
    assert any("conference.weights: warning: the vote weights add up to more than the largest number" in line
               for line in lines)
    from game.model.voting import passes, vote_weights
    scenario = load_scenario(path)
    assert vote_weights(scenario) == pytest.approx({"highreach": 1 / 3, "sedova": 1 / 3, "marenne": 1 / 3})
    assert passes(scenario, ["highreach", "sedova"]) and not passes(scenario, ["highreach"])


def test_did_you_mean_for_unknown_ids(tmp_path):
    text = RIVER.replace("members: [", "members: [").replace("rule: consensus", "rule: consensus\n  blocs:\n"
                                                                "    - {id: lower, name: Lower river, members: [sedova, marene]}")
    text = text.replace("data_sharing: {weight: 0.15, ideal: commission, values: {realtime: 0.7, annual: 0.2}}",
                        "data_sharing: {weight: 0.15, ideal: commision, values: {realtime: 0.7, anual: 0.2}}")
    path, _ = written(tmp_path, text, "river_compact.yaml")
    messages = [p.message for p in check_scenario(path).problems]
    assert "no country has id 'marene'; did you mean 'marenne'?" in messages
    assert "no option 'anual' in issue 'data_sharing'; did you mean 'annual'?" in messages
    assert any(m.startswith("ideal must be one of data_sharing's options") and m.endswith("did you mean 'commission'?")
               for m in messages)


def test_numbers_are_echoed_as_written(tmp_path):
    path, _ = written(tmp_path, COD_LINE.replace("capability: 0.6", "capability: 10.0").replace("budget: 60", "budget: 6e4"),
                      "cod_line.yaml")
    problems = [str(p) for p in check_scenario(path).problems]
    assert any(p.endswith("countries[0].capability: must be between 0 and 1 (got 10.0)") for p in problems)
    assert any(p.endswith("player.budget: must be between 0 and 10000 (got 6e4)") for p in problems)


def test_shipped_scenarios_have_no_warnings(capsys):
    code, lines = validate(capsys, "--strict", SCENARIOS)
    assert code == 0, lines
    assert not any("warning" in line for line in lines)
