"""A scenario as an author writes it: issues, countries, levers, events, conference rules."""

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from .appearance import Flag, MapPlace, Portrait
from .common import Id, Name, Score, Signed, Strict, Text, Unit, VisibleChars
from .cones import ConeAdjustment, ConeName, RewardDomain, ThreatDomain

SCHEMA_VERSION = 1

Question = Annotated[str, StringConstraints(min_length=5, max_length=400, pattern=r"\S")]
"""A question for the class discussion: one or two sentences."""


class Option(Strict):
    id: Id = Field(description="Option id, referenced by ideals and objectives.")
    label: Name = Field(description="What the player sees.")


class RangeIssue(Strict):
    """A numeric issue, such as a quota from 0 to 100 %."""

    type: Literal["range"] = Field(description="A numeric range.")
    id: Id = Field(description="Issue id, referenced by interests and objectives.")
    name: Name = Field(description="Short name shown on the table.")
    description: Text = Field(description="What the issue means, in a sentence or two.")
    min: float = Field(description="Lowest position.")
    max: float = Field(description="Highest position.")
    step: float = Field(default=1, gt=0, description="Smallest change an offer can make.")
    unit: Annotated[str, VisibleChars] = Field(default="", max_length=12, description="Unit shown after numbers, such as % or t.")

    @model_validator(mode="after")
    def _ordered(self):
        if self.max <= self.min:
            raise ValueError(f"max ({self.max:g}) must be greater than min ({self.min:g})")
        if (self.max - self.min) / self.step > 1000:
            raise ValueError(f"step {self.step:g} cuts the range into more than 1000 positions; use a larger step")
        return self


class OptionsIssue(Strict):
    """An issue with named options, such as who inspects the boats."""

    type: Literal["options"] = Field(description="A choice between named options.")
    id: Id = Field(description="Issue id, referenced by interests and objectives.")
    name: Name = Field(description="Short name shown on the table.")
    description: Text = Field(description="What the issue means, in a sentence or two.")
    options: list[Option] = Field(min_length=2, max_length=12, description="The options, at least two.")


Issue = Annotated[RangeIssue | OptionsIssue, Field(discriminator="type")]
Position = float | str
"""A position on an issue: a number for a range issue, an option id for an options issue."""


class Interest(Strict):
    """How much a country cares about one issue and where it would like it to land."""

    weight: float = Field(gt=0, le=1, description="Salience: share of the country's utility (weights sum to 1).")
    ideal: Position = Field(description="Ideal position: a number in range, or an option id.")
    hidden: bool = Field(default=False, description="Hidden until the player analyzes this country.")
    values: dict[Id, Unit] | None = Field(
        default=None,
        description="Options issues only: value of each other option, 0..1 (the ideal is 1, unlisted options 0).",
    )


class Country(Strict):
    """An AI-driven party with an interest/utility model."""

    id: Id = Field(description="Country id.")
    name: Name = Field(description="Country name.")
    leader: Name = Field(default="the government", description="Who speaks for it, shown in replies.")
    color: str = Field(pattern=r"^#[0-9a-fA-F]{6}$", description="Colour on screen, as #rrggbb.")
    capability: Unit = Field(description="Power and influence, 0..1: weights votes and position shifts.")
    stability: Score = Field(description="Internal stability at the start, 0..100.")
    support: Score = Field(default=50, description="Public support for a deal with the player, 0..100.")
    relationship: Signed = Field(description="Relationship with the player at the start, -100..100.")
    relations: dict[Id, Signed] = Field(
        default_factory=dict, description="Relationship with other countries by id, -100..100 (0 if absent)."
    )
    concession: Literal["boulware", "linear", "conceder"] | float = Field(
        description="How it concedes over the turns: boulware holds out, conceder gives way early, or an exponent."
    )
    resolve: Unit = Field(description="Resistance to threats, 0..1: a threat's expected harm is multiplied by 1 - resolve.")
    reservation: Unit = Field(description="Utility of no deal (its BATNA), 0..1: it never accepts less.")
    interests: dict[Id, Interest] = Field(min_length=1, description="Interests by issue id.")
    reward_values: dict[RewardDomain, float] = Field(
        default_factory=dict, description="How much it values each reward domain, 0..2 (1 if absent)."
    )
    flag: Flag | None = Field(default=None, description="Its flag (drawn from its id and colour if absent).")
    portrait: Portrait | None = Field(default=None, description="Its leader's portrait (generated from its id if absent).")
    map: MapPlace | None = Field(default=None, description="Its place on the region map (laid out automatically if absent).")

    @model_validator(mode="after")
    def _exponent(self):
        if isinstance(self.concession, float) and not 0.05 <= self.concession <= 20:
            raise ValueError(f"concession exponent must be between 0.05 and 20 (got {self.concession:g})")
        for domain, value in self.reward_values.items():
            if not 0 <= value <= 2:
                raise ValueError(f"reward_values.{domain} must be between 0 and 2 (got {value:g})")
        return self


