"""Choose a scenario: the shipped scenarios in a list, a preview of the selected one."""

from dataclasses import dataclass
from pathlib import Path

import pygame
from pygame_gui.elements import UIImage

from ...loading.problems import ScenarioError
from ...loading.scenario_loader import load_scenario
from ...model.scenario import Scenario
from ..art.region_map import map_surface, relationship_view
from . import flow
from .menu import MenuScene, esc

SCENARIOS_DIR = Path(__file__).resolve().parents[3] / "scenarios"
DEFAULT = "cod_line"
RULES = {
    "consensus": "decided by consensus (every party must agree)",
    "majority": "decided by majority (more than {pct} of the parties)",
    "weighted": "decided by weighted vote (more than {pct} of the weight)",
}


@dataclass
class Entry:
    path: Path
    scenario: Scenario | None
    problem: str | None = None

    @property
    def name(self) -> str:
        if self.scenario is None:
            return f"{self.path.name} (cannot load)"
        return self.scenario.title


def load_entries(folder: Path = SCENARIOS_DIR) -> list[Entry]:
    """Every scenario file in `folder`; one that fails to load keeps its first problem."""
    entries = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            entries.append(Entry(path, load_scenario(path)))
        except ScenarioError as exc:
            first = exc.problems[0] if exc.problems else None
            entries.append(Entry(path, None, str(first) if first else str(exc)))
        except (OSError, ValueError) as exc:
            entries.append(Entry(path, None, str(exc)))
    return entries


def preview_html(entry: Entry) -> str:
    if entry.scenario is None:
        return (f"<b>{esc(entry.path.name)}</b><br><br>"
                f"<font color='#e69f00'><b>This file does not load.</b></font> Its first problem:<br><br>"
                f"{esc(entry.problem)}<br><br>"
                f"Fix it and check it with <b>python main.py validate {esc(entry.path.name)}</b>.")
    s = entry.scenario
    kind = "Bilateral: you and one counterpart" if s.kind == "bilateral" else (
        f"Multilateral: a conference of {len(s.countries)} countries"
        + (f", {RULES[s.conference.rule].format(pct=f'{s.conference.threshold * 100:.0f} %')}" if s.conference else ""))
    return (
        f"<font size=5><b>{esc(s.title)}</b></font><br>"
        f"{esc(kind)}<br><br>"
        f"<b>You represent:</b> {esc(s.player.country)}<br>"
        f"<b>Parties:</b> {len(s.countries)} at the table with you (on the map below)<br>"
        f"<b>Turns:</b> {s.player.deadline}     <b>Difficulty:</b> {esc(s.difficulty.capitalize())}     "
        f"<b>Budget:</b> {s.player.budget:g}<br><br>"
        f"{esc(' '.join(s.summary.split()))}"
    )


class ScenarioScene(MenuScene):
    title = "Choose a scenario"
    heading = "Choose a scenario"
    subheading = "Pick the negotiation you want to play. The preview shows who sits at the table."

    def __init__(self, app, folder: Path = SCENARIOS_DIR):
        super().__init__(app)
        self.entries = load_entries(folder)
        names = [e.path.stem for e in self.entries]
        self.selected = names.index(DEFAULT) if DEFAULT in names else 0
        self.items: list = []
        self.preview = None
        self.next_button = None

    @property
    def entry(self) -> Entry | None:
        return self.entries[self.selected] if self.entries else None

    def build_body(self, rect: pygame.Rect) -> None:
        list_w = min(self.px(360), rect.w // 3)
        row, gap = self.px(48), self.px(8)
        self.items = []
        keys = [pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5, pygame.K_6, pygame.K_7, pygame.K_8, pygame.K_9]
        for i, entry in enumerate(self.entries):
            s = entry.scenario
            tip = (f"{s.kind.capitalize()}, {s.difficulty}, {s.player.deadline} turns. {' '.join(s.summary.split())}"
                   if s else f"Does not load: {entry.problem}")
            key = keys[i] if i < len(keys) else None
            text = f"{i + 1}. {entry.name}" if key else entry.name
            button = self.button(text, (rect.x, rect.y + i * (row + gap), list_w, row),
                                 lambda i=i: self.choose(i, go=True), tip, key)
            self.items.append(button)
        if not self.entries:
            self.label("No scenario files in scenarios/", (rect.x, rect.y, list_w, row), object_id="#warning")
        x = rect.x + list_w + self.px(16)
        self.preview_rect = pygame.Rect(x, rect.y, rect.right - x, rect.h)
        self.preview_widgets = []
        self.build_preview()
        self.show_selection()

    def build_preview(self) -> None:
        """The text preview, and under it the region map: every party's land, flag and name."""
        for widget in self.preview_widgets:
            widget.kill()
        rect, px = self.preview_rect, self.px
        scenario = self.entry.scenario if self.entry else None
        map_h = min(rect.h * 9 // 20, rect.w * 9 // 16) if scenario else 0
        self.preview = self.text_box(preview_html(self.entry) if self.entry else "",
                                     (rect.x, rect.y, rect.w, rect.h - map_h - (px(8) if map_h else 0)))
        self.preview_widgets = [self.preview]
        if scenario is None:
            return
        tints, notes = relationship_view(scenario)
        region = UIImage(pygame.Rect(rect.x, rect.bottom - map_h, rect.w, map_h), map_surface(scenario, (rect.w, map_h), tints, notes),
                         manager=self.manager, container=self.root)
        region.set_tooltip("Who sits at the table: each party's land, flag and name, coloured by its relations with you at the start")
        self.preview_widgets.append(region)

    def bar_buttons(self):
        return ([("Back", self.app.pop, "Back to the title screen", pygame.K_ESCAPE, None)],
                [("Next: choose a cone", self.next, "Choose your career cone for this scenario", pygame.K_n, "#primary")])

    def build_bar(self, rect: pygame.Rect) -> None:
        super().build_bar(rect)
        self.next_button = self.focus_ring[-1]
        if self.entry is None or self.entry.scenario is None:
            self.next_button.disable()
        if self.items:
            self.focus_on(self.items[self.selected])

    def show_selection(self) -> None:
        for i, button in enumerate(self.items):
            button.change_object_id("#selected" if i == self.selected else None)

    def choose(self, index: int, go: bool = False) -> None:
        """Select a scenario; choosing the one already selected goes on to the cone."""
        if go and index == self.selected and self.entries[index].scenario is not None:
            self.next()
            return
        self.selected = index
        self.show_selection()
        self.build_preview()
        if self.next_button is not None:
            self.next_button.enable() if self.entry.scenario is not None else self.next_button.disable()
        self.focus_on(self.items[index])

    def move_focus(self, step: int) -> None:
        """Moving the focus over the list selects the scenario under it, so the preview follows."""
        super().move_focus(step)
        widget = self.focus_ring[self.focus] if 0 <= self.focus < len(self.focus_ring) else None
        if widget in self.items and self.items.index(widget) != self.selected:
            self.choose(self.items.index(widget))

    def next(self) -> None:
        entry = self.entry
        if entry is None or entry.scenario is None:
            return
        flow.push(self.app, "choose_cone", entry.scenario, entry.path)
