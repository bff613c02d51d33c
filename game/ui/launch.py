"""Start the client: the window, then the title screen or a game straight away."""

from dataclasses import replace

from .app import App, Settings


def launch(scenario: str | None = None, cone: str = "political", seed: int = 1, frames: int | None = None,
           screenshot: str | None = None, size: tuple[int, int] | None = None, loaded=None) -> int:
    """Open the window with the saved settings (saves/settings.json); an explicit `size` overrides them.

    With a scenario, the title is shown for one frame while the engine loads (the window appears
    at once); `loaded` is the scenario already loaded from `scenario`, so it is not loaded twice."""
    settings = Settings.load()
    if size is not None:
        settings = replace(settings, size=tuple(size), fullscreen=False)
    app = App(settings)
    from .scenes.title import TitleScene

    app.push(TitleScene(app))
    if scenario is not None:
        app.show_loading(f"Opening {getattr(loaded, 'title', 'the game')}…")
        from .controller import Controller
        from .scenes.flow import table_scene

        if loaded is None:
            from ..loading.scenario_loader import load_scenario

            loaded = load_scenario(scenario)
        app.push(table_scene(app, Controller(loaded, cone, seed, path=str(scenario))))
    app.run(frames=frames, screenshot=screenshot)
    return 0
