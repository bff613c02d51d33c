"""The debrief: outcome and grade against the objectives, where the final save is, charts over the whole
session, the deal beside the Nash point and the Pareto frontier, your BATNA and the zone of agreement,
lose-lose terms, the key moments, the lesson and its questions, a glossary with your numbers, and what
each cone might have done differently."""

from html import escape

import pygame
from pygame_gui.elements import UIImage

from ...engine.compromise import deal_points, lose_lose_terms, session_analysis
from ...engine.debrief import (
    balance_sentence,
    batna_sentence,
    capture_sentence,
    cone_hints,
    figures_sentence,
    glossary,
    lose_lose_sentence,
    zopa_sentence,
)
from ...engine.moments import key_moments
from ...engine.space import describe
from ...model.positions import objective_met
from .. import palette
from ..art.flags import flag_surface
from ..art.heraldry import country_flag, country_look, expression, last_verdict, player_flag
from ..art.portraits import portrait_surface
from ..scene import Scene
from ..widgets.charts import line_chart, pareto_chart, series_text
from ..widgets.draw import country_colour, fit, symbol
from ..widgets.draw import text as drawn_text
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
        analysis = session_analysis(session)
        out = {"analysis": analysis, "frontier": None, "lose_lose": lose_lose_terms(session)}
        if session.scenario.kind == "bilateral":
            out["cloud"], out["frontier"] = deal_points(session)
            you, them = analysis.parties
            out["nash_u"] = (you.utility_at_nash, them.utility_at_nash) if analysis.zopa else None
            out["deal_u"] = (you.utility_at_deal, them.utility_at_deal) if analysis.deal else None
            out["reservations"] = (you.no_deal_value, them.no_deal_value)
        return out

    def open(self) -> None:
        ensure_theme(self.manager, self.app.settings.ui_scale)
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
        lw = int(w * 0.48)
        self.label(outcome.summary if outcome else "The session ended.", (12, top + 36, lw, 28), object_id="#lbold",
                   tip="Score: 75 % your objectives, 15 % relations, 10 % regional stability, minus broken promises")
        self.final_save_label(24 + lw, top + 36, w - lw - 36)
        y = top + 70
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
            self.label(f"{'MET' if met else 'NOT MET'} · {issue.name}: {got} (goal {describe(issue, obj.target)} or "
                       f"better, best {describe(issue, obj.ideal)})", (36, y, lw - 24, 24), object_id="#left",
                       tip=f"{obj.description} Weight {obj.weight:.0%}.")
            y += 24
        y += 6
        # charts over the session
        chart_h = max(110, min(200, int((h - y) * 0.32)))
        half = (lw - 6) // 2
        countries = [c.id for c in scenario.countries]
        turns = [snap.turn for snap in state.history]
        rel = [(scenario.country(c).name, country_colour(scenario.country(c).color), [snap.relationship[c] for snap in state.history])
               for c in countries]
        stab = [(scenario.country(c).name, country_colour(scenario.country(c).color), [snap.stability[c] for snap in state.history])
                for c in countries]
        img = UIImage(pygame.Rect(12, y, half, chart_h), line_chart((half, chart_h), "Relationship over the session", rel,
                                                                    -100, 100, turns), manager=self.manager, container=self.root)
        img.set_tooltip("Relationship with you at the end of each turn, one line per country. At the end: "
                        + series_text(rel, signed=True))
        img = UIImage(pygame.Rect(18 + half, y, lw - half - 6, chart_h),
                      line_chart((lw - half - 6, chart_h), "Stability over the session", stab, 0, 100, turns),
                      manager=self.manager, container=self.root)
        img.set_tooltip("Internal stability at the end of each turn (below 25 a government collapses). At the end: "
                        + series_text(stab))
        y += chart_h + 6
        self.text_box(self.story_html(), (12, y, lw, h - y - 10)).set_tooltip(
            "Your BATNA and the zone of agreement, the key moments, the lesson and questions, the words with your "
            "numbers, and what each cone could have done here (scroll)")
        # right: the deal against the Nash point and the frontier
        xr = 12 + lw + 12
        wr = w - xr - 12
        ry = top + 70
        a = self.analysis
        self.label(capture_sentence(a), (xr, ry, wr, 26), object_id="#lbold",
                   tip=capture_sentence(a) + " Joint-gain share: the sum of everyone's gains over their no-deal values, "
                       "divided by the largest sum any agreement in reach could give.")
        ry += 28
        self.label(figures_sentence(a), (xr, ry, wr, 24), object_id="#lmuted",
                   tip=figures_sentence(a) + ". The Nash ratio compares the product of the signatories' gains with the "
                       "Nash point's. Left on the table: how much more you could have had without any party that said "
                       "yes getting less.")
        ry += 28
        balance = balance_sentence(a)
        if balance:
            self.label(balance, (xr, ry, wr, 24), object_id="#lmuted")
            ry += 26
        faces = UIImage(pygame.Rect(xr, ry, wr, 62), self.faces_image((wr, 62)), manager=self.manager, container=self.root)
        faces.set_tooltip("Your flag, then each leader as the talks end: the face follows the relationship and their last answer")
        ry += 68
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

    def final_save_label(self, x: int, y: int, width: int) -> None:
        """Where the game's final save is (the file to hand in), or why it could not be written."""
        final = self.controller.final
        if final is None:
            return
        if final.path is None:
            self.label(fit(f"The final save could not be written: {final.error}", 14, width), (x, y, width, 28),
                       object_id="#warning", tip=final.error)
            return
        self.final_text = f"Final save: {final.path.name}"
        self.label(fit(self.final_text, 14, width), (x, y, width, 28), object_id="#lmuted",
                   tip=f"Your final save is {final.path}: hand this file in. Autosaves rotate; this one is never removed.")

    def faces_image(self, size) -> pygame.Surface:
        """The player's flag, then every counterpart's leader with the face the talks left them with."""
        scenario, state = self.session.scenario, self.session.state
        surface = pygame.Surface(size, pygame.SRCALPHA)
        w, h = size
        surface.blit(flag_surface(player_flag(scenario.player), (round(h * 0.6), round(h * 0.4))), (0, 6))
        surface.blit(drawn_text(fit(scenario.player.country, 13, round(h * 0.9)), 13, palette.MUTED), (0, round(h * 0.4) + 10))
        x = round(h * 0.6) + 14
        step = max(36, min(round(h * 0.8) + 6, (w - x) // max(1, len(scenario.countries))))
        for country in scenario.countries:
            if x + step > w + 6:
                break
            cs = state.countries[country.id]
            pw = min(step - 4, round(h * 0.8))
            face = portrait_surface(country_look(country), expression(cs.relationship, last_verdict(state, country.id)), (pw, h))
            surface.blit(face, (x, 0))
            fw = round(pw * 0.5)
            surface.blit(flag_surface(country_flag(country), (fw, round(fw / 1.5))), (x + pw - fw, h - round(fw / 1.5)))
            if len(scenario.countries) == 1:  # one counterpart: room for who it is and how it ends
                mood = expression(cs.relationship, last_verdict(state, country.id))
                surface.blit(drawn_text(country.leader, 14, palette.TEXT, True), (x + pw + 10, 8))
                surface.blit(drawn_text(f"{country.name} · relations {cs.relationship:+.0f}, looking {mood}", 13, palette.MUTED),
                             (x + pw + 10, 30))
            x += step
        return surface

    def parties_html(self) -> str:
        rows = ["<b>Party: at your deal · at the Nash point · no-deal value</b>",
                "<font color='#969eac'>utility in points; blue: at least the Nash point, orange: below it; "
                "* said yes</font>"]

        def shown(u):
            return "–" if u is None else f"{u * 100:.0f}"

        for p in self.analysis.parties:
            n = p.utility_at_nash
            colour = palette.hex_colour(palette.SKY if p.utility_at_deal is None or n is None or p.utility_at_deal >= n - 1e-9
                                        else palette.ORANGE)
            rows.append(f"{escape(p.name)}{' *' if p.said_yes else ''}: <font color='{colour}'><b>{shown(p.utility_at_deal)}"
                        f"</b></font> · {shown(n)} · {p.no_deal_value * 100:.0f}")
        return "<br>".join(rows)

    def story_html(self) -> str:
        """The left column's scrolling text: your BATNA and the zone of agreement, lose-lose terms, the key
        moments, the lesson and its questions, the words with your numbers, the cones, the final save."""
        s = self.session
        state, scenario = s.state, s.scenario
        warn = palette.hex_colour(palette.ORANGE)
        out = [f"<b>Your BATNA and the zone of agreement</b><br>{escape(batna_sentence(self.analysis))} "
               f"{escape(zopa_sentence(self.analysis, scenario))}"]
        out += [f"<font color='{warn}'>{escape(lose_lose_sentence(t, scenario))}</font>" for t in self.lose_lose]
        out.append("<br><b>Key moments</b>")
        out += [f"T{m.turn} {escape(m.text)}" for m in key_moments(state, scenario)] or ["Nothing was tried."]
        out.append(f"<br><b>The lesson</b>: {escape(' '.join(scenario.lesson.split()))}")
        if scenario.debrief_questions:
            out.append("<br><b>Questions for discussion</b>")
            out += [f"{i}. {escape(q)}" for i, q in enumerate(scenario.debrief_questions, start=1)]
        out.append("<br><b>What the words mean, with your numbers</b>")
        out += [f"<b>{escape(term)}</b>: {escape(text)}" for term, text in glossary(s, self.analysis)]
        out.append("<br><b>What each cone might have done differently</b>")
        for cone, text in cone_hints(self.session.scenario):
            mark = " (your cone)" if cone == state.cone else ""
            out.append(f"<b>{escape(cone.replace('_', ' ').title())}{mark}</b>: {escape(text)}")
        final = self.controller.final
        if final is not None and final.path is not None:
            out.append(f"<br><b>Your final save</b>: {escape(str(final.path))}. Hand this file in; the autosaves of "
                       "this game rotate, this one is never removed.")
        return "<br>".join(out)

    def back(self) -> None:
        self.controller.close()
        flow.to_title(self.app)

    def on_escape(self) -> None:
        self.back()
