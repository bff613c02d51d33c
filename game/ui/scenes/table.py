"""The negotiation table (bilateral): the counterpart's card, the offer builder with a live
preview, the reply with its reasons and counteroffer, levers owed, events, cone actions, the log."""

import pygame
from pygame_gui.elements import UIImage

from ...engine.space import describe
from ...engine.valuation import SUPPORT_WEIGHT
from ...model.actions import AcceptCounter, Analyze, Ask, Campaign, Persuade, Propose, Summit
from ..art.flags import flag_surface
from ..art.heraldry import country_flag, country_look, expression, last_verdict
from ..art.portraits import portrait_surface
from ..tutorial import Guide
from ..widgets.controls import ControlStrip, TipImage
from ..widgets.draw import badge
from ..widgets.motion import Stamp
from ..widgets.offer_builder import OfferBuilder, choice_menu
from ..widgets.reasons import decision_html, reasons_image
from .negotiation import GameScene, known_interests, mood

REPLIES = ("decision", "ask", "repeat", "proposal", "walkout", "left")
"""Log entries that are the counterpart's latest word to you: answers, its own proposals, a walk-out."""


class TableScene(GameScene):
    title = "Negotiation table"

    def __init__(self, app, controller, guided: bool = False):
        super().__init__(app, controller)
        self.guide = Guide(self, self.guide_finished) if guided else None
        self.country_id = next(iter(controller.state.countries))
        start = {o.issue: o.ideal for o in self.scenario.player.objectives}
        self.draft.ensure(self.scenario, [i.id for i in self.scenario.issues], start)
        self.preview = None
        self.persuade_issue = next((o.issue for o in self.scenario.player.objectives), None)

    # ----- layout -----
    def build(self) -> None:
        w, h = self.size
        self.build_status(w)
        self.build_objectives(w)
        top, bottom = self.BARS, h - 8
        H = bottom - top
        self.wa = wa = int(w * 0.25)
        self.wb = wb = int(w * 0.385)
        xa, xb = 8, 8 + wa + 8
        xc = xb + wb + 8
        wc = w - xc - 8
        self.cols = (xa, xb, xc, wa, wb, wc, top, bottom)
        # column A: the counterpart, charts, cone actions
        country = self.scenario.country(self.country_id)
        lines = 6 + len(country.interests)  # the figures, a heading, the interests, the hidden ones
        self.card_rect = pygame.Rect(xa, top, wa, min(int(H * 0.52), 100 + lines * 21 + 8))  # the lines scroll beyond
        chart_y = self.card_rect.bottom + 6
        chart_h = max(100, min(150, int(H * 0.22)))
        self.build_charts((xa, chart_y, wa, chart_h), [self.country_id])
        self.cone_rect = pygame.Rect(xa, chart_y + chart_h + 6, wa, bottom - (chart_y + chart_h + 6))
        # column B: the builder, preview, send / ask; what is outstanding; events
        cname = self.name(self.country_id)
        self.label(f"Your offer to {cname}", (xb, top - 2, wb, 30), object_id="#sub",
                   tip="Set each open issue (In / Out), attach rewards or threats, then Send")
        self.builder = None
        # column C: notice, reply, log
        self.build_notice((xc, top, wc, 26))
        self.reply_face = UIImage(pygame.Rect(xc, top + 30, 24, 30), pygame.Surface((24, 30), pygame.SRCALPHA),
                                  manager=self.manager, container=self.root)
        self.reply_badge_rect = pygame.Rect(xc + 28, top + 30, wc - 28, 30)
        self.reply_badge = UIImage(self.reply_badge_rect, pygame.Surface(self.reply_badge_rect.size, pygame.SRCALPHA),
                                   manager=self.manager, container=self.root)
        self.reply_badge.set_tooltip("Their last answer: accepted (check), countered (arrows) or refused (cross)")
        reply_h = int(H * 0.40)
        self.reply_box = self.text_box("", (xc, top + 64, wc, reply_h))
        self.reply_box.set_tooltip("Their reasons, biggest first, in points; what they need and what they got")
        y = top + 64 + reply_h + 4
        bw = (wc - 6) // 2
        self.load_button = self.button("Load counteroffer", (xc, y, bw, 30), self.load_counter,
                                       "Put their counteroffer into your builder to adjust it", pygame.K_l)
        self.accept_button = self.gate(self.button(
            "Accept counteroffer", (xc + bw + 6, y, wc - bw - 6, 30), self.accept_counter,
            "Take their counteroffer as it stands (1 point)", pygame.K_y), AcceptCounter(country=self.country_id))
        log_y = y + 36
        self.label("Log", (xc, log_y, 60, 20), object_id="#lmuted", tip="Everything that happened")
        self.build_log((xc, log_y + 20, wc, bottom - log_y - 20))
        if self.guide is not None:
            self.guide.build()

    # ----- the guided first game -----
    def guide_target(self, name: str | None) -> pygame.Rect | None:
        """Where control `name` is on screen now (the guide's ring follows it), or None."""
        builder = self.builder
        found = {
            "counterpart": lambda: self.card_rect,
            "analyze": lambda: self.cone_buttons.get("analyze"),
            "builder": lambda: next(iter(builder.sliders), None) if builder else None,
            "reward": lambda: builder.lever_buttons.get(("reward", self.scenario.rewards[0].id)) if builder and self.scenario.rewards else None,
            "preview": lambda: getattr(self, "preview_image", None),
            "send": lambda: getattr(self, "send_button", None),
            "reply": lambda: self.reply_box,
            "end_turn": lambda: self.end_button,
            "outstanding": lambda: getattr(self, "pending_rect", None),
        }.get(name, lambda: None)()
        if found is None:
            return None
        return pygame.Rect(found) if isinstance(found, pygame.Rect) else pygame.Rect(found.rect)

    def guide_finished(self, how: str) -> None:
        settings = self.app.settings
        settings.tutorial = how
        try:
            settings.save()
        except OSError:
            pass  # the guide is offered again next time: no harm done
        self.flash("Guide finished: the game is yours." if how == "done" else "Guide skipped: the game goes on.")

    def update(self, dt: float) -> None:
        super().update(dt)
        if self.guide is not None and self.root is not None:
            self.guide.update()

    # ----- state -> widgets -----
    def refresh(self) -> None:
        super().refresh()
        self.refresh_card()
        self.refresh_builder()
        self.refresh_reply()
        self.refresh_cone()
        self.refresh_pending(self.pending_rect)
        self.refresh_charts()
        self.refresh_notice()
        self.preview_version = -1

    def refresh_card(self) -> None:
        cid = self.country_id
        country, cs = self.scenario.country(cid), self.state.countries[cid]
        face = expression(cs.relationship, last_verdict(self.state, cid))
        key = (round(cs.relationship, 1), round(cs.stability, 1), round(cs.support, 1), tuple(cs.revealed),
               tuple(sorted((k, str(v)) for k, v in cs.ideals.items())), cs.collapsed, self.state.turn, cs.whipped, face)

        def fill(panel, r):
            need = self.session.preview(cid, self.draft.offer([])).needed
            portrait = UIImage(pygame.Rect(8, 8, 64, 80), portrait_surface(country_look(country), face, (64, 80)),
                               manager=self.manager, container=panel)
            portrait.set_tooltip(f"{country.leader}, looking {face}: the face follows the relationship and their last answer")
            UIImage(pygame.Rect(80, 12, 30, 20), flag_surface(country_flag(country), (30, 20)), manager=self.manager, container=panel)
            self.label(country.name, (114, 4, r.w - 122, 30), container=panel, object_id="#sub",
                       tip=f"{country.name}, represented by {country.leader}")
            self.label(country.leader, (80, 36, r.w - 88, 20), container=panel, object_id="#lmuted",
                       tip=f"{country.leader}: who answers your offers")
            self.label(mood(cs).capitalize(), (80, 58, r.w - 88, 20), container=panel, object_id="#lmuted",
                       tip="How they feel about you")
            # the figures and the interests: drawn lines that scroll when the card is short (the interests
            # join the focus ring, so the keyboard reaches them and shows each one's tooltip)
            lines = ControlStrip(self, (4, 92, r.w - 8, r.h - 96), panel)
            lh, y, w = 21, 0, r.w - 16
            stats = [
                (f"Relationship {cs.relationship:+.0f} · {mood(cs)}",
                 "How they feel about you, −100 … +100: adds up to ±8 points to every offer's value"),
                (f"Stability {cs.stability:.0f} / 100" + (" · COLLAPSED" if cs.collapsed else ""),
                 "Internal stability: below 25 the government collapses and cannot sign"),
                (f"Public support {cs.support:.0f} %",
                 f"Public support for a deal with you: adds up to ±{SUPPORT_WEIGHT * 100:.0f} points to every offer's value"),
                (f"Needs {need * 100:.0f} points now",
                 "What an offer must be worth to them to be accepted; it falls over the turns toward their reservation"),
            ]
            for n, (text, tip) in enumerate(stats):
                lines.item(("stat", n), text, (0, y, w, lh), tip=tip, style="label", size=16)
                y += lh
            y += 4
            lines.item("interests", "Interests (weight · they want)", (0, y, w, lh), style="muted", size=15,
                       tip="What they care about: the weight is the share of their value, the ideal where they want it")
            y += lh
            interests, hidden = known_interests(self.scenario, country, cs)
            for issue, interest in interests:
                ideal = describe(issue, cs.ideals[issue.id])
                lines.item(issue.id, f"{issue.name} {interest.weight:.0%} · {ideal}", (0, y, w, lh), lambda: None,
                           f"{issue.description} They weigh it {interest.weight:.0%} and want {ideal}.", style="label",
                           size=16)
                y += lh
            if hidden:
                lines.item("hidden", f"+{hidden} hidden interest{'s' if hidden > 1 else ''}: analyze", (0, y, w, lh),
                           style="muted", size=15, tip="Until you analyze them their reasons show these only as 'other concerns'")

        self.section("card", self.card_rect, key, fill)

    def refresh_builder(self) -> None:
        open_ids = tuple(self.open_issue_ids())
        key = (open_ids, self.state.phase)
        xa, xb, xc, wa, wb, wc, top, bottom = self.cols
        rows = len(open_ids) * 34 + ((len(self.scenario.rewards) + len(self.scenario.threats) + 1) // 2) * 30
        rect = pygame.Rect(xb, top + 28, wb, rows + 12)

        def fill(panel, r):
            tips = {i: self.issue_tip(i) for i in open_ids}
            self.builder = OfferBuilder(self, panel, (6, 6, r.w - 12, 0), self.draft, self.session, open_ids,
                                        levers=True, toggles=True, issue_tips=tips,
                                        lever_tip=lambda kind, lever: self.lever_tip(kind, lever, self.country_id))

        self.section("builder", rect, key, fill)
        y = rect.bottom + 4
        if not hasattr(self, "preview_badge") or not self.preview_badge.alive():
            self.preview_badge_rect = pygame.Rect(xb, y, wb, 28)
            self.preview_badge = UIImage(self.preview_badge_rect, pygame.Surface((wb, 28), pygame.SRCALPHA),
                                         manager=self.manager, container=self.root)
            self.preview_badge.set_tooltip("Live preview: how they will likely answer this offer (their threshold may "
                                           "shift with a counteroffer search; the real answer decides)")
            ph = max(56, min(150, bottom - (y + 32) - 36 - 2 * 58 - 12))
            self.preview_rect = pygame.Rect(xb, y + 32, wb, ph)
            self.preview_image = TipImage(self.preview_rect, pygame.Surface(self.preview_rect.size), self.manager,
                                          self.root, "Their likely reasons for this offer, in points, biggest first")
            by = self.preview_rect.bottom + 4
            self.send_button = self.gate(self.button(
                "Send offer", (xb, by, wb // 2 - 4, 32), self.send,
                "Send this offer (1 point); rewards are paid only if accepted and delivered", pygame.K_s,
                object_id="#primary"), self.offer_action)
            ask = Ask(country=self.country_id)
            self.ask_button = self.gate(self.button(
                "What would you want?", (xb + wb // 2 + 4, by, wb - wb // 2 - 4, 32), lambda: self.submit(ask),
                "Ask them for their own proposal (1 point); it becomes their counteroffer", pygame.K_k), ask)
            self.pending_rect = pygame.Rect(xb, by + 38, wb, max(40, bottom - (by + 38)))

    def refresh_reply(self) -> None:
        cid = self.country_id
        entry = next((e for e in reversed(self.state.log) if e.country == cid and e.kind in REPLIES), None)
        cs = self.state.countries[cid]
        key = (id(entry), len(self.state.log) if entry is None else None, cs.counter is None, self.reply_badge_rect.size)
        if getattr(self, "_reply_key", None) != key:
            fresh = getattr(self, "_reply_entry", entry) is not entry  # a new answer since the scene opened
            self._reply_key, self._reply_entry = key, entry
            country = self.scenario.country(cid)
            face = expression(cs.relationship, last_verdict(self.state, cid))
            self.reply_face.set_image(portrait_surface(country_look(country), face, (24, 30)))
            if fresh and entry is not None and entry.kind == "decision":
                self.overlays.append(Stamp(self, self.reply_box.rect, entry.decision.verdict, self.app.settings.reduced_motion))
            if entry is None:
                self.reply_badge.set_image(pygame.Surface(self.reply_badge_rect.size, pygame.SRCALPHA))
                html = (f"<font color='#969eac'>No reply yet. Build an offer on the left and send it, or ask "
                        f"{self.name(cid)} what it would want.</font>")
            elif entry.kind == "decision":
                d = entry.decision
                self.reply_badge.set_image(badge(d.verdict, self.reply_badge_rect.size,
                                                 f"{d.value * 100:.0f} of {d.needed * 100:.0f} needed · turn {entry.turn}"))
                html = decision_html(d, self.offer_text)
            else:
                self.reply_badge.set_image(pygame.Surface(self.reply_badge_rect.size, pygame.SRCALPHA))
                html = entry.text
                if cs.counter is not None and entry.kind == "ask":  # a proposal's own text names its terms
                    html += f"<br><b>Their proposal:</b> {self.offer_text(cs.counter)}"
            self.set_text(self.reply_box, html)
        self.set_enabled(self.load_button, cs.counter is not None and self.state.phase == "negotiating")

    def refresh_cone(self) -> None:
        s = self.state
        costs = self.session.profile.action_costs
        key = (tuple(s.agreed), self.cone_rect.size)

        def fill(panel, r):
            self.label(f"{self.session.profile.label} cone actions", (8, 4, r.w - 16, 22), container=panel,
                       object_id="#lmuted", tip=self.session.profile.summary)
            y = 28
            cid = self.country_id
            entries = [
                ("analyze", Analyze(country=cid), f"Analyze {self.name(cid)}",
                 "Reveal hidden interests" + (" (all of them)" if self.session.profile.analyze_reveals > 1 else " (one)")),
                ("public_campaign", Campaign(country=cid), "Public campaign",
                 f"Raise public support in {self.name(cid)} by about {self.session.profile.campaign_support:g}"),
                ("host_summit", Summit(), "Host a summit",
                 f"Relations +{self.session.profile.summit_relationship:g} with every delegation"),
            ]
            bw = r.w - 16
            self.cone_buttons = {}
            if costs.get("persuade") is not None:  # first: the drop-down opens downward over the rest
                open_objectives = [o.issue for o in self.scenario.player.objectives if o.issue not in s.agreed]
                if open_objectives:
                    if self.persuade_issue not in open_objectives:
                        self.persuade_issue = open_objectives[0]
                    menu = choice_menu(self, [(self.scenario.issue(i).name, i) for i in open_objectives], self.persuade_issue,
                                       (8, y, bw // 2, 28), panel, "The issue to persuade them on", limit=120)
                    self.persuade_menu = menu
                    self.gate(self.button(f"Persuade · {costs['persuade']} pt", (12 + bw // 2, y, bw - bw // 2 - 4, 28),
                                          lambda: self.submit(self.persuade_action()),
                                          "Move their ideal toward yours on this issue (more likely with good "
                                          "relations)", container=panel), self.persuade_action)
                    y += 32
            # the other actions: drawn buttons that scroll when the panel is short
            actions = ControlStrip(self, (8, y, bw, r.h - y - 4), panel)
            y = 0
            for kind, action, text, tip in entries:
                if costs.get(kind) is None:
                    continue
                self.cone_buttons[kind] = self.gate(actions.item(
                    kind, f"{text} · {costs[kind]} pt", (0, y, bw - 10, 28), lambda a=action: self.submit(a), tip,
                    style="lever"), action)
                y += 32

        self.section("cone", self.cone_rect, key, fill)

    # ----- the preview -----
    def refresh_preview(self) -> None:
        if not getattr(self, "preview_image", None) or not self.preview_image.alive():
            return
        offer = self.draft.offer(self.open_issue_ids())
        cid = self.country_id
        if self.state.phase != "negotiating":
            self.preview = None
            self.preview_badge.set_image(pygame.Surface(self.preview_badge_rect.size, pygame.SRCALPHA))
            self.show_reasons(None, "The deal is done: deliver what you promised, then close it.")
        elif not offer.positions and not offer.rewards and not offer.threats:
            self.preview = None
            self.preview_badge.set_image(pygame.Surface(self.preview_badge_rect.size, pygame.SRCALPHA))
            self.show_reasons(None, "Put at least one issue or lever in the offer.")
        else:
            d = self.session.preview(cid, offer)
            self.preview = d
            word = {"accept": "WOULD ACCEPT", "counter": "WOULD COUNTER", "reject": "WOULD REFUSE"}[d.verdict]
            rewards = {r.id: r for r in self.scenario.rewards}
            cost = sum(self.session.reward_cost(rewards[r]) for r in offer.rewards)
            costs = f" · rewards cost {cost:.0f} of {self.state.budget:.0f}" if offer.rewards else ""
            self.preview_badge.set_image(badge(d.verdict, self.preview_badge_rect.size,
                                               f"{d.value * 100:.0f} of {d.needed * 100:.0f} needed{costs}", word=word))
            self.show_reasons(d)

    def show_reasons(self, decision, empty: str = "") -> None:
        """The preview's reasons, each line with its full text as its tooltip."""
        regions: list = []
        self.preview_image.set_image(reasons_image(self.preview_rect.size, decision, empty, regions))
        self.preview_image.regions = regions

    # ----- actions -----
    def offer_recipients(self) -> list[str]:
        return [self.country_id]

    def offer_action(self) -> Propose:
        return Propose(country=self.country_id, offer=self.draft.offer(self.open_issue_ids()))

    def persuade_action(self) -> Persuade:
        return Persuade(country=self.country_id, issue=self.persuade_issue)

    def send(self) -> None:
        self.submit(self.offer_action())

    def load_counter(self) -> None:
        counter = self.state.countries[self.country_id].counter
        if counter is None:
            self.flash("They have made no counteroffer yet.", "error")
            self.refresh_notice()
            return
        for issue_id in self.open_issue_ids():
            self.draft.included[issue_id] = issue_id in counter.positions
        self.draft.load(counter)
        self.draft.threats = []
        if self.builder is not None:
            self.builder.sync()
        self.flash("Their counteroffer is in your builder: adjust it and send.")
        self.refresh_notice()

    def accept_counter(self) -> None:
        self.submit(AcceptCounter(country=self.country_id))

    def describe_result(self, result) -> None:
        decision = next((e.decision for e in result.entries if e.decision is not None), None)
        if decision is not None:
            word = {"accept": "accepted", "counter": "countered", "reject": "refused"}[decision.verdict]
            self.flash(f"{self.name(decision.country)} {word} your offer: {decision.value * 100:.0f} of "
                       f"{decision.needed * 100:.0f} needed.")
            return
        super().describe_result(result)

