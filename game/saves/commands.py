"""The saves' commands (their arguments are declared in game/cli.py): verify, report, class-report,
and the saver behind simulate --save-dir."""

from __future__ import annotations

import sys
from pathlib import Path

from ..cli_args import FAILED, UsageError, is_bare_name
from ..files import not_a_file
from .format import SaveError
from .store import saves_dir


def _resolve(raw: str, folder: str | None, folders_ok: bool = False) -> Path:
    """A save by path, or by name in the saves folder (--saves-dir, $DEMARCHE_SAVES, saves/). A path
    given was checked by its argument type; a name that is no save there is a usage error."""
    path = Path(raw)
    if path.exists() or not is_bare_name(raw):
        return path
    from .store import safe_name

    try:
        candidate = saves_dir(folder) / safe_name(raw)
    except SaveError:
        raise UsageError(f"{raw} does not exist") from None
    problem = not_a_file(candidate, folder_ok=folders_ok)
    if problem == "does not exist":
        raise UsageError(f"{raw} does not exist, and there is no {candidate.name} in the saves folder {candidate.parent}")
    if problem:
        raise UsageError(f"{candidate} {problem}")
    return candidate


def cmd_verify(args) -> int:
    """Replay each save on its embedded scenario, cone and seed and check every action against the
    rules of its turn, the per-turn snapshots, the final state and the header. One line per save:
    "PATH: ok: ..." or "PATH: FAILED: what and where". Folders are searched for *.json saves.
    Exit status: 0 when every save verifies, 1 when any fails, 2 for a usage error (a SAVE that does
    not exist or is not a file or folder, or folders holding no save)."""
    from .class_report import save_files
    from .verify import verify

    files = save_files([str(_resolve(p, args.saves_dir, folders_ok=True)) for p in args.saves])
    if not files:
        raise UsageError("no .json saves found in " + ", ".join(args.saves))
    bad = 0
    for path in files:
        result = verify(path)
        bad += not result.ok
        print(result.line())
    if len(files) > 1:
        print(f"{len(files) - bad} of {len(files)} saves verified")
    return FAILED if bad else 0


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path} ({exc.strerror or exc})") from None


def cmd_report(args) -> int:
    """Write one session's debrief as a self-contained HTML page: relationship and stability per
    turn, every offer and reply with its reasons, the final deal against the Nash point, the
    objectives and the grade. The save is verified first. Exit status: 0 when the page is written;
    1 when the save fails verification; 2 for a usage error (no such save, an output that cannot be written)."""
    from .report import session_report
    from .verify import load

    try:
        loaded = load(_resolve(args.save, args.saves_dir))
    except SaveError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return FAILED
    _write(args.output, session_report(loaded))
    print(f"report: wrote {args.output}")
    return 0


def cmd_class_report(args) -> int:
    """One row per save (player, scenario, cone, seed, outcome, score, grade, final relationships
    and stability, turns, verified), averages and distributions per cone, and the saves that failed
    verification listed apart with the reason. The format follows the output's suffix: .csv or .html.
    Exit status: 0 when the report is written (even if some saves failed verification: they are
    listed in it), 2 for usage errors."""
    from .class_report import build, save_files, to_csv, to_html

    paths = [str(_resolve(p, args.saves_dir, folders_ok=True)) for p in args.saves]
    if not save_files(paths):
        raise UsageError("no .json saves found in " + ", ".join(args.saves))
    report = build(paths)
    text = to_csv(report) if args.output.suffix.lower() == ".csv" else to_html(report, args.title)
    _write(args.output, text)
    print(f"class-report: {len(report.rows)} verified, {len(report.failed)} failed; wrote {args.output}")
    return 0


def cmd_analyse(args) -> int:
    """Print the debrief's analysis of a save (verified first): each party's utility at the deal and at
    the Nash point beside its no-deal value and whether it said yes, the Nash ratio, the joint-gain
    share, Pareto efficiency and the value left on the table, all by the game's one valuation at the
    moment the deal was signed. --json prints one object; figures that do not exist are null.
    Exit status: 0 when printed; 1 when the save fails verification; 2 for a usage error."""
    import json

    from ..engine.compromise import session_analysis
    from ..engine.debrief import balance_sentence, capture_sentence, figures_sentence
    from .verify import load

    try:
        loaded = load(_resolve(args.save, args.saves_dir))
    except SaveError as exc:
        print(f"analyse: {exc}", file=sys.stderr)
        return FAILED
    analysis = session_analysis(loaded.session)
    if args.json:
        print(json.dumps(analysis.to_json(), allow_nan=False))
        return 0

    def shown(u):
        return "-" if u is None else f"{u * 100:.0f}"

    print(capture_sentence(analysis))
    print(figures_sentence(analysis))
    if balance_sentence(analysis):
        print(balance_sentence(analysis))
    print(f"{'party':<28}{'at the deal':>12}{'at Nash':>9}{'no deal':>9}  said yes")
    for p in analysis.parties:
        said = "-" if p.said_yes is None else "yes" if p.said_yes else "no"
        print(f"{p.name[:27]:<28}{shown(p.utility_at_deal):>12}{shown(p.utility_at_nash):>9}{shown(p.no_deal_value):>9}  {said}")
    return 0


def simulation_saver(scenario_path: Path, folder: str, bot: str):
    """The keep= callback of simulate: each finished game becomes <scenario>-<cone>-<seed>.json."""
    from .store import save_as

    text = scenario_path.read_text(encoding="utf-8")

    def keep(session) -> None:
        session.scenario_text, session.scenario_path = text, scenario_path
        save_as(session, f"{session.scenario.id}-{session.cone}-{session.state.seed}", folder, player=f"{bot} bot")

    return keep
