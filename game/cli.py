"""The command line: play (the default), validate, schema, and the tools built on the engine."""

import argparse
import sys
from pathlib import Path

# the loader, the schema and the engine are imported where they are used, so that `main.py` gets
# to the window (or to --help) without importing what the chosen command does not need

SCENARIOS_DIR = Path(__file__).resolve().parent.parent / "scenarios"


def scenario_files(paths: list[str]) -> list[Path]:
    """The scenario files named: files as given, folders searched for *.yaml and *.yml."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            found.append(path)
    return found


def cmd_validate(args) -> int:
    """Check scenario files, or every *.yaml / *.yml file under the folders given, and print every
    problem as FILE:LINE:COLUMN: FIELD: MESSAGE. Exit status: 0 when every file is valid; 1 when
    any file has a problem; 2 for a usage error: no PATH, a PATH that does not exist (reported
    before anything is checked), or folders holding no scenario file."""
    from .loading.problems import ScenarioError
    from .loading.scenario_loader import load_scenario

    missing = [raw for raw in args.paths if not Path(raw).exists()]
    if missing:
        for raw in missing:
            print(f"validate: no such file or folder: {raw}", file=sys.stderr)
        return 2
    files = scenario_files(args.paths)
    if not files:
        print("validate: no .yaml files found in " + ", ".join(args.paths), file=sys.stderr)
        return 2
    bad = 0
    for path in files:
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            bad += 1
            for problem in exc.problems:
                print(problem)
        else:
            countries, issues = len(scenario.countries), len(scenario.issues)
            print(f"{path}: ok ({scenario.kind}, {countries} {'country' if countries == 1 else 'countries'}, "
                  f"{issues} {'issue' if issues == 1 else 'issues'})")
    print(f"{len(files) - bad} of {len(files)} scenario files are valid")
    return 1 if bad else 0


def cmd_schema(args) -> int:
    """Print the JSON Schema (draft-07) of the scenario format; docs/scenario.schema.json is its output."""
    from .loading.schema import scenario_schema_text

    sys.stdout.write(scenario_schema_text())
    return 0


def cmd_play(args) -> int:
    """Open the game window: at the title, or straight into a game with --scenario and --cone."""
    path = scenario = None
    if args.scenario:
        opened = open_scenario("play", args.scenario)
        if isinstance(opened, int):
            return opened
        path, scenario = opened  # loaded once: the game starts with this very object
    from .ui.launch import launch

    return launch(scenario=str(path) if path else None, cone=args.cone, seed=args.seed,
                  frames=args.frames, screenshot=args.screenshot, size=tuple(args.size) if args.size else None,
                  loaded=scenario)


def progress_bar(done: int, total: int) -> None:
    if total < 20 or not sys.stderr.isatty():
        return
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def resolve_scenario(name: str) -> Path:
    """A scenario by path, or by id among the shipped ones."""
    path = Path(name)
    if path.is_file():
        return path
    shipped = SCENARIOS_DIR / f"{name}.yaml"
    if shipped.is_file():
        return shipped
    raise FileNotFoundError(name)


def open_scenario(command: str, name: str):
    """(path, scenario) for a file or shipped id, or the exit code after printing why not:
    2 when there is no such scenario, 1 when it does not load."""
    from .loading.problems import ScenarioError
    from .loading.scenario_loader import load_scenario

    try:
        path = resolve_scenario(name)
        return path, load_scenario(path)
    except FileNotFoundError:
        print(f"{command}: no scenario file or shipped id '{name}'", file=sys.stderr)
        return 2
    except ScenarioError as exc:
        print(exc, file=sys.stderr)
        return 1


def cmd_simulate(args) -> int:
    from .engine.bots import BOTS
    from .engine.simulate import simulate
    from .model.cones import CONES

    opened = open_scenario("simulate", args.scenario)
    if isinstance(opened, int):
        return opened
    scenario = opened[1]
    if args.bot not in BOTS:
        print(f"simulate: unknown bot '{args.bot}' (choose from {', '.join(BOTS)})", file=sys.stderr)
        return 2
    cones = list(CONES) if args.cone == "all" else [args.cone]
    keep = None
    if args.save_dir:
        from .saves.commands import simulation_saver

        keep = simulation_saver(resolve_scenario(args.scenario), args.save_dir, args.bot)
    stats = simulate(scenario, cones, args.seeds, args.bot, progress=progress_bar, keep=keep)
    print(f"{scenario.title}: {args.seeds} game(s) per cone, bot {args.bot}")
    print(f"{'cone':<18}{'win rate':>9}{'deals':>7}{'mean score':>12}{'mean turns':>12}  grades")
    for cone, s in stats.items():
        grades = " ".join(f"{g}:{n}" for g, n in sorted(s.grades.items()))
        print(f"{cone:<18}{s.wins / s.games:>9.0%}{s.deals / s.games:>7.0%}{s.score / s.games:>12.1f}"
              f"{s.turns / s.games:>12.1f}  {grades}")
    return 0


def window_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError("give the size as WIDTHxHEIGHT, such as 1280x720") from None
    return w, h


class SavesDirOption(argparse.Action):
    """--saves-dir DIR: where the client autosaves and the load screen looks (else $DEMARCHE_SAVES, else saves/)."""

    def __call__(self, parser, namespace, values, option_string=None):
        from .ui.controller import use_saves_dir

        use_saves_dir(values)
        setattr(namespace, self.dest, values)


def add_play_options(parser: argparse.ArgumentParser) -> None:
    from .model.cones import CONES

    parser.add_argument("--scenario", help="start straight in a game: a scenario file or shipped id")
    parser.add_argument("--cone", choices=CONES, default="political", help="your cone (with --scenario)")
    parser.add_argument("--seed", type=int, default=1, help="the game's seed (with --scenario)")
    parser.add_argument("--frames", type=int, help="run this many frames, then exit")
    parser.add_argument("--screenshot", metavar="FILE", help="save the last frame as a PNG")
    parser.add_argument("--size", type=window_size, default=None,
                        help="window size, such as 1280x720 (default: the saved setting, else 1280x720)")
    parser.add_argument("--saves-dir", metavar="DIR", action=SavesDirOption,
                        help="the saves folder for autosaves, Save as and Load (default: $DEMARCHE_SAVES, else saves/)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description="Demarche, a negotiation role-playing game.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    play = commands.add_parser("play", help="start the game (the default)")
    add_play_options(play)
    play.set_defaults(run=cmd_play)
    validate = commands.add_parser("validate", help="check scenario files; exit 0 if all are valid, 1 if not", description=cmd_validate.__doc__)
    validate.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    validate.set_defaults(run=cmd_validate)
    schema = commands.add_parser("schema", help="print the JSON Schema of the scenario format")
    schema.set_defaults(run=cmd_schema)
    simulate = commands.add_parser("simulate", help="bots play a scenario headless: win rate, score, turns per cone")
    simulate.add_argument("scenario", help="a scenario file, or the id of a shipped scenario")
    simulate.add_argument("--cone", default="all", choices=["all", "political", "economic", "management",
                                                           "consular", "public_diplomacy"], help="one cone, or all")
    simulate.add_argument("--seeds", type=int, default=20, help="games per cone (seeds 0..N-1)")
    simulate.add_argument("--bot", default="greedy", help="greedy (a careful student) or random")
    simulate.add_argument("--save-dir", metavar="DIR", help="also write every game as a save in DIR "
                          "(<scenario>-<cone>-<seed>.json), for class reports and tests")
    simulate.set_defaults(run=cmd_simulate)
    from .saves.commands import add_commands

    add_commands(commands)
    replay = commands.add_parser("replay", help="open a save in the replay viewer, turn by turn", description=cmd_replay.__doc__)
    replay.add_argument("save", metavar="SAVE", help="a save file")
    replay.add_argument("--frames", type=int, help="run this many frames, then exit")
    replay.add_argument("--screenshot", metavar="FILE", help="save the last frame as a PNG")
    replay.add_argument("--size", type=window_size, default=None, help="window size, such as 1280x720")
    replay.add_argument("--turn", type=int, default=None, help="open at this turn (default: the opening)")
    replay.set_defaults(run=cmd_replay)
    return parser


def cmd_replay(args) -> int:
    """Open the client's replay viewer on a save: step through the session turn by turn (Left/Right,
    Home/End). A save that fails verification opens with the failure shown. Exit 2 when the file does not exist."""
    if not Path(args.save).is_file():
        print(f"replay: no such save file: {args.save}", file=sys.stderr)
        return 2
    from .ui.launch import launch_replay

    return launch_replay(args.save, frames=args.frames, screenshot=args.screenshot,
                         size=tuple(args.size) if args.size else None, turn=args.turn)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["play", *argv]
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
