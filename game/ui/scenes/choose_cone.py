"""Choose a career cone: what each cone lets you do in this scenario, and the game's seed."""

from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UITextEntryLine

from ...engine.session import PERSUADE_REACH
from ...engine.valuation import WHIP_REACH
from ...model.cones import CONES, cone_profile
from ...model.scenario import Scenario
from ..controller import Controller
from . import flow
from .menu import MenuScene, esc, pct

ACTION_NAMES = {
    "analyze": "Analyze",
    "persuade": "Persuade",
    "whip": "Whip a vote",
    "host_summit": "Host a summit",
    "public_campaign": "Public campaign",
}
CONE_KEYS = (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5)


def _points(n: int) -> str:
    return f"{n} action point" + ("" if n == 1 else "s")


def action_line(scenario: Scenario, profile, action: str, cost: int) -> str:
    """One special action, what it does, and whether it helps in this scenario."""
    hidden = sum(1 for c in scenario.countries for i in c.interests.values() if i.hidden)
    multilateral = scenario.kind == "multilateral"
    match action:
        case "analyze":
            what = ("reveals <b>every</b> hidden interest of a country" if profile.analyze_reveals >= 20
                    else f"reveals {profile.analyze_reveals} hidden interest{'s' if profile.analyze_reveals != 1 else ''}")
            note = f" ({hidden} hidden in this scenario)" if hidden else " (nothing is hidden in this scenario)"
        case "persuade":
            what = (f"moves a country's ideal toward yours by up to {pct(profile.persuade_shift)} of an issue's range, "
                    f"{PERSUADE_REACH} steps at most from its own; switching its preferred option succeeds half as often")
            note = ""
        case "whip":
            what = (f"lowers what a wavering party needs in the next vote by {WHIP_REACH * profile.whip_strength * 100:.0f} "
                    "points")
            note = "" if multilateral else " (votes happen only in conferences: not useful here)"
        case "host_summit":
            what = f"+{profile.summit_relationship:g} relationship with every country"
            note = ""
        case "public_campaign":
            what = f"about +{profile.campaign_support:g} public support"
            note = ""
        case _:
            what, note = "", ""
    return f"<b>{ACTION_NAMES.get(action, action)}</b> for {_points(cost)}: {what}{note}"


def cone_html(scenario: Scenario, cone: str) -> str:
    """What `cone` lets the player do in `scenario`, in game terms."""
    p = cone_profile(scenario, cone)
    out = [f"<font size=5><b>{esc(p.label)}</b></font><br>", f"{esc(' '.join(p.summary.split()))}<br><br>"]
    out.append(f"<b>Each turn:</b> {_points(p.action_points)} and +{p.budget_per_turn:g} budget "
               f"(you start with {scenario.player.budget:g}). Proposing an offer, asking and calling a vote cost 1 point.<br><br>")

    special = [(a, c) for a, c in p.action_costs.items() if c is not None]
    out.append("<b>Special actions</b><br>")
    out += [f"• {action_line(scenario, p, a, c)}<br>" for a, c in special]
    missing = [ACTION_NAMES[a] for a, c in p.action_costs.items() if c is None and a in ACTION_NAMES]
    if missing:
        out.append(f"<font color='#969eac'>Not for this cone: {esc(', '.join(missing))}.</font><br>")
    out.append("<br>")

    rewards = []
    for r in scenario.rewards:
        cost = r.cost * p.lever_cost_factor * p.reward_cost_factors.get(r.domain, 1.0)
        worth = p.reward_value_factors.get(r.domain, 1.0)
        bits = []
        if abs(cost - r.cost) > 1e-9:
            bits.append(f"costs {cost:g} instead of {r.cost:g}")
        if worth != 1.0:
            bits.append(f"worth ×{worth:g} to the receiver")
        if bits:
            rewards.append(f"• {esc(r.name)} ({r.domain}): {', '.join(bits)}<br>")
    threats = []
    for t in scenario.threats:
        bonus = p.threat_credibility_bonus.get(t.domain, 0.0)
        execution = t.execution_cost * p.lever_cost_factor
        bits = []
        if bonus:
            bits.append(f"credibility {pct(t.credibility)} to {pct(min(1.0, t.credibility + bonus))}")
        if abs(execution - t.execution_cost) > 1e-9:
            bits.append(f"carrying it out costs {execution:g} instead of {t.execution_cost:g}")
        if bits:
            threats.append(f"• {esc(t.name)} ({t.domain}): {', '.join(bits)}<br>")
    if rewards:
        out += ["<b>This scenario's rewards</b><br>", *rewards, "<br>"]
    if threats:
        out += ["<b>This scenario's threats</b><br>", *threats, "<br>"]
    if not rewards and not threats:
        out.append("<b>Levers:</b> <font color='#969eac'>no reward or threat in this scenario changes for this cone."
                   "</font><br><br>")

    if p.relationship_gain_factor != 1.0:
        out.append(f"<b>Relationships:</b> every gain you earn is ×{p.relationship_gain_factor:g}.<br><br>")

    reserved = [(e, o) for e in scenario.events for o in e.options if o.cone == cone]
    if reserved:
        out.append("<b>Event options only this cone gets</b><br>")
        out += [f"• {esc(e.title)}: “{esc(o.label)}” ({_points(o.cost)})<br>" for e, o in reserved]
    else:
        out.append("<b>Events:</b> <font color='#969eac'>no event option in this scenario is reserved to this cone."
                   "</font><br>")
    return "".join(out)


