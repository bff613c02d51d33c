"""The command line: play (the default), validate, schema, and the tools built on the engine.

Every command follows one exit-code rule (game.cli_args): 0 ok, 1 something failed the check, 2 usage
error. Arguments are checked by the shared types in game/cli_args.py when they are read; a closed
output pipe stops a command quietly; an unexpected error prints one line and logs its traceback.
"""

import argparse
import importlib
import os
import sys
from pathlib import Path

from .cli_args import (
    EXIT_CODES,
    FAILED,
    INTERRUPTED,
    PIPE_CLOSED,
    USAGE,
    Choices,
    UsageError,
    file_or_folder,
    folder,
    folder_to_write,
    non_negative_int,
    output_file,
    page_or_folder,
    positive_int,
    progress_bar,
    regular_file,
    save_file_or_name,
    save_or_name,
    scenario_source,
    turns,
    window_size,
)
from .engine.wording import counted

# the loader, the schema and the engine are imported where they are used, so that `main.py` gets
# to the window (or to --help) without importing what the chosen command does not need


def scenario_files(paths: list[Path]) -> list[Path]:
    """The scenario files named: files as given, folders searched for *.yaml and *.yml."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            found.append(path)
    return found


def cmd_validate(args) -> int:
    """Check scenario files, or every *.yaml / *.yml file under the folders given, and print every
    problem as FILE:LINE:COLUMN: FIELD: MESSAGE, errors and warnings together (a warning's message starts
    with "warning:"). The sense checks and warnings run on every part whose shape is valid; a valid file
    is also checked for a shared deal (the deal space at the opening, per cone). Exit status: 0 when no
    file has an error (warnings allowed, unless --strict); 1 when any file has an error, or a warning
    with --strict; 2 for a usage error: no PATH, a PATH that does not exist or is not a file or folder (a
    FIFO, a device), reported before anything is checked, or folders holding no scenario file."""
    from .authoring.deals import check_fully

    files = scenario_files(args.paths)
    if not files:
        raise UsageError("no .yaml files found in " + ", ".join(map(str, args.paths)))
    bad = warned = 0
    for path in files:
        checked = check_fully(path)
        for problem in checked.problems:
            print(problem)
        bad += bool(checked.errors)
        warned += bool(checked.warnings) and not checked.errors
        if checked.scenario is not None:
            scenario = checked.scenario
            countries, issues = len(scenario.countries), len(scenario.issues)
            notes = len(checked.warnings)
            print(f"{path}: ok ({scenario.kind}, {countries} {'country' if countries == 1 else 'countries'}, "
                  f"{issues} {'issue' if issues == 1 else 'issues'}"
                  + (f"; {notes} warning{'s' if notes != 1 else ''})" if notes else ")"))
    summary = f"{len(files) - bad} of {len(files)} scenario files are valid"
    if warned:
        summary += f" ({warned} with warnings{', which --strict counts as failures' if args.strict else ''})"
    print(summary)
    return FAILED if bad or (args.strict and warned) else 0


def cmd_schema(args) -> int:
    """Print the JSON Schema (draft-07) of the scenario format; docs/scenario.schema.json is its output."""
    from .loading.schema import scenario_schema_text

    sys.stdout.write(scenario_schema_text())
    return 0


def shown_path(path: Path) -> str:
    """A path as messages show it: relative to the working folder when it lies under it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def open_scenario(path: Path):
    """The scenario in `path` (checked by scenario_source), or the exit code 1 after printing why it does not load."""
    from .loading.problems import ScenarioError
    from .loading.scenario_loader import load_scenario

    try:
        return load_scenario(path)
    except ScenarioError as exc:
        print(exc, file=sys.stderr)
        return FAILED


