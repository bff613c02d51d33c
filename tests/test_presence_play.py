"""Presence in play: the guided first game, sounds on results, the verdict stamp and the vote count."""

import json
import time

import pygame
from test_ui_menus import SCENARIOS, find, key, scene_name

from game.loading.scenario_loader import load_scenario
from game.model.actions import AcceptCounter, Analyze, CallVote, Deliver, EndTurn
from game.ui.app import App, Settings
from game.ui.audio.cues import cue
from game.ui.controller import Controller
from game.ui.scenes import flow
from game.ui.tutorial import STEPS


def settle(app, seconds=1.0, until=None):
    end = time.time() + seconds * 8
    while time.time() < end:
        app.step(1 / 60)
        if until is None and time.time() > end - seconds * 7:
            break
        if until is not None and until():
            for _ in range(3):
                app.step(1 / 60)
            return
    assert until is None or until(), "timed out"


def ring_matches(scene) -> bool:
    guide = scene.guide
    target = scene.guide_target(guide.step.target(scene))
    return target is None or pygame.Rect(guide.ring.rect) == target.inflate(10, 10)


def test_the_guide_walks_a_whole_game_and_its_ring_follows_the_controls(saves):
    app = App(Settings(size=(1280, 720)))
    flow.to_title(app)
    table = flow.start_tutorial(app)
    settle(app, 0.3)
    guide = table.guide
    assert [s.key for s in STEPS] == ["welcome", "analyze", "offer", "reasons", "reward", "send", "reply", "end_turn", "close"]
    seen = []

    def at(step_key):
        settle(app, 0.2, until=lambda: guide.step is not None and guide.step.key == step_key)
        seen.append(step_key)
        assert ring_matches(table), step_key

    at("welcome")
    guide.advance()  # Next
    at("analyze")
    assert guide.ring.rect.colliderect(table.cone_buttons["analyze"].rect)
    app.resize((1024, 600))  # the ring follows the control to its new place
    settle(app, 0.2)
    table = app.scene
    assert table.guide is guide and ring_matches(table)
    table.submit(Analyze(country="osterra"))
    at("offer")
    table.draft.positions["light_fee"] = 8
    table.draft.version += 1
    at("reasons")
    guide.advance()
    at("reward")
    table.builder.toggle_lever("reward", "lamp_technology")
    at("send")
    table.send()
    at("reply")
    guide.advance()
    at("end_turn")
    table.submit(EndTurn())
    at("close")
    settle(app, 0.5, until=lambda: not table.controller.busy)
    if table.state.phase == "negotiating":
        table.submit(AcceptCounter(country="osterra")) if table.state.countries["osterra"].counter else table.send()
        settle(app, 0.5, until=lambda: not table.controller.busy)
    assert table.state.phase == "implementation", table.state.log[-1].text
    assert table.guide_target(guide.step.target(table)) == pygame.Rect(table.pending_rect)  # deliver what was promised
    for p in [p for p in table.state.promises if p.status in ("promised", "owed")]:
        table.submit(Deliver(country=p.country, reward=p.reward))
        settle(app, 0.5, until=lambda: not table.controller.busy)
    table.submit(EndTurn())
    settle(app, 1.0, until=lambda: not guide.active)
    assert seen == [s.key for s in STEPS]
    assert json.loads((saves / "settings.json").read_text(encoding="utf-8"))["tutorial"] == "done"
    table.controller.close()


def test_the_guide_can_be_skipped(saves):
    app = App(Settings(size=(1024, 600)))
    flow.to_title(app)
    table = flow.start_tutorial(app)
    settle(app, 0.2)
    card = table.guide.card
    find(app, "Skip guide")
    pos = table.guide.skip_button.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    settle(app, 0.2)
    assert not table.guide.active and not card.alive()
    assert Settings.load().tutorial == "skipped"
    table.controller.close()


def test_the_first_start_offers_the_guide_once(saves, monkeypatch):
    monkeypatch.setattr(pygame, "quit", lambda: None)
    from game.ui.launch import open_app

    app = open_app((1024, 600))
    flow.offer_tutorial(app)
    assert scene_name(app) == "ConfirmScene"
    assert Settings.load().tutorial == "offered"
    app.step(1 / 60)
    key(app, pygame.K_y)  # Play the guide
    assert scene_name(app) == "TableScene" and app.scene.guide is not None
    assert app.scene.scenario.id == "first_posting"
    app.scene.controller.close()
    again = open_app((1024, 600))
    flow.offer_tutorial(again)
    assert scene_name(again) == "TitleScene"


