"""A country's decision as the player reads it: a signed list of reasons, the threshold, the flip."""

from html import escape

import pygame

from ...engine.wording import counted, points, threshold_line
from ...model.state import Decision
from .. import palette
from .draw import STANCE_WORDS, VERDICTS


def decision_html(decision: Decision, describe_counter=None, preview: bool = False) -> str:
    """The reply as HTML for a UITextBox: the verdict word, the reasons, threshold, what it lets you read of
    its patience, flip, counteroffer."""
    colour, word, _ = VERDICTS[decision.verdict]
    head = f"likely {STANCE_WORDS[decision.verdict]}" if preview else word.lower()
    out = [f"<font color='{palette.hex_colour(colour)}'><b>{escape(head.upper())}</b></font>"
           + ("" if preview else f" — {escape(decision.text)}")]
    for t in sorted(decision.terms, key=lambda t: -abs(t.value)):
        c = palette.hex_colour(palette.SKY if t.value > 0 else palette.ORANGE if t.value < 0 else palette.MUTED)
        out.append(f"<font color='{c}'><b>{escape(points(t.value))}</b></font> {escape(t.label)}")
    out.append(f"<b>{escape(threshold_line(decision))}</b>")
    if decision.stance:
        out.append(f"<i>{escape(decision.stance)}</i>")
    if decision.flip and decision.verdict != "accept":
        out.append(f"<i>To turn it into a yes: {escape(decision.flip)}</i>")
    if decision.counter is not None and describe_counter is not None and decision.verdict != "accept":
        out.append(f"<b>Counteroffer:</b> {escape(describe_counter(decision.counter))}")
    return "<br>".join(out)


def reasons_image(size: tuple[int, int], decision: Decision | None, empty: str = "",
                  regions: list | None = None) -> pygame.Surface:
    """The reasons as a drawn list (cheap to redraw while a slider moves): sign-coloured points,
    the label, then the threshold line. `regions`, when given, receives (rect, full text) per line
    drawn, for the tooltips of lines shortened to fit."""

    from .draw import fit, text

    w, h = size
    surface = pygame.Surface(size)
    surface.fill(palette.PANEL)
    pygame.draw.rect(surface, palette.GRID, (0, 0, w, h), 1, border_radius=4)
    lines = regions if regions is not None else []
    if decision is None:
        surface.blit(text(fit(empty, 14, w - 12), 14, palette.MUTED), (6, 6))
        lines.append((pygame.Rect(0, 4, w, 19), empty))
        return surface
    line_h = 19
    rows = max(1, (h - 8) // line_h)
    terms = sorted(decision.terms, key=lambda t: -abs(t.value))
    shown = terms[: rows - 1]
    y = 4
    for t in shown:
        colour = palette.SKY if t.value > 0 else palette.ORANGE if t.value < 0 else palette.MUTED
        number = text(points(t.value), 14, colour, True)
        surface.blit(number, (6 + 36 - number.get_width(), y))
        surface.blit(text(fit(t.label, 14, w - 56), 14, palette.TEXT), (48, y))
        lines.append((pygame.Rect(0, y, w, line_h), f"{points(t.value)} {t.label}"))
        y += line_h
    hidden = terms[len(shown):]
    line = threshold_line(decision)
    if decision.stance:
        line += f" · {decision.stance}"
    if hidden:
        line += f" · {counted(len(hidden), 'small reason')} not shown"
    surface.blit(text(fit(line, 14, w - 12, True), 14, palette.TEXT, True), (6, y))
    said = [threshold_line(decision)] + ([decision.stance] if decision.stance else [])
    lines.append((pygame.Rect(0, y, w, line_h), "; ".join(said + [f"{points(t.value)} {t.label}" for t in hidden])))
    return surface
