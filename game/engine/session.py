"""A game session: scenario + cone + seed, and the actions taken, determine the state.

`Session.apply(action)` checks the action against the rules of this turn, changes the state and
returns the log entries it wrote (AI answers carry their reasons). Randomness comes from one
`random.Random(seed)` owned by the session; nothing reads the clock.
"""

import random

from pydantic import TypeAdapter

from ..model.actions import (
    AcceptCounter,
    Action,
    Analyze,
    Ask,
    CallVote,
    Campaign,
    CarryOut,
    Deliver,
    EndTurn,
    Offer,
    Persuade,
    Propose,
    Respond,
    Summit,
    WalkAway,
    Whip,
    Withdraw,
)
from ..model.cones import ConeName, ConeProfile, cone_profile
from ..model.scenario import RangeIssue, Scenario
from ..model.state import CountryState, DealRecord, GameState, LogEntry, Move, Promise, Refusal, StandingThreat
from . import conference, initiative, learning, patience, scoring
from .negotiator import decide, evaluate
from .rules import ActionError, clamp, enumerate_legal, pair, reject_reason
from .space import Space, describe
from .valuation import Context, offer_deal, points, reward_cost, reward_of, worth

ACTION_ADAPTER = TypeAdapter(Action)
PROMISE_GRACE = 2
"""Turns after acceptance by which a promised reward must be delivered (the deadline at the latest)."""
THREAT_GRACE = 1
"""Turns after a refusal within which a threat must be carried out, or it lapses."""
TRUST_LOSS = 0.4
"""A broken promise costs this share of the country's trust in your word (its allies lose up to half as much)."""
TRUST_REGAIN = 0.25
"""A delivered promise wins back this share of the trust still missing."""
BROKEN_PROMISE_RELATIONSHIP = 12.0


OPTION_PERSUASION = 0.5
"""Switching a country's preferred option is harder than moving a number: this share of the chance."""
PERSUADE_REACH = 2
"""Persuasion moves a range ideal at most this many steps (of the cone's persuade_shift) from where the
country's own interest puts it: a government can be argued only so far."""


def persuasion_chance(issue, relationship: float) -> float:
    """The chance that one persuasion succeeds: better with good relations, lower on an options issue."""
    chance = clamp(0.55 + relationship / 200, 0.1, 0.95)
    return chance * (1.0 if isinstance(issue, RangeIssue) else OPTION_PERSUASION)


def persuaded(issue, profile: ConeProfile, own, ideal, goal):
    """Where one successful persuasion moves an ideal toward the player's goal: one step on a range issue,
    never more than PERSUADE_REACH steps from the country's own ideal (`own`); the goal on an options issue."""
    if not isinstance(issue, RangeIssue):
        return goal
    step = profile.persuade_shift * (issue.max - issue.min)
    ideal, goal, own = float(ideal), float(goal), float(own)
    moved = ideal + max(-step, min(step, goal - ideal))
    low, high = own - PERSUADE_REACH * step, own + PERSUADE_REACH * step
    if low <= ideal <= high:
        moved = max(low, min(high, moved))
    elif abs(moved - own) > abs(ideal - own):  # already argued (or drawn by the conference) past the reach
        moved = ideal
    return moved


def starting_credibility(scenario: Scenario, profile: ConeProfile) -> dict[str, float]:
    """Each threat's credibility when the talks open: the scenario's, with the cone's bonus."""
    return {t.id: clamp(t.credibility + profile.threat_credibility_bonus.get(t.domain, 0.0), 0, 1) for t in scenario.threats}


