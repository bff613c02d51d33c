"""Loading saves: the Load screen (every save in the saves folder, newest first, with its header's
details; damaged files listed with their problem), Continue (the latest autosave), and the messages
shown when a save cannot be loaded or loads with notes.

Loading goes through game.saves.load, which replays the session and verifies it; the session then
continues in the normal table or hall scene through Controller.from_loaded.
"""

from datetime import datetime
from html import escape
from pathlib import Path

import pygame
from pygame_gui.elements import UIScrollingContainer

from ...engine.wording import counted
from ...saves import SaveError, latest_autosave, list_saves, load
from ..controller import Controller, saves_folder
from ..scene import Scene
from . import flow
from .menu import MenuScene


def when(created: str) -> str:
    """'2026-11-23T13:33:05+00:00' -> '2026-11-23 13:33' in local time."""
    try:
        return datetime.fromisoformat(created).astimezone().strftime("%Y-%m-%d %H:%M")
    except (ValueError, TypeError, OverflowError, OSError):  # OverflowError: year 1 or 9999 moved to local time
        return created or "?"


def outcome_text(header) -> str:
    out = header.outcome
    if out.result:
        return f"{out.result.replace('_', ' ')} {out.score:.0f} ({out.grade})"
    return f"{'signing' if out.phase == 'implementation' else out.phase}, {counted(out.agreed_issues, 'issue')} settled"


def row_text(info) -> str:
    """One line of the list: name, then the header's essentials, or the problem."""
    kind = "autosave" if info.autosave else "final save" if info.final else "saved"
    if not info.ok:
        return f"{info.name} — damaged: {info.problem}"
    h = info.header
    return f"{info.name} · {h.scenario_title} · turn {h.turn} · {when(h.created)} · {kind}"


def row_tip(info) -> str:
    """The row's tooltip: the outcome, player, cone and seed, or the file's problem."""
    if not info.ok:
        return f"{info.file_name}: {info.problem}"
    h = info.header
    return f"{info.file_name} — {outcome_text(h)}, {h.player or 'anonymous'}, {h.cone}, seed {h.seed}"


def details_html(info) -> str:
    if not info.ok:
        return (f"<b>{escape(info.file_name)}</b><br><br><font color='#e69f00'><b>This file cannot be read.</b></font><br>"
                f"{escape(info.problem or '')}")
    h = info.header
    rows = [
        ("Player", h.player or "anonymous"), ("Scenario", h.scenario_title), ("Cone", h.cone.replace("_", " ")),
        ("Seed", h.seed), ("Turn", h.turn), ("Outcome so far", outcome_text(h)), ("Actions", h.actions),
        ("Saved", when(h.created)), ("Kind", "autosave" if info.autosave else "final save" if info.final else "named save"),
        ("Game version", h.game_version), ("File", info.file_name),
    ]
    return "<br>".join(f"<b>{escape(k)}:</b> {escape(str(v))}" for k, v in rows)


def start_loaded(app, loaded) -> Controller:
    """Continue a loaded session in its table or hall, with the title underneath."""
    controller = Controller.from_loaded(loaded)
    scene = flow.play(app, controller)
    if hasattr(scene, "flash"):
        scene.flash(f"Loaded {loaded.path.name if loaded.path else 'the save'}: turn {loaded.state.turn}.")
    return controller


def open_save(app, path: Path, replay: bool = False) -> None:
    """Load `path` (replayed and verified); show the problem, or the notes first, or go straight on."""
    try:
        loaded = load(path)
    except SaveError as exc:
        app.push(MessageScene(app, "This save cannot be loaded", f"<b>{escape(Path(path).name)}</b><br><br>{escape(exc.message)}",
                              back="Back", tip="Back to the list", error=True))
        return

    def go() -> None:
        if replay:
            flow.push(app, "replay", loaded)
        else:
            start_loaded(app, loaded)

    if loaded.notes:
        notes = "<br>".join(f"• {escape(n)}" for n in loaded.notes)
        app.push(MessageScene(app, "Notes on this save", f"<b>{escape(Path(path).name)}</b> loads and verifies, with notes:"
                              f"<br><br>{notes}", back="Back", go="Replay" if replay else "Continue", on_go=go))
        return
    go()


def continue_latest(app) -> None:
    path = latest_autosave(saves_folder())
    if path is None:
        app.push(MessageScene(app, "No autosave yet", "There is no autosave in "
                              f"<b>{escape(str(saves_folder()))}</b>. The game autosaves at the end of every turn.",
                              back="Back"))
        return
    open_save(app, path)


