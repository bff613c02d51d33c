"""A country's hidden patience: what it needs from a deal now, and how it answers the way you negotiate.

Drawn once per game from the country's concession style (`draw`, seeded by the session's rng) and hidden
from the player:
  patience  turns without a new offer from you that it sits through before it sets an ultimatum
  horizon   the turn by which it believes the talks must end: its reading of the deadline (a hard bargainer
            tends to think it has more time than it does, a conceder less); it paces itself to the earlier of
            its horizon and the real deadline
  outside   what no deal is worth to it, its outside option: a little above the scenario's reservation,
            and events can move it

What it needs (`need`) follows a Faratin path from 1 down to a floor, f + (1 - f)(1 - g^(1/e)), but the
path's clock g (`progress`) runs only while you negotiate. At the end of each turn (`settle`) it moves one
step along the path if your concessions since its last step give it at least what that step gives you
back, part of a step for less (concessions are answered with concessions); on its own it concedes only an
opening share of its path (OPENING), a step a turn while you make offers. In talks between two, your
concession is what your offers gained it; at a table of three or more, what each partner gave up in its
own terms as the country models it, the average partner's. A turn of silence or of offers already made
moves nothing, so waiting never wins. The floor f is its utility at the Nash point it estimates between
itself and its partners (from what it learned of their priorities), from 30 % of the talks sliding to its
outside option at the deadline; only the progress you earned brings it down its path, so only talks that
went both ways end near its outside option.

Silence and repetition try its patience: a turn without a new offer from you counts (twice past its
horizon); after `patience` of them it sets an ultimatum ("we will not wait past turn N") and each further
such turn takes a step back up its path; when the ultimatum passes, it walks out for a turn the first time
and, the next time, takes its outside option and leaves the talks. A conference party is patient until
your first draft, and while the draft on the table wins its vote.
"""

import math
import random

from ..model.scenario import Country, Scenario
from ..model.state import Temper
from .strategy import CONCESSION_EXPONENTS, faratin_target, nash_search
from .valuation import POINT, WHIP_REACH, Context, open_problem, quantize

STYLES = {"boulware": 0.0, "linear": 0.5, "conceder": 1.0}
PATIENCE = ((0.25, 0.4), (0.12, 0.25))
"""Patience as a share of the horizon: (low, high) draw for a hard bargainer and for a conceder."""
HORIZON = ((0.0, 0.3), (-0.3, 0.0))
"""Its reading of the deadline, as a shift of the real one: (low, high) for a hard bargainer, a conceder."""
OUTSIDE = (0.005, 0.03)
"""Its outside option is the scenario's reservation plus a draw in this range (in whole points, rounded up)."""
FLOOR_FROM = 0.3
"""Its floor is its estimated Nash utility until this share of the talks (by the real deadline), then slides
linearly to its outside option at the deadline."""
MOVED = POINT
"""Concessions smaller than this (in its utility) add up until they make a move."""
OPENING = 0.15
"""The share of its path it concedes on its own, a step a turn, while you make offers; beyond it, only in
answer to your concessions."""
REFRESH = 0.05
"""The Nash point it estimates is refreshed every this share of its horizon (at least every turn)."""


def exponent(country: Country) -> float:
    style = country.concession
    return CONCESSION_EXPONENTS[style] if isinstance(style, str) else float(style)


def style_position(country: Country) -> float:
    """0 for a hard bargainer (boulware), 1 for a conceder, by its concession exponent (log scale)."""
    e = exponent(country)
    lo, hi = math.log(CONCESSION_EXPONENTS["boulware"]), math.log(CONCESSION_EXPONENTS["conceder"])
    return min(1.0, max(0.0, (math.log(e) - lo) / (hi - lo)))


def temperament(country: Country) -> str:
    """What a briefing may say of a country's negotiators: its concession style in words (the draws stay
    hidden)."""
    p = style_position(country)
    if p < 1 / 3:
        return "a hard bargainer: patient, slow to concede, and it thinks it has time"
    if p > 2 / 3:
        return "eager for a deal: it gives way early, is short of patience and fears time is short"
    return "steady: it concedes at an even pace"


def _between(pair: tuple, p: float) -> tuple[float, float]:
    (a0, a1), (b0, b1) = pair
    return a0 + (b0 - a0) * p, a1 + (b1 - a1) * p