def cmd_play(args) -> int:
    """Open the game window: at the title, straight into a game with --scenario and --cone, or at an
    assignment's first page (--assignment: your name, the instructions, then that game).
    Exit status: 0 when the window closes; 1 when the scenario or assignment does not load; 2 for a usage error."""
    if args.assignment is not None:
        from .saves import SaveError
        from .saves.assignment import read

        try:
            assignment = read(args.assignment)
        except SaveError as exc:
            print(f"main.py: {exc}", file=sys.stderr)
            return FAILED
        from .ui.launch import launch_assignment

        return launch_assignment(assignment, str(args.assignment), frames=args.frames, screenshot=args.screenshot,
                                 size=args.size)
    scenario = None
    if args.scenario:
        scenario = open_scenario(args.scenario)
        if isinstance(scenario, int):
            return scenario
    from .ui.launch import launch

    return launch(scenario=str(args.scenario) if args.scenario else None, cone=args.cone, seed=args.seed,
                  frames=args.frames, screenshot=args.screenshot, size=args.size, loaded=scenario)


def _bots():
    from .engine.bots import BOTS
    return BOTS


def _cones():
    from .model.cones import CONES

    return CONES


def cmd_simulate(args) -> int:
    """Bots play the scenario headless, seeds 0..N-1 in each cone (--first-seed S: S..S+N-1; each seed is a
    different game: the countries' and the bot's own random choices follow it): per cone the win rate (grade A
    or B) with its 95 % Wilson interval, deals, the share of objectives met, mean and best score, and turns.
    With --assignment, every game is the assignment's (its scenario, cone, seed and turn limit) and only the
    bots' own seeds vary, so its saves make a demonstration class that verifies against it.
    Exit status: 0 when the games ran; 1 when the scenario or the assignment does not load; 2 for a usage
    error (no scenario, --seeds below 1, an unknown cone or bot)."""
    from .engine.simulate import simulate
    from .saves import SaveError

    if (args.scenario is None) == (args.assignment is None):
        raise UsageError("give a SCENARIO or --assignment FILE (one of them)")
    game_seed, source = None, None
    if args.assignment is not None:
        from .saves.assignment import read

        if args.cone != "all":
            raise UsageError("--cone comes from the assignment; leave it out with --assignment")
        try:
            assignment = read(args.assignment)
            scenario = assignment.load_scenario()
        except SaveError as exc:
            print(f"simulate: {exc}", file=sys.stderr)
            return FAILED
        cones, game_seed, text = [assignment.cone], assignment.seed, assignment.scenario.text
    else:
        scenario = open_scenario(args.scenario)
        if isinstance(scenario, int):
            return scenario
        cones = list(_cones()) if args.cone == "all" else [args.cone]
        text, source = args.scenario.read_text(encoding="utf-8"), str(args.scenario)
    keepers = []
    if args.save_dir:
        from .saves.commands import simulation_saver

        keepers.append(simulation_saver(text, source, args.save_dir, args.bot, args.player, game_seed is not None))
    if args.json:
        keepers.append(lambda session: print(game_json(session, args.bot), flush=True))
    try:
        stats = simulate(scenario, cones, args.seeds, args.bot, progress=None if args.json else progress_bar,
                         keep=(lambda session: [keep(session) for keep in keepers]) if keepers else None,
                         first_seed=args.first_seed, game_seed=game_seed)
    except SaveError as exc:
        raise UsageError(f"cannot write the games to {args.save_dir}: {exc.message}") from None
    if args.json:
        return 0
    print(f"{scenario.title}: {counted(args.seeds, 'game')} per cone, bot {args.bot}; a win is grade A or B (score 65+)")
    print(f"{'cone':<18}{'win rate (95% interval)':>24}{'deals':>7}{'objectives':>11}{'mean score':>12}{'best':>6}"
          f"{'turns':>7}  grades")
    for cone, s in stats.items():
        low, high = s.interval
        grades = " ".join(f"{g}:{n}" for g, n in sorted(s.grades.items()))
        print(f"{cone:<18}{s.win_rate:>7.0%} ({low:>4.0%} to {high:>4.0%}){s.deals / s.games:>7.0%}"
              f"{s.objectives / s.objectives_total:>11.0%}{s.mean_score:>12.1f}{s.best:>6.0f}{s.turns / s.games:>7.1f}  {grades}")
    return 0


