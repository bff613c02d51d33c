"""Start the client: the window, then the title screen, a game straight away, or a replay."""

from dataclasses import replace

from .app import App, Settings


def open_app(size: tuple[int, int] | None = None) -> App:
    """The window with the saved settings (saves/settings.json), at the title; an explicit `size`
    overrides the saved one."""
    settings = Settings.load()
    if size is not None:
        settings = replace(settings, size=tuple(size), fullscreen=False)
    app = App(settings)
    from .scenes import flow

    flow.push(app, "title")
    return app


def launch(scenario: str | None = None, cone: str = "political", seed: int = 1, frames: int | None = None,
           screenshot: str | None = None, size: tuple[int, int] | None = None, loaded=None) -> int:
    """Play. With a scenario, the title is shown for one frame while the engine loads (the window
    appears at once); `loaded` is the scenario already loaded from `scenario`, so it is not loaded twice."""
    app = open_app(size)
    if scenario is not None:
        app.show_loading(f"Opening {getattr(loaded, 'title', 'the game')}…")
        from .controller import Controller
        from .scenes.flow import table_scene

        if loaded is None:
            from ..loading.scenario_loader import load_scenario

            loaded = load_scenario(scenario)
        app.push(table_scene(app, Controller(loaded, cone, seed, path=str(scenario))))
    else:  # the first start offers the guided first game, once
        from .scenes import flow

        flow.offer_tutorial(app)
    app.run(frames=frames, screenshot=screenshot)
    return 0


def launch_assignment(assignment, path: str, frames: int | None = None, screenshot: str | None = None,
                      size: tuple[int, int] | None = None) -> int:
    """`python main.py --assignment FILE`: the window on the title with the assignment's page over it."""
    app = open_app(size)
    from .scenes import flow

    flow.push(app, "assignment", assignment, path)
    app.run(frames=frames, screenshot=screenshot)
    return 0


def launch_replay(save: str, frames: int | None = None, screenshot: str | None = None,
                  size: tuple[int, int] | None = None, turn: int | None = None) -> int:
    """`python main.py replay SAVE`: the window on the title with the replay viewer over it."""
    app = open_app(size)
    from .scenes import flow

    scene = flow.make(app, "replay", save)
    if turn is not None and scene.view is not None:
        scene.index = next((i for i, s in enumerate(scene.steps) if s.turn >= turn), len(scene.steps) - 1)
    app.push(scene)
    app.run(frames=frames, screenshot=screenshot)
    return 0
