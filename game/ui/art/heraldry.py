"""What a country looks like when its author did not say: a flag and a portrait chosen by a
generator seeded with the country's id, from its colour. No pygame here: plain data in, plain
data out, the same on every machine (string seeds hash the same whatever PYTHONHASHSEED).
"""

import colorsys
import random
from dataclasses import dataclass

from ...model.appearance import Flag, Portrait
from ...model.scenario import Country, Player

RGB = tuple[int, int, int]

TINCTURES = ("#f4f1e8", "#f2c230", "#1f2a44", "#c8102e", "#0b4ea2", "#0a7a44", "#111111")
"""Colours flags share the world over: white, gold, navy, red, blue, green, black."""
GENERATED_PATTERNS = ("horizontal", "vertical", "cross", "saltire", "canton", "disc", "chevron", "diagonal",
                      "bands", "border", "quartered")
GENERATED_EMBLEMS = ("star", "stars", "crescent", "disc", "leaf", "anchor", "sun", "wheel", "tower", "wave", "crown")

SKIN = {"pale": (246, 222, 206), "fair": (240, 204, 178), "light": (226, 184, 150), "olive": (204, 160, 116),
        "tan": (186, 134, 92), "brown": (146, 98, 64), "dark": (110, 72, 46), "deep": (78, 52, 36)}
HAIR = {"black": (30, 28, 30), "brown": (88, 58, 38), "auburn": (136, 64, 36), "blond": (214, 180, 110),
        "grey": (156, 156, 160), "white": (226, 226, 228)}


def rgb(value: str) -> RGB:
    value = value.lstrip("#")
    return tuple(int(value[i:i + 2], 16) for i in (0, 2, 4))


def hex_of(colour: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def luminance(colour: RGB) -> float:
    """Relative luminance, 0 (black) .. 1 (white), as WCAG defines it."""
    def channel(c: int) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio, 1 .. 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def distance(a: RGB, b: RGB) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b)) ** 0.5


def shade(colour: RGB, factor: float) -> RGB:
    """Darker (factor < 1) or lighter toward white (factor > 1)."""
    if factor <= 1:
        return tuple(round(c * factor) for c in colour)
    t = min(1.0, factor - 1)
    return tuple(round(c + (255 - c) * t) for c in colour)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def ink_on(colour: RGB) -> RGB:
    """White or near-black, whichever reads better on `colour`."""
    white, black = (250, 248, 240), (20, 20, 24)
    return white if contrast(colour, white) >= contrast(colour, black) else black


def _partners(base: RGB, rng: random.Random, count: int) -> list[RGB]:
    """`count` tinctures that stand apart from the base and from each other."""
    pool = [rgb(t) for t in TINCTURES]
    rng.shuffle(pool)
    chosen: list[RGB] = []
    for colour in pool:
        if all(distance(colour, other) > 110 for other in [base, *chosen]):
            chosen.append(colour)
        if len(chosen) == count:
            break
    return chosen


def player_colour(player: Player) -> RGB:
    """The player's country has no colour in the format: a steady one from its name."""
    rng = random.Random(f"colour:{player.country}")
    r, g, b = colorsys.hsv_to_rgb(rng.random(), 0.55, 0.62)
    return round(r * 255), round(g * 255), round(b * 255)


def generated_flag(seed: str, colour: RGB) -> Flag:
    """A flag for `seed` (a country id) around its `colour`: pattern, tinctures and emblem by lot."""
    rng = random.Random(f"flag:{seed}")
    pattern = rng.choice(GENERATED_PATTERNS)
    wanted = {"horizontal": rng.choice((2, 3)), "vertical": rng.choice((2, 3)), "chevron": rng.choice((2, 3)),
              "cross": rng.choice((2, 3)), "saltire": 2, "canton": rng.choice((2, 3)), "diagonal": rng.choice((2, 3)),
              "quartered": 2}.get(pattern, 2)
    partners = _partners(colour, rng, wanted - 1)
    colours = [colour, *partners]
    if pattern in ("horizontal", "vertical") and len(colours) == 3 and rng.random() < 0.5:
        colours = [colours[1], colours[0], colours[2]]  # the country's colour in the middle
    emblem = "none"
    if pattern in ("plain", "disc", "border", "canton", "chevron", "horizontal", "vertical") and rng.random() < 0.6:
        emblem = rng.choice(GENERATED_EMBLEMS)
    if pattern == "disc" and emblem in ("disc", "sun", "wheel"):
        emblem = "star"
    return Flag(pattern=pattern, colors=[hex_of(c) for c in colours], emblem=emblem)


