"""The conference hall (multilateral): every party with its bloc, ideals, stance toward the draft
on the table, its vote forecast and how it would take the draft you are building; the draft
builder ("load the chair's compromise"), lobbying one party with levers, whipping, the vote;
AI-to-AI reactions and position shifts as they happen."""

from collections import deque

import pygame
from pygame_gui.elements import UIImage

from ...engine.conference import ballot, judged_offer
from ...engine.space import describe
from ...engine.wording import positions_text
from ...model.actions import Analyze, Ask, CallVote, Campaign, Offer, Persuade, Propose, Summit, Whip
from ...model.voting import pct, tally, vote_weights
from .. import palette
from ..art.flags import flag_surface
from ..art.heraldry import country_flag, country_look, expression, last_verdict
from ..art.portraits import portrait_surface
from ..widgets.controls import ControlStrip, TipImage
from ..widgets.draw import STANCE_WORDS, VERDICTS, fit, font, symbol, text
from ..widgets.offer_builder import OfferBuilder, OfferDraft, choice_menu
from .negotiation import GameScene, known_interests, mood

REACTIONS = ("relationship", "shift", "compromise", "stance")


class HallScene(GameScene):
    title = "Conference hall"

    def __init__(self, app, controller):
        super().__init__(app, controller)
        start = {o.issue: o.ideal for o in self.scenario.player.objectives}
        self.draft.ensure(self.scenario, [i.id for i in self.scenario.issues], start)
        self.lobby = OfferDraft()
        self.selected = max(self.scenario.countries, key=lambda c: (c.capability, c.id)).id
        self.persuade_issue = next((o.issue for o in self.scenario.player.objectives), None)
        self.stances: dict = {}
        self.previews: dict = {}
        self.last_ideals = {cid: dict(cs.ideals) for cid, cs in controller.state.countries.items()}
        self.moved: set = set()
        self.lobby_builder = None
        self.jobs = deque()
        self.row_cache: dict = {}
        self.weights = vote_weights(self.scenario)

    # ----- layout -----
    def build(self) -> None:
        w, h = self.size
        self.build_status(w)
        self.build_objectives(w)
        top, bottom = self.BARS, h - 8
        H = bottom - top
        wl = int(w * 0.6)
        xr = 8 + wl + 8
        wr = w - xr - 8
        self.cols = (wl, xr, wr, top, bottom)
        n = len(self.scenario.countries)
        self.row_h = row_h = 20 if H < 600 else 22 if H < 800 else 26
        self.name_w = name_w = max(110, int(wl * 0.17))
        # the parties table: header labels (with tooltips), name buttons, the drawn rows
        self.table_rect = pygame.Rect(8 + name_w + 2, top + row_h, wl - name_w - 2, n * row_h)
        self.columns = self.table_columns(self.table_rect.w)
        # the header row and the parties' names are drawn controls (one image each), not widgets
        header = ControlStrip(self, (8, top, wl, row_h), self.root)
        header.item("party", "Party", (0, 0, name_w, row_h), tip="Click a party to lobby, whip, analyze or persuade it",
                   style="muted", size=14)
        for _, title, x, cw, tip in self.columns:
            header.item(title, self.header_text(title, cw - 10), (name_w + 2 + x, 0, cw, row_h), tip=tip, style="label")
        flag_h = row_h - 6
        flag_w = round(flag_h * 1.5)
        flags = pygame.Surface((flag_w + 4, n * row_h), pygame.SRCALPHA)
        for i, country in enumerate(self.scenario.countries):
            flags.blit(flag_surface(country_flag(country), (flag_w, flag_h)), (0, row_h * i + 3))
        UIImage(pygame.Rect(8, top + row_h, flag_w + 4, n * row_h), flags, manager=self.manager, container=self.root)
        self.names = ControlStrip(self, (8 + flag_w + 4, top + row_h, name_w - flag_w - 4, n * row_h), self.root)
        self.name_buttons = {}
        for i, country in enumerate(self.scenario.countries):
            self.name_buttons[country.id] = self.names.item(
                country.id, country.name, (0, row_h * i, name_w - flag_w - 4, row_h - 1), lambda c=country.id: self.select(c),
                self.party_tip(country.id), style="primary" if country.id == self.selected else "row")
        self.table_image = TipImage(self.table_rect, pygame.Surface(self.table_rect.size), self.manager, self.root,
                                    "Each party: bloc, where it wants each issue, its stance on the draft on the table "
                                    "(accepts / counters / refuses), its vote, and how it would take your draft")
        self.table_key = None
        y = self.table_rect.bottom + 6
        lever_rows = (len(self.scenario.rewards) + len(self.scenario.threats) + 3) // 4
        fixed = 30 + 32 + 32 + 8  # the party, its actions, persuade and lobby, the margin
        self.levers_h = min(lever_rows * 30, max(58, bottom - y - 6 - 56 - fixed))  # the levers scroll if need be
        self.party_rect = pygame.Rect(8, y, wl, fixed + self.levers_h)
        y = self.party_rect.bottom + 6
        self.pending_rect = pygame.Rect(8, y, wl, max(40, bottom - y))
        # right: the draft builder, its buttons and forecast, notice, log, charts
        self.label("Draft for the conference", (xr, top - 2, wr, 30), object_id="#sub",
                   tip=f"A draft must set every open issue; it passes by {self.rule_text()}")
        self.builder = None
        self.builder_top = top + 28
        self.chart_h = max(84, min(130, int(H * 0.17)))

    def rule_text(self) -> str:
        conf = self.scenario.conference
        if conf.rule == "consensus":
            return "consensus (every party votes yes)"
        if conf.rule == "majority":
            return f"majority (more than {conf.threshold:.0%} of the parties)"
        return f"weighted vote (more than {conf.threshold:.0%} of the weight)"

    def header_text(self, title: str, width: int) -> str:
        """A column header that fits: the full name, else its first word (unless another issue
        starts with it too), else shortened; the tooltip always has the full name."""
        if font(14).size(title)[0] <= width:
            return title
        first = title.split()[0]
        firsts = [i.name.split()[0] for i in self.scenario.issues]
        if firsts.count(first) == 1 and font(14).size(first)[0] <= width:
            return first
        return fit(title, 14, width)

    def table_columns(self, width: int) -> list[tuple[str, str, int, int, str]]:
        """(key, header, x, width, tooltip): key is "bloc", an issue id, "table", "vote" or "yours"."""
        bloc_w = 64 if self.scenario.conference.blocs else 0
        vote_w = 74 if self.scenario.conference.rule == "weighted" else 50
        fixed = bloc_w + 84 + vote_w + 64
        issues = self.scenario.issues
        iw = max(40, (width - fixed) // len(issues))
        cols, x = [], 0
        if bloc_w:
            cols.append(("bloc", "Bloc", x, bloc_w, "The bloc the party belongs to: members pull toward the bloc's position"))
            x += bloc_w
        for issue in issues:
            cols.append((issue.id, issue.name, x, iw, f"{issue.name}: where each party wants it now (yellow: it moved "
                                                      f"this turn; ?: hidden until you analyze; ·: it does not care). "
                                                      f"{issue.description}"))
            x += iw
        cols.append(("table", "On table", x, 84, "Its stance toward the draft on the table, points it gets of what it "
                                                 "needs: check = accepts, arrows = counters, cross = refuses"))
        x += 84
        weighted = " and its share of the vote's weight" if vote_w > 50 else ""
        cols.append(("vote", "Vote · wt" if vote_w > 50 else "Vote", x, vote_w,
                     f"Vote forecast on the draft on the table (committed parties vote yes){weighted}"))
        x += vote_w
        cols.append(("yours", "Yours", x, width - x, "Live preview: how it would take the draft you are building "
                                                     "(check = accept, arrows = counter, cross = refuse) and its value"))
        return cols

    def party_tip(self, cid: str) -> str:
        country, cs = self.scenario.country(cid), self.state.countries[cid]
        interests, hidden = known_interests(self.scenario, country, cs)
        known = [f"{issue.name} {interest.weight:.0%} wants {describe(issue, cs.ideals[issue.id])}"
                 for issue, interest in interests]
        text = (f"{country.name} ({country.leader}): relationship {cs.relationship:+.0f} ({mood(cs)}), stability "
                f"{cs.stability:.0f}, public support {cs.support:.0f} %, capability {country.capability:.2f}. "
                f"Interests: {'; '.join(known) or 'none known'}")
        if hidden:
            text += f"; {hidden} hidden (analyze)"
        return text + "."

    # ----- state -> widgets -----
    def refresh(self) -> None:
        self.refresh_status()
        s = self.state
        for cid, cs in s.countries.items():
            for issue_id, ideal in cs.ideals.items():
                before = self.last_ideals.get(cid, {}).get(issue_id)
                issue = self.scenario.issue(issue_id)
                if isinstance(ideal, str) or isinstance(before, str) or before is None:
                    if before is not None and before != ideal:
                        self.moved.add((cid, issue_id))
                elif abs(float(ideal) - float(before)) >= issue.step - 1e-9:
                    self.moved.add((cid, issue_id))
        if s.turn != getattr(self, "_moved_turn", s.turn) and not any(e.kind == "shift" and e.turn == s.turn - 1 for e in s.log[-60:]):
            self.moved = set()
        self._moved_turn = s.turn
        self.last_ideals = {cid: dict(cs.ideals) for cid, cs in s.countries.items()}
        self.refresh_builder()
        self.refresh_notice()
        self.refresh_gates()
        self.refresh_objectives()
        # the rest is spread over the next frames (a few milliseconds each, see run_jobs): one
        # stance estimate per party, then the table, the party panel, events, charts, tooltips
        self.jobs.clear()
        self.queue_log()
        self.queue_stances()
        self.queue_table()
        self.jobs.extend([self.refresh_tally, self.refresh_party,
                          lambda: self.refresh_pending(self.pending_rect),
                          lambda: self.refresh_charts(0), lambda: self.refresh_charts(1),
                          lambda: self.refresh_name_buttons(tips=True)])
        self.preview_version = -1

    def queue_log(self) -> None:
        """Jobs: the new log entries, a few per job (each is wrapped to the width), then the log drawn."""
        box = getattr(self, "log_box", None)
        if box is None or not box.alive():
            return
        if not getattr(box, "filled", False):
            box.filled = True
            self.refresh_log()  # a new log view: all at once, it is being built anyway
            return

        def some():
            log = self.state.log
            if not box.alive():
                return
            before = len(box.lines)
            for entry in log[self.log_shown:self.log_shown + 4]:
                box.append(self.entry_segments(entry))
            for line in box.lines[min(before, len(box.lines)):]:
                box.line_image(line)  # rendered here, so the redraw only puts lines together
            self.log_shown = min(len(log), self.log_shown + 4)
            if self.log_shown < len(log):
                self.jobs.appendleft(some)
            else:
                self.jobs.appendleft(box.refresh)

        self.jobs.append(some)

    JOB_BUDGET = 0.001
    """Seconds of queued work a frame may do (at least one job runs per frame)."""

    def run_jobs(self, budget: float | None = None) -> None:
        """Run queued jobs until `budget` seconds have passed (None: all of them)."""
        import time

        start = time.perf_counter()
        while self.jobs:
            self.jobs.popleft()()
            if budget is not None and time.perf_counter() - start >= budget:
                break

    def work_pending(self) -> bool:
        return bool(self.jobs)

    def animating(self) -> bool:
        return super().animating() or self.chair_job is not None

    def open(self) -> None:
        self.jobs = deque()
        super().open()
        self.run_jobs()  # the first frame of a (re)built hall shows everything

    def queue_stances(self) -> None:
        """Jobs: the stance of every party toward the draft on the table, one party per job."""
        s = self.state
        stances: dict = {}
        self.stances = stances
        if s.draft is None:
            return
        offer = judged_offer(self.session, s.draft)

        def one(cid):
            stances[cid] = ballot(self.session, cid, offer)

        self.jobs.extend((lambda c=cid: one(c)) for cid in s.countries)

    def refresh_name_buttons(self, tips: bool = False) -> None:
        for cid, b in self.name_buttons.items():
            b.change(style="primary" if cid == self.selected else "row")
            if tips:
                b.set_tooltip(self.party_tip(cid))

    def compute_stances(self) -> None:
        """Every stance now (the queued jobs do the same one party per frame)."""
        self.queue_stances()
        self.run_jobs()

    def refresh_builder(self) -> None:
        wl, xr, wr, top, bottom = self.cols
        open_ids = tuple(self.open_issue_ids())
        rows = len(open_ids) * 34
        rect = pygame.Rect(xr, self.builder_top, wr, rows + 12)
        key = (open_ids, self.state.phase)

        def fill(panel, r):
            self.builder = OfferBuilder(self, panel, (6, 6, r.w - 12, 0), self.draft, self.session, open_ids,
                                        levers=False, toggles=False,
                                        issue_tips={i: self.issue_tip(i) for i in open_ids})

        self.section("builder", rect, key, fill)
        y = rect.bottom + 4
        if getattr(self, "draft_buttons_y", None) != y or not self.table_button.alive():
            self.draft_buttons_y = y
            bw = (wr - 12) // 3
            self.chair_button = self.button("Load chair's compromise", (xr, y, bw + 40, 30), self.load_chair,
                                            "Put the chair's compromise (near the Nash point of all parties) into your "
                                            "draft", pygame.K_l)
            self.table_button = self.gate(self.button(
                "Table draft", (xr + bw + 46, y, bw - 20, 30), self.table_draft,
                "Put your draft on the table (1 point): every party states its stance", pygame.K_t,
                object_id="#primary"), self.draft_action)
            self.vote_button = self.gate(self.button(
                "Call vote", (xr + 2 * bw + 32, y, wr - 2 * bw - 32, 30), lambda: self.submit(CallVote()),
                f"Vote on the draft on the table (1 point); it passes by {self.rule_text()}", pygame.K_v), CallVote())
            tally = ControlStrip(self, (xr, y + 34, wr, 42), self.root)
            self.tally_labels = (
                tally.item("table", "", (0, 0, wr, 21), style="label", size=14),
                tally.item("yours", "", (0, 21, wr, 21), style="label", size=14))
            self.build_notice((xr, y + 78, wr, 26))
            log_y = y + 108
            log_h = bottom - log_y - self.chart_h - 6
            self.build_log((xr, log_y, wr, log_h))
            self.log_shown = 0
            self.build_charts((xr, bottom - self.chart_h, wr, self.chart_h), [c.id for c in self.scenario.countries])
            self.refresh_log()  # a new log view is filled at once; new entries come through queue_log

    def party_entries(self) -> list:
        """The one-party actions shown for the selected party: (cost kind, action, label, tip)."""
        cid = self.selected
        costs = self.session.profile.action_costs
        entries = [
            ("analyze", Analyze(country=cid), "Analyze", "Reveal its hidden interests"),
            ("whip", Whip(country=cid), "Whip", "Lower what it needs in the next vote (never below its reservation)"),
            ("public_campaign", Campaign(country=cid), "Campaign", "Raise public support for a deal there"),
            ("host_summit", Summit(), "Summit", "Relations up with every delegation"),
            (None, Ask(country=cid), "Ask", "What would it want? (1 point)"),
        ]
        return [e for e in entries if e[0] is None or costs.get(e[0]) is not None]

    def party_action(self, i: int):
        """The action of the i-th party button, for the party selected now."""
        return self.party_entries()[i][1]

    def refresh_party(self) -> None:
        """The selected party's panel: built once per structure (the open objectives to persuade on),
        then only its texts, tooltips and enabled states change, in place."""
        s = self.state
        costs = self.session.profile.action_costs
        open_objectives = tuple(o.issue for o in self.scenario.player.objectives if o.issue not in s.agreed)
        if costs.get("persuade") is not None and open_objectives and self.persuade_issue not in open_objectives:
            self.persuade_issue = open_objectives[0]
        key = (open_objectives if costs.get("persuade") is not None else (), self.party_rect.size)

        def fill(panel, r):
            self.party_widgets = widgets = {}
            widgets["face"] = UIImage(pygame.Rect(8, 2, 21, 26), pygame.Surface((21, 26)), manager=self.manager, container=panel)
            heading = ControlStrip(self, (34, 2, r.w - 42, 26), panel)
            widgets["title"] = heading.item("title", "", (0, 0, int(r.w * 0.42) - 34, 26), style="label", size=16, bold=True)
            widgets["stats"] = heading.item("stats", "", (int(r.w * 0.42) - 34, 0, r.w - int(r.w * 0.42) - 8, 26),
                                            style="label", tip="Relationship with you (−100…100), internal stability "
                                                               "(0…100), public support for a deal (%)")
            y = 32
            shown = self.party_entries()
            bw = (r.w - 16 - 4 * (len(shown) - 1)) // len(shown)
            widgets["actions"] = []
            strip = ControlStrip(self, (8, y, r.w - 16, 28), panel)
            for i, (kind, _, label, tip) in enumerate(shown):
                cost = 1 if kind is None else costs[kind]
                b = strip.item(label, f"{label} · {cost} pt", (i * (bw + 4), 0, bw, 28),
                               lambda i=i: self.submit(self.party_action(i)), f"{tip} ({cost} pt)", align="center",
                               size=14)
                widgets["actions"].append(self.gate(b, lambda i=i: self.party_action(i)))
            y += 32
            half = (r.w - 16) // 2
            widgets["persuade"] = None
            self.persuade_menu = None
            if costs.get("persuade") is not None and open_objectives:
                menu = choice_menu(self, [(self.scenario.issue(i).name, i) for i in open_objectives], self.persuade_issue,
                                   (8, y, half - 138, 28), panel, "The issue to persuade it on", limit=110)
                self.persuade_menu = menu
                widgets["persuade"] = self.gate(self.button(
                    f"Persuade · {costs['persuade']} pt", (8 + half - 134, y, 130, 28),
                    lambda: self.submit(self.persuade_action()),
                    "Move its ideal on the chosen issue toward yours (more likely with good relations)",
                    container=panel), self.persuade_action)
            lw = r.w - 16 - half - 4
            lobby = ControlStrip(self, (8 + half + 4, y, lw, 28), panel)
            widgets["load"] = lobby.item("load", "Load its draft", (lw - 124, 0, 124, 28), self.load_party_draft,
                                         "", size=14, align="center")
            widgets["lobby"] = self.gate(lobby.item(
                "lobby", "Lobby", (0, 0, lw - 128, 28), self.lobby_party,
                "Offer the levers checked below for its yes vote on the draft on the table: rewards if it commits, "
                "threats if it will not [B]", style="primary", size=14, align="center", shortcut=pygame.K_b),
                self.lobby_action)
            y += 32
            self.lobby_builder = OfferBuilder(self, panel, (8, y, r.w - 16, 0), self.lobby, self.session, [],
                                              levers=True, toggles=False, lever_columns=4, lever_room=self.levers_h,
                                              lever_tip=lambda kind, lever: self.lever_tip(kind, lever, self.selected))

        self.section("party", self.party_rect, key, fill)
        self.update_party()

    def update_party(self) -> None:
        """Texts, tooltips and enabled states of the party panel for the selected party (no new widgets)."""
        widgets = getattr(self, "party_widgets", None)
        if not widgets:
            return
        s = self.state
        cid = self.selected
        cs = s.countries[cid]
        country = self.scenario.country(cid)
        bloc = next((b.name for b in self.scenario.conference.blocs if cid in b.members), "no bloc")
        face = expression(cs.relationship, last_verdict(s, cid))
        if widgets.get("face_of") != (cid, face):
            widgets["face_of"] = (cid, face)
            widgets["face"].set_image(portrait_surface(country_look(country), face, (21, 26)))
            widgets["face"].set_tooltip(f"{country.leader}, looking {face}: the face follows the relationship and "
                                        "their last answer")
        self.set_text(widgets["title"], f"{country.name} · {bloc}")
        widgets["title"].set_tooltip(self.party_tip(cid))
        extra = " · committed to vote yes" if cs.committed else " · whipped" if cs.whipped else ""
        self.set_text(widgets["stats"], f"relations {cs.relationship:+.0f} ({mood(cs)}) · stability {cs.stability:.0f}"
                                        f" · support {cs.support:.0f} %{extra}")
        self.set_text(widgets["lobby"], f"Lobby {country.name} · 1 pt")
        proposal = self.party_proposal(cid)
        if proposal is None:
            widgets["load"].disable()
            widgets["load"].set_tooltip(f"{country.name} has proposed no draft of its own yet (a party does when the "
                                        "talks leave it far from what it needs and you table nothing)")
        else:
            widgets["load"].enable()
            widgets["load"].set_tooltip(f"Put {country.name}'s own draft (turn {proposal.turn}) into yours: "
                                        f"{positions_text(self.scenario, proposal.positions)}")
        if self.lobby_builder is not None:
            self.lobby_builder.refresh_levers()
            self.lobby_builder.refresh_tips()

    def extra_builders(self) -> list:
        return [self.lobby_builder] if self.lobby_builder is not None else []

    # ----- the table image and the preview -----
    def refresh_preview(self) -> None:
        """How every party would take your draft: one party per job, then the table and the tally
        (the old figures stay on screen until the new ones are all there)."""
        offer = self.draft.offer(self.open_issue_ids(), levers=False)
        s = self.state
        previews: dict = {}
        if s.phase == "negotiating" and len(offer.positions) == len(self.open_issue_ids()):
            def one(cid):  # as the vote would count it if this draft were tabled now
                previews[cid] = ballot(self.session, cid, offer, commitments=False)

            self.jobs.extend((lambda c=cid: one(c)) for cid in s.countries)

        def show():
            self.previews = previews
            self.refresh_tally()

        self.jobs.append(show)
        self.queue_table()

    def tallies(self):
        """(the vote on the draft on the table, the vote on your draft if tabled now): model.voting.tally
        of the engine's ballots (conference.ballot), None where there is no draft; your draft's count is
        the table's when it is the draft on the table."""
        table = tally(self.scenario, {cid: yes for cid, (_, yes) in self.stances.items()}) if self.stances else None
        draft = self.state.draft
        if draft is not None and table is not None and self.draft.offer(self.open_issue_ids(), levers=False).positions \
                == {i: p for i, p in draft.positions.items() if i in self.open_issue_ids()}:
            return table, table
        yours = tally(self.scenario, {cid: yes for cid, (_, yes) in self.previews.items()}) if self.previews else None
        return table, yours

    def refresh_tally(self) -> None:
        table, yours = self.tallies()
        first, second = self.tally_labels
        if table is None:
            first.change(text="No draft on the table yet", style="muted",
                         tip=f"Table a draft to see how each party would vote; it passes by {self.rule_text()}")
        else:
            first.change(text=f"On the table: {'passes' if table.passes else 'fails'} · {self.tally_words(table)}",
                         style="label", tip=f"The draft on the table, if put to the vote now: {table.text}")
        if yours is None:
            second.change(text="Your draft: set every open issue to see its vote", style="muted", tip="")
        elif yours is table:
            second.change(text="Your draft is the draft on the table", style="muted",
                          tip="Change your draft to see how a new one would do (tabling it lapses every commitment)")
        else:
            second.change(text=f"Your draft, tabled: {'would pass' if yours.passes else 'would fail'} · "
                               f"{self.tally_words(yours)}",
                          style="label", tip=f"Your draft, if tabled now (every commitment lapses): {yours.text}")

    def tally_words(self, count) -> str:
        if count.rule == "consensus":
            return f"{len(count.yes)} of {len(count.yes) + len(count.no)} for, all needed"
        vetoed = f", vetoed by {', '.join(self.scenario.country(c).name for c in count.vetoed)}" if count.vetoed else ""
        return f"{len(count.yes)} for, {pct(count.share)} of the {'weight' if count.rule == 'weighted' else 'parties'} " \
               f"(needs > {pct(count.threshold)}){vetoed}"

    def row_key(self, i: int, country) -> tuple:
        cid, cs = country.id, self.state.countries[country.id]
        stance = self.stances.get(cid)
        preview = self.previews.get(cid)
        return (cid, cid == self.selected, self.table_rect.w, self.row_h,
                None if stance is None else (stance[0].verdict, round(stance[0].value, 3), round(stance[0].needed, 3),
                                             stance[1]),
                None if preview is None else (preview[0].verdict, round(preview[0].value, 3), preview[1]),
                tuple(sorted(i for c, i in self.moved if c == cid)), tuple(sorted(cs.revealed)),
                tuple(sorted((k, str(v)) for k, v in cs.ideals.items())), cs.committed)

    def ensure_row(self, i: int, country) -> None:
        """Draw row `i` again if what it shows changed."""
        key = self.row_key(i, country)
        old = self.row_cache.get(i)
        if old is None or old[0] != key:
            bloc_of = {m: b.name for b in self.scenario.conference.blocs for m in b.members}
            self.row_cache[i] = (key, self.draw_row(i, country, bloc_of))

    def queue_table(self) -> None:
        """Jobs: the rows that changed, one per job, then the table image."""
        self.jobs.extend((lambda i=i, c=c: self.ensure_row(i, c)) for i, c in enumerate(self.scenario.countries))
        self.jobs.append(self.draw_table)

    def draw_table(self) -> None:
        """The parties table as one image, made of one cached surface per row: a row is drawn again
        only when what it shows changes (selecting a party redraws two rows)."""
        for i, country in enumerate(self.scenario.countries):
            self.ensure_row(i, country)
        key = tuple(self.row_cache[i][0] for i in range(len(self.scenario.countries)))
        if key == self.table_key and self.table_image.alive():
            return
        image = self.table_image.image
        if self.table_key is None or image is None or image.get_size() != self.table_rect.size:
            surface = pygame.Surface(self.table_rect.size)
            surface.fill(palette.BACKGROUND)
            for i in range(len(self.scenario.countries)):
                surface.blit(self.row_cache[i][1], (0, i * self.row_h))
            self.table_image.set_image(surface, image_is_alpha_premultiplied=True)  # opaque: nothing to premultiply
        else:  # the rows are opaque: the changed ones go straight into the image shown (no copy, no conversion)
            for i, row_key in enumerate(key):
                if row_key != self.table_key[i]:
                    image.blit(self.row_cache[i][1], (0, i * self.row_h))
            self.app.invalidate()  # an image changed in place: the frame is drawn again
        self.table_key = key
        self.table_image.regions = [(pygame.Rect(x, i * self.row_h, cw, self.row_h), self.cell_tip(country, col))
                                    for i, country in enumerate(self.scenario.countries)
                                    for col, _, x, cw, _ in self.columns]

    def cell_tip(self, country, col: str) -> str:
        """A cell's full text: what the table shows in it, shortened or as a symbol."""
        cid, cs, name = country.id, self.state.countries[country.id], country.name
        if col == "bloc":
            bloc = next((b.name for b in self.scenario.conference.blocs if cid in b.members), None)
            return f"{name}: {bloc}" if bloc else f"{name} belongs to no bloc"
        if col in ("table", "vote", "yours"):
            ballot_ = self.stances.get(cid) if col != "yours" else self.previews.get(cid)
            weight = f" Its weight in the vote: {pct(self.weights[cid])}." if self.scenario.conference.rule == "weighted" else ""
            if ballot_ is None:
                what = "your draft (set every open issue)" if col == "yours" else "a draft (none is tabled)"
                return f"{name}: nothing to judge until there is {what}.{weight}"
            d, yes = ballot_
            judged = "your draft, if tabled now," if col == "yours" else "the draft on the table"
            committed = " It has committed to vote yes." if cs.committed and col != "yours" else ""
            return (f"{name} {STANCE_WORDS[d.verdict]} {judged}: {d.value * 100:.0f} of {d.needed * 100:.0f} "
                    f"needed; it would vote {'yes' if yes else 'no'}.{committed}{weight}")
        issue = self.scenario.issue(col)
        interest = country.interests.get(issue.id)
        if interest is None:
            return f"{name} does not care about {issue.name}"
        if interest.hidden and issue.id not in cs.revealed:
            return f"{name}'s position on {issue.name} is hidden until you analyze it"
        moved = " (it moved this turn)" if (cid, issue.id) in self.moved else ""
        return (f"{name} wants {issue.name}: {describe(issue, cs.ideals[issue.id])}{moved}; "
                f"it weighs {interest.weight:.0%} of its interests")

    def draw_row(self, i: int, country, bloc_of: dict) -> pygame.Surface:
        cid, cs = country.id, self.state.countries[country.id]
        rh = self.row_h
        w = self.table_rect.w
        surface = pygame.Surface((w, rh))
        surface.fill(palette.BACKGROUND)
        y = 0
        if cid == self.selected:
            pygame.draw.rect(surface, (40, 52, 72), (0, y, w, rh - 1))
        elif i % 2:
            pygame.draw.rect(surface, palette.PANEL, (0, y, w, rh - 1))
        pygame.draw.rect(surface, self.colour(cid), (0, y + 3, 5, rh - 7))
        for col, _, x, cw, _ in self.columns:
            cell = pygame.Rect(x + 4, y, cw - 6, rh)
            if col == "bloc":
                self.blit(surface, fit(bloc_of.get(cid, "—").split()[0], 13, cw - 8), cell, palette.MUTED)
            elif col == "table":
                stance = self.stances.get(cid)
                if stance is None:
                    self.blit(surface, "—", cell, palette.MUTED)
                else:
                    d, _ = stance
                    colour, _, kind = VERDICTS[d.verdict]
                    symbol(surface, kind, pygame.Rect(cell.x, y + 3, rh - 6, rh - 6), colour)
                    note = "committed" if cs.committed else f"{d.value * 100:.0f}/{d.needed * 100:.0f}"
                    self.blit(surface, note, cell.move(rh - 4, 0), colour)
            elif col == "vote":
                stance = self.stances.get(cid)
                weighted = self.scenario.conference.rule == "weighted"
                if stance is None:
                    self.blit(surface, "—", cell, palette.MUTED)
                else:
                    yes = stance[1]
                    colour = palette.ACCEPT if yes else palette.REJECT
                    symbol(surface, "check" if yes else "cross", pygame.Rect(cell.x, y + 3, rh - 6, rh - 6), colour)
                    if not weighted:
                        self.blit(surface, "yes" if yes else "no", cell.move(rh - 4, 0), colour)
                if weighted:
                    self.blit(surface, pct(self.weights[cid]), cell.move(rh - 4, 0), palette.MUTED)
            elif col == "yours":
                d = self.previews.get(cid)
                d = d[0] if d is not None else None
                if d is None:
                    self.blit(surface, "—", cell, palette.MUTED)
                else:
                    colour, _, kind = VERDICTS[d.verdict]
                    symbol(surface, kind, pygame.Rect(cell.x, y + 3, rh - 6, rh - 6), colour)
                    self.blit(surface, f"{d.value * 100:.0f}", cell.move(rh - 4, 0), colour)
            else:
                issue = self.scenario.issue(col)
                interest = country.interests.get(issue.id)
                if interest is None:
                    self.blit(surface, "·", cell, palette.GRID)
                elif interest.hidden and issue.id not in cs.revealed:
                    self.blit(surface, "?", cell, palette.MUTED)
                else:
                    moved = (cid, issue.id) in self.moved
                    colour = palette.YELLOW if moved else palette.TEXT
                    self.blit(surface, fit(describe(issue, round(float(cs.ideals[issue.id]), 1)
                                                if not isinstance(cs.ideals[issue.id], str) else cs.ideals[issue.id]),
                                           13, cw - 8), cell, colour)
        return surface

    @staticmethod
    def blit(surface, content: str, cell: pygame.Rect, colour) -> None:
        label = text(content, 13, colour)
        surface.blit(label, (cell.x, cell.y + (cell.h - label.get_height()) // 2))

    # ----- actions -----
    def select(self, cid: str) -> None:
        """Show another party: the panel, the name buttons and the table change in place."""
        if cid == self.selected:
            return
        self.selected = cid
        self.lobby.rewards, self.lobby.threats = [], []
        self.refresh_name_buttons()
        self.draw_table()
        self.jobs.append(self.update_party)  # the panel's texts, tooltips and enabled states: next frame

    def load_chair(self) -> None:
        """The chair's compromise into the draft; before the chair has one, the Nash compromise of
        the open issues, computed on a thread of its own (the frame goes on; actions wait for it)."""
        chair = max(self.scenario.countries, key=lambda c: (c.capability, c.id))
        counter = self.state.countries[chair.id].counter
        if counter is not None:
            self.put_in_draft(counter, f"{chair.name}'s compromise is in your draft.")
            return
        if self.waiting():
            self.flash("Not now: the chair's compromise comes when the other side has answered.", "error")
            self.refresh_notice()
            return
        from concurrent.futures import ThreadPoolExecutor

        from ...engine.compromise import chair_draft

        if self.chair_pool is None:
            self.chair_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chair")
        self.chair_job = self.chair_pool.submit(chair_draft, self.session)
        self.flash("The chair is working out a compromise…")
        self.refresh_notice()

    chair_job = None
    chair_pool = None

    def party_proposal(self, cid: str):
        """The party's latest draft of its own (a move it made to the whole table), or None."""
        return next((m for m in reversed(self.state.moves) if m.by == cid and m.to is None), None)

    def load_party_draft(self) -> None:
        proposal = self.party_proposal(self.selected)
        if proposal is not None:
            open_ids = set(self.open_issue_ids())
            positions = {i: p for i, p in proposal.positions.items() if i in open_ids}
            self.put_in_draft(Offer(positions=positions), f"{self.scenario.country(self.selected).name}'s draft is in yours.")

    def poll_chair(self) -> None:
        if self.chair_job is None or not self.chair_job.done():
            return
        job, self.chair_job = self.chair_job, None
        try:
            counter = job.result()
        except Exception as exc:  # noqa: BLE001 - shown, not raised, so the game goes on
            self.flash(f"No compromise: {exc}", "error")
            self.refresh_notice()
            return
        self.put_in_draft(counter, "The Nash compromise of the open issues is in your draft.")

    def put_in_draft(self, counter, note: str) -> None:
        self.draft.load(Offer(positions=counter.positions), levers=False)
        if self.builder is not None:
            self.builder.sync()
        self.flash(note)
        self.refresh_notice()

    def waiting(self) -> bool:
        return super().waiting() or self.chair_job is not None

    def gate_state(self) -> tuple:
        return super().gate_state() + (self.selected, self.lobby.version)

    def update(self, dt: float) -> None:
        self.poll_chair()
        super().update(dt)
        self.run_jobs(self.JOB_BUDGET)

    def close(self) -> None:
        if self.chair_pool is not None:
            self.chair_pool.shutdown(wait=True)
            self.chair_pool, self.chair_job = None, None
        super().close()

    def draft_offer(self) -> Offer:
        return self.draft.offer(self.open_issue_ids(), levers=False)

    def draft_action(self) -> Propose:
        return Propose(country=None, offer=self.draft.offer(self.open_issue_ids(), levers=False))

    def lobby_action(self) -> Propose:
        return Propose(country=self.selected, offer=Offer(rewards=tuple(self.lobby.rewards),
                                                          threats=tuple(self.lobby.threats)))

    def persuade_action(self) -> Persuade | None:
        return Persuade(country=self.selected, issue=self.persuade_issue) if self.persuade_issue else None

    def table_draft(self) -> None:
        self.submit(self.draft_action())

    def map_votes(self) -> dict[str, bool]:
        return {cid: yes for cid, (_, yes) in self.stances.items()}

    def lobby_party(self) -> None:
        self.submit(self.lobby_action())

    def describe_result(self, result) -> None:
        entries = result.entries
        stances = [e for e in entries if e.kind == "stance"]
        if stances:
            yes = sum(1 for e in stances if e.decision and e.decision.verdict == "accept")
            self.flash(f"Draft tabled: {yes} of {len(stances)} accept it as it stands.")
            return
        decision = next((e.decision for e in entries if e.kind == "decision"), None)
        if decision is not None:
            word = {"accept": "commits to vote yes", "counter": "is not convinced", "reject": "refuses"}[decision.verdict]
            self.flash(f"{self.name(decision.country)} {word} ({decision.value * 100:.0f} of {decision.needed * 100:.0f} needed).")
            if decision.verdict == "accept":
                self.lobby.rewards, self.lobby.threats = [], []
            return
        reactions = [e for e in entries if e.kind in REACTIONS]
        if result.action is None:
            return
        if result.action.kind == "end_turn" and reactions:
            shifts = sum(1 for e in reactions if e.kind == "shift")
            moved = {0: "no position moved", 1: "one position moved"}.get(shifts, f"{shifts} positions moved")
            chair = ("the chair suggests a new compromise" if any(e.kind == "compromise" for e in reactions)
                     else "the chair's compromise stands")
            self.flash(f"Turn {self.state.turn}: {moved}; {chair}{self.new_events(result)}.")
            return
        super().describe_result(result)

