"""How a country looks: its flag, its leader's portrait and its place on the region map.

Plain data an author may write in a scenario; every field is optional, and the client derives
what is missing from the country's id and colour (game/ui/art/heraldry.py), so old scenarios
load unchanged and look the same on every machine.
"""

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from .common import Strict

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$"), Field(description="A colour as #rrggbb.")]

FlagPattern = Literal["plain", "horizontal", "vertical", "bands", "cross", "saltire", "canton", "disc", "chevron",
                      "diagonal", "border", "quartered"]
PATTERN_COLOURS: dict[str, tuple[int, int]] = {
    # pattern: (fewest, most) colours, field first
    "plain": (1, 1),
    "horizontal": (2, 4),   # stripes from top to bottom
    "vertical": (2, 4),     # stripes from the hoist to the fly
    "bands": (2, 2),        # many thin stripes, alternating
    "cross": (2, 3),        # field, cross, optional border around the cross
    "saltire": (2, 3),      # field, diagonal cross, optional border
    "canton": (2, 3),       # field, upper-hoist square, optional stripe across the field
    "disc": (2, 2),         # field, disc
    "chevron": (2, 4),      # stripes (one to three), then the triangle at the hoist
    "diagonal": (2, 3),     # upper-hoist half, lower-fly half, optional band between
    "border": (2, 2),       # field, border
    "quartered": (2, 4),    # quarters clockwise from upper hoist (colours repeat)
}
Emblem = Literal["none", "star", "stars", "crescent", "disc", "leaf", "anchor", "sun", "wheel", "tower", "wave", "crown"]

SkinTone = Literal["pale", "fair", "light", "olive", "tan", "brown", "dark", "deep"]
HairStyle = Literal["short", "parted", "cropped", "curly", "long", "bun", "receding", "bald"]
HairColour = Literal["black", "brown", "auburn", "blond", "grey", "white"]
FacialHair = Literal["none", "moustache", "beard"]


class Flag(Strict):
    """A flag drawn from a pattern, its colours and an emblem."""

    pattern: FlagPattern = Field(description="How the colours are laid out (see the authoring guide for each pattern).")
    colors: list[Colour] = Field(min_length=1, max_length=4, description="The pattern's colours, field first, as #rrggbb.")
    emblem: Emblem = Field(default="none", description="A simple shape on the flag, or none.")
    emblem_color: Colour | None = Field(default=None, description="The emblem's colour (white or black, whichever stands out, if absent).")

    @model_validator(mode="after")
    def _colour_count(self):
        low, high = PATTERN_COLOURS[self.pattern]
        if not low <= len(self.colors) <= high:
            wanted = f"{low}" if low == high else f"{low} to {high}"
            raise ValueError(f"colors must have {wanted} for pattern '{self.pattern}' (it has {len(self.colors)})")
        if self.emblem == "none" and self.emblem_color is not None:
            raise ValueError("emblem_color needs an emblem")
        return self


class Portrait(Strict):
    """The leader's portrait: a seeded generator draws it; any field given here overrides its choice."""

    seed: int | None = Field(default=None, ge=0, le=2**31 - 1, description="Seed of the generator (from the country id if absent).")
    skin: SkinTone | None = Field(default=None, description="Skin tone.")
    hair: HairStyle | None = Field(default=None, description="Hair style.")
    hair_color: HairColour | None = Field(default=None, description="Hair colour.")
    facial_hair: FacialHair | None = Field(default=None, description="Moustache, beard or none.")
    glasses: bool | None = Field(default=None, description="Whether the leader wears glasses.")
    clothes: Colour | None = Field(default=None, description="Jacket colour (a dark shade of the country's colour if absent).")


class MapPlace(Strict):
    """Where a country lies on the region map: 0..100 from the left and from the top."""

    x: float = Field(ge=0, le=100, description="From the left edge, 0..100.")
    y: float = Field(ge=0, le=100, description="From the top edge, 0..100.")
    size: float | None = Field(default=None, ge=0.3, le=3,
                               description="Relative size of its land, 0.3..3 (1: an average country; from its capability if absent).")
