"""The offer builder: a slider (snapping to the issue's step) or an option picker per open issue,
an in/out toggle per issue, and reward / threat toggles.

What the player has built lives in an `OfferDraft`, which outlives the widgets (they are made
again on every resize); `version` grows on every change so the scene can recompute its preview
only when the offer changed.
"""

from dataclasses import dataclass, field

import pygame
import pygame_gui
from pygame_gui.elements import UIDropDownMenu, UIHorizontalSlider, UILabel

from ...engine.space import describe
from ...model.actions import Offer
from ...model.scenario import RangeIssue
from ..app import DEFAULT_FONT_SIZE
from .controls import ControlStrip
from .draw import fit


@dataclass
class OfferDraft:
    positions: dict = field(default_factory=dict)
    included: dict = field(default_factory=dict)
    rewards: list = field(default_factory=list)
    threats: list = field(default_factory=list)
    version: int = 0

    def offer(self, issue_ids, levers: bool = True) -> Offer:
        positions = {i: self.positions[i] for i in issue_ids if self.included.get(i, True) and i in self.positions}
        if not levers:
            return Offer(positions=positions)
        return Offer(positions=positions, rewards=tuple(self.rewards), threats=tuple(self.threats))

    def load(self, offer: Offer, levers: bool = True) -> None:
        for issue_id, position in offer.positions.items():
            self.positions[issue_id] = position
            self.included[issue_id] = True
        if levers:
            self.rewards = [r for r in offer.rewards]
            self.threats = [t for t in offer.threats]
        self.version += 1

    def ensure(self, scenario, issue_ids, start: dict) -> None:
        """Give every issue a position (the player's ideal, or `start`) before the first build."""
        for issue_id in issue_ids:
            if issue_id not in self.positions:
                issue = scenario.issue(issue_id)
                default = issue.min if isinstance(issue, RangeIssue) else issue.options[0].id
                self.positions[issue_id] = start.get(issue_id, default)
                self.included.setdefault(issue_id, True)


def choice_menu(scene, options: list[tuple[str, str]], current: str, rect, container, tip: str,
                limit: int = 200) -> UIDropDownMenu:
    """A drop-down of (label, id) options, each label shortened to fit the menu's width; the tooltip
    names the choice in full (`tip`: what is chosen). UI_DROP_DOWN_MENU_CHANGED carries the option's
    id as `selected_option_id`."""
    rect = pygame.Rect(rect)
    shown = [(fit(label, DEFAULT_FONT_SIZE, rect.w - 36), option_id) for label, option_id in options]  # as the menu draws it
    menu = UIDropDownMenu(shown, next(o for o in shown if o[1] == current), rect, manager=scene.manager,
                          container=container, expansion_height_limit=limit)
    menu.full_labels, menu.what = dict((oid, label) for label, oid in options), tip
    show_choice_tip(menu, current)
    return menu


def show_choice_tip(menu: UIDropDownMenu, option_id: str) -> None:
    menu.set_tooltip(f"{menu.what}: {menu.full_labels[option_id]}")


def select_option(menu: UIDropDownMenu, option_id: str) -> bool:
    """Show option `option_id` as a closed drop-down's choice in place (no new widgets); False when
    the menu is open or has no such option."""
    closed = menu.menu_states.get("closed")
    if closed is None or menu.current_state is not closed:
        return False
    expanded = menu.menu_states.get("expanded")
    options = getattr(expanded, "options_list", None) or []
    option = next((o for o in options if isinstance(o, tuple) and o[1] == option_id), None)
    if option is None:
        return False
    menu.selected_option = option
    for state in menu.menu_states.values():
        state.selected_option = option
    if closed.selected_option_button is not None and closed.selected_option_button.alive():
        closed.selected_option_button.set_text(option[0])
    show_choice_tip(menu, option_id)
    return True


def snap(issue: RangeIssue, value: float) -> float:
    steps = round((value - issue.min) / issue.step)
    return round(min(issue.max, max(issue.min, issue.min + steps * issue.step)), 6)


