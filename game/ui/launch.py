"""Start the client: the window, then the title screen or a game straight away."""

from .app import App, Settings


def launch(scenario: str | None = None, cone: str = "political", seed: int = 1, frames: int | None = None,
           screenshot: str | None = None, size: tuple[int, int] = (1280, 720)) -> int:
    app = App(Settings(size=size))
    from .scenes.title import TitleScene

    app.push(TitleScene(app))
    if scenario is not None:
        from .scenes.flow import start_game

        start_game(app, scenario, cone, seed)
    app.run(frames=frames, screenshot=screenshot)
    return 0
