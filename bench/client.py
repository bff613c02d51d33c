"""The `client` group: the game's window at rest, under input while the AI works, and over a long
session. Every figure comes from a child process (`python -m bench.client KIND ...`) that runs the
game's own App, scenes and frame loop (App.loop) at 1280x720, driven by posted mouse clicks; in a
real window (SDL's x11 driver) on the DISPLAY, else under Xvfb when `xvfb-run` is installed, else
(and in --quick runs) with SDL's dummy driver. `client.display` says which.

idle.<scene>.cpu_share: the title, and the hall of sanctions_coalition (13 parties) once loaded and
settled: CPU seconds of the process (all threads) over wall seconds for 10 s with no input.

input.hall.*: in that hall, End turn (and Table draft) start the AI's work on the controller's
thread; while it works, clicks are posted one at a time on widgets that are enabled at that moment
(party names, lobbying levers, the draft's slider arrows, Load chair's compromise), each after the
mouse has rested on it. A click is acknowledged when the pixels of its widget or of the notice
change on screen; it had an effect when the selection, the draft, the levers or the notice changed.
`dropped_clicks` counts clicks with neither an effect nor a refusal in the notice; `p99_ack_ms` is
the 99th percentile of click-to-acknowledgement times.

soak.rss_growth_mb: one process plays through the menus (New game, a scenario, a cone, the briefing,
Begin) and the game scenes, round the shipped scenarios: offers, questions and accepted
counteroffers at the table; the chair's compromise, drafts, lobbying and votes in the hall; promises
delivered, deals closed, the debrief, back to the title; the pause menu every tenth turn and a
tooltip every fifth. First one game of each shipped scenario (a warm-up: each scenario's flags,
portraits and maps are drawn once into their bounded caches, `soak.warmup_mb`), then 200 turns.
Resident memory is read at the title after every game (what the allocator holds there varies by
some tens of MB from game to game); the figure is the median of the last five readings minus the
median of the first five (the first being the one before the 200 turns). A --quick run plays 4
turns without the warm-up.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import Options, register

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
HALL = "sanctions_coalition"
SIZE = (1280, 720)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, int(round(q / 100 * (len(ordered) - 1)))))]


def rss_mb() -> float:
    """Resident memory of this process in MB (Linux /proc; elsewhere the peak from getrusage)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


# ----- in the child process -----
def _app():
    from game.ui.app import App, Settings
    from game.ui.scenes import flow

    app = App(Settings(size=SIZE))
    flow.push(app, "title")
    return app


def _hall(app):
    from game.ui.scenes import flow

    from ._drive import settle

    controller = flow.start_game(app, str(SCENARIOS / f"{HALL}.yaml"), "political", 1)
    settle(app)
    return controller


def idle(scene: str, seconds: float) -> dict:
    from ._drive import frames, run_for

    app = _app()
    if scene == "hall":
        _hall(app)
    frames(app, 5)
    cpu, wall = time.process_time(), time.perf_counter()
    run_for(app, seconds)
    return {"cpu_share": (time.process_time() - cpu) / (time.perf_counter() - wall), "sleeps": app.sleeps}