class Objective(Strict):
    """One of the player's goals on an issue; objectives also define the player's utility."""

    issue: Id = Field(description="The issue id.")
    weight: float = Field(gt=0, le=1, description="Share of the player's score (weights sum to 1).")
    ideal: Position = Field(description="The player's best position on the issue.")
    target: Position = Field(description="Met when the deal is at least this close to the ideal.")
    description: Text = Field(description="The goal in words, shown in the briefing.")


class Player(Strict):
    """The player's side of the table."""

    country: Name = Field(description="The country the player serves.")
    budget: float = Field(ge=0, le=10000, description="Budget at the start, spent on rewards and carried-out threats.")
    deadline: int = Field(ge=1, le=60, description="Turns before the talks end without a deal.")
    objectives: list[Objective] = Field(min_length=1, description="The player's goals.")
    flag: Flag | None = Field(default=None, description="The player's flag (drawn from the country's name if absent).")
    map: MapPlace | None = Field(default=None, description="The player's country on the region map (laid out automatically if absent).")
    batna: Unit = Field(
        default=0.25,
        description="Your utility of no deal (your BATNA), 0..1 on the objectives' scale: a deal worth less is worse "
                    "than walking away. Default 0.25.",
    )
    budget_weight: Unit = Field(
        default=0.25,
        description="What money is worth to you: promising rewards that cost all the budget the mission will have "
                    "over the talks costs this much utility. Default 0.25.",
    )


class Reward(Strict):
    """A lever the player can promise: the target gains, the player pays when it delivers."""

    id: Id = Field(description="Reward id.")
    name: Name = Field(description="Name shown in the tray.")
    domain: RewardDomain = Field(description="Domain: decides which cones make it cheaper or worth more.")
    cost: float = Field(ge=0, le=1000, description="Budget the player pays when the reward is delivered.")
    value: float = Field(gt=0, le=0.5, description="Utility it adds for a receiver that values its domain at 1.")
    description: Text = Field(description="What it is.")


class Threat(Strict):
    """A lever the player can attach: costs the target if carried out, and the player too."""

    id: Id = Field(description="Threat id.")
    name: Name = Field(description="Name shown in the tray.")
    domain: ThreatDomain = Field(description="Domain: decides which cones make it more credible.")
    harm: float = Field(gt=0, le=0.5, description="Utility the target loses if it is carried out.")
    credibility: Unit = Field(description="Starting credibility, 0..1; falls when threats are not carried out.")
    execution_cost: float = Field(ge=0, le=1000, description="Budget the player pays to carry it out.")
    relationship_cost: float = Field(ge=0, le=50, description="Relationship lost with the target when made.")
    stability_cost: float = Field(ge=0, le=50, description="Stability the target loses when carried out.")
    description: Text = Field(description="What it is.")


class Effects(Strict):
    """Changes applied when an event fires or an event option is chosen."""

    relationship: dict[Id, float] = Field(default_factory=dict, description="Change in relationship with the player, by country.")
    stability: dict[Id, float] = Field(default_factory=dict, description="Change in stability, by country.")
    support: dict[Id, float] = Field(default_factory=dict, description="Change in public support, by country.")
    outside_option: dict[Id, Annotated[float, Field(ge=-0.5, le=0.5)]] = Field(
        default_factory=dict,
        description="Change in what no deal is worth to a country (its outside option), by country, -0.5..0.5: "
                    "a rival offer raises it, a crisis at home lowers it.")
    budget: float = Field(default=0, ge=-1000, le=1000, description="Change in the player's budget.")
    reveal: list[Id] = Field(default_factory=list, description="Countries whose hidden interests are revealed.")


