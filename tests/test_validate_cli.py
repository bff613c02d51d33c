"""`python main.py validate PATH...`: every problem printed; exit 0 all good, 1 any bad, 2 usage."""

import shutil
import subprocess
import sys
from pathlib import Path

from game.cli import main

ROOT = Path(__file__).resolve().parent.parent
COD_LINE = ROOT / "scenarios" / "cod_line.yaml"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(["validate", *map(str, argv)])  # argparse's usage errors are exit codes too
    out = capsys.readouterr()
    return code, out.out, out.err


def broken(folder: Path, name: str = "cod_line.yaml") -> Path:
    text = COD_LINE.read_text(encoding="utf-8")
    text = text.replace("capability: 0.6", "capability: 1.4").replace("difficulty: easy", "difficulty: trivial")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file(capsys):
    code, out, _ = run(capsys, COD_LINE)
    assert code == 0
    assert f"{COD_LINE}: ok (bilateral, 1 country, 3 issues)" in out
    assert out.rstrip().endswith("1 of 1 scenario files are valid")


def test_shipped_folder_is_valid(capsys):
    code, out, _ = run(capsys, ROOT / "scenarios")
    assert code == 0, out
    count = len(list((ROOT / "scenarios").glob("*.yaml")))
    assert out.rstrip().endswith(f"{count} of {count} scenario files are valid")


def test_every_problem_is_printed_and_exit_is_1(capsys, tmp_path):
    path = broken(tmp_path)
    code, out, _ = run(capsys, path)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{path}:6:13: difficulty: must be easy, medium or hard (got 'trivial')"
    line = path.read_text(encoding="utf-8").splitlines().index("    capability: 1.4") + 1  # wherever the shipped file has it
    assert lines[1] == f"{path}:{line}:17: countries[0].capability: must be between 0 and 1 (got 1.4)"
    assert lines[-1] == "0 of 1 scenario files are valid"


def test_folder_mixes_good_and_bad(capsys, tmp_path):
    shutil.copy(COD_LINE, tmp_path / "good.yaml")
    (tmp_path / "sub").mkdir()
    bad = broken(tmp_path / "sub", "cod_line.yml")
    (tmp_path / "notes.txt").write_text("not a scenario")
    code, out, _ = run(capsys, tmp_path)
    assert code == 1
    assert f"{tmp_path / 'good.yaml'}: ok" in out
    assert f"{bad}:6:13: difficulty:" in out
    assert f"{tmp_path / 'good.yaml'}:3:5: id: warning: differs from the file name 'good'" in out
    assert out.rstrip().endswith("1 of 2 scenario files are valid (1 with warnings)")


def test_garbage_file_is_a_problem_not_a_traceback(capsys, tmp_path):
    path = tmp_path / "garbage.yaml"
    path.write_bytes(b"\x00\xff\xfe{[&*!!")
    code, out, err = run(capsys, path)
    assert code == 1
    assert out.startswith(f"{path}:1:")
    assert "Traceback" not in out + err


def test_missing_path_is_a_usage_error(capsys, tmp_path):
    code, out, err = run(capsys, COD_LINE, tmp_path / "absent.yaml")
    assert code == 2
    assert f"main.py validate: error: argument PATH: {tmp_path / 'absent.yaml'} does not exist" in err
    assert out == ""  # nothing is checked until the command line is right


def test_folder_without_scenarios_is_a_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, tmp_path)
    assert code == 2
    assert "no .yaml files found" in err


def test_no_path_is_a_usage_error(capsys):
    code, _, err = run(capsys)
    assert code == 2
    assert "PATH" in err


def test_help_documents_the_exit_codes(capsys):
    assert main(["validate", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "0 when no file has an error (warnings allowed, unless --strict)" in text
    assert "1 when any file has an error, or a warning with --strict" in text
    assert "a PATH that does not exist" in text


def test_real_process_exit_codes(tmp_path):
    bad = broken(tmp_path)
    for args, expected in (([str(COD_LINE)], 0), ([str(bad)], 1), ([str(tmp_path / "absent.yaml")], 2)):
        done = subprocess.run([sys.executable, "main.py", "validate", *args], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == expected, done.stdout + done.stderr
        assert "Traceback" not in done.stderr