def input_hall(turns: int) -> dict:
    """Clicks during the AI's work in the hall: how many were dropped, how fast each was acknowledged.

    Each turn the draft is tabled (T) until the points run out, then the turn ends (E): each key
    starts the AI's work with the mouse already resting on the next widget to click."""
    import pygame

    from ._drive import button, frames, post_click, run_until, settle

    app = _app()
    controller = _hall(app)
    scene = app.scene
    screen = app.screen
    acks: list[float] = []
    dropped = clicks = 0
    shows = {}  # widget -> where its click shows, when not on the widget itself

    def effects():
        return (scene.selected, scene.draft.version, scene.lobby.version, tuple(scene.lobby.rewards),
                tuple(scene.lobby.threats))

    def targets():
        """Enabled widgets that do something now, one list per kind."""
        names = [i for cid, i in scene.name_buttons.items() if cid != scene.selected and i.enabled]
        levers = [i for i in (scene.lobby_builder.lever_buttons.values() if scene.lobby_builder else ()) if i.enabled]
        arrows = []
        for slider, issue_id in (scene.builder.sliders.items() if scene.builder else ()):
            issue = scene.scenario.issue(issue_id)
            arrow = slider.left_button if float(scene.draft.positions[issue_id]) > issue.min else slider.right_button
            if arrow is not None and arrow.is_enabled:
                arrows.append(arrow)
                shows[arrow] = slider.rect  # an arrow moves the slider's handle
        chair = [b for b in [button(app, "Load chair")] if b is not None and b.is_enabled]
        for b in chair:
            shows[b] = scene.builder.container.rect if scene.builder else b.rect  # the draft's sliders move
        return [t for t in (names, levers, arrows, chair) if t]

    def pick(k: int):
        kinds = targets()
        group = kinds[k % len(kinds)]
        return group[(k // len(kinds)) % len(group)]

    def pixels(rects):
        area = screen.get_rect()
        return [pygame.image.tobytes(screen.subsurface(r.clip(area)), "RGB") for r in rects]

    def one_click(widget) -> None:
        """Click `widget` (the mouse rests on it) while the AI works; wait until the click shows."""
        nonlocal dropped, clicks
        rects = [pygame.Rect(shows.get(widget, widget.rect)), pygame.Rect(scene.notice_label.rect)]
        before, marks, notice = pixels(rects), effects(), scene.notice

        def shown() -> bool:
            done = effects() != marks or (scene.notice_kind == "error" and scene.notice != notice)
            return done and pixels(rects) != before

        clicks += 1
        start = time.perf_counter()
        post_click(widget)
        ok = run_until(app, shown, 2.0)
        if os.environ.get("BENCH_DEBUG"):
            print("#", type(widget).__name__, getattr(widget, "text", ""), ok, f"{(time.perf_counter() - start) * 1000:.0f}",
                  effects() != marks, scene.notice, file=sys.stderr)
        if ok:
            acks.append((time.perf_counter() - start) * 1000)
        else:
            dropped += 1

    k = 0
    for _ in range(turns):
        while True:
            key = pygame.K_t if controller.state.action_points >= 1 else pygame.K_e
            if controller.state.phase != "negotiating":
                break
            widget = pick(k)
            k += 1
            pygame.mouse.set_pos(widget.rect.center)
            frames(app, 3)  # the hover look settles before anything starts
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
            frames(app, 1)  # the key submits the action: the AI works on the controller's thread
            while controller.in_flight:
                one_click(widget)
                if controller.in_flight:
                    widget = pick(k)
                    k += 1
                    pygame.mouse.set_pos(widget.rect.center)
            settle(app)
            if key == pygame.K_e:
                break
    controller.close()
    pygame.quit()
    return {"clicks": clicks, "dropped_clicks": dropped, "p99_ack_ms": _percentile(acks, 99),
            "median_ack_ms": _percentile(acks, 50)}


def soak(turns: int, warmup: bool) -> dict:
    """Play `turns` turns round the shipped scenarios through the menus and the game scenes, after
    (with `warmup`) one game of each; resident memory at the title before and after them."""
    import pygame

    from ._drive import button, click, frames, run_for, settle

    app = _app()
    names = sorted(p.stem for p in SCENARIOS.glob("*.yaml"))
    cones = ("political", "economic", "management", "consular", "public_diplomacy")
    played = games = 0
    first = rss_mb()
    base = None if warmup else first
    at_title: list[float] = [first] if not warmup else []  # resident memory at the title after each game

    def at(name: str) -> bool:
        return type(app.scene).__name__ == name

    def enabled(prefix: str) -> bool:
        widget = button(app, prefix)
        return widget is not None and widget.is_enabled

    def start(index: int) -> None:
        click(app, "New game")
        title = app.scene.entries[index % len(app.scene.entries)].name
        while at("ScenarioScene"):
            click(app, f"{index % len(names) + 1}. {title}")
        profile = cones[index % len(cones)]
        label = next(b.text for b in app.scene.items if profile.replace("_", " ") in b.text.lower())
        click(app, label)
        click(app, "Start")
        click(app, "Begin")

    while played < turns:
        if base is None and games == len(names):  # every scenario played once: its art, maps and fonts made
            base, played = at_title[-1], 0
            at_title = [base]
        start(games)
        games += 1
        while at("TableScene") or at("HallScene"):
            scene = app.scene
            state = scene.state
            if state.phase == "implementation":
                while click(app, "Deliver"):
                    pass
                click(app, "Close the deal")
                continue
            if at("HallScene"):
                click(app, "Load chair")
                click(app, "Table draft")
                if scene.lobby_builder is not None and scene.lobby_builder.lever_buttons:
                    next(iter(scene.lobby_builder.lever_buttons.values())).action()
                    click(app, "Lobby")
                if state.turn >= 3 and click(app, "Call vote") and scene.state.phase != "negotiating":
                    continue
            else:
                click(app, "Send offer")
                if state.turn >= 3 and click(app, "What would you want?") and enabled("Accept counteroffer"):
                    click(app, "Accept counteroffer")
                    if scene.state.phase != "negotiating":
                        continue
            respond = next((i for i in getattr(scene, "gates", {}) if getattr(i, "key", None)
                            and isinstance(i.key, tuple) and i.key[0] in {e.id for e in scene.scenario.events}
                            and i.is_enabled), None)
            if respond is not None:
                respond.action()
                settle(app)
            if played % 5 == 0:  # a tooltip comes and goes
                pygame.mouse.set_pos(button(app, "End turn").rect.center)
                run_for(app, 1.2)
            if played % 10 == 0:
                pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0))
                frames(app, 3)
                click(app, "Resume")
            if click(app, "End turn"):
                played += 1
            if played >= turns and base is not None:
                break
        settle(app)
        if os.environ.get("BENCH_DEBUG"):
            print("#", games, type(app.scene).__name__, played, f"{rss_mb():.0f} MB",
                  getattr(getattr(app.scene, "session", None), "state", None) and app.scene.session.state.outcome,
                  file=sys.stderr)
        if at("DebriefScene"):
            click(app, "Back to title")
        elif not at("TitleScene"):
            from game.ui.scenes import flow

            flow.quit_game(app, app.scene.controller)
        frames(app, 10)  # at the title: the first quiet frame tidies what the game left
        at_title.append(rss_mb())
    pygame.quit()
    growth = statistics.median(at_title[-5:]) - statistics.median(at_title[:5])
    return {"turns": played, "games": games - (len(names) if warmup else 0), "warmup_mb": base - first,
            "rss_growth_mb": growth}