class _Result:
    def __init__(self, kinds, action_kind="propose", verdict=None, error=None):
        from game.model.state import Decision, LogEntry

        decision = Decision(country="x", verdict=verdict, terms=[], value=0.5, needed=0.6) if verdict else None
        self.entries = [LogEntry(turn=1, kind=k, text="", decision=decision if k == "decision" else None) for k in kinds]
        self.action = type("A", (), {"kind": action_kind})()
        self.error = error


def test_sound_cues_follow_what_happened():
    assert cue(_Result(["decision"], verdict="accept")) == "accept"
    assert cue(_Result(["decision"], verdict="reject")) == "refuse"
    assert cue(_Result(["decision"], verdict="counter")) == "counter"
    assert cue(_Result(["stance", "vote"], "vote")) == "gavel"
    assert cue(_Result(["shift", "event"], "end_turn")) == "alert"
    assert cue(_Result(["shift"], "end_turn")) == "turn"
    assert cue(_Result(["analyze"], "analyze")) is None
    assert cue(_Result([], error="no points left")) is None


def _game(app, name, cone="political"):
    controller = Controller(load_scenario(SCENARIOS / f"{name}.yaml"), cone, 1, path=str(SCENARIOS / f"{name}.yaml"))
    return flow.play(app, controller)


def test_an_answer_is_stamped_and_heard_and_a_click_ends_the_stamp(saves):
    app = App(Settings(size=(1280, 720)))
    table = _game(app, "cod_line")
    settle(app, 0.2)
    table.send()
    settle(app, 1.0, until=lambda: any(type(o).__name__ == "Stamp" for o in table.overlays))
    verdict = next(e.decision.verdict for e in reversed(table.state.log) if e.kind == "decision")
    assert app.audio.played[-1] == {"accept": "accept", "counter": "counter", "reject": "refuse"}[verdict]
    stamp = table.overlays[0]
    assert stamp.widget.alive() and stamp.widget.rect.colliderect(table.reply_box.rect)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_LSHIFT, mod=0, unicode="", scancode=0))
    app.step(1 / 60)
    assert not stamp.alive and not stamp.widget.alive() and table.overlays == []
    table.controller.close()


def test_reduced_motion_shows_no_stamp(saves):
    app = App(Settings(size=(1280, 720), reduced_motion=True))
    table = _game(app, "cod_line")
    settle(app, 0.2)
    table.send()
    settle(app, 1.0, until=lambda: any(e.kind == "decision" for e in table.state.log))
    assert table.overlays == []
    table.controller.close()


def test_the_vote_is_counted_one_by_one_and_agrees_with_the_engine(saves):
    app = App(Settings(size=(1280, 720)))
    hall = _game(app, "river_compact")
    settle(app, 0.3)
    hall.table_draft()
    settle(app, 1.0, until=lambda: hall.state.draft is not None and not hall.controller.busy)
    hall.submit(CallVote())
    settle(app, 1.0, until=lambda: bool(hall.overlays))
    count = hall.overlays[0]
    assert app.audio.played[-1] == "gavel"
    passed_by_engine = "passes" in next(e.text for e in reversed(hall.state.log) if e.kind == "vote")
    assert count.passed == passed_by_engine
    first = pygame.image.tobytes(count.frame(0.1), "RGBA")
    assert pygame.image.tobytes(count.frame(count.length), "RGBA") != first  # the votes appear over time
    count.update(count.length + count.hold + 0.1)
    assert not count.alive  # and it goes by itself
    hall.controller.close()


def test_reduced_motion_shows_the_count_at_once(saves):
    app = App(Settings(size=(1024, 600), reduced_motion=True))
    hall = _game(app, "river_compact")
    settle(app, 0.3)
    hall.show_vote({c.id: True for c in hall.scenario.countries})
    count = hall.overlays[0]
    assert count.t == count.length  # the last frame straight away
    assert count.passed
    hall.controller.close()