def draw(country: Country, scenario: Scenario, rng: random.Random) -> Temper:
    """Its hidden patience for one game, from its concession style."""
    p = style_position(country)
    deadline = scenario.player.deadline
    horizon = max(2, round(deadline * (1 + rng.uniform(*_between(HORIZON, p)))))
    patience = max(1, round(horizon * rng.uniform(*_between(PATIENCE, p))))
    outside = points_up(country.reservation + rng.uniform(*OUTSIDE))
    return Temper(patience=patience, horizon=horizon, outside=min(1.0, outside))


def points_up(value: float) -> float:
    """A utility rounded up to whole points (0.4512 -> 0.46)."""
    return math.ceil(value * 100 - 1e-9) / 100


def clock(turn: int, horizon: int) -> float:
    """Its reading of time: 0 on the first turn, 1 on the turn it believes the talks end."""
    return min(1.0, max(0.0, (turn - 1) / max(1, horizon - 1)))


def floor_share(t: float) -> float:
    """The share of its estimated Nash gain its floor keeps at time t of the talks (0..1)."""
    return 1.0 if t <= FLOOR_FROM else max(0.0, (1.0 - t) / (1.0 - FLOOR_FROM))


def floor(ctx: Context, temper: Temper) -> float:
    """The bottom of its path now: its estimated Nash utility early on, sliding to its outside option as the
    real deadline nears."""
    if temper.fair is None or temper.fair <= temper.outside:
        return temper.outside
    share = floor_share(clock(ctx.state.turn, ctx.scenario.player.deadline))
    return temper.outside + share * (temper.fair - temper.outside)


def path(progress: float, bottom: float, e: float) -> float:
    return faratin_target(progress, bottom, e)


def step(ctx: Context, temper: Temper) -> float:
    """One turn's step along its path: it paces itself to reach its floor by the end of the talks as it reads
    them, or by the real deadline if that comes first."""
    return 1.0 / max(1, min(temper.horizon, ctx.scenario.player.deadline) - 1)


def need(ctx: Context, country_id: str) -> float:
    """What the country needs from a deal now, in whole points; never below its outside option."""
    country, cs = ctx.country(country_id)
    temper = cs.temper
    target = path(temper.progress, floor(ctx, temper), exponent(country))
    if cs.whipped:
        target = max(temper.outside, target - WHIP_REACH * ctx.cone.whip_strength)
    return max(quantize(min(1.0, target)), temper.outside)


# ----------------------------------------------------------------------------- how the talks go


def observe(temper: Temper, worth: float, new: bool = True, by: str = "player") -> None:
    """An offer (or a draft) from `by`, worth `worth` to the country (issues and rewards) this turn; `new`
    when it had not seen that offer from that partner before."""
    temper.turn_best[by] = max(worth, temper.turn_best.get(by, worth))
    temper.turn_new = temper.turn_new or new


