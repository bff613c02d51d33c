"""The saves' commands (their arguments are declared in game/cli.py): assign, verify, report, class-report,
analyse, and the saver behind simulate --save-dir."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..cli_args import FAILED, UsageError, is_bare_name, progress_bar
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


def _assignment(args, command: str):
    """The --assignment of a command, read and checked; the exit code 1 after printing why it cannot be used."""
    if getattr(args, "assignment", None) is None:
        return None
    from .assignment import read

    try:
        assignment = read(args.assignment)
    except SaveError as exc:
        print(f"{command}: {exc}", file=sys.stderr)
        return FAILED
    print(f"assignment {args.assignment}: {assignment.title}: {assignment.describe()}")
    return assignment


def _collect(args, command: str):
    """The saves named (files, names in the saves folder, folders read one level deep); entries of folders
    that are not read are listed with why. A usage error when there is no save at all."""
    from .collect import collect

    collected = collect([_resolve(p, args.saves_dir, folders_ok=True) for p in args.saves])
    for skipped in collected.skipped:
        print(skipped.line())
    if not collected.files:
        raise UsageError("no .json saves found in " + ", ".join(args.saves))
    return collected


def cmd_verify(args) -> int:
    """Replay each save and check every action against the rules of its turn, the per-turn snapshots,
    the final state and the header. With --assignment, each save must first have been played on the
    assignment (its scenario text, turn limit, cone and seed, and this game's rules) and is replayed on
    the assignment's scenario, never the one embedded in it. Saves of one game with the same (or nearly
    the same) action log are flagged as copies, whatever the names in them. One line per save: "PATH: ok:
    ..." or "PATH: FAILED: what and where"; folders are read one level deep (*.json in any case) and
    every entry not read is listed with why. Exit status: 0 when every save verifies, 1 when any fails
    (or the assignment cannot be read), 2 for a usage error (a SAVE that does not exist or is not a file
    or folder, or folders holding no save)."""
    from .batch import default_jobs
    from .class_report import build

    assignment = _assignment(args, "verify")
    if assignment == FAILED:
        return FAILED
    collected = _collect(args, "verify")
    report = build([], assignment, collected=collected, jobs=default_jobs(), progress=progress_bar, figures=False)
    bad = 0
    rows = {r.path: r for r in report.rows if r.status != "not read"}
    for path in collected.files:  # in the order given, each folder's saves by name
        bad += not rows[path].counted
        print(rows[path].line())
    total = len(collected.files)
    if total > 1 or collected.skipped:
        unread = f"; {len(collected.skipped)} entr{'y' if len(collected.skipped) == 1 else 'ies'} not read (listed above)" \
            if collected.skipped else ""
        print(f"{total - bad} of {total} saves verified{unread}")
    return FAILED if bad else 0


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path} ({exc.strerror or exc})") from None


def write_debrief(path: Path, target: Path, assignment=None, shown: str | None = None) -> tuple[str | None, dict | None]:
    """Verify one save and write its debrief page: (None, its figures for the class report) when written,
    else (why not, None)."""
    from ..engine.compromise import session_analysis
    from .class_report import figures_entry, save_figures
    from .report import session_report
    from .verify import verify

    result = verify(path, assignment=assignment, shown=shown)
    if not result.ok:
        return result.message, None
    analysis = session_analysis(result.loaded.session)
    try:
        target.write_text(session_report(result.loaded, analysis), encoding="utf-8")
    except OSError as exc:
        return f"cannot write {target} ({exc.strerror or exc})", None
    row, log, (_, scenario) = save_figures(result, shown or str(path), path, analysis)
    return None, figures_entry(row, log, scenario)


def cmd_report(args) -> int:
    """Write a session's debrief as a self-contained HTML page: the outcome and grade, the objectives, your
    BATNA and the zone of agreement, relationship and stability per turn, every offer and reply with its
    reasons, the final deal against the Nash point, the glossary with your own numbers, the lesson and the
    questions for discussion. The save is verified first (against --assignment, if given). Given a folder
    of saves and an output folder, writes one page per save (NAME.json -> FOLDER/NAME.html), the pages
    the class report links to, and FOLDER/figures.json: each save's figures, which `class-report
    --debriefs FOLDER` takes for the same file bytes instead of replaying them again. Exit status: 0 when every page is written; 1 when a save fails
    verification (its page is not written); 2 for a usage error (no such save, an output that cannot be
    written)."""
    from .batch import default_jobs, each
    from .class_report import debrief_names, write_figures

    assignment = _assignment(args, "report")
    if assignment == FAILED:
        return FAILED
    single = len(args.saves) == 1 and not Path(_resolve(args.saves[0], args.saves_dir, folders_ok=True)).is_dir()
    if single and args.output.suffix.lower() in (".html", ".htm"):
        path = _resolve(args.saves[0], args.saves_dir)
        problem, _ = write_debrief(path, args.output, assignment)
        if problem is not None:
            if problem.startswith("cannot write"):
                raise UsageError(problem)
            print(f"report: {path}: {problem}", file=sys.stderr)
            return FAILED
        print(f"report: wrote {args.output}")
        return 0
    if args.output.suffix.lower() in (".html", ".htm"):
        raise UsageError(f"{args.output} is one page: give a folder with -o to write one debrief per save")
    collected = _collect(args, "report")
    try:
        args.output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot make the folder {args.output} ({exc.strerror or exc})") from None
    names = debrief_names(collected.files)
    work = [(path, args.output / names[path], assignment, collected.shown[path]) for path in collected.files]
    results = each(write_debrief, work, default_jobs(), progress_bar)
    bad = 0
    for path, (problem, _) in zip(collected.files, results):
        if problem is not None:
            bad += 1
            print(f"{collected.shown[path]}: FAILED: {problem}")
    try:
        write_figures(args.output, assignment, [entry for _, entry in results if entry is not None])
    except SaveError as exc:
        print(f"report: the figures for class-report were not written: {exc.message}", file=sys.stderr)
    print(f"report: wrote {len(work) - bad} debrief(s) to {args.output}" + (f"; {bad} save(s) failed verification" if bad else ""))
    return FAILED if bad else 0


def cmd_class_report(args) -> int:
    """One report over a class's saves. Per save: the name, score and grade, the objectives met, each issue's
    agreed term, the Nash ratio and value left, threats made and carried out, promises kept and broken, and
    a link to its debrief (--debriefs, the folder `report DIR -o FOLDER` wrote). Per group (one scenario
    text in one cone): averages, grades, outcomes, the share meeting each objective, and a chart of where
    the deals landed on each issue against the Nash point and the frontier. Failed saves, copies and files
    not read are listed apart with the reason. With --assignment each save is checked against it as
    `verify --assignment` does. The format follows the output's suffix: .html, or .csv with one tidy table
    (--what saves: one row per save, gradebook columns first; --what groups: one row per group).
    Exit status: 0 when the report is written (even if some saves failed: they are listed in it), 1 when
    the assignment cannot be read, 2 for usage errors."""
    from .batch import default_jobs
    from .class_page import to_html
    from .class_report import build, to_csv

    assignment = _assignment(args, "class-report")
    if assignment == FAILED:
        return FAILED
    collected = _collect(args, "class-report")
    debriefs = args.debriefs
    report = build([], assignment, collected=collected, debriefs=debriefs, jobs=default_jobs(), progress=progress_bar)
    if args.output.suffix.lower() == ".csv":
        text = to_csv(report, args.what)
    else:
        base = ""
        if debriefs is not None:
            base = Path(os.path.relpath(debriefs.resolve(), args.output.resolve().parent)).as_posix().rstrip("/") + "/"
        text = to_html(report, args.title, base)
    _write(args.output, text)
    copies = sum(1 for r in report.rows if r.status == "copy")
    print(f"class-report: {len(report.verified)} verified, {len(report.failed) - copies - len(collected.skipped)} failed, "
          f"{copies} flagged as copies, {len(collected.skipped)} not read; wrote {args.output}")
    return 0


def cmd_assign(args) -> int:
    """Write an assignment: the scenario's exact text and its sha256, the cone, the seed, an optional turn
    limit, a title and instructions. Students open it with `python main.py --assignment FILE` (or the title
    screen's Assignment entry), give their name, read the instructions and play exactly that game; the
    teacher checks their saves with `verify --assignment FILE` and `class-report --assignment FILE`.
    Exit status: 0 when written; 1 when the scenario does not load; 2 for a usage error."""
    from ..loading.problems import ScenarioError
    from .assignment import make, write

    instructions = args.instructions or ""
    if args.instructions_file is not None:
        instructions = args.instructions_file.read_text(encoding="utf-8")
    try:
        assignment = make(args.scenario, args.cone, args.seed, title=args.title, instructions=instructions,
                          turns_limit=args.turns_limit)
    except ScenarioError as exc:
        print(exc, file=sys.stderr)
        return FAILED
    try:
        write(assignment, args.output)
    except SaveError as exc:
        raise UsageError(f"cannot write {args.output} ({exc.message})") from None
    print(f"assign: wrote {args.output}: {assignment.title}: {assignment.describe()}")
    print(f"  students: python main.py --assignment {args.output}")
    print(f"  teacher:  python main.py verify --assignment {args.output} SAVES_FOLDER")
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


def simulation_saver(text: str, source: str | None, folder: str, bot: str, player: str | None = None,
                     fixed_seed: bool = False):
    """The keep= callback of simulate: each finished game becomes <scenario>-<cone>-<seed>.json (on one
    fixed seed, <scenario>-<cone>-<seed>-<n>.json), played by `player` ({n}: the game's number from 1)
    or "<bot> bot", with the scenario's text as played."""
    from .store import save_as

    count = 0

    def keep(session) -> None:
        nonlocal count
        count += 1
        session.scenario_text, session.scenario_path = text, source
        name = f"{session.scenario.id}-{session.cone}-{session.state.seed}" + (f"-{count:03d}" if fixed_seed else "")
        who = player.replace("{n}", str(count)) if player else f"{bot} bot"
        save_as(session, name, folder, player=who)

    return keep
