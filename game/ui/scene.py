"""The scene base class: widgets in one root container, keyboard shortcuts and a focus ring.

A scene builds its widgets in `build()` from the current window size and rebuilds them on
resize. Buttons made with `button()` get a tooltip that names their shortcut, join the Tab /
arrow focus ring, and fire on Enter when focused. Text panels made with `text_box()` (and any
panel given to `scrollable()`) scroll from the keyboard: Page Up, Page Down, Home and End move the
panel under the pointer, or the one F6 picked (the first by default).
"""

from collections.abc import Callable

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UIPanel, UITextBox


def text_room(widget) -> int:
    """The pixels a label's or a button's text may take across."""
    border = getattr(widget, "border_width", 0)
    border = max(border.values()) if isinstance(border, dict) else border or 0
    edges = (getattr(widget, "text_horiz_alignment_padding", 0) or 0) + border + (getattr(widget, "shadow_width", 0) or 0)
    return widget.relative_rect.w - 2 * edges


def shortened(font, text: str, room: int) -> str:
    """`text`, cut with an ellipsis to fit `room` pixels in `font` (a pygame_gui font)."""
    if font.size(text)[0] <= room:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        mid = (low + high + 1) // 2
        if font.size(text[:mid].rstrip() + "…")[0] <= room:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…"


def fit_text(widget, text: str, tip: str = "") -> None:
    """Show `text` on a UILabel or UIButton, shortened to fit; a shortened text's full words go in front
    of the tooltip `tip`, so hovering (or focusing) it shows what was cut."""
    shown = shortened(widget.font, text, text_room(widget)) if widget.font is not None else text
    widget.base_tip, widget.full_text = tip, text
    if shown != text and text not in tip:
        tip = f"{text} — {tip}" if tip else text
    widget.set_text(shown)
    if tip:
        widget.set_tooltip(tip)


SCROLL_KEYS = {pygame.K_PAGEDOWN: 0.9, pygame.K_PAGEUP: -0.9, pygame.K_END: 100.0, pygame.K_HOME: -100.0}
"""Scrolling keys and how many panel heights each moves."""


def scroll_by(panel, pages: float) -> None:
    """Scroll a text box (or a panel with its own `scroll_by`) by a fraction of what it shows."""
    if hasattr(panel, "scroll_by"):
        panel.scroll_by(pages)
        return
    bar = panel.scroll_bar
    if bar is not None:
        top = bar.start_percentage + pages * bar.visible_percentage
        bar.set_scroll_from_start_percentage(max(0.0, min(1.0 - bar.visible_percentage, top)))


