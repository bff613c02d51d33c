"""Is the scenario playable, and does the cone matter? One screen for an author.

- Whether one shared deal can clear every party the decision rule needs within the budget: the deal
  space at the opening (deals.py), its Nash point and the objectives it meets.
- Per cone, the planning bot's games (seeds 0..N-1): win rate (grade A or B) with its 95 % Wilson
  interval, mean and best score, objectives met.
- What closed the gaps: the planner's notes, per cone, on the levers and cone actions that a party's
  yes depended on (without them it would have said no).
- Warnings: validate's, the deal space's, and the balance's own (no cone wins, one always does, the
  cones' mean scores too close together for the choice to matter).
"""

from dataclasses import dataclass, field

from ..engine.planner import notes
from ..engine.simulate import ConeStats, simulate
from ..engine.wording import counted
from ..loading.problems import WARNING
from ..loading.scenario_loader import Checked
from ..model.cones import CONES, DEFAULT_CONES
from .deals import Reach, baseline, reach

WIN_BAND = (0.10, 0.90)
"""A cone is in play when the planner wins between 10 % and 90 % of its games."""
CONES_IN_PLAY = 3
SPREAD = 5.0
"""The best and worst cone's mean scores should be at least this many points apart."""


@dataclass
class Lever:
    """What one lever or cone action did, in one cone, over the games."""

    kind: str
    lever: str
    country: str | None
    games: set = field(default_factory=set)
    decisive: set = field(default_factory=set)
    gain: float = 0.0
    uses: int = 0


@dataclass
class Balance:
    scenario: object
    seeds: int
    opening: Reach
    reached: dict
    stats: dict[str, ConeStats]
    levers: dict[str, list[Lever]]
    warnings: list
    """loading.problems.Problem, all of severity WARNING."""

    @property
    def reachable(self) -> bool:
        return any(r.zopa for r in self.reached.values())

    @property
    def spread(self) -> float:
        means = [s.mean_score for s in self.stats.values()]
        return max(means) - min(means)

    def in_play(self) -> list[str]:
        return [c for c, s in self.stats.items() if WIN_BAND[0] <= s.win_rate <= WIN_BAND[1]]


def _collect(levers: dict, cone: str):
    def keep(session) -> None:
        seed = session.state.seed
        for note in notes(session):
            key = (note.kind, note.lever, note.country)
            entry = levers[cone].setdefault(key, Lever(*key))
            entry.games.add(seed)
            entry.uses += 1
            entry.gain += note.gain
            if note.decisive and session.state.deal is not None:
                entry.decisive.add(seed)
    return keep


def balance(checked: Checked, seeds: int, progress=None) -> Balance:
    """Play the planner `seeds` games in every cone of a scenario checked without errors (deals.check_fully)
    and gather the report; its warnings are the check's and the balance's own."""
    scenario = checked.scenario
    reached = reach(scenario)
    levers: dict = {cone: {} for cone in CONES}
    stats, done = {}, 0
    for cone in CONES:
        def step(n, total, base=done):
            if progress:
                progress(base + n, seeds * len(CONES))
        stats[cone] = simulate(scenario, [cone], seeds, "planner", progress=step, keep=_collect(levers, cone))[cone]
        done += seeds
    result = Balance(scenario, seeds, baseline(scenario), reached, stats,
                     {c: sorted(v.values(), key=lambda lv: (-len(lv.decisive), -lv.gain)) for c, v in levers.items()},
                     [])
    where = checked.where
    result.warnings = sorted(checked.warnings + where.found(_balance_warnings(result), WARNING),
                             key=lambda p: (p.line, p.column))
    return result


def _balance_warnings(b: Balance):
    """The balance's own warnings, as (data path, message, None)."""
    path = ("cones",) if b.scenario.cones else ("kind",)
    stats = b.stats
    low, high = WIN_BAND
    if all(s.wins == 0 for s in stats.values()):
        yield path, f"the planner won none of its {b.seeds} games in any cone: the scenario may be unwinnable", None
    for cone, s in stats.items():
        label = DEFAULT_CONES[cone].label
        if s.win_rate > high:
            yield path, f"the planner wins {s.win_rate:.0%} of its games as {label}: too easy for that cone", None
    if len(b.in_play()) < CONES_IN_PLAY:
        yield path, (f"only {counted(len(b.in_play()), 'cone')} win between {low:.0%} and {high:.0%} of the planner's games "
                     f"(aim for {CONES_IN_PLAY} or more)"), None
    if b.spread < SPREAD:
        yield path, (f"the cones' mean scores are only {b.spread:.1f} points apart (aim for {SPREAD:g} or more): the "
                     "choice of cone hardly matters here"), None