def settle(ctx: Context, country_id: str, estimate=None, content: bool = False,
           levels: dict[str, float] | None = None) -> list[str]:
    """The end of a turn for one country. It answers your concessions with its own (small moves add up until
    they make a point), concedes an opening share of its path on its own while you make offers, and counts
    a turn in which you made it no new offer (silence, or an offer repeated): after `patience` such turns it
    sets an ultimatum, then takes a step back up its path each further turn, and when the ultimatum passes
    it walks out for a turn the first time and leaves the talks the second. Returns what happened: 'moved',
    'answering', 'opening', 'stalled', 'warned' (patience wearing thin), 'ultimatum', 'hardened',
    'walked_out', 'left'.

    `estimate(ctx, country_id)` gives its utility at the Nash point it estimates (None: it cannot yet);
    `content`: what is on the table already meets its need (a conference draft it votes for), so nothing
    you leave unchanged tries its patience. `levels`: at a table of three or more, each partner's level as
    it models it (its utility for its own latest offer); there a partner's concession is what it gave up
    in its own terms (toward anyone at the table), and the country answers the average partner's."""
    country, cs = ctx.country(country_id)
    m = cs.temper
    turn = ctx.state.turn
    events = []
    if away(m, turn):
        m.turn_best, m.turn_new = {}, False
        return events
    engaged, new, moved = bool(m.turn_best), m.turn_new, False
    if engaged and m.opening is None:
        m.opening = max(m.turn_best.values())
        moved = True
    for by, value in m.turn_best.items():
        if by not in m.best:
            m.best[by] = value
            m.mark += value
        elif value > m.best[by]:
            if not levels:
                m.credit += value - m.best[by]
            m.best[by] = value
    if sum(m.best.values()) - m.mark >= MOVED - 1e-9:
        m.mark, moved = sum(m.best.values()), True
    if levels:
        given = sum(max(0.0, m.levels[p] - level) for p, level in levels.items() if p in m.levels) / len(levels)
        m.credit += given
        moved = moved or given >= MOVED - 1e-9
        for p, level in levels.items():
            m.levels[p] = min(level, m.levels.get(p, level))
    m.turn_best, m.turn_new = {}, False
    if estimate is not None and m.opening is not None and turn - m.fair_turn >= max(1, round(REFRESH * m.horizon)):
        m.fair, m.fair_turn = estimate(ctx, country_id), turn
    if m.credit > 1e-9 and m.progress < 1.0:
        expected = _step_value(ctx, country, m)
        share = 1.0 if expected <= 1e-9 else min(1.0, m.credit / expected)
        m.progress = min(1.0, m.progress + share * step(ctx, m))
        m.credit = max(0.0, m.credit - share * expected)
        events.append("answering")
    elif engaged and conceded(ctx, country, m) < OPENING:
        m.progress = min(1.0, m.progress + step(ctx, m))
        events.append("opening")
    if moved or new or content:
        m.stalled = 0
        m.ultimatum = None
        if moved:
            events.append("moved")
        return events
    if m.opening is None and (turn == 1 or ctx.scenario.kind == "multilateral"):
        return events  # the first turn is yours to open; a conference waits for your first draft
    m.stalled += 2 if turn > m.horizon else 1  # past the end it expected, its patience runs out twice as fast
    events.append("stalled")
    if m.stalled < m.patience:
        if m.stalled >= m.patience - 1:
            events.append("warned")
        return events
    if m.ultimatum is None:
        m.ultimatum = turn + max(1, m.patience // 2)
        events.append("ultimatum")
        return events
    m.progress = max(0.0, m.progress - step(ctx, m))
    events.append("hardened")
    if turn >= m.ultimatum:
        m.ultimatum = None
        if m.walkouts == 0:
            m.walkouts += 1
            m.away = turn + 1
            m.stalled = m.patience // 2
            events.append("walked_out")
        else:
            m.left = turn
            events.append("left")
    return events


def conceded(ctx: Context, country: Country, temper: Temper) -> float:
    """The share of its path it has conceded so far (0 at its ideal, 1 at its floor)."""
    bottom = floor(ctx, temper)
    return (1.0 - path(temper.progress, bottom, exponent(country))) / max(1e-9, 1.0 - bottom)


def _step_value(ctx: Context, country: Country, temper: Temper) -> float:
    """What one more step along its path gives you, in its utility."""
    e, bottom = exponent(country), floor(ctx, temper)
    return path(temper.progress, bottom, e) - path(min(1.0, temper.progress + step(ctx, temper)), bottom, e)


def estimate_fair(ctx: Context, country_id: str, models) -> float | None:
    """Its utility at the Nash point of itself and its partners as it models them (issues only)."""
    models = [(m, rv) for m, rv in models if m.n_offers]
    if not models:
        return None
    open_idx, own, settled = open_problem(ctx, country_id)
    temper = ctx.state.countries[country_id].temper
    mats = [own.matrix] + [m.matrix[open_idx] for m, _ in models]
    fixed = ctx.space.encode(ctx.state.agreed)
    rvs = [temper.outside - settled] + [rv - sum(m.matrix[j, k] for j, k in fixed.items()) for m, rv in models]
    outcome, _ = nash_search(mats, rvs)
    return own(outcome) + settled


def away(temper: Temper | None, turn: int) -> bool:
    return temper is not None and (temper.left is not None or (temper.away is not None and temper.away >= turn))


def stance(ctx: Context, country_id: str) -> str:
    """What the country lets you read of its patience, in its own words."""
    cs = ctx.state.countries[country_id]
    m, turn = cs.temper, ctx.state.turn
    if m is None:
        return ""
    if m.left is not None:
        return f"We left these talks on turn {m.left}."
    if m.away is not None and m.away >= turn:
        return f"We have walked out; we are back on turn {m.away + 1}."
    words = []
    if m.walkouts and m.away is not None and m.away == turn - 1:
        words.append("We came back to the table; we will not come back a second time.")
    if m.ultimatum is not None:
        words.append(f"We will not wait past turn {m.ultimatum}.")
    elif m.stalled and m.stalled >= m.patience - 1:
        words.append("Our patience is wearing thin.")
    elif m.stalled:
        words.append(f"You have not moved toward us for {m.stalled} turn{'s' if m.stalled > 1 else ''}.")
    elif m.opening is not None and m.credit > 1e-9:
        words.append("You moved toward us; we are moving toward you.")
    if turn > m.horizon:
        words.append("We expected these talks to be over by now.")
    return " ".join(words)
