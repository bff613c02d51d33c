"""What the debrief says about how the talks ended: the sentences the game's debrief and the HTML report
both show, from the one analysis (dealspace.analyse), so the two never disagree."""

from ..model.cones import BASELINE, CONES, ECONOMIC_DOMAINS, ConeName, cone_profile
from ..model.scenario import Scenario
from .dealspace import Analysis
from .session import starting_credibility
from .wording import counted


def pct(x: float) -> str:
    return f"{round(x * 100):d} %"


def capture_sentence(a: Analysis) -> str:
    """The headline: how much of the available joint gain the deal captured."""
    if not a.zopa:
        return ("No deal could clear every needed party's no-deal value within the budget: "
                "there was no zone of agreement, so walking away cost nothing.")
    if not a.deal:
        return "No agreement, though one was in reach: no joint gain captured."
    if a.joint_gain_share is None:
        return "Agreement reached; no deal in reach created any joint gain over the no-deal values."
    return f"You captured {pct(a.joint_gain_share)} of the available joint gain."


def figures_sentence(a: Analysis) -> str:
    """The Nash ratio, efficiency and value left, in words; undefined figures are said to be so."""
    if not a.zopa:
        return "Nash point: none (no zone of agreement)."
    parts = [f"Nash ratio {pct(a.nash_ratio)}"]
    if a.deal and a.nash_ratio_per_party is not None and len(a.binding) > 2:
        parts[0] += f" ({pct(a.nash_ratio_per_party)} per party)"
    if a.pareto_efficient is not None:
        parts.append("Pareto-efficient" if a.pareto_efficient else "not Pareto-efficient")
    if a.value_left is not None:
        left = round(a.value_left * 100)
        if a.deal:
            parts.append(f"you left {left} point{'s' if left != 1 else ''} on the table")
        else:
            parts.append(f"the best deal in reach was worth {left} point{'s' if left != 1 else ''} more to you than no deal")
    if not a.exact:
        parts.append("(a search, not every deal tried)")
    return " · ".join(parts)


def balance_sentence(a: Analysis) -> str | None:
    """Who got least of what the Nash point would give it: why a deal with a large joint gain can still
    have a small Nash ratio (one side barely clears its no-deal value)."""
    if not a.deal or not a.zopa:
        return None
    shares = []
    for p in a.parties:
        if p.said_yes is False or p.utility_at_nash is None:
            continue
        at_nash = p.utility_at_nash - p.no_deal_value
        if at_nash > 1e-9:
            shares.append(((p.utility_at_deal - p.no_deal_value) / at_nash, p))
    if not shares:
        return None
    share, p = min(shares, key=lambda x: x[0])
    if share >= 0.8:
        return "Every signatory got most of what the Nash point would give it: a balanced deal."
    gain = round((p.utility_at_deal - p.no_deal_value) * 100)
    nash = round((p.utility_at_nash - p.no_deal_value) * 100)
    if gain < 0:
        return (f"Lopsided: {p.name} fell {-gain} point{'s' if gain != -1 else ''} short of its no-deal value, where the "
                f"Nash point would have given it {nash} more than that.")
    return (f"Lopsided: {p.name} cleared its no-deal value by {gain} point{'s' if abs(gain) != 1 else ''}, "
            f"against {nash} at the Nash point; a deal one side barely accepts is a fragile one.")


# --------------------------------------------------------------------------- what the debrief teaches


def _p(u: float) -> int:
    return round(u * 100)


def batna_sentence(a: Analysis) -> str:
    """Your BATNA against what you got."""
    you = a.parties[0]
    batna = _p(you.no_deal_value)
    if not a.deal:
        return f"Your BATNA, walking away, was worth {batna} points to you: without an agreement, that is what you got."
    got = _p(you.utility_at_deal)
    if got < batna:
        return (f"Your BATNA, walking away, was worth {batna} points to you; your deal is worth {got}: "
                f"{batna - got} less than walking away.")
    return f"Your BATNA, walking away, was worth {batna} points to you; your deal is worth {got}: {got - batna} more."


def zopa_sentence(a: Analysis, scenario) -> str:
    """The zone of agreement: who had to gain, by how much, and where the Nash point lies in it."""
    from ..model.voting import rule_text

    you = a.parties[0]
    if not a.zopa:
        return ("There was no zone of agreement: no deal within your budget was worth your BATNA to you "
                f"while {rule_text(scenario)} for at least their reservation values.")
    if scenario.kind == "bilateral":
        them = a.parties[1]
        return (f"The zone of agreement held every deal worth at least {_p(you.no_deal_value)} to you and at least "
                f"{_p(them.no_deal_value)} to {them.name} (its reservation value); its Nash point gives you "
                f"{_p(you.utility_at_nash)} and {them.name} {_p(them.utility_at_nash)}.")
    signers = len([b for b in a.binding if b != "player"])
    return (f"The zone of agreement held every deal worth at least {_p(you.no_deal_value)} to you that passes the vote "
            f"({rule_text(scenario)}, each for at least its reservation value); at its Nash point {signers} delegation"
            f"{'s' if signers != 1 else ''} sign and you get {_p(you.utility_at_nash)}.")


