"""Saves: the HTML debrief (rendered by headless Chromium to a PNG), the class report in CSV and
HTML, and the commands report, class-report and simulate --save-dir."""

import csv
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from game.engine.bots import play
from game.engine.session import Session
from game.loading.scenario_loader import load_scenario
from game.saves import load, save_as
from game.saves.class_page import to_html
from game.saves.class_report import build, to_csv
from game.saves.report import session_report

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = next((c for c in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"),
                             shutil.which("google-chrome")) if c and os.path.exists(c)), None)
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def saved(folder: Path, name: str, scenario: str, cone: str, seed: int, bot: str = "greedy", player: str = "Ana") -> Path:
    session = Session(load_scenario(ROOT / "scenarios" / f"{scenario}.yaml"), cone, seed)
    play(session, bot, random.Random(seed))
    return save_as(session, name, folder, player=player)


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text, self.links = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.links += [v for k, v in attrs if k in ("src", "href") and v]

    def handle_data(self, data):
        self.text.append(data)


def parsed(html: str) -> Collect:
    c = Collect()
    c.feed(html)
    return c


def test_debrief_has_every_section_and_is_self_contained(tmp_path):
    loaded = load(saved(tmp_path, "r", "river_compact", "economic", 4, player="Ana <b>Lopez</b>"))
    html = session_report(loaded)
    page = parsed(html)
    text = " ".join(page.text)
    assert page.links == [] and "<script" not in html  # nothing to fetch, nothing to run
    assert page.tags.count("svg") == 2 and page.tags.count("polyline") >= 6
    for heading in ("Objectives", "Relationship and stability, turn by turn", "Offers and replies",
                    "The final deal against the Nash point", "Everything that happened"):
        assert heading in text
    assert "Ana <b>Lopez</b>" in text and "<b>Lopez</b>" not in html  # escaped
    out = loaded.state.outcome
    assert f"grade {out.grade}" in text and "Nash point" in text and "verified" in text
    decisions = [e for e in loaded.state.log if e.decision is not None]
    assert decisions and all(d.decision.text in text for d in decisions)
    assert all(t.label in text for d in decisions for t in d.decision.terms)
    for country in loaded.scenario.countries:
        assert country.name in text


def test_report_renders_in_headless_chromium(tmp_path):
    if CHROMIUM is None:
        pytest.skip("chromium is not installed: cannot render the HTML report to a PNG")
    page = tmp_path / "debrief.html"
    loaded = load(saved(tmp_path, "r", "cod_line", "economic", 4, player="Ana Lopez"))
    page.write_text(session_report(loaded), encoding="utf-8")
    png = tmp_path / "debrief.png"
    with tempfile.TemporaryDirectory() as profile:
        run = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", f"--screenshot={png}", "--window-size=1200,1600", page.as_uri()],
            capture_output=True, text=True, timeout=120)
    assert png.exists(), run.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 1600)
    assert len(data) > 30_000  # a blank page compresses to a few kilobytes
    keep = os.environ.get("DEMARCHE_REPORT_PNG")
    if keep:
        shutil.copy(png, keep)


def test_class_report_rows_groups_and_failures(tmp_path):
    folder = tmp_path / "class"
    saved(folder, "ana", "cod_line", "political", 1, player="Ana")
    saved(folder, "ben", "cod_line", "economic", 2, player="Ben")
    saved(folder, "cleo", "cod_line", "political", 3, bot="random", player="Cleo")
    bad = saved(folder, "dan", "cod_line", "consular", 4, player="Dan")
    raw = bad.read_bytes()
    grade = raw.split(b'"grade": "', 1)[1][:1]
    bad.write_bytes(raw.replace(b'"grade": "' + grade, b'"grade": "' + (b"B" if grade == b"A" else b"A"), 1))  # a grade the replay denies
    (folder / "eve.json").write_bytes(b'{"header": {"save_v')
    report = build([folder])
    assert sorted(r.name for r in report.verified) == ["Ana", "Ben", "Cleo"]
    assert sorted(r.file for r in report.failed) == ["dan.json", "eve.json"]
    assert sorted(g.cone for g in report.groups.values()) == ["economic", "political"]
    political = next(g for g in report.groups.values() if g.cone == "political")
    assert len(political.counted) == 2
    table = list(csv.reader(io.StringIO(to_csv(report))))
    assert table[0][:5] == ["name", "score", "grade", "objectives met", "objectives"]
    rows = {r[table[0].index("file")]: dict(zip(table[0], r)) for r in table[1:]}
    assert set(rows) == {"ana.json", "ben.json", "cleo.json", "dan.json", "eve.json"}  # relative to the folder given
    assert rows["dan.json"]["status"] == "failed" and rows["dan.json"]["problem"].startswith("the header says the grade is")
    assert rows["dan.json"]["name"] == "Dan" and rows["eve.json"]["problem"].startswith("is truncated")
    assert rows["ana.json"]["status"] == "verified" and rows["ana.json"]["seed"] == "1"
    groups = list(csv.reader(io.StringIO(to_csv(report, "groups"))))
    assert [r[:2] for r in groups[1:]] == [["cod_line", "economic"], ["cod_line", "political"]]
    assert groups[0].index("saves") and [r[groups[0].index("saves")] for r in groups[1:]] == ["1", "2"]
    html = to_html(report, "Class 7B")
    page = parsed(html)
    assert "Class 7B" in page.text and page.links == [] and "Saves that failed verification" in html
    assert all(name in " ".join(page.text) for name in ("Ana", "Ben", "Cleo", "dan.json", "eve.json"))


def test_commands_simulate_save_dir_report_and_class_report(tmp_path):
    main = [sys.executable, str(ROOT / "main.py")]
    folder = tmp_path / "bulk"
    run = subprocess.run(main + ["simulate", "cod_line", "--seeds", "2", "--cone", "consular", "--save-dir", str(folder)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["cod_line-consular-0.json", "cod_line-consular-1.json"]
    verify = subprocess.run(main + ["verify", str(folder)], capture_output=True, text=True, cwd=tmp_path)
    assert verify.returncode == 0 and verify.stdout.strip().endswith("2 of 2 saves verified")
    page = tmp_path / "one.html"
    report = subprocess.run(main + ["report", "cod_line-consular-1", "--saves-dir", str(folder), "-o", str(page)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert report.returncode == 0, report.stderr
    assert "Debrief: The Cod Line" in page.read_text(encoding="utf-8")
    env = {**os.environ, "DEMARCHE_SAVES": str(folder)}
    report = subprocess.run(main + ["report", "cod_line-consular-0", "-o", str(page)], capture_output=True, text=True,
                            cwd=tmp_path, env=env)
    assert report.returncode == 0, report.stderr
    for suffix in ("csv", "html"):
        out = tmp_path / f"class.{suffix}"
        klass = subprocess.run(main + ["class-report", str(folder), "-o", str(out)], capture_output=True, text=True, cwd=tmp_path)
        assert klass.returncode == 0 and "2 verified, 0 failed" in klass.stdout, klass.stdout + klass.stderr
        assert "greedy bot" in out.read_text(encoding="utf-8")
    wrong = subprocess.run(main + ["class-report", str(folder), "-o", str(tmp_path / "x.pdf")], capture_output=True, text=True)
    assert wrong.returncode == 2 and "must end in .csv or .html" in wrong.stderr
    missing = subprocess.run(main + ["report", str(tmp_path / "none.json"), "-o", str(page)], capture_output=True, text=True)
    assert missing.returncode == 2 and "none.json does not exist" in missing.stderr and "Traceback" not in missing.stderr
