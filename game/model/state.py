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
    stance: str = Field(default="", description="How it reads the talks: patience, reciprocity, an ultimatum.")


class Temper(Data):
    """A country's hidden patience, drawn once per game from its concession style, and how the talks have
    gone for it (see engine/patience.py). The player never sees these numbers, only what the country says."""

    patience: int = Field(description="Turns without a concession from you it sits through before an ultimatum.")
    horizon: int = Field(description="The turn by which it believes the talks must end: its reading of the deadline.")
    outside: float = Field(description="What no deal is worth to it now: its outside option (events move it).")
    progress: float = Field(default=0.0, description="How far along its concession path it has come, 0..1.")
    credit: float = Field(default=0.0, description="Your concessions it has not answered yet, in its utility.")
    opening: float | None = Field(default=None, description="Worth to it of the first offer made to it.")
    best: dict[str, float] = Field(
        default_factory=dict, description="Partner ('player' in a game) -> worth to it of that partner's best offer.")
    mark: float = Field(default=0.0, description="The sum of those worths when it last saw its partners move.")
    turn_best: dict[str, float] = Field(default_factory=dict, description="The same for this turn's offers.")
    levels: dict[str, float] = Field(
        default_factory=dict, description="At a table: each partner's lowest level so far, as it models the partner.")
    turn_new: bool = Field(default=False, description="Whether it got an offer this turn it had not seen before.")
    fair: float | None = Field(default=None, description="Its utility at the Nash point it estimates with you.")
    fair_turn: int = Field(default=0, description="The turn it last estimated that Nash point.")
    stalled: int = Field(default=0, description="Turns in a row you did not move toward it.")
    ultimatum: int | None = Field(default=None, description="The turn it said it will not wait past.")
    walkouts: int = Field(default=0, description="Times it walked out of the talks.")
    away: int | None = Field(default=None, description="The turn it stays away from the table.")
    left: int | None = Field(default=None, description="The turn it took its outside option and left the talks.")


class CountryState(Data):
    relationship: float
    stability: float
    support: float
    ideals: dict[str, Position] = Field(description="Current ideal per issue (persuasion and conference moves shift them).")
    revealed: list[str] = Field(default_factory=list, description="Hidden interests the player has uncovered.")
    committed: bool = Field(default=False, description="Promised to vote yes on the current draft.")
    side_deals: dict[str, float] = Field(
        default_factory=dict, description="Side deals on the current draft with other parties: gains (+) and costs (-).")
    whipped: bool = False
    collapsed: bool = False
    counter: Offer | None = Field(default=None, description="Its standing counteroffer.")
    temper: Temper | None = Field(default=None, description="Its hidden patience and how the talks went for it.")


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
    answer: Literal["none", "appeal", "counter_threat"] = Field(
        default="none", description="How the country answered it: an appeal to its allies or a counter-threat.")


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


class Move(Data):
    """An offer a party made at the table, as the other parties remember it: the player's offers and drafts
    (what the countries learn the player's priorities from), the countries' own proposals, and in the
    benchmark the AI parties' offers and the offers they let pass."""

    turn: int
    by: str = Field(default="player", description="Who made it: 'player' or a country id.")
    kind: Literal["offer", "accept"] = Field(default="offer", description="An offer, or an offer it let pass.")
    to: str | None = Field(default=None, description="The country it was made to (None: a draft for the table).")
    positions: dict[str, Position]
    rewards: tuple[str, ...] = Field(default=(), description="Rewards attached.")
    passed: dict[str, Position] | None = Field(
        default=None, description="The counteroffer on the table that it passed over (a rejection), if any.")


class LogEntry(Data):
    turn: int
    kind: str
    text: str
    country: str | None = None
    decision: Decision | None = None
    offer: Offer | None = Field(default=None, description="An offer the entry puts on the table: a country's own proposal.")


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
    moves: list[Move] = Field(default_factory=list, description="Every offer and draft made at the table, in order.")
    fired_events: list[str] = Field(default_factory=list)
    pending_events: list[str] = Field(default_factory=list)
    answered_events: list[str] = Field(default_factory=list)
    history: list[Snapshot] = Field(default_factory=list)
    log: list[LogEntry] = Field(default_factory=list)
    deal: DealRecord | None = Field(default=None, description="The agreement, once reached.")
    outcome: Outcome | None = None


DealRecord.model_rebuild()
