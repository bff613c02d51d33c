"""The debrief: outcome and grade against the objectives, charts over the whole session, the deal
beside the Nash point and the Pareto frontier, the key moments, and what each cone might have
done differently."""

from html import escape

import pygame
from pygame_gui.elements import UIImage

from ...engine.analysis import MAX_ENUMERATE, pareto_frontier, space_size, utility_matrix
from ...engine.compromise import deal_analysis, parties
from ...engine.space import describe
from ...model.cones import ECONOMIC_DOMAINS
from ...model.positions import objective_met
from .. import palette
from ..scene import Scene
from ..widgets.charts import line_chart, pareto_chart
from ..widgets.draw import fit, hex_rgb, symbol
from ..widgets.theme import ensure as ensure_theme
from . import flow


class DebriefScene(Scene):
    title = "Debrief"

    def __init__(self, app, controller, prepared: dict | None = None):
        super().__init__(app)
        self.controller = controller
        self.session = controller.session
        self.__dict__.update(prepared if prepared is not None else self.prepare(self.session))

    @staticmethod
    def prepare(session) -> dict:
        """The deal analysis (and for two parties the frontier and every outcome): slow for large
        scenarios, so the game scenes run it on a thread before the debrief opens. Reads the
        finished session, changes nothing, no pygame."""
        analysis = deal_analysis(session)
        out = {"analysis": analysis, "frontier": None}
        if session.scenario.kind == "bilateral":
            idx, utilities, reservations = parties(session, open_only=False)
            front = pareto_frontier(utilities, reservations, rational_only=False)
            out["frontier"] = [tuple(u) for u in front.utilities]
            out["cloud"] = []
            if space_size(utilities) <= min(MAX_ENUMERATE, 20000):
                U = utility_matrix(utilities)
                out["cloud"] = [tuple(U[:, k]) for k in range(U.shape[1])]
            nash = analysis.nash
            out["nash_u"] = tuple(nash.utilities) if nash is not None else None
            out["deal_u"] = tuple(analysis.utilities) if analysis.outcome is not None else None
            out["reservations"] = tuple(reservations)
        return out

    def open(self) -> None:
        ensure_theme(self.manager)
        super().open()

    # ----- layout -----
    def build(self) -> None:
        w, h = self.size
        s = self.session
        state, scenario = s.state, s.scenario
        outcome = state.outcome
        top = 8
        self.label(f"Debrief — {scenario.title}", (12, top, w - 260, 34), object_id="#sub", tip=scenario.summary)
        self.button("Back to title", (w - 180, top, 168, 34), self.back, "Leave the debrief for the title screen",
                    pygame.K_t, object_id="#primary")
        self.label(outcome.summary if outcome else "The session ended.", (12, top + 36, w - 24, 28), object_id="#lbold",
                   tip="Score: 75 % your objectives, 15 % relations, 10 % regional stability, minus broken promises")
        y = top + 70
        lw = int(w * 0.48)
        # objectives: met or not, with a symbol and a word
        self.label("Your objectives", (12, y, lw, 24), object_id="#lmuted", tip="Each goal: met (check) or not (cross)")
        y += 26
        agreed = state.agreed
        for obj in scenario.player.objectives:
            issue = scenario.issue(obj.issue)
            met = obj.issue in agreed and objective_met(issue, obj, agreed[obj.issue])
            got = describe(issue, agreed[obj.issue]) if obj.issue in agreed else "not settled"
            surf = pygame.Surface((20, 20), pygame.SRCALPHA)
            symbol(surf, "check" if met else "cross", pygame.Rect(0, 0, 20, 20), palette.ACCEPT if met else palette.REJECT)
            UIImage(pygame.Rect(12, y + 2, 20, 20), surf, manager=self.manager, container=self.root)
            self.label(fit(f"{'MET' if met else 'NOT MET'} · {issue.name}: {got} (goal {describe(issue, obj.target)} or "
                           f"better, best {describe(issue, obj.ideal)})", 16, lw - 36), (36, y, lw - 24, 24), object_id="#left",
                       tip=f"{obj.description} Weight {obj.weight:.0%}.")
            y += 24
        y += 6
        # charts over the session
        chart_h = max(110, min(200, int((h - y) * 0.32)))
        half = (lw - 6) // 2
        countries = [c.id for c in scenario.countries]
        turns = [snap.turn for snap in state.history]
        rel = [(scenario.country(c).name, hex_rgb(scenario.country(c).color), [snap.relationship[c] for snap in state.history])
               for c in countries]
        stab = [(scenario.country(c).name, hex_rgb(scenario.country(c).color), [snap.stability[c] for snap in state.history])
                for c in countries]
        img = UIImage(pygame.Rect(12, y, half, chart_h), line_chart((half, chart_h), "Relationship over the session", rel,
                                                                    -100, 100, turns), manager=self.manager, container=self.root)
        img.set_tooltip("Relationship with you at the end of each turn, one line per country")
        img = UIImage(pygame.Rect(18 + half, y, lw - half - 6, chart_h),
                      line_chart((lw - half - 6, chart_h), "Stability over the session", stab, 0, 100, turns),
                      manager=self.manager, container=self.root)
        img.set_tooltip("Internal stability at the end of each turn (below 25 a government collapses)")
        y += chart_h + 6
        self.text_box(self.story_html(), (12, y, lw, h - y - 10)).set_tooltip(
            "The key moments of the talks and what each cone could have done here")
        # right: the deal against the Nash point and the frontier
        xr = 12 + lw + 12
        wr = w - xr - 12
        ry = top + 70
        a = self.analysis
        self.label(fit(self.capture_sentence(), 16, wr - 8, bold=True), (xr, ry, wr, 26), object_id="#lbold",
                   tip="Joint-gain share: the sum of everyone's gains over their no-deal values, divided by the largest "
                       "sum any agreement could give. The Nash ratio compares the product of gains with the Nash point's.")
        ry += 28
        self.label(f"Nash ratio {a.nash_ratio:.0%} · {'Pareto-efficient' if a.pareto_efficient else 'not Pareto-efficient'}"
                   f" · you left {a.left_on_table * 100:.0f} points on the table",
                   (xr, ry, wr, 24), object_id="#lmuted",
                   tip="Left on the table: how much more you could have had without making any other party worse off")
        ry += 28
        if scenario.kind == "bilateral":
            size = (wr, min(h - ry - 10, int(wr * 0.8)))
            names = (scenario.player.country, scenario.countries[0].name)
            chart = pareto_chart(size, self.frontier, self.cloud, self.deal_u, self.nash_u,
                                 (self.reservations[0], self.reservations[1]), names)
            img = UIImage(pygame.Rect(xr, ry, *size), chart, manager=self.manager, container=self.root)
            img.set_tooltip("Pareto frontier: no agreement is better for both. Nash point: the largest "
                            "product of both sides' gains over their no-deal values.")
            ry += size[1] + 4
        else:
            self.text_box(self.parties_html(), (xr, ry, wr, h - ry - 10)).set_tooltip(
                "Each party's utility (0–100) at your deal and at the Nash point; no deal counts the no-deal value")

    def capture_sentence(self) -> str:
        a = self.analysis
        if a.outcome is None:
            return "No full agreement: you captured 0 % of the available joint gain."
        return f"You captured {a.joint_gain_share:.0%} of the available joint gain (joint-gain share)."

    def parties_html(self) -> str:
        s = self.session
        a = self.analysis
        names = [f"{s.scenario.player.country} (you)"] + [c.name for c in s.scenario.countries]
        nash = a.nash.utilities if a.nash is not None else [float("nan")] * len(names)
        rows = ["<b>Party: at your deal · at the Nash point · no-deal value</b>",
                "<font color='#969eac'>utility 0–100; blue: at least the Nash point, orange: below it</font>"]
        for name, u, n, r in zip(names, a.utilities, nash, a.reservation):
            colour = palette.hex_colour(palette.SKY if u >= n - 1e-9 else palette.ORANGE)
            rows.append(f"{escape(name)}: <font color='{colour}'><b>{u * 100:.0f}</b></font> · {n * 100:.0f} · {r * 100:.0f}")
        return "<br>".join(rows)

    def story_html(self) -> str:
        s = self.session
        state, scenario = s.state, s.scenario
        out = ["<b>Key moments</b>"]
        last: dict[str, float] = {}
        moves = []
        for entry in state.log:
            d = entry.decision
            if d is None:
                continue
            before = last.get(d.country)
            last[d.country] = d.value
            if before is not None:
                moves.append((abs(d.value - before), entry, before))
        for _, entry, before in sorted(moves, key=lambda m: -m[0])[:4]:
            d = entry.decision
            out.append(f"T{entry.turn} {escape(scenario.country(d.country).name)}: your offer went from "
                       f"{before * 100:.0f} to {d.value * 100:.0f} points (needed {d.needed * 100:.0f}) — {d.verdict}")
        if len(out) == 1:
            out.append("No country answered more than one offer.")
        for entry in state.log:
            if entry.kind in ("deal", "vote", "walk_away", "deadline") or (entry.kind == "event" and ":" in entry.text):
                if entry.kind == "event":
                    continue
                out.append(f"T{entry.turn} {escape(entry.text)}")
        out.append("<br><b>What each cone might have done differently</b>")
        for cone, text in self.cone_hints():
            mark = " (your cone)" if cone == state.cone else ""
            out.append(f"<b>{escape(cone.replace('_', ' ').title())}{mark}</b>: {escape(text)}")
        out.append(f"<br><b>The lesson</b>: {escape(scenario.lesson)}")
        return "<br>".join(out)

    def cone_hints(self) -> list[tuple[str, str]]:
        scenario = self.session.scenario
        hidden = sum(1 for c in scenario.countries for i in c.interests.values() if i.hidden)
        economic = [r.name for r in scenario.rewards if r.domain in ECONOMIC_DOMAINS]
        visa = [r.name for r in scenario.rewards if r.domain == "visa"] + [t.name for t in scenario.threats if t.domain == "visa"]
        consular = [o.label for e in scenario.events for o in e.options if o.cone == "consular"]
        low = [c.name for c in scenario.countries if c.support < 40]
        hints = []
        hints.append(("political", f"{hidden} hidden interest(s) here: one analysis (1 point) reveals them all, persuasion "
                                   "moves an ideal 12 % of the range" + (", and whipping lowers a vote threshold"
                                                                           if scenario.kind == "multilateral" else "") + "."
                      if hidden else "persuade on your most important issue: an ideal moves 12 % of the range per success."))
        hints.append(("economic", f"economic rewards ({', '.join(economic)}) cost 40 % less and are worth 40 % more."
                      if economic else "no economic-domain reward in this scenario: the cone's edge is small here."))
        hints.append(("management", f"18 budget a turn instead of 10 and every lever 20 % cheaper; a summit warms "
                                    f"all {len(scenario.countries)} delegation(s) at once."))
        hints.append(("consular", (f"consular-only options ({', '.join(consular)})" if consular else "no consular-only event")
                      + (f"; visa levers ({', '.join(visa)}) cost 40 % and are worth 160 %." if visa else ".")))
        hints.append(("public_diplomacy", (f"low public support in {', '.join(low)}: " if low else "")
                      + "a campaign adds about 10 support for 1 point, and relationship gains are 1.5 times larger."))
        return hints

    def back(self) -> None:
        self.controller.close()
        flow.to_title(self.app)

    def on_escape(self) -> None:
        self.back()
