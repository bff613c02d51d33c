"""The saves' commands for game/cli.py: verify, report, class-report, and simulate --save-dir."""

from __future__ import annotations

import sys
from pathlib import Path

from .format import SaveError
from .store import saves_dir


def _resolve(raw: str, folder: str | None) -> Path:
    """A save by path, or by name in the saves folder (--saves-dir, $DEMARCHE_SAVES, saves/)."""
    path = Path(raw)
    if path.exists() or path.is_absolute() or "/" in raw or "\\" in raw:
        return path
    from .store import safe_name

    try:
        candidate = saves_dir(folder) / safe_name(raw)
    except SaveError:
        return path
    return candidate if candidate.exists() else path


def cmd_verify(args) -> int:
    """Replay each save on its embedded scenario, cone and seed and check every action against the
    rules of its turn, the per-turn snapshots, the final state and the header. One line per save:
    "PATH: ok: ..." or "PATH: FAILED: what and where". Folders are searched for *.json saves.
    Exit status: 0 when every save verifies, 1 when any fails, 2 when no save was found."""
    from .class_report import save_files
    from .verify import verify

    files = save_files([str(_resolve(p, args.saves_dir)) for p in args.saves])
    if not files:
        print("verify: no .json saves found in " + ", ".join(args.saves), file=sys.stderr)
        return 2
    bad = 0
    for path in files:
        result = verify(path)
        bad += not result.ok
        print(result.line())
    if len(files) > 1:
        print(f"{len(files) - bad} of {len(files)} saves verified")
    return 1 if bad else 0


def _write(path: str, text: str, command: str) -> int:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"{command}: cannot write {path} ({exc.strerror or exc})", file=sys.stderr)
        return 2
    return 0


def cmd_report(args) -> int:
    """Write one session's debrief as a self-contained HTML page: relationship and stability per
    turn, every offer and reply with its reasons, the final deal against the Nash point, the
    objectives and the grade. The save is verified first; exit 1 if it fails."""
    from .report import session_report
    from .verify import load

    try:
        loaded = load(_resolve(args.save, args.saves_dir))
    except SaveError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 1
    code = _write(args.output, session_report(loaded), "report")
    if code == 0:
        print(f"report: wrote {args.output}")
    return code


def cmd_class_report(args) -> int:
    """One row per save (player, scenario, cone, seed, outcome, score, grade, final relationships
    and stability, turns, verified), averages and distributions per cone, and the saves that failed
    verification listed apart with the reason. The format follows the output's suffix: .csv or .html.
    Exit status: 0 when the report is written (even if some saves failed), 2 for usage errors."""
    from .class_report import build, save_files, to_csv, to_html

    suffix = Path(args.output).suffix.lower()
    if suffix not in (".csv", ".html", ".htm"):
        print("class-report: the output must end in .csv or .html", file=sys.stderr)
        return 2
    paths = [str(_resolve(p, args.saves_dir)) for p in args.saves]
    if not save_files(paths):
        print("class-report: no .json saves found in " + ", ".join(args.saves), file=sys.stderr)
        return 2
    report = build(paths)
    text = to_csv(report) if suffix == ".csv" else to_html(report, args.title)
    code = _write(args.output, text, "class-report")
    if code == 0:
        print(f"class-report: {len(report.rows)} verified, {len(report.failed)} failed; wrote {args.output}")
    return code


def add_commands(commands) -> None:
    """Register verify, report and class-report on the CLI's subparsers."""
    def saves_dir_option(p):
        p.add_argument("--saves-dir", metavar="DIR", help="where bare save names are looked up "
                       "(default: $DEMARCHE_SAVES, else saves/)")

    verify = commands.add_parser("verify", help="replay and check saves; exit 1 if any fails",
                                 description=cmd_verify.__doc__)
    verify.add_argument("saves", nargs="+", metavar="SAVE", help="save files, names in the saves folder, or folders")
    saves_dir_option(verify)
    verify.set_defaults(run=cmd_verify)
    report = commands.add_parser("report", help="one session's debrief as an HTML page", description=cmd_report.__doc__)
    report.add_argument("save", metavar="SAVE", help="a save file, or a name in the saves folder")
    report.add_argument("-o", "--output", required=True, metavar="FILE.html", help="the page to write")
    saves_dir_option(report)
    report.set_defaults(run=cmd_report)
    klass = commands.add_parser("class-report", help="a table over many saves, as CSV or HTML",
                                description=cmd_class_report.__doc__)
    klass.add_argument("saves", nargs="+", metavar="SAVE_OR_FOLDER", help="save files or folders of saves")
    klass.add_argument("-o", "--output", required=True, metavar="FILE.csv|FILE.html", help="the report to write")
    klass.add_argument("--title", default="Class report", help="the HTML page's title")
    saves_dir_option(klass)
    klass.set_defaults(run=cmd_class_report)


def simulation_saver(scenario_path: Path, folder: str, bot: str):
    """The keep= callback of simulate: each finished game becomes <scenario>-<cone>-<seed>.json."""
    from .store import save_as

    text = scenario_path.read_text(encoding="utf-8")

    def keep(session) -> None:
        session.scenario_text, session.scenario_path = text, scenario_path
        save_as(session, f"{session.scenario.id}-{session.cone}-{session.state.seed}", folder, player=f"{bot} bot")

    return keep
