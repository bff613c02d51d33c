"""The guided first game: a card that says what to try next and a ring around the control to use,
step by step through one bilateral negotiation (scenarios/first_posting.yaml).

Each step names its target by the scene's widget registry (`TableScene.guide_target(name)`), so
the ring follows the real control wherever the window's size puts it; a step ends when the game
shows it was done (an analysis, a changed offer, a reward attached, an answer, a new turn, the
deal closed) or, for reading steps, when the player presses Next. Skip ends the guide at once.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pygame
from pygame_gui.elements import UIPanel

from . import palette
from .widgets.motion import PassThroughImage

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "first_posting.yaml"
CONE, SEED = "political", 1
WELCOME = ("A short guided negotiation walks you through a whole turn: analyze, build an offer, read the reasons, "
           "add a reward, end the turn and close the deal. About five minutes.")


@dataclass(frozen=True)
class Step:
    key: str
    text: str
    target: Callable[[object], str | None]
    """The registry name of the control to point at, given the scene (None: nothing to point at)."""
    done: Callable[[object, dict], bool] | None
    """Whether the player has done it, given the scene and what the guide noted when the step began;
    None for a reading step that ends with Next."""


def _decisions(scene) -> int:
    return sum(1 for e in scene.state.log if e.kind == "decision")


def _close_target(scene) -> str:
    s = scene.state
    if s.phase == "negotiating":
        return "send"
    if any(p.status in ("promised", "owed") for p in s.promises):
        return "outstanding"
    return "end_turn"


STEPS = (
    Step("welcome", "You speak for Veldmark; Osterra sits across the table (its card is on the left). Your goals: a "
                    "light fee of 8 % or less, and pilot licences both countries recognise. Press Next to begin.",
         lambda s: "counterpart", None),
    Step("analyze", "Find out what they care about. Osterra keeps one interest hidden: press Analyze Osterra "
                    "(1 action point) to reveal it.",
         lambda s: "analyze", lambda s, at: bool(s.state.countries[s.country_id].revealed)),
    Step("offer", "Build your offer: move the Light fee slider toward your goal of 8 % or less, and pick the "
                  "pilot licences you want.",
         lambda s: "builder", lambda s, at: s.draft.version != at["version"]),
    Step("reasons", "Read the preview under your offer: each line is one of Osterra's reasons, in points, biggest "
                    "first. It says yes when the total reaches what it needs. Press Next when you have read it.",
         lambda s: "preview", None),
    Step("reward", "Add a reward that costs you little: switch on Lamp technology (+). Osterra values technology "
                   "highly, and you pay only if it accepts and you deliver.",
         lambda s: "reward", lambda s, at: "lamp_technology" in s.draft.rewards),
    Step("send", "Send the offer (1 action point). Osterra answers with its reasons.",
         lambda s: "send", lambda s, at: _decisions(s) > at["decisions"]),
    Step("reply", "Read the answer on the right. If Osterra counters, Load counteroffer puts its proposal into "
                  "your builder to adjust and send again. Press Next.",
         lambda s: "reply", None),
    Step("end_turn", "End the turn when your points are spent: Osterra thinks it over and a new turn begins.",
         lambda s: "end_turn", lambda s, at: s.state.turn > at["turn"] or s.state.phase != "negotiating"),
    Step("close", "Now close the deal: send offers until Osterra accepts, deliver the reward you promised (in the "
                  "box under your offer), then end the turn to sign.",
         _close_target, lambda s, at: s.state.phase == "over"),
)


class Guide:
    """The guide on a table scene. `build()` after the scene builds its widgets, `update()` every frame."""

    CARD = (420, 196)

    def __init__(self, scene, on_finish: Callable[[str], None]):
        self.scene = scene
        self.index = 0
        self.active = True
        self.on_finish = on_finish
        self.noted: dict = {}
        self.ring = None
        self.card = None
        self.shown: tuple | None = None

    @property
    def step(self) -> Step | None:
        return STEPS[self.index] if self.active and self.index < len(STEPS) else None

    def note(self) -> None:
        s = self.scene
        self.noted = {"version": s.draft.version, "decisions": _decisions(s), "turn": s.state.turn}

    def build(self) -> None:
        """Make the card and the ring (again after a resize: the old ones went with the scene's root)."""
        if not self.active:
            return
        scene = self.scene
        if not self.noted:
            self.note()
        top = scene.manager.get_root_container().get_top_layer() + 1
        self.ring = PassThroughImage(pygame.Rect(0, 0, 4, 4), pygame.Surface((4, 4), pygame.SRCALPHA), manager=scene.manager,
                                     container=scene.root, starting_height=top)
        w, h = self.CARD
        self.card = UIPanel(pygame.Rect(0, 0, w, h), manager=scene.manager, container=scene.root, starting_height=top,
                            object_id="#guide")
        self.card_text = scene.text_box("", (8, 8, w - 20, h - 56), container=self.card)
        self.count_label = scene.label("", (10, h - 42, 110, 30), container=self.card, object_id="#lmuted")
        self.skip_button = scene.button("Skip guide", (w - 250, h - 44, 118, 34), self.skip,
                                        "End the guided game's hints (the game goes on)", container=self.card)
        self.next_button = scene.button("Next", (w - 126, h - 44, 112, 34), self.advance,
                                        "I have read it: the next hint", pygame.K_RETURN, container=self.card,
                                        object_id="#primary")
        self.shown = None
        self.update()

    def update(self) -> None:
        step = self.step
        if step is None:
            return
        scene = self.scene
        if step.done is not None and step.done(scene, self.noted):
            self.advance()
            return
        target = scene.guide_target(step.target(scene))
        key = (self.index, None if target is None else tuple(target), scene.size)
        if key == self.shown or self.card is None or not self.card.alive():
            return
        self.shown = key
        self.place(step, target)

    def place(self, step: Step, target: pygame.Rect | None) -> None:
        scene = self.scene
        w, h = scene.size
        cw, ch = self.CARD
        if target is not None:  # a ring around the control, drawn over it but letting clicks through
            ring = target.inflate(10, 10)
            image = pygame.Surface(ring.size, pygame.SRCALPHA)
            pygame.draw.rect(image, (*palette.ORANGE, 255), image.get_rect(), 3, border_radius=8)
            pygame.draw.rect(image, (*palette.ORANGE, 70), image.get_rect().inflate(-6, -6), 2, border_radius=6)
            self.ring.set_relative_position(ring.topleft)
            self.ring.set_dimensions(ring.size)
            self.ring.set_image(image)
            self.ring.show()
        else:
            self.ring.hide()
        # the card at the bottom, on the side away from the target
        cx = 8 if target is not None and target.centerx > w / 2 else w - cw - 8
        cy = h - ch - 8
        self.card.set_relative_position((cx, cy))
        scene.set_text(self.card_text, f"<b>{self.index + 1}.</b> {step.text}")
        scene.set_text(self.count_label, f"Step {self.index + 1} of {len(STEPS)}")
        self.next_button.show() if step.done is None else self.next_button.hide()
        scene.app.invalidate(2)

    def advance(self) -> None:
        if not self.active:
            return
        self.index += 1
        self.note()
        if self.index >= len(STEPS):
            self.finish("done")
        else:
            self.shown = None
            self.update()

    def skip(self) -> None:
        self.finish("skipped")

    def finish(self, how: str) -> None:
        self.active = False
        for widget in (self.ring, self.card):
            if widget is not None:
                widget.kill()
        self.scene.app.invalidate(2)
        self.on_finish(how)

