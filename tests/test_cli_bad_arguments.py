"""Every command of `python main.py`, run as a real process with bad arguments: the exit-code rule
(0 ok, 1 something failed the check, 2 usage error), a message that names the problem, no traceback,
no hang on a FIFO, and a closed output pipe ends quietly.

The table is run once, in parallel; each row is then its own test. A new subcommand must get rows
here (test_every_command_is_in_the_table)."""

import argparse
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from game.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
COD_LINE = ROOT / "scenarios" / "cod_line.yaml"
GOOD_SAVE = ROOT / "tests" / "fixtures" / "saves" / "v2_cod_line.json"
HANG = 60  # seconds: a process still running then is hung (a FIFO opened for reading waits for ever)

# (command line, expected exit status, a fragment of what it prints). Names in CAPITALS are files
# made by the `places` fixture: FIFO (a named pipe), DIR (a folder), EMPTY (a folder with no
# scenario or save), MISSING (no such file), BAD (a scenario with a mistake), JUNK (not a save), SAVE, and
# ASSIGNMENT (cod_line, economic cone, seed 5: the SAVE was played in the consular cone).
TABLE = [
    # play (the default) fails before any window opens
    (["--frames", "0"], 2, "--frames: must be at least 1 (got 0)"),
    (["play", "--frames", "-5"], 2, "--frames: must be at least 1 (got -5)"),
    (["--scenario", "FIFO.yaml"], 2, "is a named pipe (FIFO), not a file"),
    (["--scenario", "DIR"], 2, "is a folder, not a file"),
    (["--scenario", "/dev/null"], 2, "/dev/null is a device, not a file"),
    (["--scenario", "atlantis"], 2, "no scenario file or shipped id 'atlantis'"),
    (["--scenario", "BAD.yaml"], 1, "BAD.yaml:6:13: difficulty: must be easy, medium or hard"),
    (["--scenario", "cod_line", "--cone", "wizard"], 2, "invalid choice: 'wizard'"),
    (["--seed", "-1"], 2, "--seed: must be 0 or more (got -1)"),
    (["--size", "0x0"], 2, "--size: the window must be at least 1024x600"),
    (["--size", "big"], 2, "WIDTHxHEIGHT"),
    (["--screenshot", "DIR"], 2, "--screenshot: DIR is a folder, not a file"),
    (["--screenshot", "MISSING/shot.png"], 2, "does not exist"),
    (["--saves-dir", "SAVE"], 2, "--saves-dir: SAVE is not a folder"),
    (["--assignment", "MISSING.json"], 2, "--assignment: MISSING.json does not exist"),
    (["--assignment", "FIFO.json"], 2, "--assignment: FIFO.json is a named pipe (FIFO), not a file"),
    (["--assignment", "JUNK.json"], 1, "is not a Demarche assignment"),
    # validate
    (["validate"], 2, "PATH"),
    (["validate", "FIFO.yaml"], 2, "FIFO.yaml is a named pipe (FIFO), not a file"),
    (["validate", "/dev/null"], 2, "/dev/null is a device, not a file"),
    (["validate", "MISSING.yaml"], 2, "MISSING.yaml does not exist"),
    (["validate", "EMPTY"], 2, "no .yaml files found"),
    (["validate", "BAD.yaml"], 1, "BAD.yaml:6:13: difficulty:"),
    # schema
    (["schema", "extra"], 2, "unrecognized arguments: extra"),
    # simulate
    (["simulate", "cod_line", "--seeds", "0"], 2, "--seeds: must be at least 1 (got 0)"),
    (["simulate", "cod_line", "--seeds", "-3"], 2, "--seeds: must be at least 1 (got -3)"),
    (["simulate", "cod_line", "--seeds", "many"], 2, "'many' is not a whole number"),
    (["simulate", "cod_line", "--bot", "oracle"], 2, "--bot: invalid choice: 'oracle'"),
    (["simulate", "cod_line", "--cone", "wizard"], 2, "--cone: invalid choice: 'wizard'"),
    (["simulate", "atlantis"], 2, "no scenario file or shipped id 'atlantis'"),
    (["simulate", "FIFO.yaml"], 2, "is a named pipe (FIFO), not a file"),
    (["simulate", "DIR"], 2, "is a folder, not a file"),
    (["simulate", "/dev/null"], 2, "is a device, not a file"),
    (["simulate", "MISSING.yaml"], 2, "MISSING.yaml does not exist"),
    (["simulate", "BAD.yaml", "--seeds", "1"], 1, "difficulty: must be easy, medium or hard"),
    (["simulate", "cod_line", "--seeds", "1", "--save-dir", "SAVE"], 2, "--save-dir: SAVE is not a folder"),
    (["simulate", "cod_line", "--seeds", "0", "--json"], 2, "--seeds: must be at least 1 (got 0)"),
    (["simulate", "cod_line", "--first-seed", "-1"], 2, "--first-seed: must be 0 or more (got -1)"),
    (["simulate"], 2, "give a SCENARIO or --assignment FILE"),
    (["simulate", "cod_line", "--assignment", "ASSIGNMENT.json"], 2, "give a SCENARIO or --assignment FILE (one of them)"),
    (["simulate", "--assignment", "ASSIGNMENT.json", "--cone", "political"], 2, "--cone comes from the assignment"),
    (["simulate", "--assignment", "MISSING.json"], 2, "--assignment: MISSING.json does not exist"),
    (["simulate", "--assignment", "SAVE", "--seeds", "1"], 1, "is a Demarche save: an assignment is made by"),
    # assign
    (["assign", "cod_line", "--seed", "1", "-o", "a.json"], 2, "the following arguments are required: --cone"),
    (["assign", "cod_line", "--cone", "wizard", "--seed", "1", "-o", "a.json"], 2, "--cone: invalid choice: 'wizard'"),
    (["assign", "cod_line", "--cone", "economic", "--seed", "-1", "-o", "a.json"], 2, "--seed: must be 0 or more (got -1)"),
    (["assign", "cod_line", "--cone", "economic", "--seed", "1", "--turns-limit", "0", "-o", "a.json"], 2,
     "--turns-limit: must be from 1 to 60 turns (got 0)"),
    (["assign", "atlantis", "--cone", "economic", "--seed", "1", "-o", "a.json"], 2, "no scenario file or shipped id 'atlantis'"),
    (["assign", "BAD.yaml", "--cone", "economic", "--seed", "1", "-o", "a.json"], 1, "difficulty: must be easy, medium or hard"),
    (["assign", "cod_line", "--cone", "economic", "--seed", "1", "-o", "a.txt"], 2, "--output: a.txt must end in .json"),
    (["assign", "cod_line", "--cone", "economic", "--seed", "1", "-o", "FIFO.json"], 2, "FIFO.json is a named pipe (FIFO), not a file"),
    (["assign", "cod_line", "--cone", "economic", "--seed", "1", "-o", "MISSING/a.json"], 2, "does not exist"),
    (["assign", "cod_line", "--cone", "economic", "--seed", "1", "--instructions-file", "MISSING.txt", "-o", "a.json"], 2,
     "--instructions-file: MISSING.txt does not exist"),
    (["assign", "cod_line", "--cone", "economic", "--seed", "1", "--instructions", "x", "--instructions-file", "SAVE",
      "-o", "a.json"], 2, "not allowed with argument"),
    # balance
    (["balance"], 2, "the following arguments are required: scenario"),
    (["balance", "cod_line", "--seeds", "0"], 2, "--seeds: must be at least 1 (got 0)"),
    (["balance", "cod_line", "--seeds", "many"], 2, "'many' is not a whole number"),
    (["balance", "atlantis"], 2, "no scenario file or shipped id 'atlantis'"),
    (["balance", "FIFO.yaml"], 2, "is a named pipe (FIFO), not a file"),
    (["balance", "DIR"], 2, "is a folder, not a file"),
    (["balance", "BAD.yaml", "--seeds", "1"], 1, "difficulty: must be easy, medium or hard"),
    # probe
    (["probe", "cod_line"], 2, "the following arguments are required: --country"),
    (["probe", "cod_line", "--country", "norlnd"], 2, "no country 'norlnd'; did you mean 'norland'?"),
    (["probe", "cod_line", "--country", "norland", "--turn", "0"], 2, "--turn: must be at least 1 (got 0)"),
    (["probe", "cod_line", "--country", "norland", "--turn", "99"], 2, "the talks end on turn 8 (got 99)"),
    (["probe", "cod_line", "--country", "norland", "--offer", "quota_share=900"], 2, "quota_share must be from 30 to 80"),
    (["probe", "cod_line", "--country", "norland", "--reward", "gold"], 2, "no reward 'gold'"),
    (["probe", "cod_line", "--country", "norland", "--cone", "wizard"], 2, "--cone: invalid choice: 'wizard'"),
    (["probe", "FIFO.yaml", "--country", "norland"], 2, "is a named pipe (FIFO), not a file"),
    (["probe", "BAD.yaml", "--country", "norland"], 1, "difficulty: must be easy, medium or hard"),
    # verify
    (["verify"], 2, "SAVE"),
    (["verify", "FIFO.json"], 2, "FIFO.json is a named pipe (FIFO), not a file"),
    (["verify", "/dev/null"], 2, "/dev/null is a device, not a file"),
    (["verify", "MISSING.json"], 2, "MISSING.json does not exist"),
    (["verify", "EMPTY"], 2, "no .json saves found"),
    (["verify", "nobody", "--saves-dir", "EMPTY"], 2, "there is no nobody.json in the saves folder"),
    (["verify", "SAVE", "--saves-dir", "MISSING"], 2, "--saves-dir: MISSING does not exist"),
    (["verify", "JUNK.json"], 1, "FAILED: is not a save"),
    (["verify", "SAVE", "--assignment", "MISSING.json"], 2, "--assignment: MISSING.json does not exist"),
    (["verify", "SAVE", "--assignment", "DIR"], 2, "--assignment: DIR is a folder, not a file"),
    (["verify", "SAVE", "--assignment", "SAVE"], 1, "is a Demarche save: an assignment is made by `python main.py assign`"),
    (["verify", "SAVE", "--assignment", "JUNK.json"], 1, "is not a Demarche assignment"),
    (["verify", "SAVE", "--assignment", "ASSIGNMENT.json"], 1, "FAILED: made with Demarche 0.1.0, under other rules than this game's"),
    # analyse
    (["analyse"], 2, "SAVE"),
    (["analyse", "FIFO.json"], 2, "FIFO.json is a named pipe (FIFO), not a file"),
    (["analyse", "DIR"], 2, "DIR is a folder, not a file"),
    (["analyse", "MISSING.json"], 2, "MISSING.json does not exist"),
    (["analyse", "JUNK.json"], 1, "is not a save"),
    (["analyse", "SAVE", "--json", "extra"], 2, "unrecognized arguments: extra"),
    # report
    (["report", "SAVE"], 2, "the following arguments are required: -o/--output"),
    (["report", "FIFO.json", "-o", "out.html"], 2, "FIFO.json is a named pipe (FIFO), not a file"),
    (["report", "DIR", "-o", "out.html"], 2, "out.html is one page: give a folder with -o to write one debrief per save"),
    (["report", "EMPTY", "-o", "pages"], 2, "no .json saves found"),
    (["report", "SAVE", "-o", "SAVE"], 2, "--output: SAVE is not a folder"),
    (["report", "SAVE", "-o", "out.html", "--assignment", "JUNK.json"], 1, "is not a Demarche assignment"),
    (["report", "MISSING.json", "-o", "out.html"], 2, "MISSING.json does not exist"),
    (["report", "SAVE", "-o", "FIFO.html"], 2, "--output: FIFO.html is a named pipe (FIFO), not a file"),
    (["report", "SAVE", "-o", "/dev/null"], 2, "--output: /dev/null is a device, not a file"),
    (["report", "SAVE", "-o", "MISSING/out.html"], 2, "does not exist"),
    (["report", "JUNK.json", "-o", "out.html"], 1, "is not a save"),
    # class-report
    (["class-report", "FIFO.json", "-o", "out.csv"], 2, "FIFO.json is a named pipe (FIFO), not a file"),
    (["class-report", "/dev/null", "-o", "out.csv"], 2, "/dev/null is a device, not a file"),
    (["class-report", "EMPTY", "-o", "out.csv"], 2, "no .json saves found"),
    (["class-report", "SAVE", "-o", "out.pdf"], 2, "must end in .csv or .html"),
    (["class-report", "SAVE", "-o", "FIFO.csv"], 2, "FIFO.csv is a named pipe (FIFO), not a file"),
    (["class-report", "SAVE", "-o", "out.csv", "--what", "everything"], 2, "--what: invalid choice: 'everything'"),
    (["class-report", "SAVE", "-o", "out.html", "--debriefs", "MISSING"], 2, "--debriefs: MISSING does not exist"),
    (["class-report", "SAVE", "-o", "out.csv", "--assignment", "MISSING.json"], 2, "--assignment: MISSING.json does not exist"),
    (["class-report", "SAVE", "-o", "out.csv", "--assignment", "SAVE"], 1, "is a Demarche save"),
    # replay
    (["replay", "FIFO.json"], 2, "FIFO.json is a named pipe (FIFO), not a file"),
    (["replay", "DIR"], 2, "DIR is a folder, not a file"),
    (["replay", "/dev/null"], 2, "/dev/null is a device, not a file"),
    (["replay", "MISSING.json"], 2, "MISSING.json does not exist"),
    (["replay", "SAVE", "--frames", "0"], 2, "--frames: must be at least 1"),
    (["replay", "SAVE", "--turn", "-2"], 2, "--turn: must be 0 or more (got -2)"),
    # no such command
    (["frobnicate"], 2, "invalid choice: 'frobnicate'"),
]