def cmd_balance(args) -> int:
    """Is the scenario playable, and does the cone matter? In one screen: whether one shared deal can
    clear every party the decision rule needs within the budget (the Nash point of the deal space at the
    opening and the objectives it meets); per cone the planning bot's win rate over seeds 0..N-1 with its
    95 % Wilson interval, mean and best score; which levers and cone actions closed which gaps; and the
    warnings (validate's and the balance's own). --json keys: reachable, nash_objectives_met, cones ->
    {cone: {win_rate, ci_low, ci_high, mean_score, best_score, ...}}, warnings (list of {path, line,
    message, ...}). Exit status: 0 when the report ran; 1 when the scenario has errors (those of validate,
    a missing shared deal among them): they are printed instead; 2 for a usage error (no such scenario,
    --seeds below 1)."""
    import json

    from .authoring.balance import balance, report_json, report_text
    from .authoring.deals import check_fully

    checked = check_fully(shown_path(args.scenario))
    if checked.errors:
        for problem in checked.errors:
            print(problem, file=sys.stderr)
        return FAILED
    result = balance(checked, args.seeds, progress=None if args.json else progress_bar)
    if args.json:
        print(json.dumps(report_json(result), allow_nan=False))
    else:
        print(report_text(result, Path(args.scenario).name))
    return 0


def cmd_probe(args) -> int:
    """What a country would answer an offer on a given turn, exactly as in the game: a session of the
    scenario (with --cone and --seed) is played to the start of --turn, every earlier turn ended without
    acting (no offers, no cone actions, events left unanswered; time passes, events fire), and the offer is
    sent there through the game's own rules. Prints the verdict with its reasons, the need, the flip hint
    and the counteroffer. In a conference the positions are a draft, tabled; rewards and threats then
    lobby the country. Exit status: 0 when the country answered; 1 when the scenario does not load; 2 for a
    usage error (no such scenario, country, issue, option, reward or threat; a position out of range; a
    turn after the deadline; an offer the rules refuse)."""
    import json

    from .authoring.probe import ProbeError, answer_text, parse_offer, probe
    from .loading.checks import did_you_mean

    scenario = open_scenario(args.scenario)
    if isinstance(scenario, int):
        return scenario
    ids = [c.id for c in scenario.countries]
    if args.country not in ids:
        raise UsageError(f"--country: no country '{args.country}'"
                         + (did_you_mean(args.country, ids) or f"; the countries are {', '.join(ids)}"))
    if args.turn > scenario.player.deadline:
        raise UsageError(f"--turn: the talks end on turn {scenario.player.deadline} (got {args.turn})")
    try:
        offer = parse_offer(scenario, args.offer, args.reward, args.threat)
        answer = probe(scenario, args.cone, args.seed, args.turn, args.country, offer)
    except ProbeError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        print(json.dumps({"turn": args.turn, "cone": args.cone, "seed": args.seed,
                          **answer.decision.model_dump(mode="json")}, allow_nan=False))
    else:
        print(answer_text(answer, args.turn))
    return 0


def game_json(session, bot: str) -> str:
    """One finished game as a JSON line: how it ended and the debrief's two headline figures."""
    import json

    from .engine.compromise import session_analysis

    outcome, analysis = session.state.outcome, session_analysis(session)
    return json.dumps({
        "scenario": session.scenario.id, "cone": session.cone, "seed": session.state.seed, "bot": bot,
        "outcome": outcome.result, "score": outcome.score, "grade": outcome.grade,
        "objectives_met": len(outcome.objectives_met), "objectives_total": len(session.scenario.player.objectives),
        "turns": session.state.turn, **{k: analysis.to_json()[k] for k in ("nash_ratio", "joint_gain_share")},
    }, allow_nan=False)


def cmd_replay(args) -> int:
    """Open the client's replay viewer on a save: step through the session turn by turn (Left/Right,
    Home/End). A save that fails verification opens with the failure shown.
    Exit status: 0 when the window closes; 2 for a usage error (the save is not a regular file)."""
    from .ui.launch import launch_replay

    return launch_replay(str(args.save), frames=args.frames, screenshot=args.screenshot, size=args.size, turn=args.turn)


