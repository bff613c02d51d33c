"""A class's saves in one table: one row per save, averages and distributions per cone, and the
saves that failed verification listed apart with the reason. CSV or a self-contained HTML page.
"""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from ..model.common import visible
from .report import esc
from .store import SUFFIX
from .verify import Verification, verify

GRADES = ("A", "B", "C", "D", "F")
RESULTS = ("deal", "partial", "no_deal")


@dataclass
class Row:
    path: str
    player: str
    scenario: str
    cone: str
    seed: int
    outcome: str
    score: float | None
    grade: str
    turns: int
    relationships: dict[str, float]
    stability: dict[str, float]
    verified: bool
    notes: str = ""

    @property
    def mean_relationship(self) -> float:
        return statistics.fmean(self.relationships.values()) if self.relationships else 0.0

    @property
    def mean_stability(self) -> float:
        return statistics.fmean(self.stability.values()) if self.stability else 0.0


@dataclass
class ConeSummary:
    """One scenario played in one cone (a class may mix scenarios: they are never averaged together)."""

    scenario: str
    cone: str
    saves: int = 0
    scores: list[float] = field(default_factory=list)
    turns: list[int] = field(default_factory=list)
    relationships: list[float] = field(default_factory=list)
    stability: list[float] = field(default_factory=list)
    grades: dict[str, int] = field(default_factory=dict)
    results: dict[str, int] = field(default_factory=dict)

    def mean(self, values) -> float | None:
        return statistics.fmean(values) if values else None


@dataclass
class ClassReport:
    rows: list[Row]
    failed: list[Verification]
    cones: dict[tuple[str, str], ConeSummary]
    """(scenario id, cone) -> its summary."""