class OfferBuilder:
    """Widgets for one OfferDraft inside `rect` of `container`; `height` tells how much it used."""

    ROW = 30

    def __init__(self, scene, container, rect, draft: OfferDraft, session, issue_ids, levers: bool = True,
                 toggles: bool = True, issue_tips: dict | None = None, lever_tip=None, lever_columns: int = 2,
                 lever_room: int | None = None):
        self.scene, self.container, self.draft, self.session = scene, container, draft, session
        self.scenario = session.scenario
        self.issue_ids = list(issue_ids)
        self.levers, self.toggles = levers, toggles
        self.sliders: dict = {}
        self.dropdowns: dict = {}
        self.values: dict[str, UILabel] = {}
        self.toggle_buttons: dict = {}
        self.lever_buttons: dict = {}
        self.lever_tip = lever_tip
        x, y, w, _ = pygame.Rect(rect)
        manager = scene.manager
        toggle_w = 46 if toggles else 0
        name_w = int(w * 0.36)
        value_w = 80
        control_w = w - toggle_w - name_w - value_w - 12
        # the issue names and the values shown are drawn items of two strips (widgets/controls.py)
        rows_h = max(1, len(self.issue_ids) * (self.ROW + 4))
        names = ControlStrip(scene, (x + toggle_w, y, name_w, rows_h), container)
        values = ControlStrip(scene, (x + w - value_w, y, value_w, rows_h), container)
        top = y
        for issue_id in self.issue_ids:
            issue = self.scenario.issue(issue_id)
            tip = (issue_tips or {}).get(issue_id, issue.description)
            if toggles:
                self.toggle_buttons[issue_id] = scene.button(
                    self._toggle_text(issue_id), (x, y, toggle_w - 4, self.ROW - 2),
                    lambda i=issue_id: self.toggle(i),
                    f"Put {issue.name} in this offer or leave it out (left-out issues stay open)", container=container)
            names.item(issue_id, issue.name, (0, y - top, name_w, self.ROW), tip=tip, style="label", size=14)
            cx = x + toggle_w + name_w + 4
            position = draft.positions[issue_id]
            if isinstance(issue, RangeIssue):
                slider = UIHorizontalSlider(pygame.Rect(cx, y + 3, control_w, self.ROW - 6), float(position),
                                            (issue.min, issue.max), manager=manager, container=container,
                                            click_increment=issue.step)
                slider.set_tooltip(f"{issue.name}: drag, or click the arrows to move one step of {issue.step:g}")
                self.sliders[slider] = issue_id
            else:
                menu = choice_menu(scene, [(o.label, o.id) for o in issue.options], position,
                                   (cx, y, control_w + value_w, self.ROW - 2), container, f"{issue.name} (pick an option)")
                self.dropdowns[menu] = issue_id
            if isinstance(issue, RangeIssue):
                self.values[issue_id] = values.item(issue_id, describe(issue, position), (0, y - top, value_w, self.ROW),
                                                    tip=f"Your offer on {issue.name}", style="label", size=14,
                                                    align="center")
            y += self.ROW + 4
        if levers and (self.scenario.rewards or self.scenario.threats):
            items = [("reward", r) for r in self.scenario.rewards] + [("threat", t) for t in self.scenario.threats]
            col_w = (w - 4 * (lever_columns - 1)) // lever_columns
            rows = (len(items) + lever_columns - 1) // lever_columns
            # the toggles are one drawn image (widgets/controls.py), not a button each
            height = rows * 30 - 2 if lever_room is None else min(rows * 30 - 2, lever_room)  # scrolls beyond
            self.lever_strip = ControlStrip(scene, (x, y, w, height), container)
            for n, (kind, lever) in enumerate(items):
                col, row = n % lever_columns, n // lever_columns
                rect_ = (col * (col_w + 4), row * 30, col_w, 28)
                tip = lever_tip(kind, lever) if lever_tip else lever.description
                self.lever_buttons[(kind, lever.id)] = self.lever_strip.item(
                    (kind, lever.id), self._lever_text(kind, lever), rect_,
                    lambda k=kind, i=lever.id: self.toggle_lever(k, i), tip, style="lever")
            y += rows * 30
        self.height = y - pygame.Rect(rect).y

    # ----- text -----
    def _toggle_text(self, issue_id: str) -> str:
        return "In" if self.draft.included.get(issue_id, True) else "Out"

    def _lever_text(self, kind: str, lever) -> str:
        on = lever.id in (self.draft.rewards if kind == "reward" else self.draft.threats)
        mark = "[x]" if on else "[ ]"
        if kind == "reward":
            text = f"{mark} + {lever.name} · {self.session.reward_cost(lever):.0f}"
        else:
            credibility = self.session.state.credibility.get(lever.id, lever.credibility)
            text = f"{mark} ! {lever.name} · {credibility:.0%}"
        return text  # a drawn item: shortened to fit where it is drawn, in full in its tooltip

    # ----- changes -----
    def toggle(self, issue_id: str) -> None:
        self.draft.included[issue_id] = not self.draft.included.get(issue_id, True)
        self.toggle_buttons[issue_id].set_text(self._toggle_text(issue_id))
        self.draft.version += 1

    def toggle_lever(self, kind: str, lever_id: str) -> None:
        chosen = self.draft.rewards if kind == "reward" else self.draft.threats
        if lever_id in chosen:
            chosen.remove(lever_id)
        else:
            chosen.append(lever_id)
        self.draft.version += 1
        self.refresh_levers()

    def refresh_levers(self) -> None:
        levers = {("reward", r.id): r for r in self.scenario.rewards} | {("threat", t.id): t for t in self.scenario.threats}
        for key, button in self.lever_buttons.items():
            text = self._lever_text(key[0], levers[key])
            if button.text != text:
                button.set_text(text)

    def refresh_tips(self) -> None:
        """Tooltips of the lever buttons (they name the party the levers are for)."""
        if self.lever_tip is None:
            return
        levers = {("reward", r.id): r for r in self.scenario.rewards} | {("threat", t.id): t for t in self.scenario.threats}
        for key, button in self.lever_buttons.items():
            button.set_tooltip(self.lever_tip(key[0], levers[key]))

    def sync(self) -> None:
        """Show the draft's values (after loading a counteroffer into it)."""
        for slider, issue_id in self.sliders.items():
            slider.set_current_value(float(self.draft.positions[issue_id]))
        for menu, issue_id in list(self.dropdowns.items()):
            issue = self.scenario.issue(issue_id)
            position = self.draft.positions[issue_id]
            if menu.selected_option[1] != position and not select_option(menu, position):
                self.dropdowns.pop(menu)
                menu.kill()
                new = choice_menu(self.scene, [(o.label, o.id) for o in issue.options], position, menu.relative_rect,
                                  self.container, f"{issue.name} (pick an option)")
                self.dropdowns[new] = issue_id
        for issue_id, button in self.toggle_buttons.items():
            button.set_text(self._toggle_text(issue_id))
        for issue_id in self.values:
            self._show_value(issue_id)
        self.refresh_levers()

    def _show_value(self, issue_id: str) -> None:
        if issue_id not in self.values:
            return
        text = describe(self.scenario.issue(issue_id), self.draft.positions[issue_id])
        if self.values[issue_id].text != text:
            self.values[issue_id].set_text(text)

    def handle(self, event) -> bool:
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element in self.sliders:
            issue_id = self.sliders[event.ui_element]
            issue = self.scenario.issue(issue_id)
            value = snap(issue, float(event.value))
            if abs(float(event.ui_element.get_current_value()) - value) > 1e-9:
                event.ui_element.set_current_value(value)
            if self.draft.positions.get(issue_id) != value:
                self.draft.positions[issue_id] = value
                self.draft.included[issue_id] = True
                if issue_id in self.toggle_buttons:
                    self.toggle_buttons[issue_id].set_text(self._toggle_text(issue_id))
                self.draft.version += 1
                self._show_value(issue_id)
            return True
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element in self.dropdowns:
            issue_id = self.dropdowns[event.ui_element]
            issue = self.scenario.issue(issue_id)
            option = next((o for o in issue.options if o.id == event.selected_option_id), None)
            if option is not None:
                show_choice_tip(event.ui_element, option.id)
            if option is not None and self.draft.positions.get(issue_id) != option.id:
                self.draft.positions[issue_id] = option.id
                self.draft.included[issue_id] = True
                if issue_id in self.toggle_buttons:
                    self.toggle_buttons[issue_id].set_text(self._toggle_text(issue_id))
                self.draft.version += 1
                self._show_value(issue_id)
            return True
        return False
