"""The five Foreign Service cones and what each grants, as a table a scenario may adjust."""

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from .common import Strict, Text

if TYPE_CHECKING:
    from .scenario import Scenario

ConeName = Literal["political", "economic", "management", "consular", "public_diplomacy"]
CONES: tuple[ConeName, ...] = ("political", "economic", "management", "consular", "public_diplomacy")

SpecialAction = Literal["analyze", "persuade", "public_campaign", "host_summit", "whip"]
"""Actions beyond proposing, asking, levers and votes, which cost action points."""

RewardDomain = Literal[
    "trade", "aid", "investment", "technology", "energy", "security", "visa", "culture", "recognition"
]
ThreatDomain = Literal["tariffs", "sanctions", "aid_cut", "expulsion", "censure", "visa", "security"]

ECONOMIC_DOMAINS: tuple[RewardDomain, ...] = ("trade", "investment", "technology", "energy")


class ConeProfile(Strict):
    """What one cone grants. Costs are action points; None means the cone cannot do it."""

    label: str = Field(description="Name shown to the player.")
    summary: Text = Field(description="One line on what this cone does in the game.")
    action_costs: dict[SpecialAction, int | None] = Field(
        description="Action-point cost of each special action; null (or absent) = not available."
    )
    action_points: int = Field(ge=1, le=10, description="Action points each turn.")
    budget_per_turn: float = Field(ge=0, le=1000, description="Budget added at the start of each turn.")
    lever_cost_factor: float = Field(
        gt=0, le=3, description="Multiplier on the budget cost of every reward and every threat carried out."
    )
    reward_cost_factors: dict[RewardDomain, float] = Field(
        default_factory=dict, description="Extra cost multiplier per reward domain (1 if absent)."
    )
    reward_value_factors: dict[RewardDomain, float] = Field(
        default_factory=dict, description="Multiplier on what a reward is worth to its receiver, per domain."
    )
    threat_credibility_bonus: dict[ThreatDomain, float] = Field(
        default_factory=dict, description="Added to the credibility of threats in these domains (0..1 scale)."
    )
    relationship_gain_factor: float = Field(
        gt=0, le=3, description="Multiplier on every relationship gain the player earns."
    )
    persuade_shift: float = Field(
        ge=0, le=0.5, description="Fraction of an issue's range an ideal position moves when persuaded."
    )
    analyze_reveals: int = Field(ge=0, le=20, description="Hidden interests revealed by one analysis.")
    campaign_support: float = Field(ge=0, le=50, description="Public-support points one campaign adds.")
    summit_relationship: float = Field(ge=0, le=50, description="Relationship gain for each summit attendee.")
    whip_strength: float = Field(
        ge=0, le=1, description="How far whipping moves a wavering party's vote threshold (multilateral)."
    )


class ConeAdjustment(Strict):
    """A scenario's changes to one cone's default profile; every field is optional."""

    summary: Text | None = Field(default=None, description="Replaces the cone's summary for this scenario.")
    action_costs: dict[SpecialAction, int | None] | None = Field(
        default=None, description="Merged over the default action costs."
    )
    action_points: int | None = Field(default=None, ge=1, le=10, description="Action points each turn.")
    budget_per_turn: float | None = Field(default=None, ge=0, le=1000, description="Budget added per turn.")
    lever_cost_factor: float | None = Field(default=None, gt=0, le=3, description="Lever cost multiplier.")
    reward_cost_factors: dict[RewardDomain, float] | None = Field(default=None, description="Merged over defaults.")
    reward_value_factors: dict[RewardDomain, float] | None = Field(default=None, description="Merged over defaults.")
    threat_credibility_bonus: dict[ThreatDomain, float] | None = Field(
        default=None, description="Merged over defaults."
    )
    relationship_gain_factor: float | None = Field(default=None, gt=0, le=3, description="Relationship gain multiplier.")
    persuade_shift: float | None = Field(default=None, ge=0, le=0.5, description="Persuasion strength.")
    analyze_reveals: int | None = Field(default=None, ge=0, le=20, description="Interests revealed per analysis.")
    campaign_support: float | None = Field(default=None, ge=0, le=50, description="Support per campaign.")
    summit_relationship: float | None = Field(default=None, ge=0, le=50, description="Summit relationship gain.")
    whip_strength: float | None = Field(default=None, ge=0, le=1, description="Vote-whipping strength.")

    def apply(self, base: ConeProfile) -> ConeProfile:
        changes = self.model_dump(exclude_none=True)
        for merged in ("action_costs", "reward_cost_factors", "reward_value_factors", "threat_credibility_bonus"):
            if merged in changes:
                changes[merged] = {**getattr(base, merged), **changes[merged]}
        return base.model_copy(update=changes)


