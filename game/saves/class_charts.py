"""The class report's charts, as inline SVG: where a group's deals landed on each issue, and on the plane of
your utility against the other side's, beside the Nash point and the Pareto frontier at the start of the
talks (the debrief sheet negotiation teachers draw by hand)."""

from __future__ import annotations

import math
import textwrap
from collections import Counter

from ..model.positions import objective_met
from ..model.scenario import RangeIssue
from .report import esc

INK, MUTED, GRID = "#1d2430", "#566070", "#e3e7ee"
DEAL, NASH, ZONE, THEM = "#2b6cb0", "#c05621", "#d9efe0", "#6b46c1"


_e = esc


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" aria-label="{_e(title)}"><text x="8" y="16" font-size="13" font-weight="600" fill="{INK}">'
            f'{_e(title)}</text>{"".join(body)}</svg>')


def _diamond(x: float, y: float, r: float, colour: str, tip: str) -> str:
    return (f'<path d="M{x:.1f} {y - r:.1f}L{x + r:.1f} {y:.1f}L{x:.1f} {y + r:.1f}L{x - r:.1f} {y:.1f}Z" fill="{colour}" '
            f'stroke="#fff" stroke-width="1"><title>{_e(tip)}</title></path>')


def _label(x: float, y: float, text: str, width: float) -> str:
    """A tick label under the axis, wrapped to two lines of about `width` pixels."""
    lines = textwrap.wrap(text, max(6, int(width / 6))) or [""]
    if len(lines) > 2:
        lines = [lines[0], lines[1][: max(1, len(lines[1]) - 1)] + "…"]
    return "".join(f'<text x="{x:.1f}" y="{y + 12 * i:.1f}" font-size="10.5" text-anchor="middle" fill="{MUTED}">{_e(line)}</text>'
                   for i, line in enumerate(lines))


def issue_chart(scenario, issue, positions: list, nash=None, width: int = 380, height: int = 170) -> str:
    """How many deals settled each position of one issue; the player's objective (shaded: positions that
    meet it), the player's ideal (square), each delegation's ideal (triangles) and the Nash point at the
    start (a dashed line topped by a diamond)."""
    from ..engine.space import describe

    objective = next((o for o in scenario.player.objectives if o.issue == issue.id), None)
    counts = Counter(positions)
    left, right, top, bottom = 16, 16, 34, 52
    pw, ph = width - left - right, height - top - bottom
    body = []
    if isinstance(issue, RangeIssue):
        span = issue.max - issue.min

        def x(v) -> float:
            return left + pw * (float(v) - issue.min) / span

        ticks = [issue.min + span * k / 4 for k in range(5)]
        slots = sorted(counts)
        label = lambda v: describe(issue, v)  # noqa: E731
        bar_w = max(4.0, min(18.0, pw / max(1, round(span / issue.step) + 1) * 0.8))
        tick_w = pw / 4
    else:
        keys = [o.id for o in issue.options]
        step = pw / len(keys)

        def x(v) -> float:
            return left + step * (keys.index(v) + 0.5)

        ticks, slots = keys, keys
        label = lambda v: next(o.label for o in issue.options if o.id == v)  # noqa: E731
        bar_w = min(40.0, step * 0.6)
        tick_w = step - 4
    base = top + ph
    if objective is not None:  # shade the positions that meet the player's objective
        if isinstance(issue, RangeIssue):
            reach = abs(float(objective.target) - float(objective.ideal))
            lo, hi = max(issue.min, float(objective.ideal) - reach), min(issue.max, float(objective.ideal) + reach)
            body.append(f'<rect x="{x(lo):.1f}" y="{top}" width="{max(1.0, x(hi) - x(lo)):.1f}" height="{ph}" fill="{ZONE}">'
                        f'<title>{_e(f"meets your objective: {objective.description}")}</title></rect>')
        else:
            for key in keys:
                if objective_met(issue, objective, key):
                    body.append(f'<rect x="{x(key) - step / 2:.1f}" y="{top}" width="{step:.1f}" height="{ph}" fill="{ZONE}">'
                                f'<title>{_e("meets your objective: " + objective.description)}</title></rect>')
    if nash is not None:
        nx = x(nash)
        body.append(f'<line x1="{nx:.1f}" x2="{nx:.1f}" y1="{top - 4}" y2="{base}" stroke="{NASH}" stroke-width="1.5" '
                    f'stroke-dasharray="4 3"/>')
    body.append(f'<line x1="{left}" x2="{left + pw}" y1="{base}" y2="{base}" stroke="#9aa5b5"/>')
    most = max(counts.values(), default=1)
    for key in slots:
        n = counts.get(key, 0)
        if not n:
            continue
        h = max(3.0, (ph - 12) * n / most)
        body.append(f'<rect x="{x(key) - bar_w / 2:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{DEAL}" rx="2">'
                    f'<title>{_e(f"{n} deal(s) at {label(key)}")}</title></rect>')
        inside = h >= 16 and bar_w >= 12
        ty = base - h + 12 if inside else base - h - 3
        body.append(f'<text x="{x(key):.1f}" y="{ty:.1f}" font-size="11" text-anchor="middle" '
                    f'fill="{"#fff" if inside else INK}">{n}</text>')
    for country in scenario.countries:
        interest = country.interests.get(issue.id)
        if interest is None:
            continue
        cx = x(interest.ideal)
        body.append(f'<path d="M{cx:.1f} {base + 2:.1f}l5 8h-10z" fill="{THEM}"><title>{_e(f"{country.name} wants {label(interest.ideal)}")}'
                    f'</title></path>')
    if objective is not None:
        ox = x(objective.ideal)
        body.append(f'<path d="M{ox - 4:.1f} {base + 2:.1f}h8v8h-8z" fill="{INK}"><title>{_e(f"your ideal: {label(objective.ideal)}")}'
                    f'</title></path>')
    if nash is not None:
        body.append(_diamond(x(nash), top - 8, 6, NASH, f"Nash point at the start: {label(nash)}"))
    for t in ticks:
        body.append(_label(x(t), base + 24, label(t), tick_w))
    total = len(positions)
    return _svg(width, height, f"{issue.name} ({total} deal{'s' if total != 1 else ''})", body)