class ConeScene(MenuScene):
    title = "Choose a cone"
    heading = "Choose your cone"

    def __init__(self, app, scenario: Scenario, path: str | Path | None = None):
        super().__init__(app)
        self.scenario, self.path = scenario, path
        self.subheading = f"{scenario.title}: your career track decides which tools you have at the table."
        self.cone = CONES[0]
        self.seed_text = "1"
        self.items: list = []
        self.explain = None
        self.seed_entry: UITextEntryLine | None = None
        self.seed_note = None

    def build_body(self, rect: pygame.Rect) -> None:
        list_w = min(self.px(300), rect.w // 3)
        row, gap = self.px(44), self.px(8)
        self.items = []
        for i, cone in enumerate(CONES):
            p = cone_profile(self.scenario, cone)
            button = self.button(f"{i + 1}. {p.label}", (rect.x, rect.y + i * (row + gap), list_w, row),
                                 lambda c=cone: self.choose(c, go=True),
                                 f"{' '.join(p.summary.split())} Click again or press Enter to start.", CONE_KEYS[i])
            self.items.append(button)
        y = rect.y + len(CONES) * (row + gap) + self.px(12)
        self.label("Seed", (rect.x, y, list_w, self.px(26)), object_id="#field_label",
                   tip="The game's seed: the same seed and choices replay the same game. Your teacher may hand one out.")
        self.seed_entry = UITextEntryLine(pygame.Rect(rect.x, y + self.px(28), list_w, self.px(40)), manager=self.manager,
                                          container=self.root, initial_text=self.seed_text)
        self.seed_entry.set_allowed_characters("numbers")
        self.seed_entry.length_limit = 9
        self.seed_entry.set_tooltip("Type the seed your teacher gave you (default 1); Tab or Enter leaves the field [D]")
        self.shortcuts[pygame.K_d] = self.edit_seed
        self.seed_note = self.label("Same seed, same game.", (rect.x, y + self.px(72), list_w, self.px(24)),
                                    object_id="#field_muted")
        x = rect.x + list_w + self.px(16)
        self.explain = self.text_box(cone_html(self.scenario, self.cone), (x, rect.y, rect.right - x, rect.h))
        self.show_selection()

    def bar_buttons(self):
        return ([("Back", self.app.pop, "Back to the scenario list", pygame.K_ESCAPE, None)],
                [("Start", self.start, "Read the briefing, then play", pygame.K_s, "#primary")])

    def build_bar(self, rect: pygame.Rect) -> None:
        super().build_bar(rect)
        self.focus_on(self.items[CONES.index(self.cone)])

    def show_selection(self) -> None:
        for cone, button in zip(CONES, self.items):
            button.change_object_id("#selected" if cone == self.cone else None)

    def choose(self, cone: str, go: bool = False) -> None:
        if go and cone == self.cone:
            self.start()
            return
        self.cone = cone
        self.show_selection()
        self.explain.set_text(cone_html(self.scenario, cone))
        self.focus_on(self.items[CONES.index(cone)])

    def move_focus(self, step: int) -> None:
        super().move_focus(step)
        widget = self.focus_ring[self.focus] if 0 <= self.focus < len(self.focus_ring) else None
        if widget in self.items and CONES[self.items.index(widget)] != self.cone:
            self.choose(CONES[self.items.index(widget)])

    # ----- seed -----
    def edit_seed(self) -> None:
        self.seed_entry.focus()
        self.manager.set_focus_set(self.seed_entry)

    @property
    def seed(self) -> int:
        text = self.seed_entry.get_text().strip() if self.seed_entry else self.seed_text
        return int(text) if text.isdigit() else 1

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.seed_entry:
            self.seed_text = self.seed_entry.get_text()
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.seed_entry:
            self.leave_seed()
            return True
        if (event.type == pygame.KEYDOWN and self._text_entry_focused()
                and event.key in (pygame.K_TAB, pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER)):
            self.leave_seed()
            return True
        return super().handle(event)

    def leave_seed(self) -> None:
        self.seed_entry.unfocus()
        self.manager.set_focus_set(None)
        self.focus_on(self.focus_ring[-1])

    def start(self) -> None:
        controller = Controller(self.scenario, self.cone, self.seed, path=str(self.path) if self.path else None)
        flow.push(self.app, "briefing", controller)
