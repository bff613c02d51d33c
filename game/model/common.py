"""Shared building blocks for every model: strict config and id types."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$"),
    Field(description="Identifier: lowercase letters, digits and _, starting with a letter."),
]
"""An id referenced elsewhere in a scenario (issue, country, lever, event ...)."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=80)]
Unit = Annotated[float, Field(ge=0, le=1)]
Signed = Annotated[float, Field(ge=-100, le=100)]
Score = Annotated[float, Field(ge=0, le=100)]


class Strict(BaseModel):
    """Base for every model: unknown fields are errors, no silent coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