# ----- in the bench process -----
def display(options: Options) -> str:
    """Where the children's windows go: `x11` (the DISPLAY set), `xvfb` (one started for each child)
    or `dummy` (no window: --quick runs, or no X server to be had)."""
    if options.quick:
        return "dummy"
    if os.environ.get("DISPLAY"):
        return "x11"
    return "xvfb" if shutil.which("xvfb-run") else "dummy"


def child(where: str, kind: str, *args) -> dict:
    """Run one measurement in a fresh process and read back its `name: value` lines."""
    prefix = ["xvfb-run", "-a", "-s", f"-screen 0 {SIZE[0]}x{SIZE[1]}x24"] if where == "xvfb" else []
    with tempfile.TemporaryDirectory() as saves:
        env = dict(os.environ, DEMARCHE_SAVES=saves, SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
        env["SDL_VIDEODRIVER"] = "dummy" if where == "dummy" else "x11"
        out = subprocess.run([*prefix, sys.executable, "-m", "bench.client", kind, *map(str, args)], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=3600)
    if out.returncode != 0:
        raise RuntimeError(f"bench.client {kind} failed:\n{out.stderr[-2000:]}")
    values = {}
    for line in out.stdout.splitlines():
        name, sep, value = line.partition(": ")
        if sep:
            values[name] = float(value) if "." in value else int(value)
    return values


@register("client", order=35)
def client_figures(options: Options):
    if options.variant is not None:
        return
    where = display(options)
    yield "client.display", where
    seconds = 1 if options.quick else 10
    for scene in ("title", "hall"):
        yield f"idle.{scene}.cpu_share", child(where, "idle", scene, seconds)["cpu_share"]
    clicks = child(where, "input", 1 if options.quick else 4)
    yield "input.hall.clicks", clicks["clicks"]
    yield "input.hall.dropped_clicks", clicks["dropped_clicks"]
    yield "input.hall.p99_ack_ms", clicks["p99_ack_ms"]
    yield "input.hall.median_ack_ms", clicks["median_ack_ms"]
    played = child(where, "soak", 4, 0) if options.quick else child(where, "soak", 200, 1)
    yield "soak.turns", played["turns"]
    yield "soak.warmup_mb", played["warmup_mb"]
    yield "soak.rss_growth_mb", played["rss_growth_mb"]


def main(argv: list[str]) -> int:
    kind, *args = argv
    if kind == "idle":
        values = idle(args[0], float(args[1]))
    elif kind == "input":
        values = input_hall(int(args[0]))
    elif kind == "soak":
        values = soak(int(args[0]), bool(int(args[1])))
    else:
        raise SystemExit(f"unknown measurement {kind!r}")
    for name, value in values.items():
        print(f"{name}: {value}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
