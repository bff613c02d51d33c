"""A class's saves in one report: per save the teaching figures (objectives met, the agreed term on each
issue, Nash ratio and value left, threats and promises), per group (one scenario text played in one cone)
the averages and a chart of where the deals landed; failed saves, copies and files not read apart, each
with its reason. As CSV, one tidy table per file (--what saves or groups), or as one HTML page.

Every figure comes from the engine: the outcome and the objectives met from scoring, the Nash ratio,
joint-gain share and value left from compromise.session_analysis, the threats and promises from
moments.levers_used. Nothing is computed here a second way.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import statistics
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..model.common import visible
from .batch import each
from .collect import Collected, Skipped, collect
from .copies import Log, Match, find_copies
from .format import sha256_text
from .verify import verify

GRADES = ("A", "B", "C", "D", "F")
RESULTS = ("deal", "partial", "no_deal")
SHOWN_COPIES = 3
"""A copy's reason names at most this many of the saves it matches."""
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell beginning with one of these as a formula: such text is written with a ' first."""


@dataclass
class Row:
    """One save (or one file that could not be read as one)."""

    file: str
    """As the report shows it: relative to the folder it was found in, or as given."""
    path: Path
    status: str
    """verified, failed, copy or not read."""
    problem: str = ""
    name: str = ""
    scenario: str = ""
    cone: str = ""
    seed: int | None = None
    game_version: str = ""
    group: tuple = ()
    """(scenario id, sha256 of its text and turn limit, cone): saves of one group are averaged together."""
    outcome: str = ""
    score: float | None = None
    grade: str = ""
    turns: int | None = None
    objectives: dict[str, bool] = field(default_factory=dict)
    """Issue id -> met, in the scenario's order of objectives."""
    positions: dict = field(default_factory=dict)
    """Issue id -> the agreed position."""
    terms: dict[str, str] = field(default_factory=dict)
    """Issue id -> the agreed term in words."""
    nash_ratio: float | None = None
    joint_gain_share: float | None = None
    value_left: float | None = None
    pareto_efficient: bool | None = None
    you: float | None = None
    """Your utility of the deal, and the counterpart side's (compromise.counterpart_side), for the chart."""
    them: float | None = None
    threats_made: int = 0
    threats_carried_out: int = 0
    promises_made: int = 0
    promises_kept: int = 0
    promises_broken: int = 0
    mean_relationship: float | None = None
    mean_stability: float | None = None
    notes: str = ""
    copies: list[Match] = field(default_factory=list)
    debrief: str | None = None
    """The debrief page's file name (report DIR -o FOLDER), when it exists."""
    summary: str = ""
    """verify's line for a verified save (who, which game, how far, how it ended)."""

    @property
    def counted(self) -> bool:
        """Counted in the group's figures: verified and no copy."""
        return self.status == "verified"

    @property
    def replayed(self) -> bool:
        """Verified by its replay (a copy too): its own figures are real."""
        return self.status in ("verified", "copy")

    def line(self) -> str:
        """The save's line in `verify`: ok with its summary, or FAILED with the reason."""
        if not self.counted:
            return f"{self.file}: FAILED: {'copy: ' if self.status == 'copy' else ''}{self.problem}"
        chance = "".join(f"; note: {m.text()}" for m in self.copies if not m.decisive)
        return f"{self.file}: ok: {self.summary}{chance}"


@dataclass
class Group:
    """One scenario text played in one cone: its scenario, what the game gave at the start, and its saves."""

    key: tuple
    scenario: object
    cone: str
    label: str
    rows: list[Row] = field(default_factory=list)
    start: dict = field(default_factory=dict)
    """At the start of the game: the Nash deal's positions, (you, them) at the Nash point, the frontier, the cloud."""

    @property
    def counted(self) -> list[Row]:
        return [r for r in self.rows if r.counted]

    def mean(self, values) -> float | None:
        values = [v for v in values if v is not None]
        return statistics.fmean(values) if values else None

    def median_score(self) -> float | None:
        scores = [r.score for r in self.counted if r.score is not None]
        return statistics.median(scores) if scores else None

    def count(self, attribute: str, value) -> int:
        return sum(1 for r in self.counted if getattr(r, attribute) == value)

    def met_share(self, issue_id: str) -> float | None:
        met = [r.objectives[issue_id] for r in self.counted if issue_id in r.objectives]
        return sum(met) / len(met) if met else None


