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
    country: str
    reward: str
    made: int
    due: int
    status: Literal["promised", "owed", "delivered", "withdrawn", "broken"] = "promised"


class StandingThreat(Data):
    country: str
    threat: str
    made: int
    due: int
    status: Literal["standing", "carried_out", "lapsed", "lifted"] = "standing"


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
    promises: list[Promise] = Field(default_factory=list)
    threats: list[StandingThreat] = Field(default_factory=list)
    agreed: dict[str, Position] = Field(default_factory=dict, description="Issues settled so far.")
    agreed_rewards: list[str] = Field(default_factory=list, description="Rewards that are part of settled deals.")
    draft: Offer | None = Field(default=None, description="The conference's draft on the table.")
    last_offer: dict[str, str] = Field(default_factory=dict, description="Country -> key of the last refused offer.")
    refused_turn: dict[str, int] = Field(default_factory=dict)
    fired_events: list[str] = Field(default_factory=list)
    pending_events: list[str] = Field(default_factory=list)
    answered_events: list[str] = Field(default_factory=list)
    history: list[Snapshot] = Field(default_factory=list)
    log: list[LogEntry] = Field(default_factory=list)
    outcome: Outcome | None = None
