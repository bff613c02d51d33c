"""The planning bot: plays as a capable student would, from what a player can see.

It reads the briefing's objectives, the public state (relations, support, each country's card) and
the live preview of any offer (sight.View): never a hidden interest before an analysis, a reservation
or a concession style. Each turn it
  - keeps its promises once a deal is signed, and answers events with the option worth most to it;
  - analyses the countries it needs while their interests are hidden;
  - searches every offer within its budget (positions on the open issues, rewards, threats) for the
    one worth most to it that the preview accepts: it concedes where it cares least per point the
    other side gains, and pays or threatens where that is cheaper than conceding;
  - closes when that deal is worth its aspiration for the turn, else makes a reciprocal concession
    (an offer at its aspiration, without levers) and spends its spare action points on its cone's
    actions where the preview says they raise a needed party's value most.
In a conference the search is over drafts: for each draft, the cheapest coalition that passes under
the scenario's rule, each member closed by the levers (rewards, threats, a whip) that cost least;
then it tables the draft, lobbies and whips that coalition and calls the vote when the tally passes.

Its aspiration falls from its ideal toward its BATNA over the turns at a pace drawn from its own seeded
generator, so seeds are different games. It keeps notes of what each lever and cone action added to
the value of the party it aimed at, and which of them closed a gap (without it, that party would not
have said yes): `notes(session)`, read by the balance report.
"""

import random
import weakref
from dataclasses import dataclass

import numpy as np

from ..model.actions import (
    Analyze,
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
    Whip,
)
from ..model.state import Deal
from ..model.voting import passes, share_passes, vetoed_by, vote_weights
from .conference import votes
from .session import Session, persuaded, persuasion_chance
from .sight import View, look, open_dims
from .space import player_tables
from .valuation import (
    WHIP_REACH,
    cost_utility,
    issue_terms,
    mood_terms,
    no_deal_value,
    player_utility,
    promised,
    reward_cost,
    reward_of,
)

SEARCH_LIMIT = 200_000
"""Conference drafts judged at once; beyond it an even sample of them."""
VERIFY = 12
"""Best candidates checked with a real preview before one is sent."""
ANALYSIS_WORTH = 0.03
"""What the planner expects to gain from learning one hidden interest (it cannot know more before)."""
MIN_GAIN = 0.003
LEVERS_PER_PARTY = 10
"""Levers considered for lobbying one party (those worth most per cost): 2**10 bundles each."""
LATE = 0.03
"""What a conference plan that cannot be carried out this turn counts less (the talks move meanwhile)."""
SWITCH = 0.03
"""How much better another draft must be before the planner tables it over the one on the table."""
PIVOTAL = 0.15
"""A party this close to voting yes is worth the cone's actions; one further away is not."""
HOLD = (0.02, 0.2)
"""The range its patience with a conceding country is drawn from (see Planner.hold): students differ."""
CONCEDE_FLOOR = 0.15
"""Its reciprocal concessions walk down to its BATNA plus this by the deadline."""
POINT_WORTH = 0.003
"""What an action point is worth when nothing better uses it (an event's answer must beat it)."""


@dataclass
class Note:
    """One lever or cone action and what it did for the party it aimed at (utility; 0.12 = 12 points)."""

    turn: int
    kind: str
    """reward, threat, whip, analyze, persuade, public_campaign, host_summit or respond."""
    lever: str
    """The reward, threat or event option id, or the action's kind."""
    country: str | None
    gain: float = 0.0
    decisive: bool = False
    """Without it, that party would not have said yes to the deal."""


@dataclass
class Candidate:
    offer: Offer
    value: float
    """What the deal is worth to the player (objectives, reward costs, threats' relationship costs)."""
    levers: dict


