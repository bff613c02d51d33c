"""Dense controls drawn as one cached surface instead of one pygame_gui widget each (the parties'
names, column headers, lever toggles, a row of action buttons): pygame_gui updates and draws every
widget on every frame, so a hundred buttons cost milliseconds even when nothing changes.

A `ControlStrip` is one UIImage; its `Item`s are rectangles inside it with a text, a style, an
action and a tooltip. The strip draws its items once into a base surface and again only when an
item changes; hovering, focusing or pressing an item redraws that item over a copy of the base.
Clicks are hit-tested here and posted as UI_BUTTON_PRESSED with the item as `ui_element`, so a
Scene runs the item's action exactly as it does a button's; items join the Scene's focus ring
(Tab, arrows, Enter) through the same `select` / `unselect` / `is_enabled` a UIButton has, and
their tooltips are pygame_gui tooltips placed at the hovered item.

Nothing is cut off: items may reach below the strip, which then scrolls (the mouse wheel, a click
on its bar, and the focus ring, which scrolls the focused item into view); an item whose text is
shortened to fit has its full text in its tooltip (`Item.full_tip`).
"""

import pygame
import pygame_gui
from pygame_gui.elements import UIImage

from .. import palette
from .draw import fit, symbol, text

_BUTTON = {"bg": (42, 49, 64), "hover": (58, 68, 88), "border": (74, 84, 104), "text": palette.TEXT}
STYLES = {
    "button": _BUTTON,
    "row": _BUTTON,
    "lever": _BUTTON,
    "primary": {"bg": (0, 114, 178), "hover": (26, 134, 196), "border": (86, 180, 233), "text": (255, 255, 255)},
    "label": {"bg": None, "hover": None, "border": None, "text": palette.TEXT},
    "muted": {"bg": None, "hover": None, "border": None, "text": palette.MUTED},
    "error": {"bg": None, "hover": None, "border": None, "text": palette.ORANGE},
}
DISABLED = {"bg": (36, 42, 54), "border": (58, 66, 82), "text": (124, 132, 148)}
FOCUS = (86, 180, 233)


class Item:
    """One drawn control; duck-typed like the UIButton methods the scenes use."""

    MARK = 18
    """Room a mark (a drawn check, cross or dot before the text) takes."""

    def __init__(self, strip, key, content: str, rect, action=None, tip: str = "", style: str = "button",
                 enabled: bool = True, size: int = 14, align: str = "left", bold: bool = False):
        self.strip, self.key, self.text = strip, key, content
        self.bold = bold
        self.mark: tuple[str, tuple] | None = None  # (symbol, colour) drawn before the text
        self.local = pygame.Rect(rect)
        self.action, self.tip, self.style = action, tip, style
        self.enabled, self.size, self.align = enabled, size, align

    # ----- what a Scene and the tests use -----
    @property
    def rect(self) -> pygame.Rect:
        """Where the item is on screen (above or below the strip when scrolled out of view)."""
        return self.local.move(self.strip.rect.x, self.strip.rect.y - self.strip.scroll)

    @property
    def is_enabled(self) -> bool:
        return self.enabled

    @property
    def visible(self) -> bool:
        return bool(self.strip.visible)

    def alive(self) -> bool:
        return self.strip.alive()

    def select(self) -> None:
        self.strip.set_focus(self)

    def unselect(self) -> None:
        if self.strip.focused is self:
            self.strip.set_focus(None)

    def enable(self) -> None:
        self.change(enabled=True)

    def disable(self) -> None:
        self.change(enabled=False)

    def set_text(self, content: str) -> None:
        self.change(text=content)

    @property
    def shown(self) -> str:
        """The text as drawn: shortened with an ellipsis when it does not fit."""
        style = STYLES.get(self.style, _BUTTON)
        pad = 6 if style["bg"] is not None else 4
        room = self.local.w - 2 * pad if self.align == "center" else self.local.w - pad - 2
        return fit(self.text, self.size, room - (self.MARK if self.mark else 0), self.bold)

    @property
    def full_tip(self) -> str:
        """The tooltip, with the full text in front when the text is shortened on screen."""
        if self.shown == self.text or not self.text or self.text in self.tip:
            return self.tip
        return f"{self.text} — {self.tip}" if self.tip else self.text

    def set_tooltip(self, tip: str) -> None:
        if tip != self.tip:
            self.tip = tip
            if self.strip.hover_item is self:
                self.strip.show_tip(None)

    def change(self, **values) -> None:
        changed = False
        for name, value in values.items():
            if getattr(self, name) != value:
                setattr(self, name, value)
                changed = True
        if changed:
            self.strip.dirty = True


