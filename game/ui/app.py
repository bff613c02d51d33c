"""The window, the frame loop and the scene stack.

A quiet loop: a frame draws only where something changed and sends only that to the window; when
nothing moves (no input for a moment, no scene animating or waiting on work) the loop sleeps until
an event arrives or IDLE_WAIT passes. After a scene closes, the first quiet frame collects the
garbage it left and gives freed memory back to the system (see App.tidy).

Options for tests and benchmarks: `frames` runs that many frames and exits, `screenshot` saves
the last frame; both work under SDL_VIDEODRIVER=dummy.
"""

import ctypes
import ctypes.util
import gc
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pygame
import pygame_gui

from ..files import not_a_file
from . import palette
from .audio import Audio
from .widgets import draw

ASSETS = Path(__file__).resolve().parent.parent.parent / "assets"
MIN_SIZE = (1024, 600)
WINDOW_SIZES = ((1024, 600), (1280, 720), (1600, 900), (1920, 1080))
UI_SCALES = (0.9, 1.0, 1.15, 1.3)


INPUT_EVENTS = frozenset(getattr(pygame, name) for name in (
    "KEYDOWN", "KEYUP", "TEXTINPUT", "MOUSEMOTION", "MOUSEBUTTONDOWN", "MOUSEBUTTONUP", "MOUSEWHEEL",
    "WINDOWENTER", "WINDOWLEAVE", "WINDOWFOCUSGAINED") if hasattr(pygame, name))
REDRAW_EVENTS = frozenset(getattr(pygame, name) for name in (
    "KEYDOWN", "KEYUP", "TEXTINPUT", "TEXTEDITING", "MOUSEWHEEL", "VIDEOEXPOSE",
    "VIDEORESIZE", "ACTIVEEVENT", "WINDOWEXPOSED", "WINDOWSHOWN", "WINDOWRESTORED", "WINDOWMAXIMIZED",
    "WINDOWSIZECHANGED", "WINDOWFOCUSGAINED", "WINDOWENTER") if hasattr(pygame, name))
"""Events after which the whole screen is drawn for a few frames (see App.step): typing and scrolling
may change a widget's image in place (text entries, scrolled text boxes); clicks change widgets by
swapping their images, which the per-widget comparison sees."""
AWAKE_AFTER_INPUT = 1.5
"""Seconds the loop runs at full rate after input: hover looks settle and tooltips appear (after
their delay) while it is awake."""
IDLE_WAIT = 0.5
"""The longest a quiet loop sleeps before it looks again (it wakes at once for any event)."""


def _malloc_trim():
    """glibc's malloc_trim, or None elsewhere: gives freed heap pages back to the system (glibc keeps
    them otherwise, and a heap fragmented by many closed scenes grows for good)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


MALLOC_TRIM = _malloc_trim()


def saves_dir() -> Path:
    """Where saves and settings live: $DEMARCHE_SAVES, or saves/ in the checkout."""
    return Path(os.environ.get("DEMARCHE_SAVES") or ASSETS.parent / "saves")


@dataclass
class Settings:
    size: tuple[int, int] = (1280, 720)
    fullscreen: bool = False
    ui_scale: float = 1.0
    sound_volume: float = 0.8
    music_volume: float = 0.5
    muted: bool = False
    reduced_motion: bool = False
    tutorial: str = ""
    """Empty until the guided first game is offered, then "offered", "skipped" or "done"."""
    extra: dict = field(default_factory=dict)

    @staticmethod
    def path() -> Path:
        return saves_dir() / "settings.json"

    @classmethod
    def load(cls) -> "Settings":
        """The saved settings; defaults when there is no file or it cannot be read."""
        if not_a_file(cls.path()):  # absent, or a folder or FIFO in the way (reading a FIFO would block)
            return cls()
        try:
            data = json.loads(cls.path().read_text(encoding="utf-8"))
            w, h = (int(v) for v in data.get("size", (1280, 720)))
            scale = float(data.get("ui_scale", 1.0))
            return cls(size=(max(MIN_SIZE[0], w), max(MIN_SIZE[1], h)), fullscreen=bool(data.get("fullscreen", False)),
                       ui_scale=min(2.0, max(0.5, scale)),
                       sound_volume=_unit(data.get("sound_volume", 0.8)), music_volume=_unit(data.get("music_volume", 0.5)),
                       muted=bool(data.get("muted", False)), reduced_motion=bool(data.get("reduced_motion", False)),
                       tutorial=str(data.get("tutorial", "")), extra=dict(data.get("extra", {})))
        except (OSError, ValueError, TypeError, AttributeError):
            return cls()

    def save(self) -> None:
        path = self.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        data = asdict(self)
        data["size"] = list(self.size)
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")

    def px(self, value: float) -> int:
        """A length in pixels at this UI scale."""
        return round(value * self.ui_scale)


def _unit(value) -> float:
    return min(1.0, max(0.0, float(value)))


DEFAULT_FONT_SIZE = 14
"""pygame_gui's own font size, used by every widget the theme gives no font (buttons, labels, menus)."""