def _placed(word: str, where: Path) -> str:
    """FIFO.yaml -> <where>/FIFO.yaml and so on; other words as they are."""
    head, sep, rest = word.partition("/")
    name, dot, suffix = head.partition(".")
    if name in ("FIFO", "DIR", "EMPTY", "MISSING", "BAD", "JUNK", "SAVE", "ASSIGNMENT"):
        return str(where / head) + sep + rest
    return word


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("places")
    for name in ("FIFO.yaml", "FIFO.json", "FIFO.html", "FIFO.csv"):
        os.mkfifo(where / name)
    (where / "DIR").mkdir()
    (where / "DIR" / "a.yaml").write_text(COD_LINE.read_text(encoding="utf-8"), encoding="utf-8")
    (where / "EMPTY").mkdir()
    (where / "EMPTY" / "notes.txt").write_text("no scenario here")
    bad = COD_LINE.read_text(encoding="utf-8").replace("difficulty: easy", "difficulty: trivial")
    (where / "BAD.yaml").write_text(bad, encoding="utf-8")
    (where / "JUNK.json").write_bytes(b"\x00\xff not a save")
    shutil.copy(GOOD_SAVE, where / "SAVE")
    main(["assign", str(COD_LINE), "--cone", "economic", "--seed", "5", "-o", str(where / "ASSIGNMENT.json")])
    return where