def lose_lose_sentence(term, scenario) -> str:
    from .space import describe

    issue = scenario.issue(term.issue)
    return (f"Lose-lose term: {issue.name} at {describe(issue, term.agreed)}. You and {' and '.join(term.others)} would "
            f"both have preferred {describe(issue, term.better)}: where both sides want the same thing, settling for "
            "less costs everyone.")


def _salience(scenario) -> tuple[dict[str, float], dict[str, float]]:
    """(your weight, the other side's weight) per issue: the counterpart's own, or in a conference the
    vote-weighted mean of the delegations'."""
    from ..model.voting import vote_weights

    total = sum(o.weight for o in scenario.player.objectives)
    yours = {o.issue: o.weight / total for o in scenario.player.objectives}
    shares = vote_weights(scenario)
    theirs = {i.id: sum(shares[c.id] * (c.interests[i.id].weight if i.id in c.interests else 0.0) for c in scenario.countries)
              for i in scenario.issues}
    return yours, theirs


def logroll_sentence(scenario) -> str:
    """Logrolling, with the two issues whose weights differ most between the sides."""
    yours, theirs = _salience(scenario)
    them = scenario.countries[0].name if scenario.kind == "bilateral" else "the delegations, on average,"
    issues = [i.id for i in scenario.issues]
    best = max(((a, b) for a in issues for b in issues if a != b),
               key=lambda ab: (yours.get(ab[0], 0) - theirs[ab[0]]) + (theirs[ab[1]] - yours.get(ab[1], 0)))
    a, b = best
    if (yours.get(a, 0) - theirs[a]) + (theirs[b] - yours.get(b, 0)) < 0.1:
        return f"You and {them.rstrip(',')} weigh the issues alike here, so there is little to trade."
    name = {i.id: i.name for i in scenario.issues}
    return (f"You weigh {name[a]} at {pct(yours.get(a, 0))} and {name[b]} at {pct(yours.get(b, 0))}; {them} "
            f"{'weighs' if scenario.kind == 'bilateral' else 'weigh'} them at {pct(theirs[a])} and {pct(theirs[b])}. "
            f"Giving on {name[b]} to win {name[a]} gains both sides more than splitting each issue down the middle.")


def glossary(session, a: Analysis) -> list[tuple[str, str]]:
    """The debrief's short glossary, each term tied to the player's own numbers in this game."""
    from .moments import levers_used

    scenario, state = session.scenario, session.state
    you = a.parties[0]
    others = a.parties[1:]
    if len(others) == 1:
        reservation = (f"Yours is your BATNA, {_p(you.no_deal_value)}; {others[0].name}'s was {_p(others[0].no_deal_value)}: "
                       "it never accepted a deal worth less to it.")
    else:
        low, high = min(others, key=lambda p: p.no_deal_value), max(others, key=lambda p: p.no_deal_value)
        reservation = (f"Yours is your BATNA, {_p(you.no_deal_value)}; the delegations' ran from {_p(low.no_deal_value)} "
                       f"({low.name}) to {_p(high.no_deal_value)} ({high.name}).")
    if not a.zopa:
        zopa, pareto, nash = "Here there was none.", "With no zone of agreement, no frontier to reach.", "None here."
    else:
        inside = a.deal and all(q.said_yes is False or q.utility_at_deal >= q.no_deal_value - 1e-9 for q in a.parties)
        zopa = "Here it existed: " + ("your deal was in it." if inside else "your deal fell outside it, below your BATNA."
                                      if a.deal else "you left without reaching it.")
        if a.pareto_efficient is None:
            pareto = "You made no deal to place on it."
        elif a.pareto_efficient:
            pareto = "Your deal was on it."
        else:
            pareto = "Your deal was not: another deal in reach was better for someone and worse for no one."
        if a.value_left is not None and a.deal:
            pareto += f" You left {_p(a.value_left)} points on the table."
        nash = f"Here it gives you {_p(you.utility_at_nash)}"
        nash += (f" and {others[0].name} {_p(others[0].utility_at_nash)}." if len(others) == 1 else ".")
        if a.deal and a.nash_ratio is not None:
            nash += f" Your deal reached {pct(a.nash_ratio)} of its product (the Nash ratio)"
            if a.nash_ratio_per_party is not None and len(a.binding) > 2:
                nash += f", {pct(a.nash_ratio_per_party)} per party"
            nash += "."
    levers = levers_used(session.actions, state)
    start = starting_credibility(scenario, session.profile)
    moved = [f"{t.name} {pct(start[t.id])} to {pct(state.credibility[t.id])}" for t in scenario.threats
             if abs(state.credibility[t.id] - start[t.id]) > 1e-9]
    trust = [f"{scenario.country(c).name} {pct(v)}" for c, v in state.trust.items() if v < 1 - 1e-9]
    credibility = (f"A threat weighs its harm times its credibility, a promise its value times the trust in your word. "
                   f"You made {counted(levers.threats_made, 'threat')} and carried out {levers.threats_carried_out}; you kept "
                   f"{counted(levers.promises_kept, 'promise')} and broke {levers.promises_broken}. ")
    credibility += (f"Credibility moved: {', '.join(moved)}. " if moved else "Your threats' credibility did not move. ")
    credibility += (f"Trust in your word fell: {', '.join(trust)}." if trust else "Every side still trusts your word fully.")
    return [
        ("BATNA", f"Best alternative to a negotiated agreement: what you get by walking away. Yours was worth "
                  f"{_p(you.no_deal_value)} points."),
        ("Reservation value", f"The least a side will accept: its walk-away point. {reservation}"),
        ("ZOPA", f"Zone of possible agreement: the deals every side needed prefers to no deal. {zopa}"),
        ("Pareto frontier", f"The deals that no other deal beats for every side at once. {pareto}"),
        ("Nash point", f"The deal with the largest product of the sides' gains over their no-deal values. {nash}"),
        ("Logrolling", f"Trading issues of unequal weight. {logroll_sentence(scenario)}"),
        ("Credibility", credibility),
    ]