class Planner:
    """One game's planner: its pace, its notes and its plan for the turn."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.pace = rng.uniform(0.15, 0.7)
        """Exponent of its aspiration curve: the lower, the longer it holds out for a good deal."""
        self.hold = rng.uniform(*HOLD)
        """A country whose need fell by this much since the last turn is still conceding: it waits a turn."""
        self.notes: list[Note] = []
        self.pending: list[tuple[Note, str, Offer, float]] = []
        self.offered: int = 0
        self.plan: list = []
        self.plan_turn: int = 0
        self.replanned = False
        self.short: list[str] = []
        self.needs: dict[tuple[str, int], float] = {}
        """What each country needed at the start of each turn, as the preview showed it."""
        self.whipped: dict[str, float] = {}
        """What a whip was seen to do to each party's need."""
        self.watch = None
        self.target: dict[str, Offer] = {}

    # ------------------------------------------------------------------ the turn

    def act(self, session: Session):
        self._settle_pending(session)
        if self.watch is not None:  # what the last whip did to that party's need
            cid, draft, before = self.watch
            self.whipped[cid] = max(0.0, before - session.preview(cid, Offer(positions=draft.positions)).needed)
            self.watch = None
        state = session.state
        if state.phase == "implementation":
            return self._implement(session)
        event = self._event(session)
        if event is not None:
            return event
        due = self._due(session)
        if due is not None:
            return due
        if state.action_points < 1:
            return EndTurn()
        if session.scenario.kind == "bilateral":
            return self._bilateral(session)
        return self._conference(session)

    def _time(self, session: Session) -> float:
        deadline = session.scenario.player.deadline
        return min(1.0, (session.state.turn - 1) / max(1, deadline - 1))

    def aspiration(self, session: Session) -> float:
        """What a deal must be worth to the planner to close on this turn: from 1 on the first turn to just
        above its BATNA on the last, at its own pace (a capable student holds out: the pace is at most 1)."""
        floor = no_deal_value(session.scenario, None) + 0.02
        return floor + (1.0 - floor) * (1.0 - self._time(session) ** (1.0 / self.pace))

    def concession(self, session: Session) -> float:
        """What its reciprocal concessions are worth to it on this turn: a steady walk from its ideal to
        CONCEDE_FLOOR above its BATNA, so that the other side has concessions to answer every turn."""
        floor = no_deal_value(session.scenario, None) + CONCEDE_FLOOR
        return floor + (1.0 - floor) * (1.0 - self._time(session))

    def _last_turn(self, session: Session) -> bool:
        return session.state.turn >= session.scenario.player.deadline

    def _last_chance(self, session: Session, cid: str) -> bool:
        """The last turn, or the turn the country said it will not wait past."""
        temper = session.state.countries[cid].temper
        ultimatum = temper.ultimatum if temper is not None else None
        return self._last_turn(session) or (ultimatum is not None and ultimatum <= session.state.turn)

    def _falling(self, session: Session, cid: str, need: float) -> bool:
        """Is what the country needs still falling fast (by its `hold` or more since last turn)? Then a turn of
        reciprocal concession is likely worth more than closing now: hold on."""
        turn = session.state.turn
        self.needs.setdefault((cid, turn), need)
        before = self.needs.get((cid, turn - 1))
        return before is not None and before - self.needs[(cid, turn)] >= self.hold

    # ------------------------------------------------------------------ promises and events

    def _implement(self, session: Session):
        for action in session.legal_actions():
            if isinstance(action, Deliver):
                return action
        return EndTurn()

    def _due(self, session: Session):
        """Promises due this turn are kept; a threat made in a refused offer is carried out on its last day
        when the budget allows (one not acted on costs every later threat its credibility)."""
        state = session.state
        for promise in state.promises:
            action = Deliver(country=promise.country, reward=promise.reward)
            if promise.status == "owed" and promise.due <= state.turn and session.check(action) is None:
                return action
        for standing in state.threats:
            if standing.status == "standing" and standing.due <= state.turn:
                action = CarryOut(country=standing.country, threat=standing.threat)
                threat = next(t for t in session.scenario.threats if t.id == standing.threat)
                if session.check(action) is None and \
                        threat.execution_cost * session.profile.lever_cost_factor <= state.budget - session.owed():
                    return action
        return None

    def _event(self, session: Session):
        best, best_value = None, 0.0
        for action in session.legal_actions():
            if not isinstance(action, Respond):
                continue
            event = next(e for e in session.scenario.events if e.id == action.event)
            option = next(o for o in event.options if o.id == action.option)
            worth = self._effects_worth(session, option.effects) - POINT_WORTH * option.cost
            if best is None or worth > best_value:
                best, best_value = action, worth
        if best is None or (best_value <= 0 and session.action_cost(best) > 0):
            return None
        self._measure(session, Note(session.state.turn, "respond", best.option, None), list(session.state.countries))
        return best

    def _effects_worth(self, session: Session, effects) -> float:
        """What an event option's effects are worth to the planner: the countries' moods (what they add to
        every offer's value), their stability and the budget, and what a revelation teaches."""
        state, profile = session.state, session.profile
        worth = 0.0
        for cid in session.state.countries:
            cs = state.countries[cid]
            rel = effects.relationship.get(cid, 0.0)
            rel *= profile.relationship_gain_factor if rel > 0 else 1.0
            moved = cs.model_copy(update={"relationship": max(-100.0, min(100.0, cs.relationship + rel)),
                                          "support": max(0.0, min(100.0, cs.support + effects.support.get(cid, 0.0)))})
            worth += _mood(moved, session) - _mood(cs, session) + _relations_score(session, moved.relationship - cs.relationship)
            worth += 0.001 * effects.stability.get(cid, 0.0)
        worth += effects.budget * session.scenario.player.budget_weight / max(1.0, session.scenario.player.budget
                                                                            + profile.budget_per_turn * session.scenario.player.deadline)
        for cid in effects.reveal:
            worth += ANALYSIS_WORTH * len(_hidden(session, cid))
        return worth

    # ------------------------------------------------------------------ cone actions

    def _cone_action(self, session: Session, targets: list[str], reserve: int, reference: dict[str, Offer]):
        """The cone action worth most per action point for the target parties, keeping `reserve` points."""
        state, profile = session.state, session.profile
        spare = state.action_points - reserve
        options = []
        for cid in targets:
            cs = state.countries[cid]
            hidden = _hidden(session, cid)
            if hidden and profile.analyze_reveals:
                options.append((ANALYSIS_WORTH * min(len(hidden), profile.analyze_reveals), Analyze(country=cid)))
            moved = cs.model_copy(update={"support": min(100.0, cs.support + profile.campaign_support),
                                          "relationship": min(100.0, cs.relationship + profile.relationship_gain_factor)})
            options.append((_mood(moved, session) - _mood(cs, session), Campaign(country=cid)))
            for objective in session.scenario.player.objectives:
                gain = self._persuasion_worth(session, cid, objective)
                if gain > 0:
                    options.append((gain, Persuade(country=cid, issue=objective.issue)))
        if profile.summit_relationship > 0:
            gain = 0.0
            for cid in targets:
                cs = state.countries[cid]
                warmer = min(100.0, cs.relationship + profile.summit_relationship * profile.relationship_gain_factor)
                gain += _mood(cs.model_copy(update={"relationship": warmer}), session) - _mood(cs, session)
            options.append((gain, Summit()))
        best = None
        for gain, action in options:
            cost = session.action_cost(action)
            if cost < 1 or cost > spare or gain < MIN_GAIN or session.check(action) is not None:
                continue
            if best is None or gain / cost > best[0]:
                best = (gain / cost, action)
        if best is None:
            return None
        action = best[1]
        aimed = targets if isinstance(action, Summit) else [action.country]
        self._measure(session, Note(state.turn, action.kind, action.kind, None), aimed, reference)
        return action

    def _persuasion_worth(self, session: Session, cid: str, objective) -> float:
        """Expected gain of persuading `cid` on an objective's issue, at the objective's target, when its
        ideal there is on the card (a hidden ideal cannot be argued with)."""
        profile, state, scenario = session.profile, session.state, session.scenario
        country, cs = scenario.country(cid), state.countries[cid]
        interest = country.interests.get(objective.issue)
        if (profile.action_costs.get("persuade") is None or interest is None or objective.issue in state.agreed
                or (interest.hidden and objective.issue not in cs.revealed)):
            return 0.0
        issue = scenario.issue(objective.issue)
        ideal = cs.ideals[issue.id]
        moved = persuaded(issue, profile, interest.ideal, ideal, objective.ideal)
        if moved == ideal:
            return 0.0
        before = issue_terms(scenario, country, cs, {issue.id: objective.target})[0].value
        shifted = cs.model_copy(update={"ideals": {**cs.ideals, issue.id: moved}})
        after = issue_terms(scenario, country, shifted, {issue.id: objective.target})[0].value
        return persuasion_chance(issue, cs.relationship) * (after - before)

    def _measure(self, session: Session, note: Note, parties: list[str], reference: dict[str, Offer] | None = None):
        """Note an action; what it did to each party's preview of the planner's current offer is read
        after the session has applied it (on the next call)."""
        reference = reference or {}
        for cid in parties:
            offer = reference.get(cid, Offer(positions=_ideal_positions(session)))
            one = Note(note.turn, note.kind, note.lever, cid)
            self.pending.append((one, cid, offer, session.preview(cid, offer).value))

    def _settle_pending(self, session: Session) -> None:
        for note, cid, offer, before in self.pending:
            if session.state.phase == "negotiating":
                note.gain = session.preview(cid, offer).value - before
            if note.kind not in ("public_campaign", "host_summit", "respond") or abs(note.gain) > 1e-9:
                self.notes.append(note)
        self.pending = []

    def _close(self, session: Session, cid: str, decision_value: float, need: float, levers: dict) -> None:
        """Notes for the party that is about to say yes: the levers attached and earlier actions aimed at it;
        decisive when its margin over its need is smaller than what they added."""
        margin = decision_value - need
        turn = session.state.turn
        for (kind, lever), gain in levers.items():
            self.notes.append(Note(turn, kind, lever, cid, gain, gain > margin + 1e-9))
        for note in self.notes:
            if note.country == cid and note.kind not in ("reward", "threat", "whip") and note.gain > margin + 1e-9:
                note.decisive = True

    # ------------------------------------------------------------------ bilateral talks

    def _bilateral(self, session: Session):
        state, scenario = session.state, session.scenario
        cid = next(iter(state.countries))
        hidden = _hidden(session, cid)
        analyze = Analyze(country=cid)
        if hidden and session.profile.analyze_reveals and session.check(analyze) is None \
                and session.action_cost(analyze) <= state.action_points - 1:
            self._measure(session, Note(state.turn, "analyze", "analyze", None), [cid])
            return analyze
        reference = self._reference(session, [cid])
        view = look(session, cid, reference)
        best = self._best_offer(session, view, reference)
        aspiration = self.aspiration(session)
        batna = no_deal_value(scenario, None)
        falling = self._falling(session, cid, view.need)
        if best is not None and best.value + 1e-9 >= batna and (
                self._last_chance(session, cid) or (best.value >= aspiration and not falling)):
            decision = session.preview(cid, best.offer)
            self._close(session, cid, decision.value, decision.needed, best.levers)
            return Propose(country=cid, offer=best.offer)
        target = {cid: Offer(positions=_target_positions(session, reference))}
        action = self._cone_action(session, [cid], 1, target)
        if action is not None:
            return action
        if self.offered < state.turn and not self._last_turn(session):
            # a concession, but never one worth less to it than a deal it could have now
            level = max(self.concession(session), -1.0 if best is None else best.value + 0.02)
            anchor = self._anchor(session, view, reference, level)
            if anchor is not None:
                self.offered = state.turn
                return Propose(country=cid, offer=anchor)
        return EndTurn()

    def _reference(self, session: Session, parties: list[str]) -> dict[int, int]:
        """The offer the views are measured at: the player's ideal on its objectives; elsewhere the position
        worth most to the parties by the preview (the player does not mind those)."""
        space, scenario = session.space, session.scenario
        goals = {o.issue: o.ideal for o in scenario.player.objectives}
        reference = {}
        for j in open_dims(session):
            issue_id = space.issue_ids[j]
            if issue_id in goals:
                reference[j] = space.index(issue_id, goals[issue_id])
        for j in open_dims(session):
            if j in reference:
                continue
            issue_id = space.issue_ids[j]
            scores = []
            for p in space.positions[j]:
                positions = {space.issue_ids[i]: space.positions[i][reference.get(i, 0)] for i in open_dims(session)}
                positions[issue_id] = p
                scores.append(sum(session.preview(cid, Offer(positions=positions)).value for cid in parties))
            reference[j] = int(np.argmax(scores))
        return reference

    def _player_tables(self, session: Session, dims: list[int]) -> list[np.ndarray]:
        weights, tables = player_tables(session.space)
        return [weights[j] * tables[j] for j in dims]

    def _lever_costs(self, session: Session, levers: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
        """(utility cost to the player, budget spent) of each lever: a reward's price by the budget rule,
        a threat's relationship cost as the score counts it (twice: allies and the risk of acting on it)."""
        scenario, profile = session.scenario, session.profile
        per_point = 2 * _relations_score(session, 1.0)
        ucost, spend = [], []
        for kind, lever in levers:
            if kind == "reward":
                reward = reward_of(scenario, lever)
                ucost.append(cost_utility(scenario, profile, reward))
                spend.append(reward_cost(profile, reward))
            elif kind == "threat":
                threat = next(t for t in scenario.threats if t.id == lever)
                ucost.append(per_point * threat.relationship_cost)
                spend.append(0.0)
            else:  # a whip: only action points
                ucost.append(0.001)
                spend.append(0.0)
        return np.array(ucost), np.array(spend)

    def _promised_cost(self, session: Session) -> float:
        scenario, state = session.scenario, session.state
        return sum(cost_utility(scenario, session.profile, reward_of(scenario, r))
                   for cid in state.countries for r in promised(state, cid))

    def _best_offer(self, session: Session, view: View, reference: dict[int, int]) -> Candidate | None:
        """The offer worth most to the planner that the country's preview accepts, within the budget.

        Positions and levers are searched apart: for each bundle of levers, the best positions whose
        value to the country reaches the need the bundle leaves (issue combinations sorted by that value,
        with a running best for the player from the top). The best few are checked with a real preview;
        when rounding fails them all, again with a point of margin."""
        space, state, scenario = session.space, session.state, session.scenario
        goals = {o.issue for o in scenario.player.objectives}
        dims = view.open_idx
        free = [j for j in dims if space.issue_ids[j] in goals]
        combos = np.indices([len(space.positions[j]) for j in free]).reshape(len(free), -1).T
        P = dict(zip(dims, self._player_tables(session, dims)))
        C = dict(zip(dims, view.tables))
        country = np.full(len(combos), view.const)
        mine = np.full(len(combos), self._settled_value(session) - self._promised_cost(session))
        for j in dims:
            column = combos[:, free.index(j)] if j in free else reference[j]
            country += C[j][column]
            mine += P[j][column]
        order = np.argsort(country, kind="stable")
        best_from = order[_suffix_argmax(mine[order])]  # the best for the player among issue sets worth at least as much
        levers = list(view.levers)[:LEVERS_PER_PARTY + 4]
        gains = np.array([view.levers[lv] for lv in levers])
        ucost, spend = self._lever_costs(session, levers)
        bundles = (np.arange(2 ** len(levers))[:, None] >> np.arange(len(levers))[None, :]) & 1
        affordable = bundles @ spend <= state.budget - session.owed() + 1e-9
        for margin in (0.0, 0.01):
            at = np.searchsorted(country[order], view.need + margin - bundles @ gains - 1e-9)
            ok = affordable & (at < len(order))
            rows = best_from[np.minimum(at, len(order) - 1)]
            worth = np.where(ok, mine[rows] - bundles @ ucost, -np.inf)
            for b in np.argsort(-worth, kind="stable")[:VERIFY]:
                if not ok[b]:
                    break
                positions = {space.issue_ids[j]: space.positions[j][combos[rows[b], free.index(j)] if j in free else reference[j]]
                             for j in dims}
                chosen = {lv: float(g) for lv, g, bit in zip(levers, gains, bundles[b]) if bit}
                offer = Offer(positions=positions, rewards=tuple(lv[1] for lv in chosen if lv[0] == "reward"),
                              threats=tuple(lv[1] for lv in chosen if lv[0] == "threat"))
                if session.check(Propose(country=view.country, offer=offer)) is None \
                        and session.preview(view.country, offer).verdict == "accept":
                    return Candidate(offer, float(worth[b]), chosen)
        return None

    def _settled_value(self, session: Session) -> float:
        """The player's utility from issues already settled."""
        agreed = session.state.agreed
        return player_utility(session.ctx, Deal(positions=dict(agreed))) if agreed else 0.0

    def _anchor(self, session: Session, view: View, reference: dict[int, int], aspiration: float) -> Offer | None:
        """A reciprocal concession: the offer without levers that the country values most among those still
        worth the planner's aspiration (its ideal when none is)."""
        space, scenario, state = session.space, session.scenario, session.state
        goals = {o.issue for o in scenario.player.objectives}
        dims = view.open_idx
        free = [j for j in dims if space.issue_ids[j] in goals]
        sizes = [len(space.positions[j]) for j in free]
        combos = np.indices(sizes).reshape(len(sizes), -1).T if sizes else np.zeros((1, 0), dtype=int)
        P = dict(zip(dims, self._player_tables(session, dims)))
        C = dict(zip(dims, view.tables))
        country, mine = np.zeros(len(combos)), np.full(len(combos), self._settled_value(session))
        for j in free:
            country += C[j][combos[:, free.index(j)]]
            mine += P[j][combos[:, free.index(j)]]
        ok = mine + 1e-9 >= aspiration
        if not ok.any():
            ok = mine >= mine.max() - 1e-9
        order = np.lexsort((-mine, -np.where(ok, country, -np.inf)))
        refused = state.refused.get(view.country)
        for row in order[:5]:
            positions = {space.issue_ids[j]: space.positions[j][combos[row, free.index(j)] if j in free else reference[j]]
                         for j in dims}
            offer = Offer(positions=positions)
            if refused is not None and refused.key == offer.key():
                continue
            if session.check(Propose(country=view.country, offer=offer)) is None:
                return offer
        return None

    # ------------------------------------------------------------------ conferences

    def _conference(self, session: Session):
        state = session.state
        if self._draft_passes_and_pays(session):
            return CallVote()
        if self.plan_turn != state.turn:
            self.plan_turn, self.replanned = state.turn, False
            self.plan = self._plan_conference(session)
        while self.plan:
            action, note = self.plan.pop(0)
            if isinstance(action, CallVote):
                continue  # voted above when the tally passes
            if session.check(action) is not None:
                self.plan = []
                if not self.replanned:  # something moved under the plan: plan once more this turn, on the same draft
                    self.replanned = True
                    self.plan = self._plan_conference(session, keep=True)
                continue
            if note is not None:
                note()
            return action
        action = self._cone_action(session, self.short, 0, self.target)
        return action if action is not None else EndTurn()

    def _draft_passes_and_pays(self, session: Session) -> bool:
        """The draft on the table would pass now and is worth the aspiration (on the last turn: the BATNA)."""
        draft = session.state.draft
        if draft is None or session.check(CallVote()) is not None:
            return False
        if not passes(session.scenario, [c for c, yes in votes(session).items() if yes]):
            return False
        value = player_utility(session.ctx, Deal(positions={**session.state.agreed, **draft.positions})) \
            - self._promised_cost(session)
        floor = no_deal_value(session.scenario, None) if self._last_turn(session) else self.aspiration(session)
        return value + 1e-9 >= floor

    def _plan_conference(self, session: Session, keep: bool = False) -> list:
        """This turn's steps: close (table, lobby, whip, vote) when the best plan is worth the aspiration;
        else table a draft at the aspiration. The draft on the table is kept unless another is worth
        SWITCH more (tabling anew releases every vote lobbied for), or always with `keep`. The parties still
        short of yes are noted, for the cone's actions with the points left."""
        state, scenario = session.state, session.scenario
        parties = list(state.countries)
        reference = self._reference_draft(session)
        plan = None
        for _ in range(3):
            views = {cid: look(session, cid, reference) for cid in parties}
            kept = self._best_draft(session, views, state.draft.positions) if state.draft is not None else None
            kept = kept if kept is not None and self._check_draft(session, kept[0], kept[1]) else None
            plan = kept if keep else self._best_draft(session, views)
            if kept is not None and (plan is None or kept[2] + SWITCH >= plan[2]):
                plan = kept
            if plan is None or self._check_draft(session, plan[0], plan[1]):
                break
            # the hidden interests moved the real values away from the views': look again from that draft
            reference = {j: session.space.index(i, plan[0].positions[i]) for j, i in enumerate(session.space.issue_ids)
                         if i in plan[0].positions}
            plan = None
        aspiration = self.aspiration(session)
        batna = no_deal_value(scenario, None)
        steps = []
        if plan is not None and plan[2] + 1e-9 >= batna and (plan[2] >= aspiration or self._last_turn(session)):
            steps = self._closing_steps(session, plan[0], plan[1])
        draft = plan[0] if steps else self._anchor_draft(session, views, self.concession(session))
        if not steps and not keep and (state.draft is None or state.draft.positions != draft.positions):
            steps.append((Propose(country=None, offer=draft), None))
        self.target = {cid: draft for cid in parties}
        gaps = {cid: d.needed - d.value for cid in parties for d in [session.preview(cid, draft)]}
        self.short = [cid for cid in parties if 0 < gaps[cid] <= PIVOTAL] or parties
        return steps

    def _reference_draft(self, session: Session) -> dict[int, int]:
        state, space = session.state, session.space
        if state.draft is not None:
            return {j: space.index(i, state.draft.positions[i]) for j, i in enumerate(space.issue_ids)
                    if i in state.draft.positions}
        return self._reference(session, list(state.countries))

    def _best_draft(self, session: Session, views: dict[str, View], only: dict | None = None):
        """(draft, {party: levers}, value to the planner) of the best draft that a coalition can pass, each
        member closed by the levers that cost least, within the budget; or None. A plan needs action points
        for tabling, lobbying, whipping and the vote: one that takes two turns counts LATE less, one that
        takes more is out; so each draft is planned with whips and without. `only` restricts the search to
        one draft (the one on the table)."""
        space, state = session.space, session.state
        dims = open_dims(session)
        if only is not None:
            combos = np.array([[space.index(space.issue_ids[j], only[space.issue_ids[j]]) for j in dims]])
        else:
            combos = np.indices([len(space.positions[j]) for j in dims]).reshape(len(dims), -1).T
            if len(combos) > SEARCH_LIMIT:
                combos = combos[np.linspace(0, len(combos) - 1, SEARCH_LIMIT).astype(int)]
        mine = np.full(len(combos), self._settled_value(session) - self._promised_cost(session))
        for d, table in enumerate(self._player_tables(session, dims)):
            mine += table[combos[:, d]]
        tabled = np.zeros(len(combos), dtype=bool)
        if state.draft is not None:
            tabled = np.all(combos == [space.index(space.issue_ids[j], state.draft.positions[space.issue_ids[j]])
                                       for j in dims], axis=1)
        plans = [self._coalitions(session, views, combos, tabled, mine, whips) for whips in (True, False)]
        scores = [plan[0] for plan in plans]
        if not max(np.isfinite(sc).any() for sc in scores):
            return None
        variant = int(np.max(scores[1]) > np.max(scores[0]))
        score, members = plans[variant][0], plans[variant][1]
        best = int(np.argmax(score))
        draft = Offer(positions={space.issue_ids[j]: space.positions[j][combos[best, d]] for d, j in enumerate(dims)})
        chosen, value = members(best)
        return draft, chosen, value

    def _coalitions(self, session: Session, views: dict[str, View], combos: np.ndarray, tabled: np.ndarray,
                    mine: np.ndarray, whips: bool):
        """For every draft in `combos`: the planner's score of its cheapest passing coalition (-inf when none
        is within the budget and the action points), and a function giving the members' levers and the
        plan's value for one draft."""
        state, scenario, profile = session.state, session.scenario, session.profile
        parties, N = list(views), len(combos)
        tally = votes(session)
        weights = vote_weights(scenario)
        W = np.array([weights[c] for c in parties])
        cost, spend = np.zeros((len(parties), N)), np.zeros((len(parties), N))
        early, final = np.zeros((len(parties), N)), np.zeros((len(parties), N))
        choice = np.full((len(parties), N), -1)
        frontiers = []
        whip_cost = profile.action_costs.get("whip")
        for p, cid in enumerate(parties):
            view = views[cid]
            value = np.full(N, view.const)
            for d, table in enumerate(view.tables):
                value += table[combos[:, d]]
            gap = view.need - value
            # a threat buys a commitment but is lifted when the party agrees, and a commitment holds only
            # while the draft clears the party's no-deal value, which no one can see: lobby with rewards
            rewards = [lv for lv in view.levers if lv[0] == "reward"]
            levers = sorted(rewards, key=lambda lv: -view.levers[lv] / (self._lever_costs(session, [lv])[0][0] + 1e-6))
            levers = levers[:LEVERS_PER_PARTY]
            if whips and whip_cost is not None and self._whip_reach(session, cid) > 0.005 and not state.countries[cid].whipped:
                levers.append(("whip", cid))
            gains = np.array([view.levers.get(lv) or self._whip_reach(session, cid) for lv in levers])
            ucost, lspend = self._lever_costs(session, levers)
            frontier = _frontier(gains, ucost, lspend, [whip_cost or 0 if lv[0] == "whip" else 0 for lv in levers])
            frontiers.append((levers, frontier))
            fgain, fcost, fspend, flobby, fwhip, _ = frontier
            k = np.minimum(np.searchsorted(fgain, gap - 1e-9), len(fgain) - 1)
            short = gap > 1e-9
            reachable = fgain[k] + 1e-9 >= gap
            cost[p] = np.where(short, np.where(reachable, fcost[k], np.inf), 0.0)
            spend[p] = np.where(short, np.where(reachable, fspend[k], 0.0), 0.0)
            # a whip lasts for the turn: it and the lobbying it helps come in the vote's turn; other
            # lobbying may come a turn earlier (a commitment holds)
            used = short & reachable
            final[p] = np.where(used & (fwhip[k] > 0), fwhip[k] + flobby[k], 0.0)
            early[p] = np.where(used & (fwhip[k] == 0), flobby[k], 0.0)
            choice[p] = np.where(short, k, -1)
            if tally.get(cid):  # it votes for the draft on the table (the hall's tally)
                cost[p, tabled], spend[p, tabled], choice[p, tabled] = 0.0, 0.0, -1
                early[p, tabled], final[p, tabled] = 0.0, 0.0
            if state.countries[cid].collapsed:
                cost[p] = np.inf
        vetoes = [parties.index(c) for c in vetoed_by(scenario, [])]
        key = cost + 1e-6 * (1 - W)[:, None]
        key[vetoes] -= 1e9  # veto holders join first (one out of reach stays last and fails below)
        order = np.argsort(key, axis=0, kind="stable")
        sorted_cost = np.take_along_axis(cost, order, axis=0)
        passing = share_passes(scenario, np.cumsum(W[order], axis=0)) & np.isfinite(sorted_cost)
        if vetoes:  # a coalition passes only with every veto holder in it
            rank = np.argsort(order, axis=0)
            passing &= np.arange(len(parties))[:, None] >= rank[vetoes].max(axis=0)[None, :]
        first = np.argmax(passing, axis=0)
        columns = np.arange(N)

        def upto(matrix):
            return np.cumsum(np.take_along_axis(np.nan_to_num(matrix, posinf=1e9), order, axis=0), axis=0)[first, columns]

        feasible = passing.any(axis=0) & (upto(spend) <= state.budget - session.owed() + 1e-9)
        points = state.action_points
        last = upto(final) + 1
        first_turn = upto(early) + np.where(tabled, 0, 1)
        now = first_turn + last <= points
        later = (last <= points) & (first_turn <= 2 * points - last) & (not self._last_turn(session))
        feasible &= now | later
        total = upto(cost)
        score = np.where(feasible, mine - total - np.where(now, 0.0, LATE), -np.inf)

        def members(best: int) -> tuple[dict, float]:
            chosen = {}
            for rank in range(first[best] + 1):
                p = int(order[rank, best])
                levers, (*_, fsets) = frontiers[p]
                k = int(choice[p, best])
                chosen[parties[p]] = {} if k < 0 else {
                    levers[i]: views[parties[p]].levers.get(levers[i]) or self._whip_reach(session, parties[p])
                    for i in range(len(levers)) if fsets[k] >> i & 1}
            return chosen, float(mine[best] - total[best])

        return score, members

    def _check_draft(self, session: Session, draft: Offer, members: dict) -> bool:
        """Does every planned member accept the draft with its levers, by the real preview (the hidden
        interests the views could not see included)?"""
        tally = votes(session) if session.state.draft is not None and session.state.draft.positions == draft.positions else {}
        for cid, levers in members.items():
            if tally.get(cid):
                continue
            offer = Offer(positions=draft.positions,
                          rewards=tuple(lv[1] for lv in levers if lv[0] == "reward"),
                          threats=tuple(lv[1] for lv in levers if lv[0] == "threat"))
            decision = session.preview(cid, offer)
            whip = self._whip_reach(session, cid) if ("whip", cid) in levers else 0.0
            if decision.value + whip + 1e-9 < decision.needed:
                return False
        return True

    def _closing_steps(self, session: Session, draft: Offer, members: dict) -> list:
        """Table the draft, whip (a whip lowers the need for this turn, so it comes before the lobbying it
        helps), lobby, vote. Without the points for all of it this turn, table and lobby the members that
        need no whip: their commitments hold, and the rest follows next turn."""
        state = session.state
        points = state.action_points
        steps = []
        if state.draft is None or state.draft.positions != draft.positions:
            steps.append((Propose(country=None, offer=draft), None))
            points -= 1
        whip_cost = session.profile.action_costs.get("whip") or 0
        lobbies, whips = [], []
        for cid, levers in members.items():
            rewards = tuple(lv[1] for lv in levers if lv[0] == "reward")
            threats = tuple(lv[1] for lv in levers if lv[0] == "threat")
            whipped = ("whip", cid) in levers
            lobby = Offer(rewards=rewards, threats=threats)
            if whipped:
                whips.append((Whip(country=cid), self._whip_note(session, cid, draft, lobby)))
            if rewards or threats:
                paid = {lv: g for lv, g in levers.items() if lv[0] != "whip"}
                lobbies.append((whipped, (Propose(country=cid, offer=lobby), self._lobby_note(session, cid, draft, lobby, paid))))
        if whip_cost * len(whips) + len(lobbies) + 1 <= points:
            return steps + whips + [step for _, step in lobbies] + [(CallVote(), None)]
        return steps + [step for whipped, step in lobbies if not whipped][:max(0, points)]

    def _whip_reach(self, session: Session, cid: str) -> float:
        """How far a whip lowers this party's need: the rule's reach, or what the last whip was seen to do (a
        need is never whipped below the party's outside option, which no one sees)."""
        return self.whipped.get(cid, WHIP_REACH * session.profile.whip_strength)

    def _whip_note(self, session: Session, cid: str, draft: Offer, lobby: Offer):
        """The whip's note, and the need before it, to see what it did."""
        lobbied = self._lobby_note(session, cid, draft, lobby, {("whip", cid): self._whip_reach(session, cid)})

        def note():
            lobbied()
            self.watch = (cid, draft, session.preview(cid, Offer(positions=draft.positions)).needed)
        return note

    def _lobby_note(self, session: Session, cid: str, draft: Offer, offer: Offer, levers: dict):
        """Notes taken as a step is sent: the party's margin with the levers it is offered (a whip's note is
        taken before the whip, so its margin is the one the whip had to close)."""
        def note():
            decision = session.preview(cid, Offer(positions=draft.positions, rewards=offer.rewards, threats=offer.threats))
            self._close(session, cid, decision.value, decision.needed, levers)
        return note

    def _anchor_draft(self, session: Session, views: dict[str, View], level: float) -> Offer:
        """A reciprocal concession: a draft worth `level` to the planner that the most vote weight comes
        nearest to accepting."""
        space, scenario = session.space, session.scenario
        dims = open_dims(session)
        sizes = [len(space.positions[j]) for j in dims]
        combos = np.indices(sizes).reshape(len(sizes), -1).T
        if len(combos) > SEARCH_LIMIT:
            combos = combos[np.linspace(0, len(combos) - 1, SEARCH_LIMIT).astype(int)]
        mine = np.full(len(combos), self._settled_value(session))
        for d, table in enumerate(self._player_tables(session, dims)):
            mine += table[combos[:, d]]
        weights = vote_weights(scenario)
        support = np.zeros(len(combos))
        for cid, view in views.items():
            value = np.full(len(combos), view.const)
            for d, table in enumerate(view.tables):
                value += table[combos[:, d]]
            support += weights[cid] * np.minimum(0.0, value - view.need)
        ok = mine + 1e-9 >= level
        if not ok.any():
            ok = mine >= mine.max() - 1e-9
        best = int(np.argmax(np.where(ok, support + 1e-3 * mine, -np.inf)))
        return Offer(positions={space.issue_ids[j]: space.positions[j][combos[best, d]] for d, j in enumerate(dims)})


def _frontier(gains: np.ndarray, ucost: np.ndarray, spend: np.ndarray, whips: list[int]):
    """Every subset of levers as (gain, cost, spend, lobbying, whip points, bitmask), sorted by gain, each
    entry carrying the cheapest subset that gains at least that much (a suffix minimum): the price of
    closing any gap. Lobbying (1 when the subset holds a reward or a threat) takes one action point."""
    n = len(gains)
    masks = np.arange(2 ** n)
    bits = (masks[:, None] >> np.arange(n)[None, :]) & 1
    whip = np.array(whips, dtype=float)
    lobby = (bits @ (whip == 0).astype(float) > 0).astype(float)
    g, c, s, w = bits @ gains, bits @ ucost, bits @ spend, bits @ whip
    order = np.argsort(g, kind="stable")
    g, c = g[order], c[order]
    at = order[_suffix_argmin(c)]
    return g, c[_suffix_argmin(c)], s[at], lobby[at], w[at], masks[at]


def _suffix_argmax(values: np.ndarray) -> np.ndarray:
    """For each i, an index of the largest value at i or after."""
    return _suffix_argmin(-values)


def _suffix_argmin(values: np.ndarray) -> np.ndarray:
    """For each i, an index of the smallest value at i or after."""
    reverse = values[::-1]
    running = np.minimum.accumulate(reverse)
    positions = np.where(reverse == running, np.arange(len(values)), 0)
    return len(values) - 1 - np.maximum.accumulate(positions)[::-1]


def _relations_score(session: Session, points: float) -> float:
    """What relationship points with one country add to the final score, in utility units (the score
    counts 75 per unit of utility and 15 per 200 points of mean relationship)."""
    return points * 15 / 200 / 75 / len(session.scenario.countries)


def _mood(cs, session: Session) -> float:
    return sum(t.value for t in mood_terms(cs, session.scenario.player.country))


def _hidden(session: Session, cid: str) -> list[str]:
    country, cs = session.scenario.country(cid), session.state.countries[cid]
    return [i for i, interest in country.interests.items() if interest.hidden and i not in cs.revealed]


def _target_positions(session: Session, reference: dict[int, int]) -> dict:
    """The deal the player aims at: each objective at its target, the reference offer elsewhere."""
    space = session.space
    positions = {space.issue_ids[j]: space.positions[j][k] for j, k in reference.items()}
    positions.update({o.issue: o.target for o in session.scenario.player.objectives if o.issue in positions})
    return positions


def _ideal_positions(session: Session) -> dict:
    return {o.issue: o.ideal for o in session.scenario.player.objectives if o.issue not in session.state.agreed}


_PLANNERS: "weakref.WeakKeyDictionary[Session, Planner]" = weakref.WeakKeyDictionary()


def planner_bot(session: Session, rng: random.Random):
    """The bot function (see bots.BOTS): one Planner per session, drawing its pace from `rng`."""
    planner = _PLANNERS.get(session)
    if planner is None:
        planner = _PLANNERS[session] = Planner(rng)
    return planner.act(session)


def notes(session: Session) -> list[Note]:
    """What the planner noted in this session's game (empty when another bot played it)."""
    planner = _PLANNERS.get(session)
    return [] if planner is None else planner.notes