@dataclass
class ClassReport:
    rows: list[Row]
    groups: dict[tuple, Group]
    skipped: list[Skipped]
    assignment: object = None

    @property
    def verified(self) -> list[Row]:
        return [r for r in self.rows if r.counted]

    @property
    def failed(self) -> list[Row]:
        return [r for r in self.rows if not r.counted]


# ------------------------------------------------------------------ building

def debrief_names(files: list[Path]) -> dict[Path, str]:
    """The debrief page of each save, as `report DIR -o FOLDER` writes it: <name>.html, -2, -3 ... on a clash."""
    names, used = {}, set()
    for path in files:
        stem = path.name[:-5] if path.name.lower().endswith(".json") else path.name
        name, n = f"{stem}.html", 1
        while name.lower() in used:
            n += 1
            name = f"{stem}-{n}.html"
        used.add(name.lower())
        names[path] = name
    return names


def examine(path: Path, shown: str, assignment=None, figures: bool = True) -> tuple[Row, Log | None, tuple | None]:
    """One save verified (against the assignment, if any) and, with `figures`, its teaching figures: (row, its
    action log for the copy check, (group key, scenario))."""
    from ..engine.compromise import session_analysis

    result = verify(path, assignment=assignment, shown=shown)
    if not result.ok:
        return failed_row(result, shown, path), None, None
    analysis = session_analysis(result.loaded.session) if figures else None
    return save_figures(result, shown, path, analysis)


def failed_row(result, shown: str, path: Path) -> Row:
    header = result.header
    return Row(file=shown, path=path, status="failed", problem=result.message, name=header.player if header else "",
               scenario=header.scenario_id if header else "", cone=header.cone if header else "",
               seed=header.seed if header else None, game_version=header.game_version if header else "")


def save_figures(result, shown: str, path: Path, analysis=None) -> tuple[Row, Log, tuple | None]:
    """A verified save's row (the teaching figures when `analysis`, its session_analysis, is given), its action
    log, and (group key, scenario) when the figures were taken."""
    from ..engine.compromise import counterpart_side
    from ..engine.moments import levers_used
    from ..engine.space import describe

    loaded, header = result.loaded, result.header
    session, state, scenario = loaded.session, loaded.state, loaded.scenario
    row = Row(file=shown, path=path, status="verified", name=header.player, scenario=header.scenario_id, cone=header.cone,
              seed=header.seed, game_version=header.game_version, summary=result.summary())
    row.group = (scenario.id, sha256_text(f"{loaded.scenario_text}\n{scenario.player.deadline}"), state.cone)
    log = Log(shown, (row.group, state.seed), row.name, tuple(a.model_dump_json() for a in session.actions))
    if analysis is None:
        return row, log, None
    out = state.outcome
    row.outcome = out.result if out else f"unfinished ({state.phase})"
    row.score, row.grade, row.turns = (out.score if out else None), (out.grade if out else ""), state.turn
    met = set(out.objectives_met) if out else set()
    row.objectives = {o.issue: o.issue in met for o in scenario.player.objectives}
    row.positions = dict(state.agreed)
    row.terms = {i.id: describe(i, state.agreed[i.id]) for i in scenario.issues if i.id in state.agreed}
    row.nash_ratio, row.joint_gain_share = analysis.nash_ratio, analysis.joint_gain_share
    row.value_left, row.pareto_efficient = analysis.value_left, analysis.pareto_efficient
    if analysis.deal:
        row.you = analysis.parties[0].utility_at_deal
        row.them = float(counterpart_side(scenario, [p.utility_at_deal for p in analysis.parties[1:]]))
    levers = levers_used(session.actions, state)
    row.threats_made, row.threats_carried_out = levers.threats_made, levers.threats_carried_out
    row.promises_made, row.promises_kept, row.promises_broken = levers.promises_made, levers.promises_kept, levers.promises_broken
    row.mean_relationship = statistics.fmean(cs.relationship for cs in state.countries.values())
    row.mean_stability = statistics.fmean(cs.stability for cs in state.countries.values())
    row.notes = "; ".join(loaded.notes)
    return row, log, (row.group, scenario)