def country_flag(country: Country) -> Flag:
    return country.flag or generated_flag(country.id, rgb(country.color))


def player_flag(player: Player) -> Flag:
    return player.flag or generated_flag(f"player:{player.country}", player_colour(player))


@dataclass(frozen=True)
class Look:
    """A portrait's traits, all decided."""

    seed: int
    skin: str
    hair: str
    hair_colour: str
    facial_hair: str
    glasses: bool
    clothes: RGB
    accent: RGB
    face: str          # oval, round, long, square
    eyes: str          # brown, blue, green, grey, dark
    age: float         # 0 (young) .. 1 (old): grey hair more likely, lines on the face
    background: RGB


def look_of(seed: str, colour: RGB, portrait: Portrait | None = None) -> Look:
    """The leader's traits: drawn by a generator seeded with `seed` (or the author's seed), the
    author's choices kept."""
    p = portrait or Portrait()
    number = p.seed if p.seed is not None else random.Random(f"portrait:{seed}").randrange(2**31)
    rng = random.Random(number)
    age = rng.random()
    skin = rng.choice(tuple(SKIN))
    hair = rng.choice(("short", "parted", "cropped", "curly", "long", "bun", "receding", "bald", "short", "parted"))
    hair_colour = rng.choice(("grey", "white", "grey") if age > 0.75 else ("black", "brown", "auburn", "blond", "black", "brown"))
    facial_hair = rng.choice(("none", "none", "none", "moustache", "beard"))
    if hair in ("long", "bun"):
        facial_hair = "none"
    glasses = rng.random() < 0.3
    face = rng.choice(("oval", "round", "long", "square"))
    eyes = rng.choice(("brown", "blue", "green", "grey", "dark", "brown"))
    accent = rng.choice([rgb(t) for t in TINCTURES[:6] if distance(rgb(t), colour) > 90] or [(244, 241, 232)])
    clothes = rgb(p.clothes) if p.clothes else mix(shade(colour, 0.35), (28, 32, 44), 0.5)
    return Look(seed=number, skin=p.skin or skin, hair=p.hair or hair, hair_colour=p.hair_color or hair_colour,
                facial_hair=p.facial_hair or facial_hair, glasses=glasses if p.glasses is None else p.glasses,
                clothes=clothes, accent=accent, face=face, eyes=eyes, age=age,
                background=mix(colour, (30, 34, 44), 0.55))


def country_look(country: Country) -> Look:
    return look_of(country.id, rgb(country.color), country.portrait)


EXPRESSIONS = ("angry", "wary", "neutral", "pleased")


def expression(relationship: float, verdict: str | None = None) -> str:
    """The leader's face: set by the relationship (−100 … 100), moved one step by the last answer
    (an acceptance warms it, a refusal cools it, a counteroffer leaves it)."""
    step = 0 if relationship < -40 else 1 if relationship < 0 else 2 if relationship < 40 else 3
    step += {"accept": 1, "reject": -1}.get(verdict or "", 0)
    return EXPRESSIONS[max(0, min(3, step))]


def last_verdict(state, country_id: str) -> str | None:
    """The verdict of the country's last answer to an offer, if it has answered one."""
    entry = next((e for e in reversed(state.log) if e.country == country_id and e.kind == "decision" and e.decision), None)
    return entry.decision.verdict if entry is not None else None
