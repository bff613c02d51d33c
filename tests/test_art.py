"""Flags, portraits and the region map: deterministic, distinct, following play, laid out
without overlaps at every window size."""

import colorsys
import itertools
import math
from pathlib import Path

import pygame
import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.loading.scenario_loader import load_scenario, load_text
from game.model.appearance import PATTERN_COLOURS, Flag, Portrait
from game.ui.art import flags, portraits, region_map
from game.ui.art.flags import EMBLEMS, flag_surface
from game.ui.art.geography import MARGIN, SPACING, YOU, auto_layout, label_rects, land, overlaps, places
from game.ui.art.heraldry import EXPRESSIONS, country_flag, country_look, expression, generated_flag, look_of, player_flag
from game.ui.art.portraits import portrait_surface
from game.ui.art.region_map import labels, map_surface, relationship_tint

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"

SHIPPED = sorted(SCENARIOS.glob("*.yaml"))
WINDOWS = ((1024, 600), (1280, 720), (1600, 900), (1920, 1080))


@pytest.fixture(scope="module", autouse=True)
def display():
    pygame.init()
    yield


def pixels(surface: pygame.Surface) -> bytes:
    return pygame.image.tobytes(surface, "RGBA")


def scenarios():
    return [load_scenario(p) for p in SHIPPED]


# ----- flags -----

def test_flag_is_the_same_pixels_every_time():
    flag = Flag(pattern="canton", colors=["#c8102e", "#1f2a44", "#f4f1e8"], emblem="stars")
    first = pixels(flag_surface(flag, (60, 40)))
    flags._cache.clear()
    assert pixels(flag_surface(flag, (60, 40))) == first
    assert generated_flag("norland", (58, 120, 194)) == generated_flag("norland", (58, 120, 194))


@pytest.mark.parametrize("pattern", sorted(PATTERN_COLOURS))
def test_every_pattern_and_emblem_draws_and_shows(pattern):
    colours = ["#c8102e", "#f4f1e8", "#0b4ea2", "#f2c230"]
    low, high = PATTERN_COLOURS[pattern]
    plain = pixels(flag_surface(Flag(pattern=pattern, colors=colours[:high]), (90, 60)))
    fewer = pixels(flag_surface(Flag(pattern=pattern, colors=colours[:low]), (90, 60))) if low != high else None
    assert fewer != plain or low == high
    seen = set()
    for emblem in EMBLEMS:
        image = pixels(flag_surface(Flag(pattern=pattern, colors=colours[:high], emblem=emblem), (90, 60)))
        assert image != plain, f"{emblem} does not show on {pattern}"
        seen.add(image)
    assert len(seen) == len(EMBLEMS)


def test_every_shipped_country_and_player_has_its_own_flag():
    drawn = {}
    for s in scenarios():
        drawn[f"{s.id}:you"] = pixels(flag_surface(player_flag(s.player), (45, 30)))
        for c in s.countries:
            drawn[f"{s.id}:{c.id}"] = pixels(flag_surface(country_flag(c), (45, 30)))
    same = [(a, b) for (a, x), (b, y) in itertools.combinations(drawn.items(), 2) if x == y]
    assert not same


def test_generated_flags_differ_for_different_countries():
    images = set()
    for i in range(24):
        r, g, b = colorsys.hsv_to_rgb(i / 24, 0.6, 0.7)
        images.add(pixels(flag_surface(generated_flag(f"country_{i}", (round(r * 255), round(g * 255), round(b * 255))), (45, 30))))
    assert len(images) == 24


def test_an_old_scenario_without_looks_still_gets_them():
    text = (SCENARIOS / "cod_line.yaml").read_text(encoding="utf-8")
    bare = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("flag:", "map:", "portrait:")))
    s = load_text(bare, "bare.yaml")
    assert s.countries[0].flag is None and s.player.map is None
    flag = country_flag(s.countries[0])
    assert flag.colors[0] == s.countries[0].color  # built around the country's own colour
    assert [p.key for p in places(s)] == [YOU, "norland"]


# ----- portraits -----

def test_portrait_is_the_same_pixels_every_time():
    look = look_of("kessara", (181, 71, 58))
    first = pixels(portrait_surface(look, "wary", (80, 100)))
    portraits._cache.clear()
    assert look_of("kessara", (181, 71, 58)) == look
    assert pixels(portrait_surface(look, "wary", (80, 100))) == first


def test_distinct_countries_get_distinct_faces():
    faces = {}
    for s in scenarios():
        for c in s.countries:
            faces[c.id] = pixels(portrait_surface(country_look(c), "neutral", (64, 80)))
    assert len(set(faces.values())) == len(faces)


def test_each_expression_is_a_different_face():
    for s in scenarios()[:2]:
        look = country_look(s.countries[0])
        assert len({pixels(portrait_surface(look, e, (64, 80))) for e in EXPRESSIONS}) == 4


def test_authored_traits_override_the_generator():
    generated = look_of("halvorsen", (58, 120, 194))
    authored = look_of("halvorsen", (58, 120, 194), Portrait(hair="bald", glasses=not generated.glasses, clothes="#102030"))
    assert authored.hair == "bald" and authored.glasses != generated.glasses and authored.clothes == (16, 32, 48)
    assert authored.skin == generated.skin  # what is not written stays as the seed drew it
    assert look_of("halvorsen", (58, 120, 194), Portrait(seed=7)) != generated


def test_expression_follows_the_relationship_and_the_last_answer():
    assert [expression(r) for r in (-80, -20, 10, 60)] == ["angry", "wary", "neutral", "pleased"]
    assert expression(10, "accept") == "pleased"
    assert expression(10, "reject") == "wary"
    assert expression(10, "counter") == "neutral"
    assert expression(-80, "reject") == "angry" and expression(90, "accept") == "pleased"  # clamped