# ------------------------------------------------------------------ figures shared with `report DIR -o FOLDER`

FIGURES = "figures.json"
"""Written by `report FOLDER -o DEBRIEFS` beside the debriefs: each verified save's row and action log, keyed
by the SHA-256 of the save file's bytes, with the game version and the assignment it was verified against.
`class-report --debriefs DEBRIEFS` takes a save's row from it when all three match, instead of replaying and
analysing the same bytes again."""
PRIVATE = ("file", "path", "copies", "debrief")


def file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def figures_entry(row: Row, log: Log, scenario) -> dict:
    """A verified save's row and action log as JSON, for FIGURES."""
    from .format import canonical_scenario_json

    data = {k: v for k, v in asdict(row).items() if k not in PRIVATE}
    return {"sha256": file_sha256(row.path), "row": data, "log": list(log.actions), "seed": log.game[1],
            "scenario": canonical_scenario_json(scenario)}


def write_figures(folder: Path, assignment, entries: list[dict]) -> None:
    """Add these entries to the folder's FIGURES (those of another game version or assignment are dropped)."""
    from .. import __version__
    from .store import atomic_write

    known = read_figures(folder, assignment)
    saves, scenarios = dict(known.get("saves", {})), dict(known.get("scenarios", {}))
    for entry in entries:
        entry = dict(entry)
        text = entry.pop("scenario")
        scenarios.setdefault(sha256_text(text), text)
        entry["scenario"] = sha256_text(text)
        saves[entry.pop("sha256")] = entry
    document = {"format": "demarche-figures", "game_version": __version__,
                "assignment": assignment.fingerprint() if assignment else None, "saves": saves, "scenarios": scenarios}
    atomic_write(folder / FIGURES, json.dumps(document, ensure_ascii=False).encode("utf-8"))