def initial_state(scenario: Scenario, cone: ConeName, seed: int, profile: ConeProfile,
                  rng: random.Random | None = None) -> GameState:
    """The opening state. Each country's hidden patience is drawn from `rng` (a game's); without one the
    countries have none drawn: the scenario as its author wrote it, reservations as no-deal values."""
    countries = {
        c.id: CountryState(
            relationship=c.relationship, stability=c.stability, support=c.support,
            ideals={iid: i.ideal for iid, i in c.interests.items()},
            temper=None if rng is None else patience.draw(c, scenario, rng),
        )
        for c in scenario.countries
    }
    for c in scenario.countries:  # issues a country does not care about: any position is fine
        for issue in scenario.issues:
            countries[c.id].ideals.setdefault(issue.id, issue.min if isinstance(issue, RangeIssue) else issue.options[0].id)
    relations = {}
    ids = [c.id for c in scenario.countries]
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            value = scenario.country(a).relations.get(b, scenario.country(b).relations.get(a, 0.0))
            relations[pair(a, b)] = float(value)
    credibility = starting_credibility(scenario, profile)
    return GameState(
        scenario=scenario.id, cone=cone, seed=seed, action_points=profile.action_points,
        budget=scenario.player.budget, countries=countries, relations=relations, credibility=credibility,
        trust={c.id: 1.0 for c in scenario.countries},
    )


