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
