"""The smaller things a player noticed: scenario colours legible on the panels, gains and losses of
relations apart, named lines on crowded charts, counted nouns."""

import os

import pygame

from game.engine.wording import counted
from game.model.state import LogEntry
from game.ui import palette
from game.ui.widgets.charts import legend_rows, line_chart, pareto_chart, series_text
from game.ui.widgets.draw import country_colour
from game.ui.widgets.log_view import entry_colour


def test_a_dark_scenario_colour_is_lightened_to_a_legible_contrast():
    zaruk = country_colour("#4d4d4d")  # sanctions_coalition's Zaruk: dark grey
    assert palette.contrast((0x4d, 0x4d, 0x4d), palette.PANEL) < palette.MIN_CONTRAST
    assert palette.contrast(zaruk, palette.PANEL) >= palette.MIN_CONTRAST
    assert country_colour("#e69f00") == (0xe6, 0x9f, 0x00)  # bright enough already: unchanged


def test_relations_gained_and_lost_have_their_own_colours():
    gain = LogEntry(turn=2, kind="relationship", text="Kessara: relations +6 (a promise kept)")
    loss = LogEntry(turn=2, kind="relationship", text="Kessara: relations -4 (Renner stops eating)")
    assert entry_colour(gain) != entry_colour(loss)
    for entry in (gain, loss):
        assert palette.contrast(entry_colour(entry), palette.PANEL) >= palette.MIN_CONTRAST


def test_a_chart_of_many_lines_names_them():
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    pygame.init()
    colours = [(230, 159, 0), (86, 180, 233)]
    series = [("Lisara", colours[0], [10, 20, 30]), ("Kestria", colours[1], [-10, -20, -40])]
    surface = line_chart((260, 130), "Relationship", series, -100, 100, [1, 2, 3])
    plot = line_chart((260, 130), "Relationship", series[:1], -100, 100, [1, 2, 3])
    names = pygame.Rect(200, 10, 60, 110)  # right of the plot, where the names go
    seen = {surface.get_at((x, y))[:3] for x in range(names.left, names.right) for y in range(names.top, names.bottom)}
    assert all(any(sum(abs(a - b) for a, b in zip(c, colour)) < 60 for c in seen) for colour in colours)
    assert plot.get_size() == surface.get_size()
    assert series_text(series, signed=True) == "Lisara +30, Kestria -40"


def test_counted_nouns():
    assert counted(1, "delegation") == "1 delegation"
    assert counted(5, "delegation") == "5 delegations"
    assert counted(0, "action") == "0 actions"



def test_the_pareto_key_names_no_deal_marker_when_there_was_no_deal():
    """A walk-away's debrief has no diamond on the chart, so its key must not promise one."""
    labels = {made: [name for _, _, name in legend_rows(made)] for made in (True, False)}
    assert "your deal" in labels[True] and "your deal" not in labels[False]
    assert "no-deal values (where you ended)" in labels[False]
    points = [(0.2, 0.9), (0.6, 0.6), (0.9, 0.2)]
    args = ((420, 320), points, points, None, (0.6, 0.6), (0.25, 0.3), ("A", "B"))
    with_deal = pareto_chart(*args[:3], (0.6, 0.6), *args[4:])
    assert pygame.image.tobytes(pareto_chart(*args), "RGB") != pygame.image.tobytes(with_deal, "RGB")