def read_figures(folder: Path | None, assignment) -> dict:
    """The folder's FIGURES when it was written by this game version for this assignment (or none), else {}."""
    from .. import __version__

    if folder is None:
        return {}
    try:
        document = json.loads((Path(folder) / FIGURES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(document, dict) or document.get("format") != "demarche-figures":
        return {}
    if document.get("game_version") != __version__:
        return {}
    if document.get("assignment") != (assignment.fingerprint() if assignment else None):
        return {}
    return document


def _from_figures(figures: dict, path: Path, shown: str):
    """(row, log, (group, scenario)) of a save from FIGURES when its bytes are the ones recorded, else None."""
    from ..model.scenario import Scenario

    entry = figures.get("saves", {}).get(file_sha256(path) or "")
    if not isinstance(entry, dict):
        return None
    try:
        data = dict(entry["row"])
        data["group"] = tuple(data["group"])
        row = Row(file=shown, path=path, **data)
        scenario = _SCENARIOS.get(entry["scenario"])
        if scenario is None:
            scenario = _SCENARIOS[entry["scenario"]] = Scenario.model_validate_json(figures["scenarios"][entry["scenario"]])
        log = Log(shown, (row.group, entry["seed"]), row.name, tuple(entry["log"]))
    except (KeyError, TypeError, ValueError):
        return None
    return row, log, (row.group, scenario)


_SCENARIOS: dict = {}


def build(paths, assignment=None, *, debriefs: Path | None = None, jobs: int = 1,
          progress: Callable[[int, int], None] | None = None, collected: Collected | None = None,
          figures: bool = True) -> ClassReport:
    """Verify every save in `paths` (files, or folders read one level deep) and gather the report (without
    `figures`: the verdicts and the copies alone, as `verify` prints them)."""
    collected = collected or collect(paths)
    known = read_figures(debriefs, assignment) if figures else {}
    cached = {p: _from_figures(known, p, collected.shown[p]) for p in collected.files} if known else {}
    todo = [p for p in collected.files if cached.get(p) is None]
    done = dict(zip(todo, each(examine, [(p, collected.shown[p], assignment, figures) for p in todo], jobs, progress)))
    results = [cached.get(p) or done[p] for p in collected.files]
    rows = [row for row, _, _ in results]
    copies = find_copies([log for _, log, _ in results if log is not None])
    for row in rows:
        row.copies = copies.get(row.file, [])
        decisive = [m for m in row.copies if m.decisive]
        if decisive:
            more = f"; and {len(decisive) - SHOWN_COPIES} more" if len(decisive) > SHOWN_COPIES else ""
            row.status, row.problem = "copy", "; ".join(m.text() for m in decisive[:SHOWN_COPIES]) + more
    if debriefs is not None:
        names = debrief_names(collected.files)
        for row in rows:
            if row.counted and (debriefs / names[row.path]).is_file():
                row.debrief = names[row.path]
    scenarios = {key: scenario for _, _, first in results if first for key, scenario in [first]}
    rows.sort(key=lambda r: (natural(r.name), natural(r.file)))
    groups = _groups(rows, scenarios)
    rows += [Row(file=s.shown, path=s.path, status="not read", problem=s.why) for s in collected.skipped]
    return ClassReport(rows, groups, collected.skipped, assignment)


def natural(text: str) -> tuple:
    """A sort key that puts "Student 2" before "Student 10": runs of digits compare as numbers."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
                 for part in re.split(r"(\d+)", text) if part)


def _groups(rows: list[Row], scenarios: dict) -> dict[tuple, Group]:
    groups: dict[tuple, Group] = {}
    texts: dict[str, list[str]] = {}
    for key in sorted(scenarios):
        texts.setdefault(key[0], [])
        if key[1] not in texts[key[0]]:
            texts[key[0]].append(key[1])
    for key in sorted(scenarios):
        scenario_id, digest, cone = key
        scenario = scenarios[key]
        label = scenario.title
        if len(texts[scenario_id]) > 1:
            label += f" (text {texts[scenario_id].index(digest) + 1} of {len(texts[scenario_id])}: {digest[:8]})"
        groups[key] = Group(key, scenario, cone, f"{label}, {cone.replace('_', ' ')} cone")
    for row in rows:
        if row.group in groups:
            groups[row.group].rows.append(row)
    for group in groups.values():
        group.start = _start(group.scenario, group.cone)
    return groups


def _start(scenario, cone: str) -> dict:
    """What the game gave at the start of the talks: the Nash deal and the frontier (the group chart's ground)."""
    from ..engine.compromise import counterpart_side, deal_points, session_analysis
    from ..engine.session import Session

    session = Session(scenario, cone, 0)
    analysis = session_analysis(session)
    cloud, frontier = deal_points(session)
    nash = None
    if analysis.zopa:
        nash = (analysis.parties[0].utility_at_nash,
                float(counterpart_side(scenario, [p.utility_at_nash for p in analysis.parties[1:]])))
    no_deal = (analysis.parties[0].no_deal_value,
               float(counterpart_side(scenario, [p.no_deal_value for p in analysis.parties[1:]])))
    return {"nash_positions": analysis.nash_deal.positions if analysis.nash_deal else {}, "nash": nash,
            "cloud": cloud, "frontier": frontier, "no_deal": no_deal}


# ------------------------------------------------------------------ CSV

def cell(value) -> str | int | float:
    """A CSV cell: numbers as they are; text shown as visible() shows it, with a ' first when a spreadsheet
    could read it as a formula (it begins with =, +, -, @, a tab or a CR, before or after invisible characters
    and spaces are taken out)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return value
    raw = str(value)
    text = visible(raw)
    risky = raw.startswith(DANGEROUS) or text.lstrip().startswith(DANGEROUS)
    return "'" + text if risky else text


def _pct(x: float | None) -> float | None:
    return None if x is None else round(x * 100, 1)


def _points(x: float | None) -> float | None:
    return None if x is None else round(x * 100)


def _issue_columns(report: ClassReport) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(objective columns, term columns) as (issue id, issue name), over every group's scenario, without repeats."""
    objectives, terms = {}, {}
    for group in report.groups.values():
        scenario = group.scenario
        for o in scenario.player.objectives:
            objectives.setdefault(o.issue, scenario.issue(o.issue).name)
        for issue in scenario.issues:
            terms.setdefault(issue.id, issue.name)
    return list(objectives.items()), list(terms.items())


def _table(header: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([cell(h) for h in header])
    for row in rows:
        w.writerow([cell(v) for v in row])
    return buf.getvalue()


def saves_csv(report: ClassReport) -> str:
    """One row per save: the gradebook's columns first (name, score, grade, objectives met), then the rest."""
    objectives, terms = _issue_columns(report)
    header = (["name", "score", "grade", "objectives met", "objectives", "status", "problem", "file", "scenario", "cone",
               "seed", "outcome", "turns"]
              + [f"objective: {name}" for _, name in objectives] + [f"term: {name}" for _, name in terms]
              + ["Nash ratio %", "joint gain share %", "value left (points)", "Pareto-efficient", "threats made",
                 "threats carried out", "promises made", "promises kept", "promises broken", "mean relationship",
                 "mean stability", "game version", "debrief", "notes"])
    rows = []
    for r in report.rows:
        real = r.replayed
        rows.append([r.name, None if r.score is None else round(r.score, 2), r.grade,
                     sum(r.objectives.values()) if real else None, len(r.objectives) if real else None,
                     r.status, r.problem, r.file, r.scenario, r.cone, r.seed, r.outcome, r.turns]
                    + [r.objectives.get(i) if real else None for i, _ in objectives]
                    + [r.terms.get(i) for i, _ in terms]
                    + [_pct(r.nash_ratio), _pct(r.joint_gain_share), _points(r.value_left), r.pareto_efficient,
                       r.threats_made if real else None, r.threats_carried_out if real else None,
                       r.promises_made if real else None, r.promises_kept if real else None,
                       r.promises_broken if real else None,
                       None if r.mean_relationship is None else round(r.mean_relationship, 1),
                       None if r.mean_stability is None else round(r.mean_stability, 1), r.game_version, r.debrief,
                       "; ".join([r.notes] + [m.text() for m in r.copies if not m.decisive]).strip("; ")])
    return _table(header, rows)


def groups_csv(report: ClassReport) -> str:
    """One row per group (one scenario text in one cone): counts, averages and the share meeting each objective."""
    objectives, _ = _issue_columns(report)
    header = (["scenario", "cone", "group", "saves", "verified", "failed or copied", "mean score", "median score"]
              + list(GRADES) + ["deal", "partial", "no deal", "mean Nash ratio %", "mean value left (points)", "mean turns"]
              + [f"met: {name} %" for _, name in objectives] + ["mean relationship", "mean stability"])
    rows = []
    for g in report.groups.values():
        n = g.counted

        def rounded(x, digits=1):
            return None if x is None else round(x, digits)

        rows.append([g.scenario.id, g.cone, g.label, len(g.rows), len(n), len(g.rows) - len(n),
                     rounded(g.mean(r.score for r in n), 2), rounded(g.median_score(), 2)]
                    + [g.count("grade", grade) for grade in GRADES]
                    + [g.count("outcome", result) for result in RESULTS]
                    + [_pct(g.mean(r.nash_ratio for r in n)), rounded(_points(g.mean(r.value_left for r in n)), 1),
                       rounded(g.mean(r.turns for r in n))]
                    + [_pct(g.met_share(i)) for i, _ in objectives]
                    + [rounded(g.mean(r.mean_relationship for r in n)), rounded(g.mean(r.mean_stability for r in n))])
    return _table(header, rows)


def to_csv(report: ClassReport, what: str = "saves") -> str:
    return saves_csv(report) if what == "saves" else groups_csv(report)

