"""Small charts drawn with pygame.draw: lines over the turns, and the deal on the Pareto frontier."""

import pygame

from .. import palette
from .draw import fit, symbol, text


def line_chart(size: tuple[int, int], title: str, series: list[tuple[str, tuple, list[float]]],
               low: float, high: float, turns: list[int] | None = None, mark: int | None = None) -> pygame.Surface:
    """Lines over the turns: `series` holds (name, colour, values), one value per snapshot; `mark`, the
    index of a snapshot to mark with an upright line. With more
    than one line, each ends in its name (spread apart so none overlap; when they cannot all fit, an
    even selection: `series_text` gives every one for the tooltip)."""
    w, h = size
    surface = pygame.Surface(size)
    surface.fill(palette.PANEL)
    pygame.draw.rect(surface, palette.GRID, (0, 0, w, h), 1, border_radius=4)
    surface.blit(text(fit(title, 13, w - 10), 13, palette.MUTED), (6, 2))
    named = len(series) > 1
    label_w = min(70, max(text(fit(name, 11, 66), 11, palette.TEXT).get_width() for name, _, _ in series) + 8) \
        if named else 0
    left, top, right, bottom = 30, 24, w - 8 - label_w, h - 16
    if right - left < 20 or bottom - top < 10:
        return surface
    span = (high - low) or 1.0

    def y_of(v: float) -> float:
        return bottom - (min(high, max(low, v)) - low) / span * (bottom - top)

    for v in (low, (low + high) / 2, high):
        y = y_of(v)
        pygame.draw.line(surface, palette.GRID, (left, y), (right, y), 1)
        label = text(f"{v:.0f}", 11, palette.MUTED)
        surface.blit(label, (left - 4 - label.get_width(), y - label.get_height() // 2))
    if low < 0 < high:
        pygame.draw.line(surface, palette.MUTED, (left, y_of(0)), (right, y_of(0)), 1)
    count = max((len(values) for _, _, values in series), default=0)
    turns = turns or list(range(1, count + 1))
    if count:
        step = (right - left) / max(1, count - 1)
        for i in (0, count - 1) if count > 1 else (0,):
            label = text(f"t{turns[i]}" if i < len(turns) else "", 11, palette.MUTED)
            surface.blit(label, (min(right - label.get_width(), left + i * step - label.get_width() // 2), bottom + 2))
        if mark is not None:
            pygame.draw.line(surface, palette.TEXT, (left + mark * step, top), (left + mark * step, bottom), 1)
        for _name, colour, values in series:
            points = [(left + i * step, y_of(v)) for i, v in enumerate(values)]
            if len(points) > 1:
                pygame.draw.lines(surface, colour, False, points, 2)
            for p in points[-1:]:
                pygame.draw.circle(surface, colour, (int(p[0]), int(p[1])), 3)
        if named:
            end_labels(surface, [(name, colour, y_of(values[-1])) for name, colour, values in series if values],
                       right + 6, label_w - 6, top - 6, bottom + 6)
    return surface


def end_labels(surface, ends: list[tuple[str, tuple, float]], x: int, width: int, top: int, bottom: int) -> None:
    """Names at the right of a chart, each as near its line's end as the others allow."""
    gap = text("Ag", 11, palette.TEXT).get_height() - 2
    room = max(1, (bottom - top) // gap)
    ends = sorted(ends, key=lambda e: e[2])
    if len(ends) > room:  # an even selection, the highest and the lowest always in
        picks = sorted({round(i * (len(ends) - 1) / max(1, room - 1)) for i in range(room)})
        ends = [ends[i] for i in picks]
    ys, floor = [], top
    for _, _, y in ends:  # push down from the top so that none overlaps the one above
        floor = max(floor, y - gap / 2)
        ys.append(floor)
        floor += gap
    shift = max(0.0, floor - bottom)  # then back up from the bottom, as one block
    for (name, colour, _), at in zip(ends, ys):
        label = text(fit(name, 11, width), 11, colour)
        surface.blit(label, (x, round(min(at - shift, bottom - gap))))


def series_text(series: list[tuple[str, tuple, list[float]]], signed: bool = False) -> str:
    """Every line's latest value, highest first: 'Kestria +12, Lisara +8, …' (for a chart's tooltip)."""
    ends = sorted(((values[-1], name) for name, _, values in series if values), reverse=True)
    return ", ".join(f"{name} {value:+.0f}" if signed else f"{name} {value:.0f}" for value, name in ends)


def pareto_chart(size: tuple[int, int], frontier: list[tuple[float, float]], cloud: list[tuple[float, float]],
                 deal: tuple[float, float] | None, nash: tuple[float, float] | None,
                 reservation: tuple[float, float], names: tuple[str, str]) -> pygame.Surface:
    """A scatter of player vs counterpart utility: every outcome faint, the frontier bright, the deal
    (diamond) and the Nash point (ring) marked, the no-deal values as dashed lines. The axes span the
    points shown (rewards can lift a country above 1, their cost take the player below 0)."""
    w, h = size
    surface = pygame.Surface(size)
    surface.fill(palette.PANEL)
    pygame.draw.rect(surface, palette.GRID, (0, 0, w, h), 1, border_radius=4)
    left, top, right, bottom = 44, 12, w - 12, h - 40
    if right - left < 40 or bottom - top < 40:
        return surface

    shown = [*cloud, *frontier, reservation, *(u for u in (deal, nash) if u is not None)]
    lows = [min(0.0, min(u[i] for u in shown)) for i in (0, 1)]
    highs = [max(1.0, max(u[i] for u in shown)) for i in (0, 1)]

    def at(u: tuple[float, float]) -> tuple[int, int]:
        fx, fy = ((u[i] - lows[i]) / (highs[i] - lows[i]) for i in (0, 1))
        return int(left + fx * (right - left)), int(bottom - fy * (bottom - top))

    pygame.draw.rect(surface, palette.GRID, (left, top, right - left, bottom - top), 1)
    for i in (0, 1):
        for v in sorted({lows[i], 0.0, 0.5, 1.0, highs[i]}):
            label = text(f"{v * 100:.0f}", 11, palette.MUTED)
            if i == 0:
                surface.blit(label, (at((v, lows[1]))[0] - label.get_width() // 2, bottom + 2))
            else:
                surface.blit(label, (left - 4 - label.get_width(), at((lows[0], v))[1] - label.get_height() // 2))
    rx, ry = at(reservation)
    for y in range(top, bottom, 6):
        pygame.draw.line(surface, palette.GRID, (rx, y), (rx, y + 3))
    for x in range(left, right, 6):
        pygame.draw.line(surface, palette.GRID, (x, ry), (x + 3, ry))
    for u in cloud:
        surface.set_at(at(u), palette.MUTED)
    front = sorted(frontier)
    if len(front) > 1:
        pygame.draw.lines(surface, palette.SKY, False, [at(u) for u in front], 2)
    for u in front:
        pygame.draw.circle(surface, palette.SKY, at(u), 3)
    if nash is not None:
        c = at(nash)
        symbol(surface, "ring", pygame.Rect(c[0] - 9, c[1] - 9, 18, 18), palette.YELLOW, 3)
    if deal is not None:
        c = at(deal)
        symbol(surface, "diamond", pygame.Rect(c[0] - 7, c[1] - 7, 14, 14), palette.ORANGE)
    # the key goes in the corner of the plot that hides the fewest marks (the deal and Nash point most)
    marks = [(at(u), 1) for u in front]
    marks += [(at(u), 100) for u in (deal, nash) if u is not None]
    rows = legend_rows(deal is not None)
    lw, lh = legend_size(rows)
    corners = [(left + 8, bottom - lh - 8), (right - lw - 8, top + 8), (left + 8, top + 8), (right - lw - 8, bottom - lh - 8)]
    best = min(corners, key=lambda c: sum(weight for (x, y), weight in marks
                                          if c[0] - 6 <= x <= c[0] + lw + 6 and c[1] - 6 <= y <= c[1] + lh + 6))
    legend(surface, best, rows)
    x_label = text(f"{names[0]} (you): utility, higher is better", 12, palette.MUTED)
    surface.blit(x_label, ((left + right - x_label.get_width()) // 2, bottom + 16))
    y_label = pygame.transform.rotate(text(f"{names[1]}: utility", 12, palette.MUTED), 90)
    surface.blit(y_label, (2, (top + bottom - y_label.get_height()) // 2))
    return surface


LEGEND = [("diamond", palette.ORANGE, "your deal"), ("ring", palette.YELLOW, "Nash point"),
          ("line", palette.SKY, "Pareto frontier (best possible)"), ("dot", palette.MUTED, "a possible agreement"),
          ("dash", palette.GRID, "no-deal values")]


def legend_rows(deal_made: bool) -> list[tuple[str, tuple, str]]:
    """The key's rows: without a deal there is no deal marker, and the no-deal values are where the talks ended."""
    if deal_made:
        return LEGEND
    return LEGEND[1:-1] + [("dash", palette.GRID, "no-deal values (where you ended)")]


def legend_size(rows: list[tuple[str, tuple, str]]) -> tuple[int, int]:
    return 30 + max(text(name, 12, palette.TEXT).get_width() for _, _, name in rows) + 8, 6 + 17 * len(rows)


def legend(surface: pygame.Surface, at: tuple[int, int], rows: list[tuple[str, tuple, str]]) -> None:
    """The key of the Pareto chart: which marker is the deal, which the Nash point, what the lines are."""
    labels = [text(name, 12, palette.TEXT) for _, _, name in rows]
    w, h = legend_size(rows)
    x, y = at
    pygame.draw.rect(surface, palette.PANEL, (x, y, w, h), border_radius=4)
    pygame.draw.rect(surface, palette.GRID, (x, y, w, h), 1, border_radius=4)
    for i, ((kind, colour, _), label) in enumerate(zip(rows, labels)):
        cy = y + 4 + 17 * i + 8
        if kind == "line":
            pygame.draw.line(surface, colour, (x + 6, cy), (x + 22, cy), 2)
            pygame.draw.circle(surface, colour, (x + 14, cy), 3)
        elif kind == "dash":
            for dx in range(6, 22, 6):
                pygame.draw.line(surface, colour, (x + dx, cy), (x + dx + 3, cy))
        elif kind == "dot":
            pygame.draw.circle(surface, colour, (x + 14, cy), 1)
        else:
            size = 18 if kind == "ring" else 14
            symbol(surface, kind, pygame.Rect(x + 14 - size // 2, cy - size // 2, size, size), colour, 3)
        surface.blit(label, (x + 30, cy - label.get_height() // 2))