class SavesDirOption(argparse.Action):
    """--saves-dir DIR: where the client autosaves and the load screen looks (else $DEMARCHE_SAVES, else saves/)."""

    def __call__(self, parser, namespace, values, option_string=None):
        from .ui.controller import use_saves_dir

        use_saves_dir(values)
        setattr(namespace, self.dest, values)


def add_window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--frames", type=positive_int, help="run this many frames, then exit")
    parser.add_argument("--screenshot", metavar="FILE", type=output_file(".png"), help="save the last frame as a PNG")
    parser.add_argument("--size", type=window_size, default=None,
                        help="window size, such as 1280x720 (default: the saved setting, else 1280x720)")


def add_play_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", type=scenario_source, help="start straight in a game: a scenario file or shipped id")
    parser.add_argument("--cone", choices=Choices(_cones), metavar="CONE", default="political",
                        help="your cone (with --scenario): %(choices)s")
    parser.add_argument("--seed", type=non_negative_int, default=1, help="the game's seed (with --scenario)")
    parser.add_argument("--assignment", metavar="FILE", type=regular_file,
                        help="open an assignment from your teacher: give your name, read the instructions, play that game")
    add_window_options(parser)
    parser.add_argument("--saves-dir", metavar="DIR", type=folder_to_write, action=SavesDirOption,
                        help="the saves folder for autosaves, Save as and Load (default: $DEMARCHE_SAVES, else saves/)")


class CommandParser(argparse.ArgumentParser):
    """A parser whose description, when none is given, is its command's docstring, read only when
    --help is shown (so a command's module is imported only when it runs or explains itself)."""

    def format_help(self) -> str:
        run = self.get_default("run")
        if self.description is None and run is not None:
            self.description = command_function(run).__doc__
        return super().format_help()


def command_function(run):
    """A command's function: `run` itself, or "module:function" imported now."""
    if callable(run):
        return run
    module, name = run.split(":")
    return getattr(importlib.import_module(module), name)


def add_command(commands, name: str, run, help: str) -> argparse.ArgumentParser:
    """A subcommand that runs `run(args)` (a function, or "module:function" imported when it runs),
    described by that function's docstring, with the exit-code rule in its --help."""
    parser = commands.add_parser(name, help=help, epilog=EXIT_CODES)
    parser.set_defaults(run=run)
    return parser


def add_assignment_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--assignment", metavar="FILE", type=regular_file,
                        help="check each save against this assignment (made by `assign`) and replay it on the "
                             "assignment's scenario, not the one embedded in the save")


def add_saves_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--saves-dir", metavar="DIR", type=folder,
                        help="where bare save names are looked up (default: $DEMARCHE_SAVES, else saves/)")