def test_unknown_expression_is_refused():
    with pytest.raises(ValueError):
        portrait_surface(look_of("x", (1, 2, 3)), "smug", (40, 50))


def test_the_caches_are_bounded():
    for i in range(flags._cache.limit + 20):
        flag_surface(Flag(pattern="plain", colors=["#102030"]), (10 + i, 8))
    assert len(flags._cache) == flags._cache.limit


# ----- the map -----

def test_shipped_places_are_authored_and_apart():
    for s in scenarios():
        spots = places(s)
        assert len(spots) == len(s.countries) + 1
        for a, b in itertools.combinations(spots, 2):
            assert math.hypot(a.x - b.x, a.y - b.y) >= 5, (s.id, a.key, b.key)


@pytest.mark.parametrize("window", WINDOWS, ids=lambda w: f"{w[0]}x{w[1]}")
def test_map_labels_never_overlap_and_stay_on_the_map(window):
    # the map fills most of a window in the briefing and the hall tab, and a third of it in the scenario choice
    for size in ((window[0] - 48, window[1] - 200), (window[0] // 3, window[1] // 3)):
        for s in scenarios():
            notes = {c.id: f"{c.relationship:+.0f}" for c in s.countries}
            laid = labels(s, size, notes)
            rects = [r for _, _, r in laid]
            for (pa, _, a), (pb, _, b) in itertools.combinations(laid, 2):
                assert not overlaps(a, b), (s.id, size, pa.key, pb.key)
            for place, _, (x, y, w, h) in laid:
                assert 0 <= x and x + w <= size[0] and 0 <= y and y + h <= size[1], (s.id, size, place.key)
                assert 0 <= place.x / 100 * size[0] <= size[0] and 0 <= place.y / 100 * size[1] <= size[1]
            assert len(rects) == len(s.countries) + 1


@given(st.lists(st.tuples(st.floats(0, 1000), st.floats(0, 600), st.integers(40, 190), st.integers(20, 40)), min_size=1, max_size=25),
       st.sampled_from([(976, 400), (1232, 520), (341, 200), (640, 213)]))
def test_label_layout_never_overlaps(labels_in, bounds_size):
    bounds = (4, 4, *bounds_size)
    anchors = [(x, y) for x, y, _, _ in labels_in]
    sizes = [(w, h) for _, _, w, h in labels_in]
    rects = label_rects(anchors, sizes, bounds)
    for a, b in itertools.combinations(rects, 2):
        assert not overlaps(a, b)
    for x, y, w, h in rects:
        assert bounds[0] <= x and x + w <= bounds[0] + bounds[2] and bounds[1] <= y and y + h <= bounds[1] + bounds[3]
        assert w > 0 and h > 0


@given(st.integers(1, 24), st.integers(0, 3), st.text("abcdefgh", min_size=1, max_size=6))
def test_automatic_layout_is_spread_and_inside(n, blocs, scenario_id):
    base = load_scenario(SCENARIOS / "climate_accord.yaml")
    countries = [base.countries[0].model_copy(update={"id": f"c{i}", "map": None}) for i in range(n)]
    conference = base.conference.model_copy(update={"blocs": []}) if n > 1 else None
    if conference is not None and blocs and n >= 4:
        members = [c.id for c in countries]
        groups = [members[i::blocs] for i in range(blocs)]
        conference = conference.model_copy(update={"blocs": [base.conference.blocs[0].model_copy(update={"id": f"b{i}", "members": g})
                                                             for i, g in enumerate(groups) if len(g) >= 2]})
    s = base.model_copy(update={"id": scenario_id, "countries": countries, "conference": conference,
                                "kind": "bilateral" if n == 1 else "multilateral",
                                "player": base.player.model_copy(update={"map": None})})
    spots = auto_layout(s)
    assert auto_layout(s) == spots  # deterministic
    assert set(spots) == {YOU, *(c.id for c in countries)}
    for x, y in spots.values():
        assert MARGIN - 1e-6 <= x <= 100 - MARGIN + 1e-6 and MARGIN - 1e-6 <= y <= 100 - MARGIN + 1e-6
    for a, b in itertools.combinations(spots.values(), 2):
        assert math.hypot(a[0] - b[0], a[1] - b[1]) >= SPACING - 0.1


def test_every_country_owns_the_land_under_its_capital():
    for s in scenarios():
        spots = places(s)
        owner, _ = land(spots, (150, 250), s.id)
        for i, p in enumerate(spots):
            row, col = min(149, int(p.y / 100 * 150)), min(249, int(p.x / 100 * 250))
            assert owner[row, col] == i, (s.id, p.key)
        assert (owner == -1).any()  # there is sea


def test_map_is_deterministic_and_shows_its_colouring():
    s = load_scenario(SCENARIOS / "river_compact.yaml")
    tints = {c.id: relationship_tint(c.relationship) for c in s.countries}
    first = pixels(map_surface(s, (400, 260), tints))
    region_map._maps.clear()
    region_map._terrain.clear()
    assert pixels(map_surface(s, (400, 260), tints)) == first
    votes = {c.id: region_map.FOR for c in s.countries}
    assert pixels(map_surface(s, (400, 260), votes, legend=region_map.VOTE_LEGEND, legend_title="Vote")) != first


def test_relationship_tint_runs_from_hostile_to_friendly():
    assert relationship_tint(-100) == region_map.HOSTILE
    assert relationship_tint(0) == region_map.NEUTRAL
    assert relationship_tint(100) == region_map.FRIENDLY
    assert relationship_tint(30) != relationship_tint(-30)