class Scene:
    title = ""
    modal = False
    """A modal scene (a dialog or menu) draws over the scene below it."""

    def __init__(self, app):
        self.app = app
        self.root: UIPanel | None = None
        self.shortcuts: dict[int, Callable[[], None]] = {}
        self.actions: dict[object, Callable[[], None]] = {}
        self.focus_ring: list[UIButton] = []
        self.focus = -1
        self.scrollables: list = []
        self.scroll_panel = 0

    # ----- life cycle -----
    @property
    def manager(self) -> pygame_gui.UIManager:
        return self.app.manager

    @property
    def size(self) -> tuple[int, int]:
        return self.app.screen.get_size()

    def open(self) -> None:
        # a modal root starts above every layer in use, so the scene below neither shows through nor takes clicks
        height = self.manager.get_root_container().get_top_layer() + 1 if self.modal else 1
        self.root = UIPanel(pygame.Rect((0, 0), self.size), manager=self.manager, starting_height=height,
                            object_id="#modal_root" if self.modal else "#root")
        self.shortcuts, self.actions, self.focus_ring, self.focus = {}, {}, [], -1
        self.scrollables, self.scroll_panel = [], 0
        self.build()

    def close(self) -> None:
        self.hide_focus_tip()
        if self.root is not None:
            self.root.kill()
            self.root = None

    def rebuild(self) -> None:
        self.close()
        self.open()

    def build(self) -> None:
        """Create the widgets (override)."""

    def update(self, dt: float) -> None:
        """Per-frame work that is not drawing (override)."""

    def animating(self) -> bool:
        """True while the scene changes on its own, without input (an animation, work on a thread it
        waits for): the app's loop then keeps its full frame rate instead of sleeping (override)."""
        return False

    def draw(self, surface: pygame.Surface) -> None:
        """Custom drawing under the widgets, such as charts (override)."""

    def on_escape(self) -> None:
        """Esc: by default go back one scene."""
        self.app.pop()

    # ----- widgets -----
    def button(self, text: str, rect, action: Callable[[], None], tip: str = "", key: int | None = None,
               container=None, object_id: str | None = None) -> UIButton:
        shown_tip = tip
        if key is not None:
            shown_tip = f"{tip} [{pygame.key.name(key).upper()}]" if tip else f"[{pygame.key.name(key).upper()}]"
            self.shortcuts[key] = action
        widget = UIButton(pygame.Rect(rect), "", manager=self.manager, container=container or self.root,
                          tool_tip_text=shown_tip or None, object_id=object_id)
        fit_text(widget, text, shown_tip)
        self.actions[widget] = action
        self.focus_ring.append(widget)
        return widget

    def label(self, text: str, rect, container=None, object_id: str | None = None, tip: str | None = None) -> UILabel:
        """A line of text; shortened with an ellipsis when it does not fit, its full text then in the tooltip."""
        widget = UILabel(pygame.Rect(rect), "", manager=self.manager, container=container or self.root, object_id=object_id)
        fit_text(widget, text, tip or "")
        return widget

    def card(self, width: int, height: int) -> UIPanel:
        """A dialog's panel, centred in the window."""
        w, h = self.size
        return UIPanel(pygame.Rect((w - width) // 2, (h - height) // 2, width, height), manager=self.manager,
                       container=self.root, object_id="#card")

    def text_box(self, html: str, rect, container=None, object_id: str | None = None) -> UITextBox:
        box = UITextBox(html, pygame.Rect(rect), manager=self.manager, container=container or self.root, object_id=object_id)
        return self.scrollable(box)

    def scrollable(self, panel):
        """Let the keyboard scroll `panel`: a UITextBox, or a drawn panel with `rect`, `alive()`, `scroll_by(pages)`
        and `widget` (the element it is drawn in)."""
        self.scrollables.append(panel)
        return panel

    # ----- input -----
    def handle(self, event: pygame.event.Event) -> bool:
        """Route one event; True when the scene used it."""
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.actions:
            self.hide_focus_tip()
            self.actions[event.ui_element]()
            return True
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            self.hide_focus_tip()  # the mouse took over: its own hover tooltips follow it
        if event.type != pygame.KEYDOWN:
            return False
        if event.key == pygame.K_ESCAPE:
            self.on_escape()
            return True
        if event.key in (pygame.K_TAB, pygame.K_DOWN, pygame.K_RIGHT, pygame.K_UP, pygame.K_LEFT) and self.focus_ring:
            if self._text_entry_focused():
                return False
            back = event.key in (pygame.K_UP, pygame.K_LEFT) or (event.key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT)
            self.move_focus(-1 if back else 1)
            if 0 <= self.focus < len(self.focus_ring):
                self.show_focus_tip(self.focus_ring[self.focus])
            return True
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) and 0 <= self.focus < len(self.focus_ring):
            widget = self.focus_ring[self.focus]
            if widget.alive() and widget.is_enabled:
                self.actions[widget]()
                return True
        if event.key in self.shortcuts and not self._text_entry_focused():
            self.shortcuts[event.key]()
            return True
        if event.key in SCROLL_KEYS and not self._text_entry_focused():
            panel = self.panel_to_scroll()
            if panel is not None:
                scroll_by(panel, SCROLL_KEYS[event.key])
                return True
        if event.key == pygame.K_F6 and self.scrollables:
            self.pick_panel()
            return True
        return False

    def live_panels(self) -> list:
        return [p for p in self.scrollables if p.alive() and getattr(p, "visible", True)]

    def panel_to_scroll(self):
        """The panel under the pointer if it scrolls, else the one F6 picked."""
        alive = self.live_panels()
        pointer = pygame.mouse.get_pos()
        under = next((p for p in alive if p.rect.collidepoint(pointer)), None)
        if under is not None:
            return under
        picked = self.scrollables[self.scroll_panel % len(self.scrollables)] if self.scrollables else None
        return picked if picked in alive else (alive[0] if alive else None)

    def pick_panel(self) -> None:
        """F6: the next panel that Page Up and Page Down scroll, named in a tip over it."""
        alive = self.live_panels()
        if not alive:
            return
        current = self.panel_to_scroll()
        nxt = alive[(alive.index(current) + 1) % len(alive)] if current in alive else alive[0]
        self.scroll_panel = self.scrollables.index(nxt)
        self.hide_focus_tip()
        r = nxt.rect
        self.focus_tip = self.manager.create_tool_tip(text="Page Up / Page Down, Home / End scroll this panel; F6 picks the next",
                                                      position=(r.centerx, r.top + 12), hover_distance=(0, 0),
                                                      parent_element=getattr(nxt, "widget", nxt), object_id=None)

    def move_focus(self, step: int) -> None:
        alive = [w for w in self.focus_ring if w.alive() and w.is_enabled and w.visible]
        if not alive:
            return
        current = self.focus_ring[self.focus] if 0 <= self.focus < len(self.focus_ring) else None
        if current is not None and current.alive():
            current.unselect()
        index = alive.index(current) if current in alive else (-1 if step > 0 else 0)
        target = alive[(index + step) % len(alive)]
        target.select()
        self.focus = self.focus_ring.index(target)

    focus_tip = None

    def show_focus_tip(self, widget) -> None:
        """The focused control's tooltip, as hovering shows it: from the keyboard too, a shortened text
        can be read in full."""
        self.hide_focus_tip()
        tip = widget.full_tip if hasattr(widget, "full_tip") else getattr(widget, "tool_tip_text", None)
        if tip:
            r = widget.rect
            self.focus_tip = self.manager.create_tool_tip(text=tip, position=(r.centerx, r.centery),
                                                          hover_distance=(0, r.h // 2),
                                                          parent_element=getattr(widget, "strip", widget), object_id=None)

    def hide_focus_tip(self) -> None:
        if self.focus_tip is not None:
            self.focus_tip.kill()
            self.focus_tip = None

    def _text_entry_focused(self) -> bool:
        focused = self.manager.get_focus_set()
        return any(type(w).__name__ in ("UITextEntryLine", "UITextEntryBox") for w in (focused or ()))
