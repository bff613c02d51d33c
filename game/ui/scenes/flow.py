"""How scenes lead into each other once a scenario and cone are chosen."""

from ...loading.scenario_loader import load_scenario
from ..controller import Controller


def table_scene(app, controller: Controller):
    """The negotiation table for a bilateral scenario, the conference hall for a multilateral one."""
    if controller.scenario.kind == "bilateral":
        from .table import TableScene

        return TableScene(app, controller)
    from .hall import HallScene

    return HallScene(app, controller)


def start_game(app, path: str, cone: str, seed: int, briefing: bool = False) -> Controller:
    """Load the scenario, start a session and open its table (after the briefing if asked)."""
    controller = Controller(load_scenario(path), cone, seed, path=str(path))
    if briefing:
        from .briefing import BriefingScene

        app.push(BriefingScene(app, controller))
    else:
        app.push(table_scene(app, controller))
    return controller