def _env(where: Path, **extra) -> dict:
    return {**os.environ, "DEMARCHE_SAVES": str(where / "saves"), "SDL_VIDEODRIVER": "dummy",
            "SDL_AUDIODRIVER": "dummy", **extra}


@pytest.fixture(scope="module")
def results(places):
    """Every row of TABLE run as `python main.py ...`, four at a time."""

    def run(row):
        argv = [_placed(word, places) for word in row[0]]
        try:
            done = subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], cwd=places, env=_env(places),
                                  capture_output=True, text=True, timeout=HANG, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return None
        return done

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(range(len(TABLE)), pool.map(run, TABLE)))


@pytest.mark.parametrize("index", range(len(TABLE)), ids=[" ".join(row[0]) or "(none)" for row in TABLE])
def test_bad_arguments(results, places, index):
    argv, code, fragment = TABLE[index]
    done = results[index]
    assert done is not None, f"main.py {' '.join(argv)} was still running after {HANG} s"
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    assert "unexpected error" not in output
    assert done.returncode == code, output
    shown = output.replace(str(places) + os.sep, "")
    assert fragment in shown, shown


def _subcommands() -> set[str]:
    action = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return set(action.choices)


def test_every_command_is_in_the_table():
    tested = {row[0][0] if row[0] and not row[0][0].startswith("-") else "play" for row in TABLE}
    missing = _subcommands() - tested
    assert not missing, f"add rows for {sorted(missing)} to TABLE"


