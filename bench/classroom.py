"""classroom.*: a teacher's two commands on a class of saves, as a teacher runs them.

An assignment of The Meridian Canal (the six-party conference: the slowest teaching scenario to replay and
analyse) is played by the greedy bot, each game with its own bot seed, and written as a class of saves by
`simulate --assignment` (not timed). Then, timed as separate processes, exactly as on the command line:

- report_s: `report CLASS -o DEBRIEFS --assignment A` (verify each save against the assignment, write its
  debrief, and the figures the class report reuses);
- class_report_s: `class-report --assignment A CLASS --debriefs DEBRIEFS -o class.html`;
- class_report_cold_s: the same class report without --debriefs (every save replayed and analysed again);
- together_s: report_s + class_report_s, the issue's budget (300 saves: under 60 s).

300 saves by default, 4 with --quick (a smoke test), --n N otherwise. One run each: every run is long, and the machine is
shared, so the wall times include waiting for a core; cpu_s figures are the children's CPU time.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import Options, register

ROOT = Path(__file__).resolve().parent.parent
SCENARIO, CONE, SEED = "meridian_canal", "economic", 7


def _timed(args: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "main.py"), *args], check=True, env=env, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


@register("classroom", order=60)
def classroom_figures(options: Options):
    if options.variant is not None:
        return
    saves = options.n or (4 if options.quick else 300)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        env = {**os.environ, "DEMARCHE_SAVES": str(work / "saves")}
        main = [sys.executable, str(ROOT / "main.py")]
        assignment, klass, pages = work / "assignment.json", work / "class", work / "debriefs"
        subprocess.run(main + ["assign", SCENARIO, "--cone", CONE, "--seed", str(SEED), "-o", str(assignment)],
                       check=True, env=env, capture_output=True)
        subprocess.run(main + ["simulate", "--assignment", str(assignment), "--seeds", str(saves), "--bot", "greedy",
                               "--player", "Student {n}", "--save-dir", str(klass)], check=True, env=env, capture_output=True)
        report = _timed(["report", str(klass), "-o", str(pages), "--assignment", str(assignment)], env)
        warm = _timed(["class-report", "--assignment", str(assignment), str(klass), "--debriefs", str(pages),
                       "-o", str(work / "class.html")], env)
        cold = _timed(["class-report", "--assignment", str(assignment), str(klass), "-o", str(work / "cold.html")], env)
    yield "classroom.saves", saves
    yield "classroom.report_s", report[0]
    yield "classroom.class_report_s", warm[0]
    yield "classroom.class_report_cold_s", cold[0]
    yield "classroom.together_s", report[0] + warm[0]
    yield "classroom.report_cpu_s", report[1]
    yield "classroom.class_report_cpu_s", warm[1]
    yield "classroom.class_report_cold_cpu_s", cold[1]