_BASE_COSTS: dict[SpecialAction, int | None] = {
    "analyze": 2, "persuade": None, "public_campaign": 2, "host_summit": None, "whip": None,
}


def _profile(label: str, summary: str, costs: dict[SpecialAction, int | None] | None = None, **kw) -> ConeProfile:
    defaults = dict(
        action_points=3, budget_per_turn=10.0, lever_cost_factor=1.0, relationship_gain_factor=1.0,
        persuade_shift=0.0, analyze_reveals=1, campaign_support=4.0, summit_relationship=0.0, whip_strength=0.0,
    )
    defaults.update(kw)
    return ConeProfile(label=label, summary=summary, action_costs={**_BASE_COSTS, **(costs or {})}, **defaults)


BASELINE = _profile("Any officer", "What every cone can do: the table's defaults before a cone's own edge.")
"""What a cone's edge is measured against: a cone that matches it wherever a scenario would notice
changes nothing in that scenario (the validator warns)."""

DEFAULT_CONES: dict[ConeName, ConeProfile] = {
    "political": _profile(
        "Political",
        "Reads the host's politics: cheap analysis that reveals every hidden interest, "
        "persuasion that moves a government's ideal position, and vote whipping in conferences.",
        {"analyze": 1, "persuade": 1, "whip": 1},
        analyze_reveals=20, persuade_shift=0.12, whip_strength=0.5,
    ),
    "economic": _profile(
        "Economic",
        "Trade, investment, energy and technology: economic rewards cost less and are worth more, "
        "and tariff threats are more credible.",
        reward_cost_factors={d: 0.6 for d in ECONOMIC_DOMAINS},
        reward_value_factors={d: 1.4 for d in ECONOMIC_DOMAINS},
        threat_credibility_bonus={"tariffs": 0.2},
    ),
    "management": _profile(
        "Management",
        "Runs the mission: an extra action point and more budget each turn, cheaper levers, "
        "and a summit that warms relations with every attendee.",
        {"host_summit": 2},
        action_points=4, budget_per_turn=14.0, lever_cost_factor=0.9, summit_relationship=8.0,
    ),
    "consular": _profile(
        "Consular",
        "Protects citizens and issues visas: visa waivers cost little and count for more, visa "
        "restrictions are credible, and consular crises open options no one else has.",
        reward_cost_factors={"visa": 0.4},
        reward_value_factors={"visa": 1.6},
        threat_credibility_bonus={"visa": 0.3},
    ),
    "public_diplomacy": _profile(
        "Public Diplomacy",
        "Shapes public opinion: cheap, strong public campaigns that lift support and stability, "
        "cultural exchanges worth more, and larger relationship gains.",
        {"public_campaign": 1},
        campaign_support=10.0, relationship_gain_factor=1.5,
        reward_value_factors={"culture": 1.6},
    ),
}


def cone_profile(scenario: "Scenario", cone: ConeName) -> ConeProfile:
    """The cone's profile with the scenario's adjustment: the one reading the game, the validator and the debrief share."""
    adjustment = scenario.cones.get(cone)
    return adjustment.apply(DEFAULT_CONES[cone]) if adjustment else DEFAULT_CONES[cone]