def save_files(paths) -> list[Path]:
    """Files as given; folders searched (not recursively) for *.json saves, temporary files skipped."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.glob(f"*{SUFFIX}") if p.is_file() and not p.name.startswith("."))
        else:
            found.append(path)
    return found


def build(paths) -> ClassReport:
    rows, failed, cones = [], [], {}
    for path in save_files(paths):
        result = verify(path)
        if not result.ok:
            failed.append(result)
            continue
        loaded = result.loaded
        state, scenario = loaded.state, loaded.scenario
        out = state.outcome
        names = {c.id: c.name for c in scenario.countries}
        row = Row(
            path=str(path), player=loaded.header.player, scenario=scenario.id, cone=state.cone, seed=state.seed,
            outcome=out.result if out else f"unfinished ({state.phase})", score=out.score if out else None,
            grade=out.grade if out else "", turns=state.turn,
            relationships={names[c]: cs.relationship for c, cs in state.countries.items()},
            stability={names[c]: cs.stability for c, cs in state.countries.items()},
            verified=True, notes="; ".join(loaded.notes),
        )
        rows.append(row)
        summary = cones.setdefault((row.scenario, row.cone), ConeSummary(row.scenario, row.cone))
        summary.saves += 1
        summary.turns.append(row.turns)
        summary.relationships.append(row.mean_relationship)
        summary.stability.append(row.mean_stability)
        if row.score is not None:
            summary.scores.append(row.score)
        if row.grade:
            summary.grades[row.grade] = summary.grades.get(row.grade, 0) + 1
        summary.results[row.outcome] = summary.results.get(row.outcome, 0) + 1
    return ClassReport(rows, failed, dict(sorted(cones.items())))


def _fmt(value, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _pairs(values: dict[str, float]) -> str:
    return "; ".join(f"{k} {v:.0f}" for k, v in values.items())


def _dist(counts: dict[str, int], order) -> str:
    keys = [k for k in order if k in counts] + sorted(k for k in counts if k not in order)
    return " ".join(f"{k}:{counts[k]}" for k in keys)


def to_csv(report: ClassReport) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["file", "player", "scenario", "cone", "seed", "outcome", "score", "grade", "turns",
                "mean relationship", "mean stability", "relationships", "stability", "verified", "notes"])
    for r in report.rows:
        w.writerow([r.path, visible(r.player), r.scenario, r.cone, r.seed, r.outcome, _fmt(r.score, 2), r.grade, r.turns,
                    _fmt(r.mean_relationship), _fmt(r.mean_stability), _pairs(r.relationships), _pairs(r.stability),
                    "yes", r.notes])
    w.writerow([])
    w.writerow(["per cone", "scenario", "saves", "mean score", "median score", "mean turns", "mean relationship",
                "mean stability", "grades", "outcomes"])
    for c in report.cones.values():
        w.writerow([c.cone, c.scenario, c.saves, _fmt(c.mean(c.scores)), _fmt(statistics.median(c.scores) if c.scores else None),
                    _fmt(c.mean(c.turns)), _fmt(c.mean(c.relationships)), _fmt(c.mean(c.stability)),
                    _dist(c.grades, GRADES), _dist(c.results, RESULTS)])
    w.writerow([])
    w.writerow(["failed verification", "player", "scenario", "cone", "seed", "reason"])
    for f in report.failed:
        h = f.header
        w.writerow([f.path, h.player if h else "", h.scenario_id if h else "", h.cone if h else "",
                    h.seed if h else "", visible(f.message)])
    return buf.getvalue()


CSS = """
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;background:#f6f7f9;margin:0}
main{max-width:1300px;margin:0 auto;padding:20px 24px 40px}h1{font-size:24px;margin:0 0 6px}
h2{font-size:18px;margin:24px 0 8px;border-bottom:2px solid #d8dde5;padding-bottom:3px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #dde2ea;padding:4px 7px;text-align:left;vertical-align:top}
th{background:#eef1f5}td.num{text-align:right;font-variant-numeric:tabular-nums}.bad{color:#b3261e}.small{font-size:12px;color:#566070}
.bar{display:inline-block;height:10px;background:#2b6cb0;vertical-align:middle;margin-right:4px;border-radius:2px}
"""


def _bars(counts: dict[str, int], order) -> str:
    total = sum(counts.values()) or 1
    keys = [k for k in order if k in counts] + sorted(k for k in counts if k not in order)
    return "<br>".join(f'{esc(k)} <span class="bar" style="width:{80 * counts[k] / total:.0f}px"></span>{counts[k]}'
                       for k in keys)


def to_html(report: ClassReport, title: str = "Class report") -> str:
    e = esc
    rows = "".join(
        f"<tr><td>{e(r.player or 'anonymous')}</td><td>{e(r.scenario)}</td><td>{e(r.cone)}</td><td class=num>{r.seed}</td>"
        f"<td>{e(r.outcome)}</td><td class=num>{_fmt(r.score)}</td><td>{e(r.grade)}</td><td class=num>{r.turns}</td>"
        f"<td>{e(_pairs(r.relationships))}</td><td>{e(_pairs(r.stability))}</td><td>verified"
        f"{'<div class=small>' + e(r.notes) + '</div>' if r.notes else ''}</td><td class=small>{e(Path(r.path).name)}</td></tr>"
        for r in report.rows)
    cones = "".join(
        f"<tr><td>{e(c.scenario)}</td><td>{e(c.cone)}</td><td class=num>{c.saves}</td><td class=num>{_fmt(c.mean(c.scores))}</td>"
        f"<td class=num>{_fmt(statistics.median(c.scores) if c.scores else None)}</td><td class=num>{_fmt(c.mean(c.turns))}</td>"
        f"<td class=num>{_fmt(c.mean(c.relationships))}</td><td class=num>{_fmt(c.mean(c.stability))}</td>"
        f"<td>{_bars(c.grades, GRADES)}</td><td>{_bars(c.results, RESULTS)}</td></tr>"
        for c in report.cones.values())
    failed = "".join(
        f"<tr><td>{e(Path(f.path).name)}</td><td>{e(f.header.player if f.header else '?')}</td>"
        f"<td class=bad>{e(f.message)}</td></tr>" for f in report.failed) or "<tr><td colspan=3>none</td></tr>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title><style>{CSS}</style></head><body><main>
<h1>{e(title)}</h1><p class="small">{len(report.rows)} verified save(s), {len(report.failed)} failed verification.</p>
<h2>Per scenario and cone</h2>
<table><tr><th>scenario</th><th>cone</th><th>saves</th><th>mean score</th><th>median score</th><th>mean turns</th><th>mean relationship</th>
<th>mean stability</th><th>grades</th><th>outcomes</th></tr>{cones}</table>
<h2>Every save</h2>
<table><tr><th>player</th><th>scenario</th><th>cone</th><th>seed</th><th>outcome</th><th>score</th><th>grade</th><th>turns</th>
<th>final relationships</th><th>final stability</th><th>checked</th><th>file</th></tr>{rows}</table>
<h2>Saves that failed verification</h2>
<table><tr><th>file</th><th>player</th><th>reason</th></tr>{failed}</table>
</main></body></html>
"""
