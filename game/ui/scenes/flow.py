"""How scenes lead into each other. No scene imports another: a scene asks this module for one by
name (`push(app, "settings")`), and the moves that involve several scenes (start a game, continue
a save, back to the title) live here. A scene's module is imported the first time it is asked for,
so opening one scene loads no other.

The shared bases (menu.MenuScene for menu pages, negotiation.GameScene for the table and the
hall) are not scenes of their own; tests/test_ui_flow.py checks that these and this module are
the only ones a scene module imports.
"""

import importlib

from ...loading.scenario_loader import load_scenario
from ..controller import Controller

SCENES = {
    "title": "title.TitleScene",
    "choose_scenario": "choose_scenario.ScenarioScene",
    "choose_cone": "choose_cone.ConeScene",
    "briefing": "briefing.BriefingScene",
    "table": "table.TableScene",
    "hall": "hall.HallScene",
    "debrief": "debrief.DebriefScene",
    "pause": "pause.PauseScene",
    "save_as": "save_as.SaveAsScene",
    "settings": "settings.SettingsScene",
    "help": "help.HelpScene",
    "confirm": "confirm.ConfirmScene",
    "load": "load.LoadScene",
    "message": "load.MessageScene",
    "replay": "replay.ReplayScene",
    "map": "world_map.MapScene",
    "error": "error.ErrorScene",
    "assignment": "assignment.AssignmentScene",
    "find_assignment": "assignment.FindAssignmentScene",
}
"""Every scene by name: module.Class inside this package."""


def scene_class(name: str) -> type:
    module, cls = SCENES[name].rsplit(".", 1)
    return getattr(importlib.import_module(f"{__package__}.{module}"), cls)


def make(app, name: str, *args, **kwargs):
    """A new scene `name` (not shown yet)."""
    return scene_class(name)(app, *args, **kwargs)


def push(app, name: str, *args, **kwargs):
    """Show scene `name` over the current one; returns it."""
    scene = make(app, name, *args, **kwargs)
    app.push(scene)
    return scene


def replace(app, name: str, *args, **kwargs):
    """Show scene `name` instead of the current one; returns it."""
    scene = make(app, name, *args, **kwargs)
    app.replace(scene)
    return scene


def to_title(app):
    """Close every scene and show the title."""
    scene = make(app, "title")
    app.reset(scene)
    return scene


def table_scene(app, controller: Controller):
    """The negotiation table for a bilateral scenario, the conference hall for a multilateral one."""
    return make(app, "table" if controller.scenario.kind == "bilateral" else "hall", controller)


def play(app, controller: Controller):
    """Open the game of `controller` with the title underneath, so leaving the game comes back to it."""
    game = table_scene(app, controller)
    to_title(app)
    app.push(game)
    return game


def start_game(app, path: str, cone: str, seed: int, briefing: bool = False) -> Controller:
    """Load the scenario, start a session and open its table (after the briefing if asked)."""
    controller = Controller(load_scenario(path), cone, seed, path=str(path))
    if briefing:
        push(app, "briefing", controller)
    else:
        app.push(table_scene(app, controller))
    return controller


def start_tutorial(app):
    """The guided first game: the small tutorial scenario at the table, with the guide's card."""
    from ..tutorial import CONE, SCENARIO, SEED

    controller = Controller(load_scenario(SCENARIO), CONE, SEED, path=str(SCENARIO))
    game = make(app, "table", controller, guided=True)
    to_title(app)
    app.push(game)
    return game


def offer_tutorial(app) -> None:
    """On the first start, ask once whether to play the guided first game (remembered in the settings)."""
    from ..tutorial import WELCOME

    settings = app.settings
    if settings.tutorial:
        return
    settings.tutorial = "offered"
    try:
        settings.save()
    except OSError:
        pass  # asked again next time
    push(app, "confirm", "New here? Try a guided first game.", lambda: start_tutorial(app),
         yes="Play the guide", no="Not now", detail=WELCOME)


def start_assignment(app, assignment, player: str, path: str | None = None) -> Controller:
    """Start the game an assignment sets, played by `player` (named in every save), at its briefing. The
    session keeps the assignment's scenario text, so its saves verify against the teacher's copy."""
    controller = Controller(assignment.load_scenario(), assignment.cone, assignment.seed, path=path, player=player)
    controller.session.scenario_text = assignment.scenario.text
    push(app, "briefing", controller)
    return controller


def pause(app, controller: Controller):
    """The pause menu over the game."""
    return push(app, "pause", controller)


def quit_game(app, controller: Controller) -> None:
    """Leave the game for the title: scenes with work in flight shut it down, the controller closes."""
    for scene in reversed(app.stack):
        closer = getattr(scene, "shutdown", None)
        if closer:
            closer()
    controller.close()
    to_title(app)


def debrief(app, controller: Controller, prepared: dict):
    """The debrief instead of the game scene (`prepared`: debrief_data(session), made on a thread)."""
    return replace(app, "debrief", controller, prepared)


def debrief_data(session) -> dict:
    """The debrief's analysis of a finished session (slow: the game scenes run it on a thread)."""
    return scene_class("debrief").prepare(session)


def open_save(app, path, replay: bool = False) -> None:
    """Load a save and play it on (or replay it); see load.open_save."""
    importlib.import_module(f"{__package__}.load").open_save(app, path, replay=replay)


def continue_latest(app) -> None:
    """Play on from the newest autosave; see load.continue_latest."""
    importlib.import_module(f"{__package__}.load").continue_latest(app)


def show_error(app, exc: BaseException):
    """A scene raised: log it, save what can be saved, show the error screen; see error.recover."""
    return importlib.import_module(f"{__package__}.error").recover(app, exc)