class Session:
    """The rules of one game. Create it, then `apply` actions; `state` holds everything."""

    def __init__(self, scenario: Scenario, cone: ConeName, seed: int):
        self.scenario = scenario
        self.cone = cone
        self.profile = cone_profile(scenario, cone)
        self.space = Space.of(scenario)
        self.rng = random.Random(seed)
        self.state = initial_state(scenario, cone, seed, self.profile, self.rng)
        self.actions: list = []
        if scenario.kind == "multilateral":
            learning.model_of(self.ctx, "player")  # the parties' prior over your priorities, drawn as the talks open
        self._fire_events()
        self.state.history.append(scoring.snapshot(self))

    # ----- reading -----
    @property
    def ctx(self) -> Context:
        return Context(self.scenario, self.space, self.profile, self.state)

    @property
    def over(self) -> bool:
        return self.state.phase == "over"

    def action_cost(self, action) -> int:
        costs = self.profile.action_costs
        match action:
            case Propose() | Ask() | CallVote():
                return 1
            case Analyze():
                return costs.get("analyze") or 0
            case Persuade():
                return costs.get("persuade") or 0
            case Campaign():
                return costs.get("public_campaign") or 0
            case Summit():
                return costs.get("host_summit") or 0
            case Whip():
                return costs.get("whip") or 0
            case Respond(event=e, option=o):
                event = next((x for x in self.scenario.events if x.id == e), None)
                option = next((x for x in event.options if x.id == o), None) if event else None
                return option.cost if option else 0
        return 0

    def check(self, action) -> str | None:
        """Why `action` is illegal now, or None if it is legal."""
        return reject_reason(self, action)

    def legal_actions(self) -> list:
        """Every legal action without free parameters, plus proposing each standing counteroffer.

        Offers are open-ended; `legal_kinds` says whether proposing is possible at all.
        """
        return enumerate_legal(self)

    def legal_kinds(self) -> set[str]:
        """Kinds of action legal now; proposing is open-ended, so it counts when the talks are on
        and a point is left (whether a given offer is legal is for `check` to say)."""
        can_propose = self.state.phase == "negotiating" and self.state.action_points >= 1
        return {a.kind for a in self.legal_actions()} | ({"propose"} if can_propose else set())

    # ----- acting -----
    def apply(self, action) -> list[LogEntry]:
        if isinstance(action, dict):
            action = ACTION_ADAPTER.validate_python(action)
        reason = self.check(action)
        if reason:
            raise ActionError(reason)
        self.actions.append(action)
        start = len(self.state.log)
        self.state.action_points -= self.action_cost(action)
        handler = getattr(self, f"_do_{action.kind}")
        handler(action)
        scoring.settle_collapses(self)
        return self.state.log[start:]

    def log(self, kind: str, text: str, country: str | None = None, decision=None, offer=None) -> None:
        self.state.log.append(LogEntry(turn=self.state.turn, kind=kind, text=text, country=country, decision=decision,
                                       offer=offer))

    def name(self, country_id: str) -> str:
        return self.scenario.country(country_id).name

    def gain_relationship(self, country_id: str, amount: float, why: str) -> None:
        """Change relationship with the player; gains are scaled by the cone."""
        if amount > 0:
            amount *= self.profile.relationship_gain_factor
        cs = self.state.countries[country_id]
        before = cs.relationship
        cs.relationship = clamp(cs.relationship + amount, -100, 100)
        if abs(cs.relationship - before) >= 0.5:
            self.log("relationship", f"{self.name(country_id)}: relations {cs.relationship - before:+.0f} ({why})", country_id)

    def change_stability(self, country_id: str, amount: float) -> None:
        cs = self.state.countries[country_id]
        cs.stability = clamp(cs.stability + amount, 0, 100)

    # ----- offers -----
    def _do_propose(self, action: Propose) -> None:
        offer = action.offer
        if action.country is None:
            conference.table_draft(self, offer)
            return
        cid = action.country
        cs = self.state.countries[cid]
        key = offer.key()
        judged = conference.judged_offer(self, offer)
        refused = self.state.refused.get(cid)
        if refused is not None and refused.key == key and refused.needed == points(evaluate(self.ctx, cid, judged).needed):
            self.gain_relationship(cid, -3, "you repeated an offer it had just refused")
            self.log("repeat", f"{self.name(cid)}: \"You made us this offer already, and nothing has changed.\"", cid)
            return
        for threat_id in self.new_threats(cid, offer):
            threat = next(t for t in self.scenario.threats if t.id == threat_id)
            self.gain_relationship(cid, -threat.relationship_cost, f"threatened with {threat.name}")
            conference.allies_react(self, cid, -threat.relationship_cost / 3, f"a threat against {self.name(cid)}")
        new = self.remember_move(cid, offer)
        decision = decide(self.ctx, cid, judged)
        patience.observe(cs.temper, worth(self.ctx, cid, judged), new)
        cs.counter = decision.counter
        self.log("decision", decision.text, cid, decision)
        if decision.verdict == "accept":
            self.state.refused.pop(cid, None)
            self._settle(cid, offer, judged)
        else:
            self.state.refused[cid] = Refusal(key=key, needed=points(decision.needed), turn=self.state.turn)
            for threat_id in self.new_threats(cid, offer):
                self.state.threats.append(StandingThreat(country=cid, threat=threat_id, made=self.state.turn,
                                                         due=self.state.turn + THREAT_GRACE))
                initiative.answer_threat(self, cid, threat_id)

    def remember_move(self, cid: str | None, offer: Offer) -> bool:
        """Record the offer as the countries remember it (what they learn your priorities from), with the
        counteroffer it passed over: the table's counteroffer when it is not what you offered. Returns
        whether it is new: not an offer you made before to the same party (or table)."""
        positions = dict(offer.positions)
        new = not any(m.by == "player" and m.to == cid and m.positions == positions and m.rewards == offer.rewards
                      for m in self.state.moves)
        standing = self.state.countries[cid].counter if cid is not None else None
        passed = standing.positions if standing is not None and standing.positions != positions and positions else None
        self.state.moves.append(Move(turn=self.state.turn, to=cid, positions=positions, rewards=offer.rewards,
                                     passed=passed))
        return new

    def new_threats(self, cid: str, offer: Offer) -> list[str]:
        """The offer's threats that do not already press on the country (the rules refuse the others)."""
        pressing = {t.threat for t in self.state.threats if t.country == cid and t.status in ("standing", "carried_out")}
        return [t for t in offer.threats if t not in pressing]

    def preview(self, cid: str, offer: Offer):
        """How the country would answer `offer` now, as `apply` would find it (the relationship cost of
        new threats included): the verdict and its reasons, without the counteroffer. Changes nothing."""
        cs = self.state.countries[cid]
        relationship = cs.relationship
        for threat_id in self.new_threats(cid, offer):
            threat = next(t for t in self.scenario.threats if t.id == threat_id)
            relationship = clamp(relationship - threat.relationship_cost, -100, 100)
        state = self.state.model_copy(update={"countries": {**self.state.countries,
                                                             cid: cs.model_copy(update={"relationship": relationship})}})
        return evaluate(Context(self.scenario, self.space, self.profile, state), cid, conference.judged_offer(self, offer))

    def moment(self) -> GameState:
        """A copy of the state as valuations read it now (without the log and history), for a DealRecord."""
        return self.state.model_copy(deep=True, update={"log": [], "history": [], "deal": None})

    def _settle(self, cid: str, offer: Offer, judged: Offer) -> None:
        """An accepted offer: bilateral it settles issues; in a conference it commits a vote."""
        record = None
        if self.scenario.kind == "bilateral" and set(self.state.agreed) | set(offer.positions) >= set(self.space.issue_ids):
            deal = offer_deal(self.ctx, cid, judged)
            record = DealRecord(turn=self.state.turn, deal=deal, said_yes=[cid], state=self.moment())
        due = min(self.state.turn + PROMISE_GRACE, self.scenario.player.deadline)
        for reward_id in offer.rewards:
            self.state.promises.append(Promise(country=cid, reward=reward_id, made=self.state.turn, due=due))
        for standing in self.state.threats:
            if standing.country == cid and standing.status == "standing":
                standing.status = "lifted"
        if self.scenario.kind == "multilateral":
            conference.commit(self, cid, offer)
            return
        self.state.agreed.update(offer.positions)
        self.change_stability(cid, 3)
        if record is not None:
            # goodwill only for the whole deal: a bonus per piece would make a package split into
            # pieces worth more to the country than the same package offered at once
            self.conclude(record)
            self.gain_relationship(cid, 4, "an agreement")
            self.log("deal", "Agreement on every issue. Deliver what you promised, then end the turn to close.")
        else:
            settled = ", ".join(self.scenario.issue(i).name for i in offer.positions)
            self.log("partial", f"Settled: {settled}. Other issues stay open.", cid)

    def conclude(self, record: DealRecord) -> None:
        """The agreement is reached: it is recorded, and it lifts the sanctions in force on those who signed."""
        self.state.deal = record
        self.state.phase = "implementation"
        for standing in self.state.threats:
            if standing.country in record.said_yes and standing.status in ("standing", "carried_out"):
                standing.status = "lifted"

    def _do_accept_counter(self, action: AcceptCounter) -> None:
        counter = self.state.countries[action.country].counter
        self._do_propose(Propose(country=action.country, offer=counter))

    def _do_ask(self, action: Ask) -> None:
        """The country's own proposal at what it needs now, shaped by what it has learned you value."""
        cid = action.country
        country, cs = self.ctx.country(cid)
        proposal = initiative.own_proposal(self.ctx, cid)
        cs.counter = proposal
        wanted = ", ".join(f"{self.scenario.issue(i).name} {describe(self.scenario.issue(i), p)}" for i, p in proposal.positions.items())
        liked = max(self.scenario.rewards, key=lambda r: country.reward_values.get(r.domain, 1.0), default=None)
        hint = f" We would value {liked.name} most." if liked else ""
        self.log("ask", f"{country.name}: \"We could sign {wanted}.{hint}\"", cid)

    # ----- levers -----
    def _do_carry_out(self, action: CarryOut) -> None:
        standing = next(t for t in self.state.threats
                        if t.country == action.country and t.threat == action.threat and t.status == "standing")
        threat = next(t for t in self.scenario.threats if t.id == action.threat)
        standing.status = "carried_out"
        standing.carried_out = self.state.turn
        if standing.answer == "counter_threat":
            initiative.retaliate(self, action.country, threat)
        self.state.budget = max(0.0, self.state.budget - threat.execution_cost * self.profile.lever_cost_factor)
        self.change_stability(action.country, -threat.stability_cost)
        self.state.countries[action.country].support = clamp(self.state.countries[action.country].support - 5, 0, 100)
        self.state.credibility[threat.id] = clamp(self.state.credibility[threat.id] + 0.15, 0, 1)
        self.gain_relationship(action.country, -threat.relationship_cost, f"{threat.name} carried out")
        conference.allies_react(self, action.country, -threat.relationship_cost / 2, f"{threat.name} on {self.name(action.country)}")
        self.log("sanction", f"You carried out {threat.name} against {self.name(action.country)}: it stays in force "
                 "until an agreement lifts it.", action.country)

    def _do_deliver(self, action: Deliver) -> None:
        promise = self._owed(action.country, action.reward)
        reward = reward_of(self.scenario, action.reward)
        self.state.budget -= self.reward_cost(reward)
        promise.status, promise.closed = "delivered", self.state.turn
        trust = self.state.trust.get(action.country, 1.0)
        self.state.trust[action.country] = trust + TRUST_REGAIN * (1.0 - trust)
        self.gain_relationship(action.country, 6, f"{reward.name} delivered")
        if reward.domain in ("aid", "investment", "trade", "energy"):
            self.change_stability(action.country, 3)
        conference.allies_react(self, action.country, 1.5, f"your help to {self.name(action.country)}")
        self.log("promise", f"You delivered {reward.name} to {self.name(action.country)}.", action.country)

    def _do_withdraw(self, action: Withdraw) -> None:
        promise = self._owed(action.country, action.reward)
        promise.status, promise.closed = "withdrawn", self.state.turn
        self._broken_promise(action.country, promise.reward, "withdrawn")

    def _owed(self, country_id: str, reward_id: str) -> Promise:
        return next(p for p in self.state.promises if p.country == country_id and p.reward == reward_id and p.status == "owed")

    def owed(self) -> float:
        """Budget already owed: the cost of every reward promised and not yet delivered."""
        return sum(self.reward_cost(reward_of(self.scenario, p.reward)) for p in self.state.promises if p.status == "owed")

    def _broken_promise(self, country_id: str, reward_id: str, how: str) -> None:
        """A promise withdrawn or not kept: relations suffer, the country (and less, its allies) believe
        your word less, and a vote it bought is released."""
        name = reward_of(self.scenario, reward_id).name
        self.gain_relationship(country_id, -BROKEN_PROMISE_RELATIONSHIP, f"{name} promised and {how}")
        conference.allies_react(self, country_id, -4, f"a broken promise to {self.name(country_id)}")
        self.state.trust[country_id] = self.state.trust.get(country_id, 1.0) * (1.0 - TRUST_LOSS)
        for other in self.state.countries:
            closeness = conference.relation(self, other, country_id)
            if other != country_id and closeness > conference.FRIENDS:
                self.state.trust[other] = self.state.trust.get(other, 1.0) * (1.0 - TRUST_LOSS * closeness / 200)
        self.log("promise", f"{self.name(country_id)} will believe your promises less now "
                 f"({self.state.trust[country_id]:.0%}).", country_id)
        cs = self.state.countries[country_id]
        if cs.committed and self.state.phase == "negotiating":
            cs.committed = False
            self.log("lobby", f"{self.name(country_id)} no longer promises its vote: the reward that bought it is gone.",
                     country_id)

    def reward_cost(self, reward) -> float:
        return reward_cost(self.profile, reward)

    # ----- cone actions -----
    def _do_analyze(self, action: Analyze) -> None:
        country, cs = self.ctx.country(action.country)
        hidden = [i for i, interest in country.interests.items() if interest.hidden and i not in cs.revealed]
        found = hidden[: self.profile.analyze_reveals]
        cs.revealed += found
        if found:
            names = "; ".join(
                f"{self.scenario.issue(i).name} (weight {country.interests[i].weight:.0%}, wants "
                f"{describe(self.scenario.issue(i), cs.ideals[i])})" for i in found)
            self.log("analyze", f"Analysis of {country.name}: {names}.", action.country)
        else:
            self.log("analyze", f"Analysis of {country.name}: nothing hidden remains.", action.country)

    def _do_persuade(self, action: Persuade) -> None:
        country, cs = self.ctx.country(action.country)
        issue = self.scenario.issue(action.issue)
        if self.rng.random() > persuasion_chance(issue, cs.relationship):
            self.log("persuade", f"{country.name} was not persuaded on {issue.name}.", action.country)
            return
        goal = next(o.ideal for o in self.scenario.player.objectives if o.issue == issue.id)
        before = cs.ideals[issue.id]
        interest = country.interests.get(issue.id)  # an issue it has no interest in: anywhere will do
        own = interest.ideal if interest is not None else before
        cs.ideals[issue.id] = persuaded(issue, self.profile, own, before, goal)
        if cs.ideals[issue.id] == before:
            self.log("persuade", f"{country.name} will not be argued further on {issue.name}.", action.country)
            return
        self.log("persuade", f"{country.name} now wants {describe(issue, cs.ideals[issue.id])} on {issue.name}.", action.country)

    def _do_public_campaign(self, action: Campaign) -> None:
        cs = self.state.countries[action.country]
        strength = self.profile.campaign_support * self.rng.uniform(0.8, 1.2)
        cs.support = clamp(cs.support + strength, 0, 100)
        self.change_stability(action.country, strength / 4)
        self.gain_relationship(action.country, 1, "a public campaign")
        self.log("campaign", f"Public support in {self.name(action.country)} rises to {cs.support:.0f} %.", action.country)

    def _do_host_summit(self, action: Summit) -> None:
        for cid in self.state.countries:
            self.gain_relationship(cid, self.profile.summit_relationship, "your summit")
        for key in self.state.relations:
            self.state.relations[key] = clamp(self.state.relations[key] + 3, -100, 100)
        self.log("summit", "You hosted a summit: every delegation leaves warmer.")

    def _do_whip(self, action: Whip) -> None:
        self.state.countries[action.country].whipped = True
        self.log("whip", f"You whipped {self.name(action.country)} ahead of the vote.", action.country)

    def _do_respond(self, action: Respond) -> None:
        event = next(e for e in self.scenario.events if e.id == action.event)
        option = next(o for o in event.options if o.id == action.option)
        self.state.pending_events.remove(event.id)
        self.state.answered_events.append(event.id)
        scoring.apply_effects(self, option.effects, event.title)
        self.log("response", f"{event.title}: {option.outcome}")

    def _do_vote(self, action: CallVote) -> None:
        conference.vote(self)

    # ----- time -----
    def _do_end_turn(self, action: EndTurn) -> None:
        if self.state.phase == "implementation":
            self._finish()
            return
        for standing in self.state.threats:
            if standing.status == "standing" and standing.due <= self.state.turn:
                standing.status = "lapsed"
                name = next(t.name for t in self.scenario.threats if t.id == standing.threat)
                self.state.credibility[standing.threat] = clamp(self.state.credibility[standing.threat] - 0.2, 0, 1)
                self.log("threat", f"You did not carry out {name}; your threats count for less now.", standing.country)
        for promise in self.state.promises:
            if promise.status == "owed" and promise.due <= self.state.turn:
                promise.status, promise.closed = "broken", self.state.turn
                self._broken_promise(promise.country, promise.reward, "not delivered")
        content = conference.between_turns(self) if self.scenario.kind == "multilateral" else {}
        silent = initiative.settle_turn(self, content)
        scoring.drift(self)
        self.state.history.append(scoring.snapshot(self))
        if self.scenario.kind == "bilateral" and all(cs.temper.left is not None for cs in self.state.countries.values()):
            self._finish()
            return
        if self.state.turn >= self.scenario.player.deadline:
            self.log("deadline", "The deadline has passed.")
            self._finish()
            return
        self.state.turn += 1
        self.state.action_points = self.profile.action_points
        self.state.budget += self.profile.budget_per_turn
        for cs in self.state.countries.values():
            cs.whipped = False
        self._fire_events()
        initiative.propose(self, silent)

    def _do_walk_away(self, action: WalkAway) -> None:
        self.log("walk_away", "You walked away from the table.")
        self._finish()

    def _finish(self) -> None:
        for promise in self.state.promises:
            if promise.status == "owed":
                promise.status, promise.closed = "broken", self.state.turn
                self._broken_promise(promise.country, promise.reward, "not delivered")
        if not self.state.history or self.state.history[-1].turn != self.state.turn:
            self.state.history.append(scoring.snapshot(self))
        else:
            self.state.history[-1] = scoring.snapshot(self)
        self.state.phase = "over"
        self.state.outcome = scoring.outcome(self)
        self.log("outcome", self.state.outcome.summary)

    def _fire_events(self) -> None:
        for event in self.scenario.events:
            if event.id in self.state.fired_events:
                continue
            when = event.when
            fires = when.turn is not None and when.turn == self.state.turn
            if when.country is not None:
                cs = self.state.countries[when.country]
                fires = fires or (when.relationship_below is not None and cs.relationship < when.relationship_below)
                fires = fires or (when.stability_below is not None and cs.stability < when.stability_below)
            if not fires:
                continue
            self.state.fired_events.append(event.id)
            scoring.apply_effects(self, event.effects, event.title)
            self.log("event", f"{event.title}: {event.text}")
            if event.options:
                self.state.pending_events.append(event.id)
