"""Assignments in the client: the page a student opens an assignment on (their name, the teacher's
instructions, the game it sets, Start), and the title's Assignment entry, which finds assignment files
in the saves folder and the folder the game started from, or opens one by its path.

The name goes into every save of the game (game.saves' header `player`) and is remembered for next time.
"""

from html import escape
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UITextEntryLine

from ...saves import SaveError
from ...saves.assignment import Assignment, read
from ...saves.collect import is_assignment
from ..controller import saves_folder
from ..widgets.draw import fit
from . import flow
from .menu import MenuScene, paragraphs

NAME_KEY = "player_name"
"""Where Settings.extra remembers the last name given."""


def assignment_html(assignment: Assignment) -> str:
    scenario = assignment.load_scenario()
    limit = f"{assignment.turns_limit} turns (set by the assignment)" if assignment.turns_limit else f"{scenario.player.deadline} turns"
    instructions = paragraphs(assignment.instructions) if assignment.instructions else "<i>No instructions: play it through.</i>"
    return (f"<b>Instructions</b><br>{instructions}<br><br>"
            f"<b>The game</b><br>{escape(scenario.title)}: {escape(' '.join(scenario.summary.split()))}<br><br>"
            f"<b>Your cone:</b> {escape(assignment.cone.replace('_', ' ').title())}<br>"
            f"<b>Seed:</b> {assignment.seed}<br><b>Turns:</b> {limit}<br><br>"
            "<font color='#969eac'>Everyone given this assignment plays this same game. The game saves at the end of "
            "every turn and keeps a final save when the talks end; the debrief says where it is.</font>")


class AssignmentScene(MenuScene):
    """Your name, the instructions and the game; Start opens the briefing."""

    title = "Assignment"

    def __init__(self, app, assignment: Assignment, path: str | None = None):
        super().__init__(app)
        self.assignment, self.path = assignment, path
        self.heading = f"Assignment: {assignment.title}"
        self.subheading = "Type your name: it goes into every save of this game, for your teacher."
        self.name = str(app.settings.extra.get(NAME_KEY, ""))

    def build_body(self, rect: pygame.Rect) -> None:
        px = self.px
        self.label("Your name", (rect.x, rect.y, px(200), px(40)), object_id="#field_label")
        self.entry = UITextEntryLine(pygame.Rect(rect.x + px(200), rect.y, min(px(460), rect.w - px(200)), px(40)),
                                     manager=self.manager, container=self.root, initial_text=self.name)
        self.entry.length_limit = 80
        self.entry.set_tooltip("Your first and last name, as your teacher knows you")
        top = rect.y + px(56)
        self.text_box(assignment_html(self.assignment), (rect.x, top, rect.w, rect.bottom - top))
        self.entry.focus()

    def bar_buttons(self):
        return ([("Back", self.app.pop, "Back [Esc]", None, None)],
                [("Start", self.start, "Read the briefing and begin [Enter]", None, "#primary")])

    def build_bar(self, rect: pygame.Rect) -> None:
        super().build_bar(rect)
        self.start_button = self.focus_ring[-1]
        self.refresh()

    def refresh(self) -> None:
        self.name = self.entry.get_text()
        ready = bool(self.name.strip())
        if ready and not self.start_button.is_enabled:
            self.start_button.enable()
        elif not ready and self.start_button.is_enabled:
            self.start_button.disable()

    def handle(self, event) -> bool:
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.entry:
            self.refresh()
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.entry:
            self.start()
            return True
        return super().handle(event)

    def start(self) -> None:
        name = " ".join(self.entry.get_text().split())
        if not name:
            return
        self.app.settings.extra[NAME_KEY] = name
        try:
            self.app.settings.save()
        except OSError:
            pass  # the name is remembered for next time only if the settings can be written
        flow.start_assignment(self.app, self.assignment, name, self.path)


def assignment_files(folders) -> list[Path]:
    """The assignment files in these folders (one level deep), by name, each once."""
    found: dict[Path, Path] = {}
    for folder in folders:
        try:
            entries = sorted(Path(folder).glob("*.[jJ][sS][oO][nN]"))
        except OSError:
            continue
        for entry in entries:
            if entry.is_file() and not entry.name.startswith(".") and is_assignment(entry):
                found.setdefault(entry.resolve(), entry)
    return list(found.values())


def listed(path: Path) -> str:
    """An assignment file as the list shows it: its title and game, or why it cannot be opened."""
    try:
        assignment = read(path)
    except SaveError as exc:
        return f"{path.name}: {exc.message}"
    return f"{path.name} · {assignment.title} · {assignment.describe()}"


class FindAssignmentScene(MenuScene):
    """The title's Assignment entry: the assignments found nearby, or a path typed in."""

    title = "Open an assignment"
    heading = "Open an assignment"

    def __init__(self, app, folders=None):
        super().__init__(app)
        self.folders = [Path(f) for f in folders] if folders is not None else [saves_folder(), Path.cwd()]
        self.files = assignment_files(self.folders)
        self.subheading = ("Your teacher's assignment file: choose one found in " + " or ".join(str(f) for f in self.folders)
                           + ", or type its path.")

    def build_body(self, rect: pygame.Rect) -> None:
        px = self.px
        self.label("File", (rect.x, rect.y, px(120), px(40)), object_id="#field_label")
        self.entry = UITextEntryLine(pygame.Rect(rect.x + px(120), rect.y, rect.w - px(120 + 200), px(40)),
                                     manager=self.manager, container=self.root)
        self.entry.set_tooltip("The path of the assignment file, such as week3.json")
        self.button("Open", (rect.right - px(180), rect.y, px(180), px(40)), self.open_typed, "Open the file typed [Enter]")
        y = rect.y + px(56)
        if not self.files:
            self.label("No assignment file found there.", (rect.x, y, rect.w, px(30)), object_id="#muted")
        for i, path in enumerate(self.files[:12]):
            button = self.button(fit(listed(path), 15, min(rect.w, px(760)) - px(24)),
                                 (rect.x, y + i * px(46), min(rect.w, px(760)), px(40)), lambda p=path: self.open_file(p),
                                 f"Open {path}")
            button.text_horiz_alignment = "left"
            button.rebuild()

    def bar_buttons(self):
        return [("Back", self.app.pop, "Back to the title [Esc]", None, None)], []

    def handle(self, event) -> bool:
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.entry:
            self.open_typed()
            return True
        return super().handle(event)

    def open_typed(self) -> None:
        text = self.entry.get_text().strip().strip('"')
        if text:
            self.open_file(Path(text).expanduser())

    def open_file(self, path: Path) -> None:
        try:
            assignment = read(path)
        except SaveError as exc:
            flow.push(self.app, "message", "This assignment cannot be opened",
                      f"<b>{escape(path.name)}</b><br><br>{escape(exc.message)}", error=True)
            return
        flow.push(self.app, "assignment", assignment, str(path))