def _nice_ticks(low: float, high: float) -> list[float]:
    """Round ticks in points (steps of 10, 20, 25 or 50) covering low..high."""
    span = (high - low) * 100
    step = next(s for s in (10, 20, 25, 50, 100) if span / s <= 6)
    first, last = math.floor(low * 100 / step) * step, math.ceil(high * 100 / step) * step
    return [v / 100 for v in range(int(first), int(last) + 1, step)]


def plane_chart(start: dict, deals: list[tuple[float, float]], names: tuple[str, str], width: int = 380, height: int = 340) -> str:
    """Each deal as (your utility, the other side's) beside every deal in reach at the start of the talks (grey),
    their Pareto frontier (line), the Nash point (diamond) and both no-deal values (dashed)."""
    left, right, top, bottom = 46, 14, 28, 42
    pw, ph = width - left - right, height - top - bottom
    cloud, frontier, nash, no_deal = start.get("cloud", []), start.get("frontier", []), start.get("nash"), start.get("no_deal")
    values = [v for p in [*cloud, *deals, *([nash] if nash else []), *([no_deal] if no_deal else [])] for v in p]
    ticks = _nice_ticks(min([0.0, *values]), max([1.0, *values]))
    lo, hi = ticks[0], ticks[-1]

    def x(u: float) -> float:
        return left + pw * (u - lo) / (hi - lo)

    def y(u: float) -> float:
        return top + ph * (1 - (u - lo) / (hi - lo))

    body = []
    for v in ticks:
        body.append(f'<line x1="{left}" x2="{left + pw}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="{GRID}"/>')
        body.append(f'<text x="{left - 5}" y="{y(v) + 4:.1f}" font-size="10.5" text-anchor="end" fill="{MUTED}">{v * 100:.0f}</text>')
        body.append(f'<text x="{x(v):.1f}" y="{top + ph + 14}" font-size="10.5" text-anchor="middle" fill="{MUTED}">{v * 100:.0f}</text>')
    body.append(f'<text x="{left + pw / 2:.1f}" y="{height - 8}" font-size="11" text-anchor="middle" fill="{MUTED}">'
                f'{_e(names[0])}: utility in points</text>')
    body.append(f'<text x="12" y="{top + ph / 2:.1f}" font-size="11" text-anchor="middle" fill="{MUTED}" '
                f'transform="rotate(-90 12 {top + ph / 2:.1f})">{_e(names[1])}: utility in points</text>')
    for u, v in cloud:
        body.append(f'<circle cx="{x(u):.1f}" cy="{y(v):.1f}" r="1.5" fill="#cfd5de"/>')
    if frontier:
        points = " ".join(f"{x(u):.1f},{y(v):.1f}" for u, v in sorted(frontier))
        body.append(f'<polyline fill="none" stroke="{INK}" stroke-width="1.5" points="{points}"><title>Pareto frontier at the start: '
                    f'no deal in reach is better for both sides</title></polyline>')
    if no_deal:
        body.append(f'<line x1="{x(no_deal[0]):.1f}" x2="{x(no_deal[0]):.1f}" y1="{top}" y2="{top + ph}" stroke="{MUTED}" '
                    f'stroke-dasharray="5 4"><title>your BATNA: {no_deal[0] * 100:.0f}</title></line>')
        body.append(f'<line x1="{left}" x2="{left + pw}" y1="{y(no_deal[1]):.1f}" y2="{y(no_deal[1]):.1f}" stroke="{MUTED}" '
                    f'stroke-dasharray="5 4"><title>{_e(names[1])}: no deal is worth {no_deal[1] * 100:.0f}</title></line>')
    if nash:
        body.append(_diamond(x(nash[0]), y(nash[1]), 8, NASH, f"Nash point at the start: you {nash[0] * 100:.0f}, "
                                                           f"{names[1]} {nash[1] * 100:.0f}"))
    for (u, v), n in sorted(Counter((round(u, 2), round(v, 2)) for u, v in deals).items()):
        r = 4.5 + 1.5 * (n - 1) ** 0.5
        body.append(f'<circle cx="{x(u):.1f}" cy="{y(v):.1f}" r="{r:.1f}" fill="{DEAL}" fill-opacity="0.8" stroke="{INK}" '
                    f'stroke-width="0.8"><title>{n} deal(s): you {u * 100:.0f}, {_e(names[1])} {v * 100:.0f}</title></circle>')
    return _svg(width, height, "The deals against the Nash point and the frontier", body)
