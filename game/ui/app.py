"""The window, the frame loop and the scene stack.

Options for tests and benchmarks: `frames` runs that many frames and exits, `screenshot` saves
the last frame; both work under SDL_VIDEODRIVER=dummy.
"""

import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pygame
import pygame_gui

from . import palette

ASSETS = Path(__file__).resolve().parent.parent.parent / "assets"
MIN_SIZE = (1024, 600)
WINDOW_SIZES = ((1024, 600), (1280, 720), (1600, 900), (1920, 1080))
UI_SCALES = (0.9, 1.0, 1.15, 1.3)


def saves_dir() -> Path:
    """Where saves and settings live: $DEMARCHE_SAVES, or saves/ in the checkout."""
    return Path(os.environ.get("DEMARCHE_SAVES") or ASSETS.parent / "saves")


@dataclass
class Settings:
    size: tuple[int, int] = (1280, 720)
    fullscreen: bool = False
    ui_scale: float = 1.0
    extra: dict = field(default_factory=dict)

    @staticmethod
    def path() -> Path:
        return saves_dir() / "settings.json"

    @classmethod
    def load(cls) -> "Settings":
        """The saved settings; defaults when there is no file or it cannot be read."""
        try:
            data = json.loads(cls.path().read_text(encoding="utf-8"))
            w, h = (int(v) for v in data.get("size", (1280, 720)))
            scale = float(data.get("ui_scale", 1.0))
            return cls(size=(max(MIN_SIZE[0], w), max(MIN_SIZE[1], h)), fullscreen=bool(data.get("fullscreen", False)),
                       ui_scale=min(2.0, max(0.5, scale)), extra=dict(data.get("extra", {})))
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


def scaled_theme(scale: float) -> dict:
    """The theme with every font size multiplied by `scale`."""
    theme = json.loads((ASSETS / "theme.json").read_text(encoding="utf-8"))
    for block in theme.values():
        font = block.get("font") if isinstance(block, dict) else None
        if font and "size" in font:
            font["size"] = str(max(8, round(float(font["size"]) * scale)))
    return theme


class App:
    def __init__(self, settings: Settings | None = None, live_theme: bool = False):
        pygame.init()
        pygame.display.set_caption("Demarche")
        self.settings = settings or Settings()
        self.live_theme = live_theme
        self.screen = self._open_window()
        self.manager = self._make_manager()
        self.clock = pygame.time.Clock()
        self.stack: list = []
        self.running = True
        self.frame = 0
        self.frame_times: list[float] = []
        self.first_frames: dict[str, float] = {}  # scene class -> wall time its first frame was shown

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
        manager.preload_fonts([
            {"name": "noto_sans", "point_size": round(size * scale), "style": style}
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
        if not self.stack:
            self.running = False
        self._show_visible()

    def replace(self, scene) -> None:
        if self.stack:
            self.stack.pop().close()
        self.push(scene)

    def reset(self, scene) -> None:
        """Close every scene and start again from `scene` (back to the title)."""
        while self.stack:
            self.stack.pop().close()
        self.push(scene)

    def _show_visible(self) -> None:
        """Hide the widgets of scenes covered by a full-screen scene, so they neither show nor take clicks."""
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
    def step(self, dt: float) -> None:
        """One frame: events, updates, drawing."""
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                handler = getattr(self.scene, "on_quit_request", None)
                handler() if handler else self.quit()
                continue
            if event.type == pygame.VIDEORESIZE and not self.settings.fullscreen:
                self.resize(event.size)
                continue
            self.manager.process_events(event)
            if self.scene is not None:
                self.scene.handle(event)
        for scene in list(self.stack):
            scene.update(dt)
        self.manager.update(dt)
        visible = self._visible()
        if not visible or getattr(visible[0], "root", None) is None:  # the root panel covers the screen
            self.screen.fill(palette.BACKGROUND)
        for scene in visible:
            scene.draw(self.screen)
        self.manager.draw_ui(self.screen)
        pygame.display.flip()

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
        pygame.display.flip()
        self.frame += 1
        self._stamp()

    def run(self, frames: int | None = None, screenshot: str | None = None, fps: int = 60) -> None:
        while self.running and self.stack:
            dt = self.clock.tick(fps) / 1000.0
            started = time.perf_counter()
            self.step(dt)
            self.frame += 1
            self.frame_times.append(time.perf_counter() - started)
            self._stamp()
            if frames is not None and self.frame >= frames:
                break
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
        pygame.quit()
