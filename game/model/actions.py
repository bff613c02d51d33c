"""What a player can do: a discriminated union of structured actions, and the offer they carry."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from .scenario import Position


class Plain(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Offer(Plain):
    """Positions on some or all open issues, rewards promised and threats attached."""

    positions: dict[str, Position] = Field(default_factory=dict, description="Issue id -> position.")
    rewards: tuple[str, ...] = Field(default=(), description="Reward ids promised if the offer is accepted.")
    threats: tuple[str, ...] = Field(default=(), description="Threat ids carried out if it is refused.")

    def key(self) -> str:
        """A canonical text of the offer, used to spot repeats."""
        items = ",".join(f"{k}={self.positions[k]}" for k in sorted(self.positions))
        return f"{items}|{','.join(sorted(self.rewards))}|{','.join(sorted(self.threats))}"


class Propose(Plain):
    """Offer to one country, or to the whole conference (country None) as the draft."""

    kind: Literal["propose"] = "propose"
    country: str | None = None
    offer: Offer


class AcceptCounter(Plain):
    """Take a country's standing counteroffer as it is."""

    kind: Literal["accept_counter"] = "accept_counter"
    country: str


class Ask(Plain):
    """Ask a country what it would want."""

    kind: Literal["ask"] = "ask"
    country: str


class Analyze(Plain):
    kind: Literal["analyze"] = "analyze"
    country: str


class Persuade(Plain):
    kind: Literal["persuade"] = "persuade"
    country: str
    issue: str


class Campaign(Plain):
    """A public campaign in a country: raises public support for a deal."""

    kind: Literal["public_campaign"] = "public_campaign"
    country: str


class Summit(Plain):
    kind: Literal["host_summit"] = "host_summit"


class Whip(Plain):
    """Whip a country's vote before the next vote (multilateral)."""

    kind: Literal["whip"] = "whip"
    country: str


class Respond(Plain):
    kind: Literal["respond"] = "respond"
    event: str
    option: str


class CarryOut(Plain):
    kind: Literal["carry_out"] = "carry_out"
    country: str
    threat: str


class Deliver(Plain):
    kind: Literal["deliver"] = "deliver"
    country: str
    reward: str


class Withdraw(Plain):
    kind: Literal["withdraw"] = "withdraw"
    country: str
    reward: str


class CallVote(Plain):
    kind: Literal["vote"] = "vote"


class EndTurn(Plain):
    kind: Literal["end_turn"] = "end_turn"


class WalkAway(Plain):
    kind: Literal["walk_away"] = "walk_away"


Action = Annotated[
    Propose | AcceptCounter | Ask | Analyze | Persuade | Campaign | Summit | Whip | Respond
    | CarryOut | Deliver | Withdraw | CallVote | EndTurn | WalkAway,
    Field(discriminator="kind"),
]
