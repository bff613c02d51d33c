"""The region map's geometry, without pygame: where each country lies (authored or laid out),
which land it owns, and where its label goes so that no two labels overlap.

Places are in map units, 0..100 from the left and from the top. The player's own country is a
place too, under the key YOU.
"""

import hashlib
import math
import random
from dataclasses import dataclass, field

import numpy as np

from ...model.appearance import Flag
from ...model.scenario import Scenario
from .heraldry import RGB, country_flag, player_colour, player_flag, rgb

YOU = "@you"
"""The key of the player's country (country ids start with a letter, so it never clashes)."""
MARGIN = 9.0
"""Laid-out places keep this far from the map's edges (in map units), so their labels fit."""
SPACING = 13.0
"""Laid-out places keep at least this far apart."""


@dataclass(frozen=True)
class Place:
    key: str
    name: str
    colour: RGB
    x: float
    y: float
    size: float
    flag: Flag = field(compare=False, hash=False)


def places(scenario: Scenario) -> list[Place]:
    """The player's country first, then every AI country, at its authored or laid-out place."""
    auto = auto_layout(scenario)
    player = scenario.player
    out = [Place(YOU, player.country, player_colour(player), *(_where(player.map, auto[YOU])), player_flag(player))]
    for country in scenario.countries:
        x, y, size = _where(country.map, auto[country.id])
        if country.map is None or country.map.size is None:
            size = 0.7 + 0.8 * country.capability
        out.append(Place(country.id, country.name, rgb(country.color), x, y, size, country_flag(country)))
    return out


def _where(authored, auto: tuple[float, float]) -> tuple[float, float, float]:
    if authored is None:
        return auto[0], auto[1], 1.0
    return authored.x, authored.y, authored.size if authored.size is not None else 1.0


def auto_layout(scenario: Scenario) -> dict[str, tuple[float, float]]:
    """Places for every country without one: the player in the middle, the others around it on
    one ring (two when there are many), members of a bloc side by side; seeded by the scenario id,
    then pushed apart until no two are closer than SPACING."""
    rng = random.Random(f"map:{scenario.id}")
    ids = [c.id for c in scenario.countries]
    if scenario.conference is not None:  # bloc members next to each other on the ring
        order = [m for bloc in scenario.conference.blocs for m in bloc.members if m in ids]
        ids = list(dict.fromkeys(order + ids))
    fixed = {c.id: (c.map.x, c.map.y) for c in scenario.countries if c.map is not None}
    if scenario.player.map is not None:
        fixed[YOU] = (scenario.player.map.x, scenario.player.map.y)
    spots: dict[str, tuple[float, float]] = {}
    if len(ids) == 1:
        spots = {YOU: (30.0, 55.0), ids[0]: (70.0, 45.0)}
    else:
        spots[YOU] = (50.0, 52.0)
        inner = len(ids) if len(ids) <= 8 else math.ceil(len(ids) / 3)
        start = rng.uniform(0, 2 * math.pi)
        for ring, members in ((0, ids[:inner]), (1, ids[inner:])):
            radius = (0.62 if len(ids) > 8 and ring == 0 else 1.0)
            for k, cid in enumerate(members):
                angle = start + ring * 0.4 + 2 * math.pi * k / len(members) + rng.uniform(-0.12, 0.12)
                r = radius * rng.uniform(0.92, 1.04)
                spots[cid] = (50 + 40 * r * math.cos(angle), 52 + 38 * r * math.sin(angle))
    spots.update(fixed)
    return _spread(spots, set(fixed))


def _spread(spots: dict[str, tuple[float, float]], fixed: set[str]) -> dict[str, tuple[float, float]]:
    keys = list(spots)
    pts = np.array([spots[k] for k in keys], dtype=float)
    movable = np.array([k not in fixed for k in keys])
    for _ in range(200):
        moved = False
        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                d = pts[j] - pts[i]
                dist = float(np.hypot(*d))
                if dist >= SPACING:
                    continue
                moved = True
                direction = d / dist if dist > 1e-6 else np.array([math.cos(i + j), math.sin(i + j)])
                push = (SPACING - dist) / 2 + 0.01
                share = movable[i] + movable[j]
                if share:
                    pts[i] -= direction * push * 2 * movable[i] / share
                    pts[j] += direction * push * 2 * movable[j] / share
        pts[movable] = np.clip(pts[movable], MARGIN, 100 - MARGIN)
        if not moved:
            break
    return {k: (round(float(x), 2), round(float(y), 2)) for k, (x, y) in zip(keys, pts)}


# ----- labels -----
Rect = tuple[int, int, int, int]


def overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def label_rects(anchors: list[tuple[float, float]], sizes: list[tuple[int, int]], bounds: Rect) -> list[Rect]:
    """A rectangle of each size, as near its anchor as may be, inside `bounds`, none overlapping:
    first centred on the anchors and pushed apart; if that does not settle, on a grid of cells
    each at least as big as the biggest label, every label in the free cell nearest its anchor.
    Labels bigger than the bounds allow are shrunk to fit the grid (the caller draws them smaller)."""
    bx, by, bw, bh = bounds
    rects = [[ax - w / 2, ay - h / 2, w, h] for (ax, ay), (w, h) in zip(anchors, sizes)]

    def clamp(r):
        r[0] = min(max(r[0], bx), bx + bw - r[2])
        r[1] = min(max(r[1], by), by + bh - r[3])

    for r in rects:
        clamp(r)
    for _ in range(120):
        clash = False
        for i in range(len(rects)):
            for j in range(i + 1, len(rects)):
                a, b = rects[i], rects[j]
                dx = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
                dy = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
                if dx <= 0 or dy <= 0:
                    continue
                clash = True
                if dy <= dx:  # part along the shorter overlap
                    step = dy / 2 + 1
                    up = a[1] + a[3] / 2 <= b[1] + b[3] / 2
                    a[1] += -step if up else step
                    b[1] += step if up else -step
                else:
                    step = dx / 2 + 1
                    left = a[0] + a[2] / 2 <= b[0] + b[2] / 2
                    a[0] += -step if left else step
                    b[0] += step if left else -step
                clamp(a)
                clamp(b)
        if not clash:
            return [tuple(round(v) for v in r) for r in rects]  # integer sizes: rounding keeps them apart
    return _grid(anchors, sizes, bounds)


def _grid(anchors, sizes, bounds: Rect) -> list[Rect]:
    bx, by, bw, bh = bounds
    n = len(sizes)
    cell_w, cell_h = max(w for w, _ in sizes), max(h for _, h in sizes)
    cols, rows = max(1, bw // cell_w), max(1, bh // cell_h)
    while cols * rows < n:  # too big for the bounds: smaller cells
        if bw / (cols + 1) >= bh / (rows + 1) * (cell_w / cell_h):
            cols += 1
        else:
            rows += 1
    cw, ch = bw / cols, bh / rows
    free = {(c, r) for c in range(cols) for r in range(rows)}
    out: list[Rect | None] = [None] * n
    order = sorted(range(n), key=lambda i: (anchors[i][1], anchors[i][0]))
    for i in order:
        ax, ay = anchors[i]
        c, r = min(free, key=lambda cell: (bx + (cell[0] + 0.5) * cw - ax) ** 2 + (by + (cell[1] + 0.5) * ch - ay) ** 2)
        free.discard((c, r))
        w, h = min(sizes[i][0], int(cw)), min(sizes[i][1], int(ch))
        x = bx + int(c * cw + (cw - w) / 2)
        y = by + int(r * ch + (ch - h) / 2)
        out[i] = (x, y, w, h)
    return out


# ----- land -----
def _noise(shape: tuple[int, int], rng: np.random.Generator, cells: int) -> np.ndarray:
    """Smooth value noise in -1..1: a coarse random grid, bilinearly interpolated."""
    h, w = shape
    gh, gw = cells + 2, max(2, round(cells * w / max(1, h))) + 2
    grid = rng.uniform(-1, 1, (gh, gw))
    ys = np.linspace(0, gh - 2.001, h)
    xs = np.linspace(0, gw - 2.001, w)
    y0, x0 = ys.astype(int), xs.astype(int)
    fy, fx = (ys - y0)[:, None], (xs - x0)[None, :]
    fy, fx = fy * fy * (3 - 2 * fy), fx * fx * (3 - 2 * fx)
    a = grid[y0][:, x0]
    b = grid[y0][:, x0 + 1]
    c = grid[y0 + 1][:, x0]
    d = grid[y0 + 1][:, x0 + 1]
    return a * (1 - fx) * (1 - fy) + b * fx * (1 - fy) + c * (1 - fx) * fy + d * fx * fy


def land(spots: list[Place], shape: tuple[int, int], seed: str) -> tuple[np.ndarray, np.ndarray]:
    """Who owns each cell of a `shape` (rows, columns) grid: the index of a place, or -1 for sea;
    and the relief (-1..1) for shading. Each place's land is a rough disc whose radius grows with
    its size; a cell goes to the place it lies deepest inside (a weighted Voronoi diagram), with
    coasts and borders made irregular by noise."""
    h, w = shape
    rng = np.random.default_rng(int(hashlib.sha256(seed.encode()).hexdigest()[:16], 16))
    warp_x = _noise(shape, rng, 5) * w * 0.035 + _noise(shape, rng, 13) * w * 0.012
    warp_y = _noise(shape, rng, 5) * h * 0.035 + _noise(shape, rng, 13) * h * 0.012
    relief = _noise(shape, rng, 7) * 0.6 + _noise(shape, rng, 19) * 0.4
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    xs += warp_x
    ys += warp_y
    base = 0.8 * math.sqrt(w * h / (math.pi * max(2, len(spots))))
    depth = np.empty((len(spots), h, w), dtype=np.float32)
    for i, p in enumerate(spots):
        r = base * math.sqrt(p.size)
        depth[i] = np.hypot(xs - p.x / 100 * w, ys - p.y / 100 * h) / r
    owner = depth.argmin(axis=0)
    nearest = depth.min(axis=0)
    owner = np.where(nearest < 1.0 + 0.18 * relief, owner, -1)
    return owner.astype(np.int16), relief.astype(np.float32)