def build_parser() -> argparse.ArgumentParser:
    parser = CommandParser(prog="main.py", description="Demarche, a negotiation role-playing game.",
                           epilog=EXIT_CODES + " When its output is closed early (| head), a command stops quietly. Each command has --help.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_play_options(add_command(commands, "play", cmd_play, "start the game (the default)"))

    validate = add_command(commands, "validate", cmd_validate, "check scenario files; exit 0 if all are valid, 1 if not")
    validate.add_argument("paths", nargs="+", metavar="PATH", type=file_or_folder, help="scenario files or folders")
    validate.add_argument("--strict", action="store_true", help="warnings fail the check too (exit 1)")

    add_command(commands, "schema", cmd_schema, "print the JSON Schema of the scenario format")

    assign = add_command(commands, "assign", "game.saves.commands:cmd_assign",
                         "write an assignment: a scenario's exact text, a cone, a seed, instructions")
    assign.add_argument("scenario", type=scenario_source, help="a scenario file, or the id of a shipped scenario")
    assign.add_argument("--cone", required=True, choices=Choices(_cones), metavar="CONE", help="the cone every student plays: %(choices)s")
    assign.add_argument("--seed", required=True, type=non_negative_int, help="the seed every student plays")
    assign.add_argument("--turns-limit", type=turns, metavar="N", help="end the talks after N turns (1 to 60) instead of "
                        "the scenario's own deadline")
    assign.add_argument("--title", help="the assignment's title (default: the scenario's)")
    text = assign.add_mutually_exclusive_group()
    text.add_argument("--instructions", metavar="TEXT", help="what the students read before they play")
    text.add_argument("--instructions-file", metavar="FILE", type=regular_file, help="the instructions, from a text file")
    assign.add_argument("-o", "--output", required=True, metavar="FILE.json", type=output_file(".json"),
                        help="the assignment file to write (hand it to the students)")

    simulate = add_command(commands, "simulate", cmd_simulate, "bots play a scenario headless: win rate, score, turns per cone")
    simulate.add_argument("scenario", nargs="?", type=scenario_source, help="a scenario file, or the id of a shipped scenario")
    simulate.add_argument("--cone", default="all", metavar="CONE", choices=Choices(lambda: ("all", *_cones())),
                          help="the cones to play: %(choices)s (default: all)")
    simulate.add_argument("--seeds", type=positive_int, default=20, help="games per cone (seeds 0..N-1), at least 1")
    simulate.add_argument("--bot", default="greedy", metavar="BOT", choices=Choices(_bots),
                          help="who plays: %(choices)s (planner plays like a capable student; greedy and random are baselines)")
    simulate.add_argument("--save-dir", metavar="DIR", type=folder_to_write, help="also write every game as a save in DIR "
                          "(<scenario>-<cone>-<seed>.json), for class reports and tests")
    simulate.add_argument("--json", action="store_true", help="one JSON object per game instead of the table")
    simulate.add_argument("--first-seed", type=non_negative_int, default=0, metavar="S",
                          help="the first game's seed: games run on S, S+1, ... (default 0)")
    simulate.add_argument("--player", metavar="NAME", help="the player's name in the saves ({n}: the game's number, "
                          "so --player 'Student {n}' makes a demonstration class; default '<bot> bot')")
    simulate.add_argument("--assignment", metavar="FILE", type=regular_file,
                          help="play the assignment's game (its scenario, cone, seed, turn limit); the bots' own seeds vary")

    balance = add_command(commands, "balance", cmd_balance,
                          "is a scenario playable, and does the cone matter: shared deal, planner per cone, warnings")
    balance.add_argument("scenario", type=scenario_source, help="a scenario file, or the id of a shipped scenario")
    balance.add_argument("--seeds", type=positive_int, default=40, help="games per cone (seeds 0..N-1), at least 1 (default 40)")
    balance.add_argument("--json", action="store_true", help="one JSON object instead of the screen")

    probe = add_command(commands, "probe", cmd_probe, "how a country would answer an offer on a given turn, as in the game")
    probe.add_argument("scenario", type=scenario_source, help="a scenario file, or the id of a shipped scenario")
    probe.add_argument("--country", required=True, metavar="ID", help="the country that answers")
    probe.add_argument("--turn", type=positive_int, default=1, help="the turn the offer is sent on (default 1)")
    probe.add_argument("--cone", choices=Choices(_cones), metavar="CONE", default="political",
                       help="your cone: %(choices)s (default political)")
    probe.add_argument("--seed", type=non_negative_int, default=1, help="the game's seed (default 1, as in play)")
    probe.add_argument("--offer", action="append", default=[], metavar="ISSUE=VALUE",
                       help="a position (repeat for each issue; a number, or an option's id)")
    probe.add_argument("--reward", action="append", default=[], metavar="ID", help="a reward promised (repeatable)")
    probe.add_argument("--threat", action="append", default=[], metavar="ID", help="a threat attached (repeatable)")
    probe.add_argument("--json", action="store_true", help="the decision as one JSON object")

    verify = add_command(commands, "verify", "game.saves.commands:cmd_verify", "replay and check saves; exit 1 if any fails")
    verify.add_argument("saves", nargs="+", metavar="SAVE", type=save_or_name,
                        help="save files, names in the saves folder, or folders")
    add_assignment_option(verify)
    add_saves_dir_option(verify)

    analyse = add_command(commands, "analyse", "game.saves.commands:cmd_analyse",
                          "the debrief's analysis of a save: utilities, Nash point, joint gain")
    analyse.add_argument("save", metavar="SAVE", type=save_file_or_name, help="a save file, or a name in the saves folder")
    analyse.add_argument("--json", action="store_true", help="one JSON object (figures that do not exist are null)")
    add_saves_dir_option(analyse)

    report = add_command(commands, "report", "game.saves.commands:cmd_report",
                         "a session's debrief as an HTML page, or one page per save of a folder")
    report.add_argument("saves", nargs="+", metavar="SAVE_OR_FOLDER", type=save_or_name,
                        help="a save file (or a name in the saves folder), or folders of saves")
    report.add_argument("-o", "--output", required=True, metavar="FILE.html|FOLDER", type=page_or_folder,
                        help="the page to write, or the folder to write one page per save into")
    add_assignment_option(report)
    add_saves_dir_option(report)

    klass = add_command(commands, "class-report", "game.saves.commands:cmd_class_report", "a report over many saves, as CSV or HTML")
    klass.add_argument("saves", nargs="+", metavar="SAVE_OR_FOLDER", type=save_or_name, help="save files or folders of saves")
    klass.add_argument("-o", "--output", required=True, metavar="FILE.csv|FILE.html", type=output_file(".csv", ".html", ".htm"),
                       help="the report to write")
    klass.add_argument("--what", choices=("saves", "groups"), default="saves",
                       help="CSV only: one row per save (default) or one row per group (a scenario text in one cone)")
    klass.add_argument("--debriefs", metavar="FOLDER", type=folder,
                       help="the folder `report SAVES -o FOLDER` wrote: the HTML report links each name to its debrief")
    klass.add_argument("--title", default="Class report", help="the HTML page's title")
    add_assignment_option(klass)
    add_saves_dir_option(klass)

    replay = add_command(commands, "replay", cmd_replay, "open a save in the replay viewer, turn by turn")
    replay.add_argument("save", metavar="SAVE", type=regular_file, help="a save file")
    add_window_options(replay)
    replay.add_argument("--turn", type=non_negative_int, default=None, help="open at this turn (default: the opening)")
    return parser


def _quiet_stdout() -> None:
    """After the reader of our output went away: send what is still buffered nowhere, so that
    Python's final flush does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _unexpected(command: str, exc: BaseException) -> int:
    """One line for an error that is a bug in Demarche; its traceback goes to the saves folder's log."""
    from .crash_log import record

    where = record(exc, f"main.py {command}")
    saved = f"the traceback is in {where}" if where else "the traceback could not be written"
    print(f"main.py {command}: unexpected error ({type(exc).__name__}: {str(exc)[:200]}); this is a bug in "
          f"Demarche, {saved}", file=sys.stderr)
    return FAILED


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit status follows the rule in game.cli_args (0 ok, 1 failed, 2 usage)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["play", *argv]
    command = argv[0]
    try:
        try:
            args = build_parser().parse_args(argv)
            code = command_function(args.run)(args)
        except SystemExit as exc:  # argparse: --help (0) or a bad argument (2), its message printed
            code = exc.code if isinstance(exc.code, int) else USAGE
        except UsageError as exc:
            print(f"main.py {command}: error: {exc}", file=sys.stderr)
            code = USAGE
        except KeyboardInterrupt:
            code = INTERRUPTED
        except BrokenPipeError:
            raise
        except Exception as exc:  # noqa: BLE001 - a command never ends in a traceback
            code = _unexpected(command, exc)
    except BrokenPipeError:  # the reader went away before the command finished: stop quietly
        _quiet_stdout()
        return PIPE_CLOSED
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the command finished; only its last lines found no reader
        _quiet_stdout()
    return code