class EventOption(Strict):
    id: Id = Field(description="Option id.")
    label: Name = Field(description="Button text.")
    cone: ConeName | None = Field(default=None, description="Only this cone gets the option (null: everyone).")
    cost: int = Field(default=1, ge=0, le=10, description="Action points it takes.")
    effects: Effects = Field(default_factory=Effects, description="What choosing it does.")
    outcome: Text = Field(description="What happens, told to the player.")


class Trigger(Strict):
    """When an event fires: on a turn, or when a condition first holds (checked at each turn start)."""

    turn: int | None = Field(default=None, ge=1, le=60, description="Fires at the start of this turn.")
    country: Id | None = Field(default=None, description="Country the condition reads.")
    relationship_below: float | None = Field(default=None, ge=-100, le=100, description="Fires when relationship falls below.")
    stability_below: float | None = Field(default=None, ge=0, le=100, description="Fires when stability falls below.")

    @model_validator(mode="after")
    def _one_kind(self):
        conditional = self.relationship_below is not None or self.stability_below is not None
        if self.turn is None and not conditional:
            raise ValueError("give a turn, or a country with relationship_below or stability_below")
        if conditional and self.country is None:
            raise ValueError("a condition needs the country it reads")
        return self


class Event(Strict):
    """A scripted event: a crisis, a news story, an election."""

    id: Id = Field(description="Event id.")
    title: Name = Field(description="Headline.")
    text: Text = Field(description="What happened.")
    when: Trigger = Field(description="When it fires (once).")
    effects: Effects = Field(default_factory=Effects, description="Applied when it fires.")
    options: list[EventOption] = Field(default_factory=list, description="Responses the player may choose.")


class Bloc(Strict):
    id: Id = Field(description="Bloc id.")
    name: Name = Field(description="Bloc name.")
    members: list[Id] = Field(min_length=2, description="Member country ids.")
    cohesion: Unit = Field(default=0.5, description="How strongly members pull toward the bloc's mean position, 0..1.")


class Conference(Strict):
    """How a multilateral conference decides."""

    rule: Literal["consensus", "majority", "weighted"] = Field(
        description="consensus: every party; majority: more than the threshold share of parties; weighted: by weight."
    )
    threshold: float = Field(default=0.5, ge=0.5, le=1, description="Share of votes (or weight) a draft must exceed.")
    weights: dict[Id, float] | None = Field(
        default=None, description="Vote weights by country for the weighted rule; capability if absent."
    )
    blocs: list[Bloc] = Field(default_factory=list, description="Blocs whose members move together.")
    veto: list[Id] = Field(
        default_factory=list, max_length=8,
        description="Countries holding a veto: a draft passes only when each of them votes yes (majority and weighted rules).",
    )


class Scenario(Strict):
    """One negotiation scenario, loaded from a YAML file."""

    schema_version: Literal[1] = Field(description="Version of this format; 1.")
    id: Id = Field(description="Scenario id.")
    title: Name = Field(description="Title shown in the scenario list.")
    kind: Literal["bilateral", "multilateral"] = Field(description="bilateral: one counterpart; multilateral: a conference of three or more.")
    difficulty: Literal["easy", "medium", "hard"] = Field(description="How hard it plays.")
    summary: Text = Field(description="One or two lines for the scenario list.")
    briefing: Text = Field(description="What the player reads before play: two minutes at most.")
    lesson: Text = Field(description="What the scenario teaches, shown in the debrief.")
    debrief_questions: list[Question] = Field(
        default_factory=list, max_length=8,
        description="Questions for the class discussion after play, shown in the debrief and the reports (at most 8).",
    )
    player: Player = Field(description="The player's side.")
    issues: list[Issue] = Field(min_length=1, max_length=12, description="What is negotiated.")
    countries: list[Country] = Field(min_length=1, max_length=24, description="The AI countries.")
    rewards: list[Reward] = Field(default_factory=list, description="Rewards the player can promise.")
    threats: list[Threat] = Field(default_factory=list, description="Threats the player can attach.")
    events: list[Event] = Field(default_factory=list, description="Scripted events.")
    cones: dict[ConeName, ConeAdjustment] = Field(default_factory=dict, description="Adjustments to the default cone table.")
    conference: Conference | None = Field(default=None, description="Decision rule and blocs; required for multilateral.")

    def issue(self, issue_id: str):
        return next(i for i in self.issues if i.id == issue_id)

    def country(self, country_id: str) -> Country:
        return next(c for c in self.countries if c.id == country_id)
