"""Colours: the Okabe-Ito colour-blind-safe palette; meaning never rests on red vs green alone."""

BACKGROUND = (24, 28, 36)
PANEL = (36, 42, 54)
TEXT = (230, 232, 236)
MUTED = (150, 158, 172)
GRID = (70, 78, 92)

ORANGE = (230, 159, 0)
SKY = (86, 180, 233)
GREEN = (0, 158, 115)
YELLOW = (240, 228, 66)
BLUE = (0, 114, 178)
VERMILION = (213, 94, 0)
PURPLE = (204, 121, 167)

ACCEPT = BLUE      # shown with a check mark and the word "accepts"
COUNTER = ORANGE   # shown with a double arrow and "counters"
REJECT = VERMILION  # shown with a cross and "rejects"
SERIES = (SKY, ORANGE, GREEN, YELLOW, BLUE, VERMILION, PURPLE)


def hex_colour(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def luminance(rgb) -> float:
    """WCAG relative luminance of an sRGB colour."""
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    """WCAG contrast ratio of two colours, 1 … 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


MIN_CONTRAST = 3.0
"""What a scenario's colour must reach against the panels when it marks a line, a name or a bar
(WCAG's ratio for graphics and large text)."""


def legible(rgb, against=PANEL, ratio: float = MIN_CONTRAST) -> tuple[int, int, int]:
    """`rgb`, lightened toward white just enough to reach `ratio` against `against` (an author's dark
    grey on the game's near-black panels); a colour that already reaches it comes back unchanged."""
    rgb = tuple(int(c) for c in rgb[:3])
    if contrast(rgb, against) >= ratio:
        return rgb
    for step in range(1, 21):
        mixed = tuple(round(c + (255 - c) * step / 20) for c in rgb)
        if contrast(mixed, against) >= ratio:
            return mixed
    return (255, 255, 255)
