"""How would a country answer this offer on this turn? The game's own answer, for an author.

The probe plays a session up to the start of the turn asked for and sends the offer there with
Session.apply, the path every offer in the game takes: the verdict, the reasons, the need, the
counteroffer and the flip hint are the game's, not a re-computation.

What it assumes about the turns before: the player ended each of them without acting. No offers, no
analysis or other cone action, no rewards promised or threats made, events left unanswered (their own
effects still apply when they fire). Time still passes: each country's need moves as it does over
those turns, and in a conference the parties' positions move as the conference model moves them. A
hidden interest shows as "other concerns" (an analysis first would reveal it); the seed is the game's.

In a conference the offer's positions are a draft: it is tabled, and the country's stance on it is the
answer; with rewards or threats, the country is then lobbied with them and that answer is shown.
"""

from dataclasses import dataclass

from ..engine.session import Session
from ..engine.wording import offer_text, reason_lines
from ..model.actions import EndTurn, Offer, Propose
from ..model.cones import ConeName
from ..model.scenario import OptionsIssue, Scenario
from ..model.state import Decision, LogEntry


class ProbeError(ValueError):
    """An offer the scenario cannot take (an unknown id, a position out of range): a usage error."""


@dataclass
class Answer:
    session: Session
    """The session after the offer (its log holds everything the offer caused)."""
    offer: Offer
    decision: Decision
    entries: list[LogEntry]
    """What the offer wrote to the log, the answer among them."""


def advance(scenario: Scenario, cone: ConeName, seed: int, turn: int) -> Session:
    """A session at the start of `turn`, every earlier turn ended without acting."""
    session = Session(scenario, cone, seed)
    while session.state.turn < turn and not session.over:
        session.apply(EndTurn())
    return session


def parse_offer(scenario: Scenario, positions: list[str], rewards: list[str], threats: list[str]) -> Offer:
    """ISSUE=VALUE pairs, reward ids and threat ids as an Offer; a ProbeError names what is wrong."""
    from ..loading.checks import did_you_mean

    issues = {i.id: i for i in scenario.issues}
    chosen = {}
    for pair in positions:
        issue_id, sep, value = pair.partition("=")
        if not sep or not value:
            raise ProbeError(f"--offer {pair!r}: write ISSUE=VALUE, such as {scenario.issues[0].id}=...")
        issue = issues.get(issue_id)
        if issue is None:
            raise ProbeError(f"--offer: no issue '{issue_id}'"
                             + (did_you_mean(issue_id, issues) or f"; the issues are {', '.join(issues)}"))
        if isinstance(issue, OptionsIssue):
            options = [o.id for o in issue.options]
            if value not in options:
                raise ProbeError(f"--offer: {issue_id} has no option '{value}'"
                                 + (did_you_mean(value, options) or f"; its options are {', '.join(options)}"))
            chosen[issue_id] = value
        else:
            try:
                number = float(value)
            except ValueError:
                raise ProbeError(f"--offer: {issue_id} takes a number from {issue.min:g} to {issue.max:g} "
                                 f"(got {value!r})") from None
            if not issue.min <= number <= issue.max:
                raise ProbeError(f"--offer: {issue_id} must be from {issue.min:g} to {issue.max:g} (got {value})")
            chosen[issue_id] = number
    for flag, wanted, known in (("--reward", rewards, [r.id for r in scenario.rewards]),
                                ("--threat", threats, [t.id for t in scenario.threats])):
        for lever in wanted:
            if lever not in known:
                raise ProbeError(f"{flag}: no {flag[2:]} '{lever}'"
                                 + (did_you_mean(lever, known) or f"; there are {', '.join(known) or 'none'}"))
    return Offer(positions=chosen, rewards=tuple(rewards), threats=tuple(threats))


def probe(scenario: Scenario, cone: ConeName, seed: int, turn: int, country: str, offer: Offer) -> Answer:
    """The country's answer to `offer` at the start of `turn` (see the module's docstring)."""
    session = advance(scenario, cone, seed, turn)
    if session.over:
        raise ProbeError(f"the talks are over before turn {turn}")
    steps = [Propose(country=country, offer=offer)]
    if scenario.kind == "multilateral":
        steps = [Propose(country=None, offer=Offer(positions=offer.positions))]
        if offer.rewards or offer.threats:
            steps.append(Propose(country=country, offer=Offer(rewards=offer.rewards, threats=offer.threats)))
    start = len(session.state.log)
    for action in steps:
        reason = session.check(action)
        if reason:
            raise ProbeError(f"the game would refuse this offer on turn {turn}: {reason}")
        session.apply(action)
    entries = session.state.log[start:]
    decision = [e.decision for e in entries if e.decision is not None and e.country == country][-1]
    return Answer(session, offer, decision, entries)


def answer_text(answer: Answer, turn: int) -> str:
    """The answer as the table shows it: the verdict and the leader's words, the reasons biggest first,
    the need, the flip hint and the counteroffer; then whatever else the offer caused."""
    session, decision = answer.session, answer.decision
    scenario = session.scenario
    country = scenario.country(decision.country)
    lines = [f"{scenario.title}: turn {turn} of {scenario.player.deadline}, {session.profile.label} cone, "
             f"seed {session.state.seed}",
             f"Assumed: every turn before {turn} ended without an action (no offers, no cone actions, events "
             "left unanswered)." if turn > 1 else "The first turn: nothing has happened yet.",
             f"{'Draft' if scenario.kind == 'multilateral' else 'Offer'} to {country.name}: "
             f"{offer_text(scenario, answer.offer)}",
             "",
             f"{decision.verdict.upper()}: {decision.text}"]
    lines += [f"  {line}" for line in reason_lines(decision)]
    if decision.verdict != "accept":
        if decision.flip:
            lines.append(f"To turn it into a yes: {decision.flip}")
        if decision.counter is not None:
            lines.append(f"Counteroffer: {offer_text(scenario, decision.counter)}")
    others = [e.text for e in answer.entries if e.decision is None and e.kind not in ("draft",)]
    if others:
        lines += ["", "The offer also caused:"] + [f"  {text}" for text in others]
    return "\n".join(lines)
