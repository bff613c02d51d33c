"""Start the client: the window, then the title screen or a game straight away."""

from dataclasses import replace

from .app import App, Settings


def launch(scenario: str | None = None, cone: str = "political", seed: int = 1, frames: int | None = None,
           screenshot: str | None = None, size: tuple[int, int] | None = None) -> int:
    """Open the window with the saved settings (saves/settings.json); an explicit `size` overrides them."""
    settings = Settings.load()
    if size is not None:
        settings = replace(settings, size=tuple(size), fullscreen=False)
    app = App(settings)
    from .scenes.title import TitleScene

    app.push(TitleScene(app))
    if scenario is not None:
        from .scenes.flow import start_game

        start_game(app, scenario, cone, seed)
    app.run(frames=frames, screenshot=screenshot)
    return 0