def test_every_command_states_the_exit_codes(capsys):
    for name in sorted(_subcommands()):
        assert main([name, "--help"]) == 0
        text = " ".join(capsys.readouterr().out.split())
        assert "Exit status: 0 ok; 1 something failed the check" in text, name
        assert "2 usage error" in text, name


# ------------------------------------------------------------------ closed pipes

# (command line, status unbuffered, status buffered). Unbuffered, the first line written meets the
# closed pipe: the command stops at once with status 141 (SIGPIPE's, as `yes | head` has). Buffered,
# a short output waits in the buffer until the command has finished, so its own status stands; a
# long one (the schema) fills the buffer and stops the command. --help is argparse's, always 0.
PIPED = [
    (["validate", str(ROOT / "scenarios")], 141, 0),
    (["validate", str(ROOT / "scenarios"), str(ROOT / "README.md")], 141, 1),
    (["schema"], 141, 141),
    (["simulate", "cod_line", "--seeds", "1", "--cone", "consular"], 141, 0),
    (["verify", str(GOOD_SAVE)], 141, 0),
    (["--help"], 0, 0),
]


def _closed_pipe(argv, env) -> tuple[int, str]:
    """Run with stdout a pipe whose reader has already gone (`| head -0`)."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], stdout=write, stderr=subprocess.PIPE,
                              text=True, env=env, timeout=HANG, cwd=ROOT, stdin=subprocess.DEVNULL)
    finally:
        os.close(write)
    return done.returncode, done.stderr


@pytest.mark.parametrize("buffered", [False, True], ids=["unbuffered", "buffered"])
def test_closed_stdout_ends_quietly(places, buffered):
    env = _env(places)
    if buffered:
        env.pop("PYTHONUNBUFFERED", None)
    else:
        env["PYTHONUNBUFFERED"] = "1"
    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(lambda row: _closed_pipe(row[0], env), PIPED))
    for (argv, unbuffered_code, buffered_code), (code, err) in zip(PIPED, outcomes):
        assert err == "", (argv, err)
        assert code == (buffered_code if buffered else unbuffered_code), (argv, code)


# ------------------------------------------------------------------ a bug in a command

def test_an_unexpected_error_is_one_line_and_a_logged_traceback(monkeypatch, capsys, saves):
    import game.cli

    def broken(args):
        return 1 / 0

    monkeypatch.setattr(game.cli, "cmd_schema", broken)
    assert main(["schema"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.count("\n") == 1 and "unexpected error (ZeroDivisionError: division by zero)" in err
    log = saves / "errors.log"
    assert f"the traceback is in {log}" in err
    text = log.read_text(encoding="utf-8")
    assert "main.py schema" in text and "Traceback (most recent call last)" in text and "1 / 0" in text