class TipImage(UIImage):
    """An image with a tooltip for each region of it (a table's cells, a list's lines): the tooltip
    of the region under the mouse, else the image's own, shows after the delay."""

    def __init__(self, rect, surface, manager, container, tip: str | None = None):
        super().__init__(pygame.Rect(rect), surface, manager=manager, container=container)
        self.default_tip = tip
        self.regions: list[tuple[pygame.Rect, str]] = []  # (rect in the image, tooltip)
        self.hover_item = None  # not `hovered`: pygame_gui keeps its own flag by that name
        self.tool_tip_delay = 0.6
        if tip:
            self.set_tooltip(tip)

    def region_at(self, pos):
        """(key, rect on screen, tooltip) of the region under `pos`, or None."""
        x, y = pos[0] - self.rect.x, pos[1] - self.rect.y
        for n, (rect, tip) in enumerate(self.regions):
            if rect.collidepoint(x, y):
                return n, rect.move(self.rect.topleft), tip
        return None

    def hover_changed(self) -> None:
        """The region under the mouse changed (override)."""

    def while_hovering(self, time_delta: float, mouse_pos) -> None:
        found = self.region_at(mouse_pos)
        key = found[0] if found is not None else None
        if key != self.hover_item:
            self.hover_item = key
            self.hover_changed()
            self.show_tip(None)
        tip = found[2] if found is not None and found[2] else self.default_tip
        if self.tool_tip is None and tip and self.hover_time > self.tool_tip_delay:
            where = found[1] if found is not None else self.rect
            self.tool_tip = self.ui_manager.create_tool_tip(text=tip, position=(int(mouse_pos[0]), where.centery),
                                                            hover_distance=(0, where.h // 2), parent_element=self,
                                                            object_id=None)
        self.hover_time += time_delta

    def show_tip(self, _unused) -> None:
        """Forget the tooltip shown (the hovered region or its tip changed); a new one comes after the delay."""
        if self.tool_tip is not None:
            self.tool_tip.kill()
            self.tool_tip = None
        self.hover_time = 0.0

    def on_unhovered(self) -> None:
        super().on_unhovered()
        if self.hover_item is not None:
            self.hover_item = None
            self.hover_changed()


class ControlStrip(TipImage):
    """Items drawn into one image; `scene` gets their actions and focus-ring entries."""

    def __init__(self, scene, rect, container, tip: str | None = None, background=None):
        rect = pygame.Rect(rect)
        super().__init__(rect, pygame.Surface(rect.size, pygame.SRCALPHA), scene.manager, container, tip)
        self.scene = scene
        self.drawn_items: list[Item] = []
        self.background = background
        self.focused: Item | None = None
        self.pressed: Item | None = None
        self.base: pygame.Surface | None = None
        self.dirty = True  # items changed: draw the base again
        self.overlay_dirty = False  # hover / focus / press changed: compose again
        self.scroll = 0  # pixels of the items scrolled up out of view

    # ----- items -----
    def item(self, key, content: str, rect, action=None, tip: str = "", style: str = "button", enabled: bool = True,
            size: int = 14, align: str = "left", shortcut: int | None = None, bold: bool = False) -> Item:
        item = Item(self, key, content, rect, action, tip, style, enabled, size, align, bold)
        self.drawn_items.append(item)
        if action is not None:
            self.scene.actions[item] = action
            self.scene.focus_ring.append(item)
            if shortcut is not None:
                self.scene.shortcuts[shortcut] = action
        self.dirty = True
        return item

    def item_at(self, pos) -> Item | None:
        if not self.rect.collidepoint(pos):
            return None
        x, y = pos[0] - self.rect.x, pos[1] - self.rect.y + self.scroll
        for item in self.drawn_items:
            if item.local.collidepoint(x, y):
                return item
        return None

    def set_focus(self, item: Item | None) -> None:
        if item is not self.focused:
            self.focused = item
            self.overlay_dirty = True
            if item is not None:
                self.reveal(item)

    # ----- scrolling -----
    BAR = 6
    """Width of the scroll bar drawn at the right edge when the items reach below the strip."""

    @property
    def content_height(self) -> int:
        return max((i.local.bottom for i in self.drawn_items), default=0)

    @property
    def scrollable(self) -> bool:
        return self.content_height > self.rect.h

    def scroll_to(self, top: int) -> None:
        top = max(0, min(self.content_height - self.rect.h, int(top))) if self.scrollable else 0
        if top != self.scroll:
            self.scroll = top
            self.overlay_dirty = True
            self.show_tip(None)

    def reveal(self, item: Item) -> None:
        """Scroll so that `item` is in view."""
        if item.local.top < self.scroll:
            self.scroll_to(item.local.top - 4)
        elif item.local.bottom > self.scroll + self.rect.h:
            self.scroll_to(item.local.bottom - self.rect.h + 4)

    def bar_rect(self) -> pygame.Rect | None:
        """The scroll bar's thumb in strip coordinates, or None when everything is in view."""
        if not self.scrollable:
            return None
        h, total = self.rect.h, self.content_height
        size = max(16, h * h // total)
        top = (h - size) * self.scroll // max(1, total - h)
        return pygame.Rect(self.rect.w - self.BAR - 1, top, self.BAR, size)

    # ----- drawing -----
    def draw_item(self, surface: pygame.Surface, item: Item, hovered: bool = False, pressed: bool = False,
                  focused: bool = False, dy: int = 0) -> None:
        style = STYLES.get(item.style, _BUTTON)
        clickable = item.action is not None
        r = item.local.move(0, dy)
        if style["bg"] is not None:
            if clickable and not item.enabled:
                bg, border, ink = DISABLED["bg"], DISABLED["border"], DISABLED["text"]
            else:
                bg = style["hover"] if (hovered or pressed) and clickable else style["bg"]
                border = FOCUS if (hovered or focused) and clickable else style["border"]
                ink = (255, 255, 255) if hovered and clickable else style["text"]
                if pressed:
                    bg = (0, 114, 178)
            pygame.draw.rect(surface, bg, r, border_radius=4)
            pygame.draw.rect(surface, border, r, 2 if focused else 1, border_radius=4)
        else:
            ink = style["text"]
            if focused:
                pygame.draw.rect(surface, FOCUS, r, 1, border_radius=4)
        pad = 6 if style["bg"] is not None else 4
        label = text(item.shown, item.size, ink, item.bold)
        if item.align == "center":
            x = r.x + (r.w - label.get_width()) // 2
        else:
            x = r.x + pad
        if item.mark is not None:
            kind, colour = item.mark
            symbol(surface, kind, pygame.Rect(x, r.centery - 7, 14, 14), colour)
            x += item.MARK
        surface.blit(label, (x, r.y + (r.h - label.get_height()) // 2))

    def render(self) -> None:
        size = (self.rect.w, max(self.rect.h, self.content_height))
        if self.dirty or self.base is None or self.base.get_size() != size:
            self.dirty = False
            base = pygame.Surface(size, pygame.SRCALPHA)
            if self.background is not None:
                base.fill(self.background)
            for item in self.drawn_items:
                self.draw_item(base, item)
            self.base = base
            self.scroll_to(self.scroll)  # the items may have shrunk
            self.overlay_dirty = True
        if not self.overlay_dirty:
            return
        self.overlay_dirty = False
        marked = {self.hover_item, self.focused, self.pressed} - {None}
        bar = self.bar_rect()
        if not marked and bar is None:
            self.set_image(self.base)
            return
        surface = self.base.subsurface((0, self.scroll, *self.rect.size)).copy()
        for item in marked:
            if item in self.drawn_items:
                self.draw_item(surface, item, item is self.hover_item, item is self.pressed, item is self.focused,
                               -self.scroll)
        if bar is not None:
            pygame.draw.rect(surface, palette.GRID, bar, border_radius=3)
        self.set_image(surface)

    def update(self, time_delta: float) -> None:
        super().update(time_delta)
        if self.alive() and (self.dirty or self.overlay_dirty):
            self.render()

    # ----- input -----
    def process_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEWHEEL and self.scrollable and self.visible:
            if self.rect.collidepoint(pygame.mouse.get_pos()):
                self.scroll_to(self.scroll - event.y * 30)
                return True
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 0) == 1 and self.scrollable:
            x, y = event.pos[0] - self.rect.x, event.pos[1] - self.rect.y
            if self.rect.collidepoint(event.pos) and x >= self.rect.w - self.BAR - 3:  # the bar: a page up or down
                bar = self.bar_rect()
                self.scroll_to(self.scroll + (self.rect.h - 20) * (1 if y > bar.bottom else -1 if y < bar.top else 0))
                return True
        if event.type == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 0) == 1:
            item = self.item_at(event.pos)
            if item is not None and item.action is not None and item.enabled:
                self.pressed = item
                self.overlay_dirty = True
                return True
            return False
        if event.type == pygame.MOUSEBUTTONUP and getattr(event, "button", 0) == 1 and self.pressed is not None:
            item, self.pressed = self.pressed, None
            self.overlay_dirty = True
            if self.item_at(event.pos) is item and item.enabled:
                pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=item, ui_object_id="#drawn",
                                                     mouse_button=1))
                return True
        return False

    # ----- hover and tooltips -----
    def region_at(self, pos):
        item = self.item_at(pos)
        return None if item is None else (item, item.rect, item.full_tip)

    def hover_changed(self) -> None:
        self.overlay_dirty = True