def scaled_theme(scale: float) -> dict:
    """The theme with every font size multiplied by `scale`, the widgets that use pygame_gui's own
    default font included (the theme's "defaults" block sets colours, not that font)."""
    theme = json.loads((ASSETS / "theme.json").read_text(encoding="utf-8"))
    for block in theme.values():
        font = block.get("font") if isinstance(block, dict) else None
        if font and "size" in font:
            font["size"] = str(max(8, round(float(font["size"]) * scale)))
    for element in ("button", "label", "drop_down_menu", "text_entry_line", "horizontal_slider", "selection_list"):
        theme.setdefault(element, {}).setdefault(
            "font", {"name": "noto_sans", "size": str(round(DEFAULT_FONT_SIZE * scale))})
    return theme


class App:
    def __init__(self, settings: Settings | None = None, live_theme: bool = False):
        pygame.init()
        pygame.display.set_caption("Demarche")
        self.settings = settings or Settings()
        self.live_theme = live_theme
        self.screen = self._open_window()
        self.manager = self._make_manager()
        self.audio = Audio.start(self.settings)
        self.clock = pygame.time.Clock()
        self.stack: list = []
        self.running = True
        self.frame = 0
        self.errors: list[tuple[float, Exception]] = []  # (when, what) of every error a scene raised (see step)
        self.first_frames: dict[str, float] = {}  # scene class -> wall time its first frame was shown
        self.redraw_frames = 1  # frames to draw in full whatever the widgets (see step)
        self._drawn: list | None = None  # what the screen shows: (image, rect) of every visible widget
        self._since_full = 0
        self.last_input = time.monotonic()  # the start counts as input: the first frames run at full rate
        self.drew = True  # whether the last frame drew anything
        self._waited: pygame.event.Event | None = None  # the event that woke a sleeping loop
        self.tidy_pending = False
        self.sleeps = 0  # times the loop slept (tests and benchmarks)

    # ----- window -----
    def _open_window(self) -> pygame.Surface:
        flags = pygame.FULLSCREEN if self.settings.fullscreen else pygame.RESIZABLE
        size = (0, 0) if self.settings.fullscreen else self.settings.size
        return pygame.display.set_mode(size, flags)

    def _make_manager(self) -> pygame_gui.UIManager:
        scale = self.settings.ui_scale
        theme = ASSETS / "theme.json" if scale == 1.0 else scaled_theme(scale)
        manager = pygame_gui.UIManager(self.screen.get_size(), theme,
                                       enable_live_theme_updates=self.live_theme and scale == 1.0)
        draw.set_scale(scale)  # the text the game draws itself grows with the theme's
        manager.preload_fonts([
            {"name": "noto_sans", "point_size": size, "style": style}
            for size in sorted({round(s * scale) for s in (14, 15, 16, 18)}) for style in ("bold", "italic")
        ])
        return manager

    def resize(self, size: tuple[int, int]) -> None:
        size = (max(MIN_SIZE[0], size[0]), max(MIN_SIZE[1], size[1]))
        if not self.settings.fullscreen:
            self.settings.size = size
            self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.manager.set_window_resolution(self.screen.get_size())
        for scene in self.stack:
            scene.rebuild()
        self._show_visible()

    def apply_settings(self, settings: Settings) -> None:
        """Reopen the window for new settings; a new UI scale loads a theme with scaled fonts."""
        rescale = settings.ui_scale != self.settings.ui_scale
        self.settings = settings
        self.audio.configure(settings.sound_volume, settings.music_volume, settings.muted)
        self.screen = self._open_window()
        for scene in self.stack:
            scene.close()
        if rescale:
            self.manager = self._make_manager()
        else:
            self.manager.set_window_resolution(self.screen.get_size())
        for scene in self.stack:
            scene.open()
        self._show_visible()

    # ----- scenes -----
    @property
    def scene(self):
        return self.stack[-1] if self.stack else None

    def push(self, scene) -> None:
        self.stack.append(scene)
        scene.open()
        self._show_visible()

    def pop(self) -> None:
        if self.stack:
            self.stack.pop().close()
            self.tidy_pending = True
        if not self.stack:
            self.running = False
        self._show_visible()

    def replace(self, scene) -> None:
        if self.stack:
            self.stack.pop().close()
            self.tidy_pending = True
        self.push(scene)

    def reset(self, scene) -> None:
        """Close every scene and start again from `scene` (back to the title)."""
        while self.stack:
            self.stack.pop().close()
            self.tidy_pending = True
        self.push(scene)

    def _show_visible(self) -> None:
        """Hide the widgets of scenes covered by a full-screen scene, so they neither show nor take clicks."""
        self.invalidate(2)
        self.last_input = time.monotonic()
        visible = self._visible()
        if len(visible) > 2:  # a dialog over a menu over a game: the menu underneath steps aside
            visible = [visible[0], visible[-1]]
        for scene in self.stack:
            root = getattr(scene, "root", None)
            if root is None:
                continue
            if scene in visible and not root.visible:
                root.show()
            elif scene not in visible and root.visible:
                root.hide()
        for element in self.manager.get_sprite_group().sprites():  # no tooltip outlives its hidden widget
            tip = getattr(element, "tool_tip", None)
            if tip is not None and not element.visible:
                tip.kill()
                element.tool_tip = None

    def quit(self) -> None:
        self.running = False

    # ----- loop -----
    FULL_EVERY = 120
    """Frames after which the screen is drawn in full even when no widget seems to have changed."""

    def invalidate(self, frames: int = 1) -> None:
        """Draw the next `frames` frames in full (call after changing a widget's image in place)."""
        self.redraw_frames = max(self.redraw_frames, frames)

    def _widgets_shown(self) -> list:
        return [(id(d[0]), tuple(d[1]), id(d)) for d in self.manager.get_sprite_group().visible]

    def _dirty_rects(self, visible: list, shown: list) -> list | None:
        """Where the screen must be drawn again, or None when all of it must: the bottom scene has
        its opaque root panel (so custom drawing never shows), the same widgets are shown in the same
        order, no text entry has the focus and there was no input lately; then only the places of the
        widgets whose image, place or size changed are drawn again (pygame_gui swaps a widget's image
        when its look changes: hover, text, state; what changes an image in place calls `invalidate`)."""
        if self.redraw_frames > 0 or self._since_full >= self.FULL_EVERY or self._drawn is None:
            return None
        if not visible or getattr(visible[0], "root", None) is None or self._text_entry_focused():
            return None
        dirty = []
        if len(shown) == len(self._drawn) and all(old[2] == new[2] for old, new in zip(self._drawn, shown)):
            for old, new in zip(self._drawn, shown):
                if old != new:
                    dirty.append(pygame.Rect(old[1]).union(pygame.Rect(new[1])))
        else:  # widgets came or went (a tooltip, a panel made again): their places, if the rest kept its order
            before = {d[2]: d for d in self._drawn}
            after = {d[2]: d for d in shown}
            kept_before = [d[2] for d in self._drawn if d[2] in after]
            kept_after = [d[2] for d in shown if d[2] in before]
            if kept_before != kept_after:
                return None
            for key, d in before.items():
                if key not in after:
                    dirty.append(pygame.Rect(d[1]))
                elif after[key] != d:
                    dirty.append(pygame.Rect(d[1]).union(pygame.Rect(after[key][1])))
            dirty += [pygame.Rect(d[1]) for key, d in after.items() if key not in before]
        return dirty if len(dirty) <= 16 else None

    def _text_entry_focused(self) -> bool:
        return any(type(w).__name__ in ("UITextEntryLine", "UITextEntryBox") for w in (self.manager.get_focus_set() or ()))

    MAX_ERRORS = 5
    """Errors within ERROR_WINDOW seconds after which the program gives up (the error screen itself fails)."""
    ERROR_WINDOW = 10.0

    def step(self, dt: float) -> bool:
        """One frame: events, updates, drawing; True when it drew something. An exception in a scene's
        event handling, update or drawing does not end the program: it is logged and the error screen
        replaces every scene (scenes.flow.show_error); only when the error screen itself fails does the
        exception go on."""
        try:
            return self._frame(dt)
        except Exception as exc:
            now = time.monotonic()
            self.errors.append((now, exc))
            recent = sum(1 for t, _ in self.errors if now - t < self.ERROR_WINDOW)
            if type(self.scene).__name__ == "ErrorScene" or recent > self.MAX_ERRORS:
                raise
            from .scenes import flow

            flow.show_error(self, exc)
            return False

    def _frame(self, dt: float) -> bool:
        """Events, updates, drawing (see step). A frame in which nothing on screen changed is neither
        drawn nor sent to the window (which keeps the last one)."""
        events = pygame.event.get()
        if self._waited is not None:
            events.insert(0, self._waited)
            self._waited = None
        for rounds in range(3):  # a click posts UI_BUTTON_PRESSED as it is handled: act on that in this frame too
            for event in events:
                self.handle(event)
            events = pygame.event.get() if rounds < 2 else []
            if not events:
                break
        for scene in list(self.stack):
            scene.update(dt)
        self.manager.update(dt)
        visible = self._visible()
        shown = self._widgets_shown()
        dirty = self._dirty_rects(visible, shown)
        if dirty is None:
            if not visible or getattr(visible[0], "root", None) is None:  # the root panel covers the screen
                self.screen.fill(palette.BACKGROUND)
            for scene in visible:
                scene.draw(self.screen)
            self.manager.draw_ui(self.screen)
            self._since_full = 0
            self.redraw_frames = max(0, self.redraw_frames - 1)
            pygame.display.flip()
        else:  # only where a widget changed: every widget over that place, clipped to it
            self._since_full += 1
            blits = self.manager.get_sprite_group().visible
            for rect in dirty:
                self.screen.set_clip(rect)
                self.screen.blits([d for d in blits if rect.colliderect(d[1])])
            self.screen.set_clip(None)
            if dirty:
                pygame.display.update(dirty)
        self._drawn = shown
        self.drew = dirty is None or bool(dirty)
        if not self.drew and self.tidy_pending and not self.animating():
            self.tidy()
        return self.drew

    def handle(self, event: pygame.event.Event) -> None:
        """One event: to the window (quit, resize), then the widgets, then the scene on top."""
        if event.type in INPUT_EVENTS:
            self.last_input = time.monotonic()
        if event.type in REDRAW_EVENTS:
            self.invalidate(2)  # input, or the window shown again: widgets may change over the next frames
        if event.type == pygame.QUIT:
            handler = getattr(self.scene, "on_quit_request", None)
            handler() if handler else self.quit()
            return
        if event.type == pygame.VIDEORESIZE and not self.settings.fullscreen:
            self.resize(event.size)
            return
        self.manager.process_events(event)
        if self.scene is not None:
            self.scene.handle(event)

    def animating(self) -> bool:
        """True while a scene changes on its own (an animation, work in flight) or a text entry has the
        focus (its cursor blinks): the loop keeps its full rate."""
        return self._text_entry_focused() or any(scene.animating() for scene in self.stack)

    def quiet(self) -> bool:
        """Nothing to show for a while: no input lately, nothing drawn last frame, nothing animating."""
        return (not self.drew and self.redraw_frames == 0 and time.monotonic() - self.last_input > AWAKE_AFTER_INPUT
                and not self.animating())

    def tidy(self) -> None:
        """After a scene closed: collect its garbage now and give the freed heap back. Python collects
        cycles by counts of objects, not bytes, and a closed scene's widgets sit in cycles (a pygame_gui
        element and its drawable shape refer to each other) holding megabytes of surfaces; glibc keeps
        freed pages unless asked, so without this the heap grows scene after scene."""
        self.tidy_pending = False
        gc.collect()
        if MALLOC_TRIM is not None:
            MALLOC_TRIM(0)

    def wait(self) -> None:
        """Sleep until an event arrives or IDLE_WAIT passes; the event is handled by the next frame."""
        event = pygame.event.wait(int(IDLE_WAIT * 1000))
        self.sleeps += 1
        if event.type != pygame.NOEVENT:
            self._waited = event

    def _visible(self) -> list:
        start = len(self.stack) - 1
        while start > 0 and self.stack[start].modal:
            start -= 1
        return self.stack[max(0, start):]

    def _stamp(self) -> None:
        name = type(self.scene).__name__ if self.scene is not None else ""
        self.first_frames.setdefault("first", time.time())
        self.first_frames.setdefault(name, time.time())

    def show_loading(self, message: str) -> None:
        """Draw one frame (the scenes so far, with `message` at the bottom) so the window shows while
        something slow, such as the engine and a scenario, loads."""
        self.step(0.0)
        from .widgets.draw import text

        label = text(message, 18, palette.TEXT, True)
        w, h = self.screen.get_size()
        self.screen.blit(label, ((w - label.get_width()) // 2, h - 60))
        self.invalidate()  # the message is not a widget: the next frame draws over it
        pygame.display.flip()
        self.frame += 1
        self._stamp()

    def loop(self, frames: int | None = None, fps: int = 60, until=None) -> None:
        """Frames at up to `fps` a second, asleep while quiet, until the app stops, `frames` frames
        have run in all, or `until()` is true."""
        while self.running and self.stack:
            if self.quiet():
                self.wait()
                dt = self.clock.tick() / 1000.0
            else:
                dt = self.clock.tick(fps) / 1000.0
            self.step(dt)
            self.frame += 1
            self._stamp()
            if frames is not None and self.frame >= frames or until is not None and until():
                break

    def run(self, frames: int | None = None, screenshot: str | None = None, fps: int = 60) -> None:
        self.loop(frames, fps)
        log = os.environ.get("DEMARCHE_STARTUP_LOG")
        if log:  # for bench/frames.py: when the first frame, and each scene's first frame, were shown
            Path(log).write_text(json.dumps(self.first_frames), encoding="utf-8")
        if screenshot:
            Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
            pygame.image.save(self.screen, screenshot)
        for scene in reversed(self.stack):
            closer = getattr(scene, "shutdown", None)
            if closer:
                closer()
        self.audio.stop()
        pygame.quit()