def _factor(f: float, less: str, more: str) -> str:
    """A multiplier in words: (0.6, 'cheaper', 'dearer') -> '40 % cheaper'."""
    return f"{round(abs(1 - f) * 100):d} % {less if f < 1 else more}"


def cone_hints(scenario: Scenario) -> list[tuple[ConeName, str]]:
    """What each cone could have done in this scenario, in the figures of its profile as the scenario sets it."""
    p = {c: cone_profile(scenario, c) for c in CONES}
    many = scenario.kind == "multilateral"
    hidden = sum(1 for c in scenario.countries for i in c.interests.values() if i.hidden)

    def cost(cone: ConeName, action: str) -> str:
        n = p[cone].action_costs.get(action)
        return "not available" if n is None else counted(n, "point")

    pol = p["political"]
    political = (f"{counted(hidden, 'hidden interest')} here: an analysis ({cost('political', 'analyze')}) reveals "
                 + ("them all" if pol.analyze_reveals >= hidden else f"{pol.analyze_reveals}") if hidden else "no hidden interest here")
    if pol.persuade_shift:
        political += f"; persuasion ({cost('political', 'persuade')}) moves an ideal {pct(pol.persuade_shift)} of the range"
    if many and pol.whip_strength:
        political += f"; whipping ({cost('political', 'whip')}) lowers a wavering party's vote threshold"

    def domain_edge(cone: ConeName, domains) -> list[str]:
        prof = p[cone]
        out = []
        for r in list(scenario.rewards) + list(scenario.threats):
            if r.domain not in domains:
                continue
            if r in scenario.rewards:
                c, v = prof.reward_cost_factors.get(r.domain, 1.0), prof.reward_value_factors.get(r.domain, 1.0)
                bits = ([_factor(c, "cheaper", "dearer")] if c != 1 else []) + ([f"worth {_factor(v, 'less', 'more')}"] if v != 1 else [])
            else:
                bonus = prof.threat_credibility_bonus.get(r.domain, 0.0)
                bits = [f"credibility +{pct(bonus)}"] if bonus else []
            if bits:
                out.append(f"{r.name}: {' and '.join(bits)}")
        return out

    economic = domain_edge("economic", ECONOMIC_DOMAINS + ("tariffs",))
    consular_levers = domain_edge("consular", ("visa",))
    consular_options = [o.label for e in scenario.events for o in e.options if o.cone == "consular"]
    m = p["management"]
    management = []
    if m.budget_per_turn != BASELINE.budget_per_turn:
        management.append(f"{m.budget_per_turn:g} budget a turn instead of {BASELINE.budget_per_turn:g}")
    if m.action_points != BASELINE.action_points:
        management.append(f"{counted(m.action_points, 'action point')} instead of {BASELINE.action_points}")
    if m.lever_cost_factor != 1:
        management.append(f"every lever {_factor(m.lever_cost_factor, 'cheaper', 'dearer')}")
    if m.summit_relationship:
        who = "the one delegation" if len(scenario.countries) == 1 else f"all {counted(len(scenario.countries), 'delegation')}"
        management.append(f"a summit ({cost('management', 'host_summit')}) warms {who} by {m.summit_relationship:g}")
    pd = p["public_diplomacy"]
    low = [c.name for c in scenario.countries if c.support < 40]
    public = [f"a campaign ({cost('public_diplomacy', 'public_campaign')}) adds about {pd.campaign_support:g} support"
              + (f" where it is low ({', '.join(low)})" if low else "")]
    if pd.relationship_gain_factor != 1:
        public.append(f"relationship gains are {pd.relationship_gain_factor:g} times as large")
    public += domain_edge("public_diplomacy", ("culture",))

    def join(parts: list[str], none: str) -> str:
        return ("; ".join(parts) if parts else none) + "."

    return [
        ("political", political + "."),
        ("economic", join(economic, "no economic reward or tariff threat in this scenario: the cone's edge is small here")),
        ("management", join(management, "nothing beyond any officer's means here")),
        ("consular", join(consular_levers + ([f"consular-only options: {', '.join(consular_options)}"] if consular_options else []),
                          "no visa lever and no consular-only option here")),
        ("public_diplomacy", join(public, "")),
    ]
