"""The state of one session: everything the rules read and write, as plain pydantic data."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .actions import Offer
from .scenario import Position


class Data(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Term(Data):
    """One signed part of a country's valuation, in utility units (0.12 shows as +12)."""

    label: str
    value: float


class Decision(Data):
    """A country's answer to an offer, with its reasons."""

    country: str
    verdict: Literal["accept", "counter", "reject"]
    terms: list[Term]
    value: float = Field(description="Sum of the terms: what the offer is worth to the country.")
    needed: float = Field(description="The threshold the value had to clear.")
    counter: Offer | None = None
    flip: str | None = Field(default=None, description="The smallest change that would flip the answer.")
    text: str = ""


class CountryState(Data):
    relationship: float
    stability: float
    support: float
    ideals: dict[str, Position] = Field(description="Current ideal per issue (persuasion and conference moves shift them).")
    revealed: list[str] = Field(default_factory=list, description="Hidden interests the player has uncovered.")
    committed: bool = Field(default=False, description="Promised to vote yes on the current draft.")
    whipped: bool = False
    collapsed: bool = False
    counter: Offer | None = Field(default=None, description="Its standing counteroffer.")


class Promise(Data):
    """A reward promised to a country in an accepted offer: owed until delivered, withdrawn or broken
    (not delivered by its due turn). Only owed and delivered promises count in a country's valuation."""

    country: str
    reward: str
    made: int
    due: int
    status: Literal["owed", "delivered", "withdrawn", "broken"] = "owed"
    closed: int | None = Field(default=None, description="The turn it was delivered, withdrawn or broken.")


class StandingThreat(Data):
    """A threat attached to a refused offer. It stands (pressing on every decision of that country)
    until carried out, lapsed (not carried out in time) or lifted by an agreement. Carried out, it is a
    sanction in force, which also presses until an agreement lifts it (`carried_out` keeps the turn)."""

    country: str
    threat: str
    made: int
    due: int
    status: Literal["standing", "carried_out", "lapsed", "lifted"] = "standing"
    carried_out: int | None = None


class Refusal(Data):
    """The last offer a country refused, and what it needed then: repeating it with nothing changed is
    an insult, but the same offer after the country's need has moved is a fair new try."""

    key: str
    needed: int = Field(description="The need in points (rounded as shown) when it refused.")
    turn: int


class Deal(Data):
    """An agreement as every valuation reads it: positions on the issues, the rewards each country is
    promised, and the threats pressing on each (standing, or carried out and in force)."""

    positions: dict[str, Position]
    rewards: dict[str, list[str]] = Field(default_factory=dict, description="Country -> reward ids promised to it.")
    threats: dict[str, list[str]] = Field(default_factory=dict, description="Country -> threat ids pressing on it.")


class DealRecord(Data):
    """The moment an agreement was reached: the deal, who said yes, and the state every valuation read
    then (so the debrief judges each party exactly as it judged the deal when it signed)."""

    turn: int
    deal: Deal
    said_yes: list[str]
    state: "GameState"


class LogEntry(Data):
    turn: int
    kind: str
    text: str
    country: str | None = None
    decision: Decision | None = None


class Snapshot(Data):
    """Scores at the end of a turn, for charts and replay checks."""

    turn: int
    relationship: dict[str, float]
    stability: dict[str, float]
    regional: float
    budget: float


class Outcome(Data):
    result: Literal["deal", "partial", "no_deal"]
    score: float
    grade: str
    objectives_met: list[str]
    agreement: dict[str, Position]
    summary: str


class GameState(Data):
    scenario: str
    cone: str
    seed: int
    turn: int = 1
    phase: Literal["negotiating", "implementation", "over"] = "negotiating"
    action_points: int
    budget: float
    countries: dict[str, CountryState]
    relations: dict[str, float] = Field(description="'a|b' (ids sorted) -> relationship between two AI countries.")
    credibility: dict[str, float] = Field(description="Threat id -> current credibility, 0..1.")
    trust: dict[str, float] = Field(
        default_factory=dict, description="Country -> how much it believes your promises, 0..1 (1 if absent).")
    promises: list[Promise] = Field(default_factory=list)
    threats: list[StandingThreat] = Field(default_factory=list)
    agreed: dict[str, Position] = Field(default_factory=dict, description="Issues settled so far.")
    draft: Offer | None = Field(default=None, description="The conference's draft on the table.")
    refused: dict[str, Refusal] = Field(default_factory=dict, description="Country -> the last offer it refused.")
    fired_events: list[str] = Field(default_factory=list)
    pending_events: list[str] = Field(default_factory=list)
    answered_events: list[str] = Field(default_factory=list)
    history: list[Snapshot] = Field(default_factory=list)
    log: list[LogEntry] = Field(default_factory=list)
    deal: DealRecord | None = Field(default=None, description="The agreement, once reached.")
    outcome: Outcome | None = None


DealRecord.model_rebuild()
