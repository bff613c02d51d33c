"""One count of the votes: model.voting.tally behind the vote, its log, the hall's two forecasts
and the vote's animation; the chair's compromise is news only when it changes."""

from pathlib import Path

import pygame
from test_ui_game import click, new_game

from game.engine.conference import votes
from game.engine.session import Session
from game.loading.scenario_loader import load_scenario
from game.model.actions import CallVote, EndTurn, Offer, Propose
from game.model.voting import passes, tally, vote_weights

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def test_a_weighted_tally_counts_weight_not_heads():
    scenario = load_scenario(SCENARIOS / "sanctions_coalition.yaml")
    weights = vote_weights(scenario)
    heavy = sorted(weights, key=weights.get, reverse=True)
    ballots = {cid: cid in heavy[:4] for cid in weights}
    count = tally(scenario, ballots)
    assert count.rule == "weighted" and count.threshold == scenario.conference.threshold
    assert abs(count.share - sum(weights[c] for c in heavy[:4])) < 1e-9
    assert count.passes == (count.share > count.threshold) == passes(scenario, heavy[:4])
    assert len(count.yes) == 4 and "of the weight for" in count.text


def test_consensus_needs_everyone():
    scenario = load_scenario(SCENARIOS / "river_compact.yaml")
    everyone = {c.id: True for c in scenario.countries}
    assert tally(scenario, everyone).passes
    assert not tally(scenario, everyone | {scenario.countries[0].id: False}).passes
    assert tally(scenario, everyone).needs == "every party"


def test_the_vote_does_what_its_tally_forecast_said():
    session = Session(load_scenario(SCENARIOS / "sanctions_coalition.yaml"), "political", 3)
    from game.engine.compromise import chair_draft

    session.apply(Propose(country=None, offer=Offer(positions=chair_draft(session).positions)))
    forecast = tally(session.scenario, votes(session))
    entries = session.apply(CallVote())
    said = next(e.text for e in entries if e.kind == "vote")
    assert ("passes" in said) == forecast.passes
    assert forecast.text in said


def test_the_hall_shows_the_engines_count_for_both_drafts():
    app, controller = new_game("sanctions_coalition", "political")
    scene = app.scene
    assert scene.tallies() == (None, scene.tallies()[1])
    assert click(app, "Load chair")
    assert click(app, "Table draft")
    scene.run_jobs()  # the stances and the tally are drawn over the next frames
    table, yours = scene.tallies()
    assert table == tally(controller.scenario, votes(controller.session))
    assert yours is table  # your draft is the draft on the table: one count, not two
    assert scene.tally_labels[1].text == "Your draft is the draft on the table"
    assert f"{table.share * 100:.0f} %" in scene.tally_labels[0].text
    # change the draft: its count is the engine's ballot with commitments lapsed
    slider = next(iter(scene.builder.sliders))
    slider.set_current_value(slider.value_range[1])
    pygame.event.post(pygame.event.Event(__import__("pygame_gui").UI_HORIZONTAL_SLIDER_MOVED, ui_element=slider,
                                         value=slider.value_range[1]))
    for _ in range(30):
        app.step(1 / 60)
    scene.run_jobs()
    table, yours = scene.tallies()
    assert yours is not table
    from game.engine.conference import ballot

    offer = scene.draft.offer(scene.open_issue_ids(), levers=False)
    expected = {cid: ballot(controller.session, cid, offer, commitments=False)[1] for cid in controller.state.countries}
    assert yours == tally(controller.scenario, expected)
    controller.close()
    pygame.quit()


def test_an_unchanged_compromise_is_logged_once():
    session = Session(load_scenario(SCENARIOS / "sanctions_coalition.yaml"), "political", 0)
    for _ in range(6):
        session.apply(EndTurn())
    said = [e.text for e in session.state.log if e.kind == "compromise"]
    assert said and all(a != b for a, b in zip(said, said[1:]))
    assert len(said) < 6  # some turns left the chair's compromise as it was