def _name(scenario, lever: Lever) -> str:
    names = {r.id: r.name for r in scenario.rewards} | {t.id: t.name for t in scenario.threats}
    words = {"analyze": "analysis", "persuade": "persuasion", "public_campaign": "public campaign",
             "host_summit": "summit", "whip": "whip", "respond": "event answer"}
    what = names.get(lever.lever) if lever.kind in ("reward", "threat") else words.get(lever.kind, lever.kind)
    if lever.kind == "respond":
        what = f"event answer '{lever.lever}'"
    target = scenario.country(lever.country).name if lever.country else "everyone"
    return f"{what} -> {target}"


def report_text(b: Balance, shown: str) -> str:
    s = b.scenario
    total = len(s.player.objectives)
    lines = [f"{s.title} ({shown}): the planner's games, {counted(b.seeds, 'seed')} per cone; a win is grade A or B"]
    if b.reachable:
        deal = b.opening.nash
        terms = "; ".join(f"{s.issue(i).name} {_position(s, i, p)}" for i, p in deal.positions.items()) if deal else ""
        lines.append(f"Shared deal: yes. At the opening the Nash point meets {len(b.opening.nash_met)} of {total} "
                     f"objectives ({terms})" + (f"; one deal in reach meets {len(b.opening.best_met)}" if deal else ""))
    else:
        lines.append("Shared deal: NO. No deal within the budget clears every party the rule needs, in any cone.")
    lines.append(f"{'cone':<18}{'win rate (95% interval)':>24}{'mean':>7}{'best':>6}{'objectives':>11}{'deals':>7}"
                 f"{'Nash meets':>11}")
    for cone, st in b.stats.items():
        lo, hi = st.interval
        nash = b.reached[cone]
        lines.append(f"{cone:<18}{st.win_rate:>7.0%} ({lo:>4.0%} to {hi:>4.0%}){st.mean_score:>7.1f}{st.best:>6.0f}"
                     f"{st.objectives / max(1, st.objectives_total):>11.0%}{st.deals / st.games:>7.0%}"
                     f"{(f'{len(nash.nash_met)} of {total}' if nash.zopa else 'no deal'):>11}")
    ranked = sorted(b.stats, key=lambda c: b.stats[c].mean_score)
    lines.append(f"Spread of mean scores: {b.spread:.1f} points (best {ranked[-1]}, worst {ranked[0]}); "
                 f"{counted(len(b.in_play()), 'cone')} win {WIN_BAND[0]:.0%} to {WIN_BAND[1]:.0%} of games")
    lines.append("What closed the gaps (games where that party's yes depended on it; mean points it added):")
    for cone, levers in b.levers.items():
        shown_levers = [lv for lv in levers if lv.decisive][:4]
        text = "; ".join(f"{_name(s, lv)} {len(lv.decisive)}/{b.seeds} (+{100 * lv.gain / max(1, lv.uses):.0f})"
                         for lv in shown_levers) or "nothing decisive"
        lines.append(f"  {cone}: {text}")
    lines.append("Warnings:" if b.warnings else "Warnings: none")
    lines += [f"  {w}" for w in b.warnings]
    return "\n".join(lines)


def _position(scenario, issue_id, position) -> str:
    from ..engine.space import describe

    return describe(scenario.issue(issue_id), position)


def report_json(b: Balance) -> dict:
    def lever(lv: Lever) -> dict:
        return {"kind": lv.kind, "lever": lv.lever, "country": lv.country, "games": len(lv.games),
                "decisive": len(lv.decisive), "mean_gain": round(lv.gain / max(1, lv.uses), 4)}

    cones = {}
    for cone, st in b.stats.items():
        lo, hi = st.interval
        cones[cone] = {"win_rate": round(st.win_rate, 4), "ci_low": round(lo, 4), "ci_high": round(hi, 4),
                       "mean_score": round(st.mean_score, 2), "best_score": round(st.best, 2),
                       "deals": round(st.deals / st.games, 4),
                       "objectives_met": round(st.objectives / max(1, st.objectives_total), 4),
                       "nash_objectives_met": list(b.reached[cone].nash_met),
                       "levers": [lever(lv) for lv in b.levers[cone] if lv.decisive][:8]}
    return {"scenario": b.scenario.id, "seeds": b.seeds, "bot": "planner", "reachable": b.reachable,
            "nash_objectives_met": list(b.opening.nash_met), "objectives_total": len(b.scenario.player.objectives),
            "cones": cones, "spread": round(b.spread, 2), "cones_in_play": b.in_play(),
            "warnings": [{"path": w.file, "line": w.line, "column": w.column, "field": w.field, "message": w.text}
                         for w in b.warnings]}
