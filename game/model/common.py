"""Shared building blocks for every model: strict config, id types, and text that shows what it says.

Names (a country, a leader, an issue, a lever, a title) are refused when they hold a character that
changes or hides what is shown: bidi controls such as U+202E RIGHT-TO-LEFT OVERRIDE, which reorder
the text around them, other invisible format characters (category Cf: zero-width spaces and
joiners), control characters (Cc) and lone surrogates (Cs). Longer text (briefings, descriptions)
may hold line breaks and tabs, and the format characters that shape some scripts and emoji, but
never bidi controls. Text that is only shown, never checked (a player's name, text from an old
save), goes through `visible()`.
"""

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C))
"""Embeddings, overrides, isolates and marks: characters that reorder the text around them."""
LINE_SPACE = frozenset("\t\n\r")
_CONTROL_NAMES = {"\0": "NULL", "\t": "TAB", "\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\x1b": "ESCAPE", "\x7f": "DELETE"}


def char_name(ch: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE', 'U+000A LINE FEED'."""
    kind = {"Cc": "CONTROL CHARACTER", "Cs": "LONE SURROGATE"}.get(unicodedata.category(ch), "UNNAMED CHARACTER")
    return f"U+{ord(ch):04X} {_CONTROL_NAMES.get(ch) or unicodedata.name(ch, kind)}"


def hidden_in_name(ch: str) -> bool:
    """A character a name must not hold: a bidi control, an invisible format or control character, a lone surrogate."""
    return ch in BIDI_CONTROLS or unicodedata.category(ch) in ("Cf", "Cc", "Cs")


def hidden_in_text(ch: str) -> bool:
    """A character prose must not hold: a bidi control, a control character other than a line
    break or tab, a lone surrogate."""
    return ch in BIDI_CONTROLS or (unicodedata.category(ch) in ("Cc", "Cs") and ch not in LINE_SPACE)


def _refuse(test):
    def check(value: str) -> str:
        bad = next((ch for ch in value if test(ch)), None)
        if bad is not None:
            raise ValueError(f"contains an invisible control character ({char_name(bad)}); remove it")
        return value

    return check


def visible(text: str) -> str:
    """`text` as it may be shown whatever its source: without bidi controls, invisible format and
    control characters; line breaks and tabs become spaces."""
    if text.isprintable():
        return text
    return "".join(" " if ch in LINE_SPACE else ch for ch in text if ch in LINE_SPACE or not hidden_in_name(ch))


def visible_name(text: str) -> str:
    """A name as shown or written into a save: visible(), on one line, without outer spaces."""
    return visible(text).strip()


Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$"),
    Field(description="Identifier: lowercase letters, digits and _, starting with a letter."),
]
"""An id referenced elsewhere in a scenario (issue, country, lever, event ...)."""

VisibleChars = AfterValidator(_refuse(hidden_in_name))
"""The check of a name's characters, for a constrained str of its own (see Name)."""
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000), AfterValidator(_refuse(hidden_in_text))]
Name = Annotated[str, StringConstraints(min_length=1, max_length=80), VisibleChars]
"""Text shown as a name: no bidi controls, invisible format or control characters."""
Unit = Annotated[float, Field(ge=0, le=1)]
Signed = Annotated[float, Field(ge=-100, le=100)]
Score = Annotated[float, Field(ge=0, le=100)]


class Strict(BaseModel):
    """Base for every model: unknown fields are errors, no silent coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
