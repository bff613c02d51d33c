"""The briefing: what the player reads before play, with objectives, deadline and budget."""

import pygame
from pygame_gui.elements import UIImage

from ...engine.patience import temperament
from ...model.cones import cone_profile
from ...model.scenario import OptionsIssue
from ..art.region_map import map_surface, relationship_view
from . import flow
from .menu import MenuScene, esc, paragraphs


def position_text(issue, value) -> str:
    if isinstance(issue, OptionsIssue):
        return next((o.label for o in issue.options if o.id == value), str(value))
    return f"{value:g} {issue.unit.strip()}".strip() if isinstance(value, (int, float)) else str(value)


def briefing_html(controller) -> str:
    s = controller.scenario
    return (f"<font size=5><b>{esc(s.title)}</b></font><br>"
            f"<font color='#969eac'>You serve {esc(s.player.country)}.</font><br><br>"
            f"{paragraphs(s.briefing)}")


def orders_html(controller) -> str:
    s = controller.scenario
    p = cone_profile(s, controller.cone)
    out = ["<b>Your objectives</b><br>"]
    for o in s.player.objectives:
        issue = s.issue(o.issue)
        out.append(f"• {esc(o.description)}<br>"
                   f"<font color='#969eac'>{o.weight * 100:.0f} % of your score. {esc(issue.name)}: "
                   f"met at {esc(position_text(issue, o.target))}, best {esc(position_text(issue, o.ideal))}.</font><br><br>")
    out.append(f"<b>No deal (your BATNA):</b> worth {s.player.batna * 100:.0f} points of 100 to you: "
               "a deal worth less is worse than walking away<br>")
    if s.kind == "bilateral":
        country = s.countries[0]
        out.append(f"<b>{esc(country.name)}:</b> {esc(temperament(country))}. It answers your concessions with "
                   "its own; silence and repeated offers try its patience<br>")
    out.append(f"<b>Deadline:</b> {s.player.deadline} turns<br>"
               f"<b>Budget:</b> {s.player.budget:g} now, +{p.budget_per_turn:g} each turn<br>"
               f"<b>Your cone:</b> {esc(p.label)}, {p.action_points} action points a turn<br>"
               f"<b>Seed:</b> {controller.seed}<br>")
    return "".join(out)


class BriefingScene(MenuScene):
    title = "Briefing"
    heading = "Briefing"

    def __init__(self, app, controller):
        super().__init__(app)
        self.controller = controller
        self.subheading = f"{controller.scenario.title}: read your instructions, then begin the talks."

    def build_body(self, rect: pygame.Rect) -> None:
        side = max(self.px(340), rect.w * 2 // 5)
        gap = self.px(16)
        left = rect.w - side - gap
        map_h = min(rect.h * 9 // 20, left * 9 // 16)
        self.text_box(briefing_html(self.controller), (rect.x, rect.y, left, rect.h - map_h - gap // 2))
        scenario = self.controller.scenario
        tints, notes = relationship_view(scenario, self.controller.state)
        region = UIImage(pygame.Rect(rect.x, rect.bottom - map_h, left, map_h),
                         map_surface(scenario, (left, map_h), tints, notes), manager=self.manager, container=self.root)
        region.set_tooltip("The region: each country's land, flag and name, coloured by how it feels about you now")
        self.text_box(orders_html(self.controller), (rect.right - side, rect.y, side, rect.h))

    def bar_buttons(self):
        return ([("Back", self.back, "Back to the cone choice", pygame.K_ESCAPE, None)],
                [("Begin", self.begin, "Go to the negotiating table", pygame.K_b, "#primary")])

    def build_bar(self, rect: pygame.Rect) -> None:
        super().build_bar(rect)
        self.focus_on(self.focus_ring[-1])

    def on_escape(self) -> None:
        self.back()

    def back(self) -> None:
        self.controller.close()
        self.app.pop()

    def begin(self) -> None:
        """Start the talks: the title stays underneath, so leaving the table comes back to it."""
        flow.play(self.app, self.controller)