class MessageScene(Scene):
    """A card with a heading, a message and Back (and optionally a button to go on)."""

    title = "Message"
    modal = True

    def __init__(self, app, heading: str, html: str, back: str = "Back", go: str | None = None, on_go=None,
                 tip: str = "Close this message", error: bool = False):
        super().__init__(app)
        self.heading, self.html, self.back_text, self.go_text, self.on_go = heading, html, back, go, on_go
        self.tip, self.error = tip, error

    def build(self) -> None:
        w, h = self.size
        px = self.app.settings.px
        cw, ch = min(w - px(40), px(700)), min(h - px(40), px(320))
        card = self.card(cw, ch)
        self.label(self.heading, (px(16), px(14), cw - px(34), px(34)), container=card,
                   object_id="#warning" if self.error else "#heading")
        self.message_box = self.text_box(self.html, (px(16), px(54), cw - px(34), ch - px(130)), container=card)
        bh = px(44)
        y = ch - bh - px(18)
        if self.go_text:
            bw = (cw - px(48)) // 2
            self.button(self.back_text, (px(16), y, bw, bh), self.app.pop, f"{self.tip} [Esc]", container=card)
            self.button(self.go_text, (px(32) + bw, y, bw, bh), self.go, "Go on", pygame.K_RETURN, container=card,
                        object_id="#primary")
            self.move_focus(1)
            self.move_focus(1)
        else:
            self.button(self.back_text, (px(16), y, cw - px(34), bh), self.app.pop, f"{self.tip} [Esc]",
                        container=card, object_id="#primary")
            self.move_focus(1)

    def go(self) -> None:
        self.app.pop()
        if self.on_go:
            self.on_go()


class LoadScene(MenuScene):
    title = "Load"
    heading = "Load a game"

    def __init__(self, app, folder: Path | None = None):
        super().__init__(app)
        self.folder = Path(folder) if folder is not None else saves_folder()
        self.saves = list_saves(self.folder)
        self.selected = 0
        self.rows: list = []
        self.details = None

    @property
    def subheading(self) -> str:
        return (f"Saves in {self.folder}, newest first. Loading replays and checks the save. "
                "Up/Down choose, Enter loads, R replays.")

    @property
    def info(self):
        return self.saves[self.selected] if self.saves else None

    def build_body(self, rect: pygame.Rect) -> None:
        px = self.px
        list_w = int(rect.w * 0.6)
        row, gap = px(40), px(4)
        self.rows = []
        if not self.saves:
            self.label("No saves yet. The game autosaves at the end of every turn; Save as… is in the pause menu (Esc).",
                       (rect.x, rect.y, rect.w, px(30)), object_id="#muted")
            self.details = None
            return
        scroll = UIScrollingContainer(pygame.Rect(rect.x, rect.y, list_w, rect.h), manager=self.manager,
                                      container=self.root, allow_scroll_x=False)
        inner_w = list_w - px(20)
        scroll.set_scrollable_area_dimensions((inner_w, len(self.saves) * (row + gap)))
        for i, info in enumerate(self.saves):
            button = self.button(row_text(info), (0, i * (row + gap), inner_w, row), lambda i=i: self.choose(i),
                                 row_tip(info),
                                 container=scroll, object_id="#warning" if not info.ok else None)
            button.text_horiz_alignment = "left"
            self.rows.append(button)
        x = rect.x + list_w + px(16)
        self.details = self.text_box("", (x, rect.y, rect.right - x, rect.h))
        self.show_selection()

    def bar_buttons(self):
        left = [("Back", self.app.pop, "Back to the title [Esc]", None, None)]
        right = [("Replay", self.replay, "Step through this save turn by turn", pygame.K_r, None),
                 ("Load", self.load, "Load this save and play on", None, "#primary")]
        return left, right

    def build_bar(self, rect) -> None:
        super().build_bar(rect)
        self.load_button = next((w for w in self.focus_ring if w.text == "Load"), None)
        self.replay_button = next((w for w in self.focus_ring if w.text == "Replay"), None)
        self.update_buttons()

    def update_buttons(self) -> None:
        ok = self.info is not None and self.info.ok
        for button in (getattr(self, "load_button", None), getattr(self, "replay_button", None)):
            if button is None:
                continue
            if ok and not button.is_enabled:
                button.enable()
            elif not ok and button.is_enabled:
                button.disable()

    def choose(self, index: int) -> None:
        if not self.saves:
            return
        self.selected = max(0, min(len(self.saves) - 1, index))
        self.show_selection()

    def show_selection(self) -> None:
        for i, button in enumerate(self.rows):
            if i == self.selected:
                button.select()
            else:
                button.unselect()
        if self.details is not None and self.info is not None:
            self.details.set_text(details_html(self.info))
        self.update_buttons()

    def handle(self, event) -> bool:
        if event.type == pygame.KEYDOWN and self.saves and not self._text_entry_focused():
            if event.key in (pygame.K_DOWN, pygame.K_UP):
                self.choose(self.selected + (1 if event.key == pygame.K_DOWN else -1))
                return True
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.load()
                return True
        return super().handle(event)

    def load(self) -> None:
        if self.info is not None and self.info.ok:
            open_save(self.app, self.info.path)

    def replay(self) -> None:
        if self.info is not None and self.info.ok:
            open_save(self.app, self.info.path, replay=True)
