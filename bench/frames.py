"""frame.conference.*: frame times of the conference hall of the largest scenario, and the time
from process start to the first frame.

The hall of sanctions_coalition (13 parties) runs at 1280x720 under SDL_VIDEODRIVER=dummy for a
few hundred frames of scripted interaction: the mouse hovers over the parties, slider handles
are dragged across the draft builder, the chair's compromise is loaded, the draft is tabled and
its thirteen replies come back from the controller's thread, a party is selected and the turn
ends. While the chair's compromise or a reply is being computed on a worker thread the frames are
paced at 60 per second as in App.run (so the workload does not depend on how fast the frames are:
back-to-back frames would starve the worker, and faster frames would mean more of them during a
reply). Each frame is one `App.step` and its time is the time of `App.step` alone; the figures leave out the first second (60 frames), when
fonts and theme images are made for the first time.

startup.first_frame_s runs `python main.py --scenario sanctions_coalition --cone political
--frames 1` as a subprocess and times it from just before the process starts to the first frame on
screen (the title, with "Opening ..." while the engine loads); startup.game_frame_s to the first
frame of the conference hall itself; startup.exit_s to the process's exit. The times come from
the wall clock stamps the client writes when DEMARCHE_STARTUP_LOG names a file.

frame.title.p95_ms is a floor to compare with: the same measurement on the title screen (a handful
of widgets), with the mouse moving over it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from . import Options, _drive, register

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "sanctions_coalition"
WARMUP = 60


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = min(len(ordered) - 1, max(0, int(round(q / 100 * (len(ordered) - 1)))))
    return ordered[k]


def run_hall(frames: int = 360, size=(1280, 720)) -> list[float]:
    """Frame times (seconds) of the scripted hall session."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from game.ui.app import App, Settings
    from game.ui.scenes.flow import start_game

    app = App(Settings(size=size))
    controller = start_game(app, str(ROOT / "scenarios" / f"{SCENARIO}.yaml"), "political", 1)
    times: list[float] = []

    def buttons(prefix: str):
        return _drive.buttons(app, prefix)

    click = _drive.post_click

    def step() -> None:
        start = time.perf_counter()
        app.step(1 / 60)
        times.append(time.perf_counter() - start)

    def paced_step() -> None:
        """A frame, then the rest of its 1/60 s asleep, as App.run does: while a worker thread
        (the chair, the other side) computes, the frames neither starve it nor multiply."""
        start = time.perf_counter()
        step()
        time.sleep(max(0.0, 1 / 60 - (time.perf_counter() - start)))

    def sliders():
        return [e for e in app.manager.get_sprite_group().sprites()
                if type(e).__name__ == "UIHorizontalSlider" and e.alive()]

    def drag(slider, frames_: int) -> None:
        handle = slider.sliding_button.rect.center
        pygame.mouse.set_pos(handle)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=handle, button=1))
        step()
        for k in range(frames_):
            x = slider.rect.x + 20 + (slider.rect.w - 40) * ((k * 7) % frames_) / frames_
            pos = (int(x), handle[1])
            pygame.mouse.set_pos(pos)
            pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 0), buttons=(1, 0, 0)))
            step()
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pygame.mouse.get_pos(), button=1))
        step()

    def hover(frames_: int) -> None:
        for k in range(frames_):
            pygame.mouse.set_pos((40 + (k * 37) % 1100, 60 + (k * 23) % 600))
            step()

    def wait_reply() -> None:
        step()
        step()  # (the click was handled in the frame before, UI_BUTTON_PRESSED included; kept for a steady workload)
        while controller.busy:
            paced_step()
        for _ in range(5):
            step()

    hover(WARMUP)
    for slider in sliders():
        drag(slider, 20)
    click(buttons("Load chair")[0])
    step()
    step()  # (the press started the work in the frame before; kept for a steady workload)
    while getattr(app.scene, "chair_job", None) is not None:  # the compromise is worked out on a thread
        paced_step()
    hover(20)
    click(buttons("Table draft")[0])
    wait_reply()
    for name in ("Kestria", "Zaruk", "Meloria"):
        found = buttons(name)
        if found:
            click(found[0])
            step()
            hover(10)
    for slider in sliders()[:2]:
        drag(slider, 20)
    click(buttons("End turn")[0])
    wait_reply()
    while len(times) < frames:
        hover(min(20, frames - len(times)))
    app.running = False
    controller.close()
    pygame.quit()
    return times


def startup_seconds() -> dict[str, float]:
    """Seconds from process start to the first frame, to the hall's first frame, and to exit."""
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "startup.json"
        env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", DEMARCHE_STARTUP_LOG=str(log))
        start = time.time()
        subprocess.run([sys.executable, "main.py", "--scenario", SCENARIO, "--cone", "political", "--frames", "1"],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        end = time.time()
        stamps = json.loads(log.read_text(encoding="utf-8"))
    return {"first": stamps["first"] - start, "game": stamps["HallScene"] - start, "exit": end - start}


def run_title(frames: int = 300, size=(1280, 720)) -> list[float]:
    """Frame times of the title screen with the mouse moving over it: the floor of App.step."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from game.ui.app import App, Settings
    from game.ui.scenes.title import TitleScene

    app = App(Settings(size=size))
    app.push(TitleScene(app))
    times = []
    for k in range(frames):
        pygame.mouse.set_pos((40 + (k * 37) % 1100, 60 + (k * 23) % 600))
        start = time.perf_counter()
        app.step(1 / 60)
        times.append(time.perf_counter() - start)
    pygame.quit()
    return times


@register("frames", order=30)
def frame_figures(options: Options):
    if options.variant is not None:
        return
    times = run_hall(240 if options.quick else 360)
    after = [t * 1000 for t in times[WARMUP:]]
    yield "frame.conference.p95_ms", _percentile(after, 95)
    yield "frame.conference.p99_ms", _percentile(after, 99)
    yield "frame.conference.max_ms", max(after)
    yield "frame.conference.frames", len(times)
    title = [t * 1000 for t in run_title(240 if options.quick else 300)[WARMUP:]]
    yield "frame.title.p95_ms", _percentile(title, 95)
    startup = startup_seconds()
    yield "startup.first_frame_s", startup["first"]
    yield "startup.game_frame_s", startup["game"]
    yield "startup.exit_s", startup["exit"]
