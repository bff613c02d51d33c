"""What the negotiation table and the conference hall share: the status bar, polling the
controller, the log, charts, events and the lever tray, Esc (pause), F5 (reload the scenario)
and the confirmation before walking away.

Text widgets are set only when their text changes, sections of buttons are made again only when
what they show changes, and AI work runs on the controller's thread.
"""

import time
from html import escape

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIImage, UILabel, UIPanel

from ...engine import conference
from ...engine.scoring import BROKEN_PROMISE_PENALTY, SCORE_WEIGHTS, score_parts, score_total
from ...engine.space import describe
from ...engine.valuation import player_utility, promised
from ...engine.wording import counted, offer_text, points
from ...loading.problems import ScenarioError
from ...loading.scenario_loader import load_scenario
from ...model.actions import (
    CarryOut,
    Deliver,
    EndTurn,
    Respond,
    WalkAway,
    Withdraw,
)
from ...model.positions import objective_met
from ...model.state import Deal
from .. import palette
from ..audio.cues import cue
from ..controller import Controller
from ..scene import Scene, fit_text
from ..widgets.autosave_badge import fading as autosave_fading
from ..widgets.autosave_badge import tick as autosave_badge
from ..widgets.charts import line_chart, series_text
from ..widgets.controls import ControlStrip
from ..widgets.draw import badge, country_colour
from ..widgets.log_view import LogView, entry_colour
from ..widgets.motion import VoteCount
from ..widgets.offer_builder import OfferDraft, show_choice_tip
from ..widgets.theme import ensure as ensure_theme
from . import flow

MOOD_WORDS = ((40, "friendly"), (10, "warm"), (-10, "wary"), (-40, "cool"), (-101, "hostile"))
PREVIEW_DELAY = 0.05
"""Seconds the offer must stay unchanged before the preview is computed again."""


def inner(panel) -> pygame.Rect:
    """The room inside a panel's border, where its widgets go (at the panel's place)."""
    return pygame.Rect(panel.rect.topleft, panel.get_container().get_rect().size)


def mood(cs) -> str:
    if cs.collapsed:
        return "no government"
    return next(word for floor, word in MOOD_WORDS if cs.relationship > floor)


def known_interests(scenario, country, cs) -> tuple[list, int]:
    """The interests the player may see, heaviest first, as (issue, interest), and how many stay hidden."""
    known, hidden = [], 0
    for issue_id, interest in sorted(country.interests.items(), key=lambda kv: -kv[1].weight):
        if interest.hidden and issue_id not in cs.revealed:
            hidden += 1
        else:
            known.append((scenario.issue(issue_id), interest))
    return known, hidden


class GameScene(Scene):
    title = "Negotiation"

    def issue_tip(self, issue_id: str) -> str:
        """An issue's description and, when you have one, your goal on it."""
        issue = self.scenario.issue(issue_id)
        obj = next((o for o in self.scenario.player.objectives if o.issue == issue_id), None)
        text = issue.description
        if obj is not None:
            text += (f" Your goal: {obj.description} (best {describe(issue, obj.ideal)}, met at "
                     f"{describe(issue, obj.target)}; weight {obj.weight:.0%}).")
        return text

    def __init__(self, app, controller: Controller):
        super().__init__(app)
        self.controller = controller
        self.draft = OfferDraft()
        self.notice = ""  # the last thing that happened, or why an action was refused
        self.notice_kind = "info"
        self.confirming_walk = False
        self.preview_version = -1
        self.changed_at = 0.0
        self.sections: dict[str, tuple] = {}
        self.log_shown = 0
        self.debriefed = False
        self.last_turn = controller.state.turn
        self.overlays: list = []  # brief animations (widgets/motion.py)
        self.votes_called: dict[str, bool] | None = None  # how each party votes on the draft put to the vote

    # ----- shortcuts to the engine -----
    @property
    def session(self):
        return self.controller.session

    @property
    def state(self):
        return self.controller.session.state

    @property
    def scenario(self):
        return self.controller.session.scenario

    def colour(self, country_id: str):
        return country_colour(self.scenario.country(country_id).color)

    def name(self, country_id: str) -> str:
        return self.scenario.country(country_id).name

    def offer_text(self, offer) -> str:
        return offer_text(self.scenario, offer)

    def open_issue_ids(self) -> list[str]:
        return [i.id for i in self.scenario.issues if i.id not in self.state.agreed]

    # ----- life cycle -----
    def open(self) -> None:
        self.sections = {}
        self.gates = {}
        self.gate_key = None
        self.log_shown = 0
        self.overlays = []  # their widgets went with the old root
        ensure_theme(self.manager, self.app.settings.ui_scale)
        super().open()
        self.refresh()

    def set_text(self, widget, text: str) -> None:
        if widget is not None and widget.alive() and getattr(widget, "_shown_text", None) != text:
            widget._shown_text = text
            if isinstance(widget, (UILabel, UIButton)):
                fit_text(widget, text, getattr(widget, "base_tip", ""))
            else:
                widget.set_text(text)

    @staticmethod
    def set_enabled(widget, enabled: bool) -> None:
        if enabled and not widget.is_enabled:
            widget.enable()
        elif not enabled and widget.is_enabled:
            widget.disable()

    def section(self, name: str, rect, key, fill, keep_panel: bool = False) -> UIPanel | None:
        """A panel of widgets made again only when `key` (what it shows) changes. With `keep_panel`
        the panel stays (same place and size) and only what is inside it is made again."""
        old = self.sections.get(name)
        if old is not None and old[0] == key and old[1].alive():
            return old[1]
        if old is not None:
            container = old[1].get_container() if old[1].alive() else None
            dead = set(container.elements) if container is not None else set()
            reuse = keep_panel and container is not None and old[1].relative_rect == pygame.Rect(rect)
            if reuse:
                container.clear()
            else:
                old[1].kill()
            self.focus_ring = [w for w in self.focus_ring if w.alive() and w not in dead]
            self.actions = {w: a for w, a in self.actions.items() if w.alive()}
            self.focus = -1
            if reuse:
                self.sections[name] = (key, old[1])
                fill(old[1], inner(old[1]))
                return old[1]
        panel = UIPanel(pygame.Rect(rect), manager=self.manager, container=self.root, object_id="#card")
        self.sections[name] = (key, panel)
        fill(panel, inner(panel))
        return panel

    # ----- what the player can do now -----
    BUSY = "wait: the other side is still answering"

    def gate(self, widget, action, tip: str | None = None):
        """Enable `widget` (a button or a drawn item that submits `action`) only when the rules allow
        the action now and no answer is awaited, and say why not in its tooltip. The reason is the
        rules' own (session.check, which refuses the action). `action` is an Action, or a function
        giving the action the widget would submit now (an offer being built), or None."""
        if tip is None:
            tip = widget.tip if hasattr(widget, "tip") else (widget.tool_tip_text or "")
        self.gates[widget] = (action, tip)
        self.apply_gate(widget, self.waiting())
        return widget

    def waiting(self) -> bool:
        """Work on a thread that the actions wait for (the other side's answer)."""
        return self.controller.in_flight

    def gate_reason(self, action, waiting: bool) -> str | None:
        if waiting:
            return self.BUSY
        action = action() if callable(action) else action
        return None if action is None else self.session.check(action)

    def apply_gate(self, widget, waiting: bool) -> None:
        action, tip = self.gates[widget]
        reason = self.gate_reason(action, waiting)
        self.set_enabled(widget, reason is None)
        shown = f"{tip} — not now: {reason}" if reason else tip
        if getattr(widget, "_gate_tip", None) != shown:
            widget._gate_tip = shown
            widget.set_tooltip(shown)

    def refresh_gates(self) -> None:
        waiting = self.waiting()
        for widget in list(self.gates):
            if widget.alive():
                self.apply_gate(widget, waiting)
            else:
                del self.gates[widget]

    def gate_state(self) -> tuple:
        """What the gates depend on besides the session (which changes only with a result)."""
        return self.waiting(), self.draft.version, getattr(self, "persuade_issue", None)

    def show_busy(self, waiting: bool) -> None:
        """The busy cursor while an answer is awaited."""
        cursor = pygame.SYSTEM_CURSOR_WAITARROW if waiting else pygame.SYSTEM_CURSOR_ARROW
        if getattr(self, "_cursor", None) != cursor:
            self._cursor = cursor
            self.manager.set_active_cursor(pygame.cursors.Cursor(cursor))

    def close(self) -> None:
        if getattr(self, "_cursor", None) not in (None, pygame.SYSTEM_CURSOR_ARROW):
            self.show_busy(False)
        super().close()

    # ----- the status bar -----
    def build_status(self, w: int) -> None:
        """The status bar: the title and the figures are drawn items of one strip (not widgets)."""
        cone = self.session.profile.label
        px = self.app.settings.px
        x = int(w * 0.36) + 12
        stat_w = max(96, int(w * 0.095))
        map_w, end_w, walk_w = px(60), px(128), px(104)
        right = 8 + walk_w + 8 + end_w + 8 + map_w + 8  # the buttons' share of the bar
        strip = ControlStrip(self, (0, 0, w - right, 40), self.root)
        strip.item("title", f"{self.scenario.title} — {cone} officer", (4, 4, x - 4, 32), style="label",
                   size=18, bold=True, tip=self.scenario.summary)
        self.turn_label = strip.item("turn", "", (x, 6, stat_w + 20, 28), style="label", size=14, align="center",
                                     tip="The turn now, and the last turn before the talks end without a deal")
        self.ap_label = strip.item("ap", "", (x + stat_w + 24, 6, stat_w, 28), style="label", size=14, align="center",
                                   tip="Action points left this turn: proposing, asking and voting take 1, cone actions "
                                       "their cost")
        self.budget_label = strip.item("budget", "", (x + 2 * stat_w + 28, 6, stat_w, 28), style="label", size=14,
                                       align="center",
                                       tip="Budget: paid when you deliver a reward or carry out a threat; it grows each turn")
        self.button("Map", (w - right + 8, 5, map_w, 30), self.open_map,
                    "The region map: relations, and in a conference the vote", pygame.K_m)
        self.end_button = self.gate(self.button(
            "End turn", (w - 16 - walk_w - end_w, 5, end_w, 30), self.end_turn,
            "End this turn: threats not carried out lapse, the other side moves", pygame.K_e, object_id="#primary"),
            EndTurn())
        self.walk_button = self.gate(self.button("Walk away", (w - 8 - walk_w, 5, walk_w, 30), self.ask_walk_away,
                                                 "Leave the talks for good (asks you to confirm)", pygame.K_w),
                                     WalkAway())
        self.status_right = right

    # ----- objectives and the score, always in view -----
    BARS = 72
    """Where a game scene's content starts: under the status bar (44) and the objectives strip."""

    def build_objectives(self, w: int) -> None:
        """Under the status bar: each objective marked met or not by the draft you are building (or by
        what is settled), and the score the draft would give if agreed now, part by part."""
        objectives = self.scenario.player.objectives
        strip = ControlStrip(self, (0, 44, w, 26), self.root)
        strip.item("goals", "Goals", (8, 2, 50, 22), style="muted", size=14,
                   tip="Your objectives, each marked by the draft you are building: check met, cross not met, dot not "
                       "in your offer. Hover one for its goal; the score is on the right")
        score_w = min(360, max(250, w // 3))
        each = min(240, (w - 66 - score_w - 8) // max(1, len(objectives)))
        self.objective_items = [strip.item(o.issue, "", (62 + i * each, 2, each - 4, 22), style="label", size=14)
                                for i, o in enumerate(objectives)]
        self.score_item = strip.item("score", "", (w - score_w - 8, 2, score_w, 22), style="label", size=14,
                                     align="center")
        self.objectives_key = None

    def draft_deal(self):
        """The agreement your draft would make now: what is settled, your draft's positions and the
        rewards promised so far (and those in your offer, for the table)."""
        offer = self.draft_offer()
        rewards = {c: promised(self.state, c) for c in self.state.countries}
        for country_id in self.offer_recipients():
            rewards[country_id] = list(dict.fromkeys(rewards[country_id] + list(offer.rewards)))
        return Deal(positions={**offer.positions, **self.state.agreed}, rewards={c: r for c, r in rewards.items() if r})

    def draft_offer(self):
        """The offer being built (scenes say how)."""
        return self.draft.offer(self.open_issue_ids())

    def offer_recipients(self) -> list[str]:
        """Who gets the levers of the offer being built (the table: the counterpart; the hall: nobody)."""
        return []

    def refresh_objectives(self) -> None:
        items = getattr(self, "objective_items", None)
        if not items or not items[0].alive():
            return
        deal = self.draft_deal()
        key = (deal, self.state.turn, len(self.state.log))
        if key == self.objectives_key:
            return
        self.objectives_key = key
        for item, objective in zip(items, self.scenario.player.objectives):
            issue = self.scenario.issue(objective.issue)
            settled = objective.issue in self.state.agreed
            position = deal.positions.get(objective.issue)
            goal = (f"{objective.description}. Met at {describe(issue, objective.target)} or closer to "
                    f"{describe(issue, objective.ideal)} (best); {objective.weight:.0%} of your objectives.")
            if position is None:
                item.mark = ("dot", palette.MUTED)
                item.change(text=f"{issue.name}: not in your offer", tip=f"{goal} Not in your offer now.")
                continue
            met = objective_met(issue, objective, position)
            item.mark = ("check", palette.ACCEPT) if met else ("cross", palette.REJECT)
            where = "Settled at" if settled else "Your draft:"
            item.change(text=f"{issue.name}: {describe(issue, position)}",
                        tip=f"{goal} {where} {describe(issue, position)}: {'met' if met else 'not met'}.")
            item.strip.dirty = True  # the mark may have changed with the same text
        parts = score_parts(self.session, player_utility(self.session.ctx, deal))
        broken = f" · promises {parts['promises']:.0f}" if parts["promises"] else ""
        self.score_item.change(
            text=f"If agreed now: {score_total(parts):.0f} (goals {parts['objectives']:.0f} · rel. "
                 f"{parts['relations']:.0f} · stab. {parts['stability']:.0f}{broken})",
            tip=f"Your score if your draft were agreed now: {score_total(parts):.0f} of 100. Up to "
                f"{SCORE_WEIGHTS['objectives']} points for your objectives (how close the agreement "
                f"comes to them, by weight, less what promised rewards cost), {SCORE_WEIGHTS['relations']} for your "
                f"relations, {SCORE_WEIGHTS['stability']} for the region's stability; each broken promise costs "
                f"{BROKEN_PROMISE_PENALTY:g}. Grades: A 80, B 65, C 50, D 35.")

    def refresh_status(self) -> None:
        s = self.state
        phase = " · signing" if s.phase == "implementation" else ""
        self.set_text(self.turn_label, f"Turn {s.turn} of {self.scenario.player.deadline}{phase}")
        self.set_text(self.ap_label, f"Points {s.action_points}")
        self.set_text(self.budget_label, f"Budget {s.budget:.0f}")
        if s.phase == "implementation":
            self.set_text(self.end_button, "Close the deal")
        else:
            self.set_text(self.end_button, "End turn")

    # ----- the walk-away confirmation -----
    def ask_walk_away(self) -> None:
        if self.confirming_walk or self.state.phase == "over":
            return
        self.confirming_walk = True
        w, h = self.size
        rect = pygame.Rect(w // 2 - 230, h // 2 - 80, 460, 160)
        panel = UIPanel(rect, manager=self.manager, container=self.root, starting_height=20, object_id="#card")
        self.confirm_panel = panel
        self.label("Walk away from the talks?", (10, 10, 440, 30), container=panel, object_id="#heading")
        self.label("The session ends now: what is not settled stays unsettled.", (10, 44, 440, 26), container=panel,
                   object_id="#muted")
        self.button("Yes, walk away", (20, 100, 200, 40), self.walk_away, "End the session without more talks",
                    container=panel)
        self.button("Keep negotiating", (240, 100, 200, 40), self.cancel_walk, "Back to the table [Esc]",
                    container=panel, object_id="#primary")

    def cancel_walk(self) -> None:
        self.confirming_walk = False
        if getattr(self, "confirm_panel", None) is not None:
            self.confirm_panel.kill()
            self.confirm_panel = None

    def walk_away(self) -> None:
        self.cancel_walk()
        self.submit(WalkAway())

    # ----- acting -----
    def submit(self, action) -> None:
        """Check the action against the rules, then run it on the controller; a refusal is shown at
        once (a shortcut key reaches here even while its button is disabled)."""
        reason = self.gate_reason(action, self.waiting())
        if reason:
            self.flash(f"Not now: {reason}." if reason == self.BUSY else f"Not possible: {reason}.", "error")
            self.refresh_notice()
            return
        # the votes the engine will count: the same forecast on the same state, taken before it runs
        self.votes_called = conference.votes(self.session) if action.kind == "vote" else None
        self.controller.submit(action)
        self.flash("… the other side is considering", "info")
        self.refresh_gates()

    def map_votes(self) -> dict[str, bool] | None:
        """How each party would vote on the draft on the table, for the map (None: no vote here)."""
        return None

    def open_map(self) -> None:
        flow.push(self.app, "map", self.scenario, self.state, self.map_votes())

    def end_turn(self) -> None:
        self.submit(EndTurn())

    def flash(self, text: str, kind: str = "info") -> None:
        self.notice, self.notice_kind = text, kind

    def on_result(self, result) -> None:
        if result.error:
            self.flash(f"Not possible: {result.error}.", "error")
        else:
            self.describe_result(result)
        sound = cue(result)
        if sound:
            self.app.audio.play(sound)
        self.refresh()
        if self.votes_called and any(e.kind == "vote" for e in result.entries):
            self.show_vote(self.votes_called)
        self.votes_called = None

    def show_vote(self, votes: dict[str, bool]) -> None:
        """The votes counted one by one over the middle of the screen."""
        w, h = self.size
        rw, rh = min(620, w - 80), min(h - 120, 140 + 26 * len(votes))
        self.overlays.append(VoteCount(self, ((w - rw) // 2, (h - rh) // 2, rw, rh), self.scenario, votes,
                                       self.app.settings.reduced_motion))

    def describe_result(self, result) -> None:
        """Set the notice from what the action wrote to the log (scenes add more)."""
        if result.action is not None and result.action.kind == "end_turn" and self.state.phase == "negotiating":
            self.flash(f"Turn {self.state.turn} begins{self.new_events(result)}.")
            return
        last = next((e for e in reversed(result.entries) if e.kind not in ("relationship",)), None)
        self.flash(last.text if last else "Done.", "info")

    def new_events(self, result) -> str:
        """': Renner stops eating waits for your answer (events, under your offer)' when a turn brought events."""
        titles = [event.title for event in self.scenario.events if event.id in self.state.pending_events
                  and any(e.kind == "event" and e.text.startswith(f"{event.title}:") for e in result.entries)]
        if not titles:
            return ""
        return f": {' and '.join(titles)} {'waits' if len(titles) == 1 else 'wait'} for your answer (events and promises)"

    # ----- the frame -----
    def update(self, dt: float) -> None:
        for overlay in self.overlays:
            overlay.update(dt)
        self.overlays = [o for o in self.overlays if o.alive]
        result = self.controller.poll()
        if result is not None:
            self.on_result(result)
        key = self.gate_state()
        if key != self.gate_key:
            self.gate_key = key
            self.refresh_gates()
            self.show_busy(key[0])
        autosave_badge(self)  # "Saved turn 3" / "Autosave failed: ..." (game/ui/widgets/autosave_badge.py)
        busy = self.controller.busy or result is not None or self.work_pending()  # after a result, the preview waits for the next frame
        if self.state.phase == "over" and not busy and not self.debriefed:
            self.open_debrief()
            return
        now = time.perf_counter()
        if self.draft.version != self.preview_version and not busy:
            if self.changed_version != self.draft.version:
                self.changed_version, self.changed_at = self.draft.version, now
            elif now - self.changed_at >= PREVIEW_DELAY or self.preview_version < 0:
                self.preview_version = self.draft.version
                self.refresh_preview()
                self.refresh_objectives()

    changed_version = -1
    debrief_job = None

    def work_pending(self) -> bool:
        """True while the scene still has queued drawing work (the preview waits for it)."""
        return False

    def animating(self) -> bool:
        """An answer, the preview, the debrief or queued drawing to wait for, or the autosave badge fading."""
        return (self.controller.in_flight or self.work_pending() or self.draft.version != self.preview_version
                or (self.debrief_job is not None and not self.debriefed) or autosave_fading(self))

    def open_debrief(self) -> None:
        """The deal analysis runs on a thread (it is slow for many parties); the debrief opens when
        it is ready, and the frames go on meanwhile."""
        if self.debrief_job is None:
            import threading
            from concurrent.futures import Future

            job = self.debrief_job = Future()

            def work():
                try:
                    job.set_result(flow.debrief_data(self.session))
                except BaseException as exc:  # noqa: BLE001 - raised again on the frame thread
                    job.set_exception(exc)

            threading.Thread(target=work, name="debrief", daemon=True).start()
            self.flash("The talks are over: preparing the debrief…")
            self.refresh_notice()
            return
        if not self.debrief_job.done():
            return
        self.debriefed = True
        flow.debrief(self.app, self.controller, self.debrief_job.result())

    def refresh(self) -> None:
        """Show the state: called after every result and every (re)build."""
        self.refresh_status()
        self.refresh_objectives()
        self.refresh_log()
        self.refresh_gates()

    def refresh_preview(self) -> None:
        """Show how the other side will likely value the offer being built (scenes override)."""

    # ----- the log -----
    def build_log(self, rect) -> None:
        self.log_box = self.scrollable(LogView(self.manager, self.root, rect, "Everything that happened, newest at the "
                                               "bottom; scroll with the wheel, or Page Up / Page Down"))
        self.log_shown = 0

    def entry_segments(self, entry) -> list:
        """One log entry as coloured pieces of text: the turn, then the entry."""
        turn = (f"T{entry.turn}", palette.MUTED, False)
        if entry.decision is not None and entry.kind == "decision":
            d = entry.decision
            return [turn, (self.name(d.country) + ":", palette.TEXT, True),
                    (f"{d.text} ({d.value * 100:.0f} of {d.needed * 100:.0f} needed)", palette.TEXT, False)]
        return [turn, (entry.text, entry_colour(entry), False)]

    def refresh_log(self) -> None:
        log = self.state.log
        box = getattr(self, "log_box", None)
        if box is None or not box.alive():
            return
        if self.log_shown >= len(log):
            box.refresh()
            return
        if self.log_shown == 0:
            box.clear()
        start = max(self.log_shown, len(log) - 150) if self.log_shown == 0 else self.log_shown
        for entry in log[start:]:
            box.append(self.entry_segments(entry))
        self.log_shown = len(log)
        box.refresh()

    # ----- charts -----
    def build_charts(self, rect, countries: list[str]) -> None:
        x, y, w, h = pygame.Rect(rect)
        half = (w - 6) // 2
        self.chart_rects = (pygame.Rect(x, y, half, h), pygame.Rect(x + half + 6, y, w - half - 6, h))
        self.chart_countries = countries
        self.rel_chart = UIImage(self.chart_rects[0], pygame.Surface(self.chart_rects[0].size), manager=self.manager,
                                 container=self.root)
        self.rel_chart.set_tooltip("Relationship with you over the turns (−100 hostile … +100 close)")
        self.stab_chart = UIImage(self.chart_rects[1], pygame.Surface(self.chart_rects[1].size), manager=self.manager,
                                  container=self.root)
        self.stab_chart.set_tooltip("Internal stability over the turns (0 … 100; below 25 a government collapses)")
        self.chart_key = None

    def refresh_charts(self, which: int | None = None) -> None:
        """Draw the charts again when what they show changed; `which` (0: relationship, 1: stability)
        draws only one, so a scene can spread them over two frames."""
        if not getattr(self, "rel_chart", None):
            return
        s = self.state
        key = (len(s.history), tuple((round(s.countries[c].relationship, 1), round(s.countries[c].stability, 1))
                                     for c in self.chart_countries), self.chart_rects[0].size)
        keys = getattr(self, "chart_keys", None)
        if keys is None or self.chart_key is None:
            keys = self.chart_keys = [None, None]
        turns = [snap.turn for snap in s.history] + [s.turn]
        for index in (0, 1) if which is None else (which,):
            if keys[index] == key:
                continue
            keys[index] = key
            if index == 0:
                rel = [(self.name(c), self.colour(c), [snap.relationship[c] for snap in s.history]
                        + [s.countries[c].relationship]) for c in self.chart_countries]
                self.rel_chart.set_image(line_chart(self.chart_rects[0].size, "Relationship", rel, -100, 100, turns))
                self.rel_chart.set_tooltip("Relationship with you over the turns (−100 hostile … +100 close). Now: "
                                           + series_text(rel, signed=True))
            else:
                stab = [(self.name(c), self.colour(c), [snap.stability[c] for snap in s.history]
                         + [s.countries[c].stability]) for c in self.chart_countries]
                self.stab_chart.set_image(line_chart(self.chart_rects[1].size, "Stability", stab, 0, 100, turns))
                self.stab_chart.set_tooltip("Internal stability over the turns (0 … 100; below 25 a government "
                                            "collapses). Now: " + series_text(stab))
        self.chart_key = key

    # ----- events, promises and threats -----
    def refresh_pending(self, rect) -> None:
        """What waits for the player: events to answer (with their options), promised rewards to deliver
        or withdraw, threats standing to carry out. One panel, made again only when these change; it
        scrolls when they do not fit (the mouse wheel, or Tab, which scrolls the focused option into view)."""
        s = self.state
        owed = [p for p in s.promises if p.status == "owed"]
        standing = [t for t in s.threats if t.status == "standing"]
        key = (tuple(s.pending_events), s.cone, tuple((p.country, p.reward, p.due) for p in owed),
               tuple((t.country, t.threat, t.due) for t in standing), pygame.Rect(rect).size)
        rewards = {r.id: r for r in self.scenario.rewards}
        threats = {t.id: t for t in self.scenario.threats}

        def fill(panel, r):
            strip = ControlStrip(self, (0, 0, r.w, r.h), panel)  # drawn, not a widget per line
            w = r.w - 14  # room for the scroll bar
            y = 6
            if s.pending_events or owed or standing:
                strip.item("heading", "Events and promises", (8, 2, w - 8, 18), style="muted", size=13,
                           tip="Events waiting for your answer, rewards you promised, threats you made")
                y = 22
            if not s.pending_events and not owed and not standing:
                strip.item("none", "No event waits; nothing owed, no threat standing.", (8, y, w - 8, 24), style="muted",
                           size=14, tip="Scripted events (crises, elections) appear here with their options, and the "
                                        "rewards you promised and threats you made until they are settled")
                return
            for event_id in s.pending_events:
                event = next(e for e in self.scenario.events if e.id == event_id)
                strip.item(event_id, event.title, (8, y, w - 8, 24), tip=event.text, style="label", size=16, bold=True)
                y += 26
                for option in event.options:
                    tag = f" [{option.cone.replace('_', ' ')} only]" if option.cone is not None else ""
                    respond = Respond(event=event.id, option=option.id)
                    self.gate(strip.item((event_id, option.id), f"{option.label}{tag} · {option.cost} pt",
                                         (8, y, w - 8, 26), lambda a=respond: self.submit(a), option.outcome,
                                         style="lever"), respond)
                    y += 28
                y += 4
            bw = 86
            for p in owed:
                reward = rewards[p.reward]
                cost = self.session.reward_cost(reward)
                strip.item(("owed", p.reward, p.country), f"Owed: {reward.name} to {self.name(p.country)} (by T{p.due})",
                           (8, y, w - 2 * bw - 16, 26), style="label",
                           tip=f"Deliver by turn {p.due} or it counts as a broken promise (−12 relations)")
                deliver = Deliver(country=p.country, reward=p.reward)
                withdraw = Withdraw(country=p.country, reward=p.reward)
                self.gate(strip.item(("deliver", p.reward, p.country), "Deliver", (w - 2 * bw - 4, y, bw, 26),
                                     lambda a=deliver: self.submit(a), f"Pay {cost:.0f} from the budget; relations +6",
                                     align="center", size=14), deliver)
                self.gate(strip.item(("withdraw", p.reward, p.country), "Withdraw", (w - bw, y, bw, 26),
                                     lambda a=withdraw: self.submit(a),
                                     "Take the promise back: a broken promise (−12 relations, allies resent it)",
                                     align="center", size=14), withdraw)
                y += 30
            for t in standing:
                threat = threats[t.threat]
                cost = threat.execution_cost * self.session.profile.lever_cost_factor
                strip.item(("threat", t.threat, t.country), f"Threat: {threat.name} on {self.name(t.country)} (until T{t.due})",
                           (8, y, w - bw - 12, 26), style="label",
                           tip="Carry it out, or it lapses at the end of its turn and your threats lose credibility")
                carry = CarryOut(country=t.country, threat=t.threat)
                self.gate(strip.item(("carry", t.threat, t.country), "Carry out", (w - bw, y, bw, 26),
                                     lambda a=carry: self.submit(a),
                                     f"Costs you {cost:.0f} budget; their stability −{threat.stability_cost:g}, "
                                     f"relations −{threat.relationship_cost:g}; credibility of this threat +15 %",
                                     align="center", size=14), carry)
                y += 30

        self.section("pending", rect, key, fill, keep_panel=True)

    def lever_tip(self, kind: str, lever, country_id: str | None = None) -> str:
        if kind == "reward":
            cost = self.session.reward_cost(lever)
            text = f"{lever.description} Costs you {cost:.0f} budget when delivered ({lever.domain})."
            if country_id is not None:
                from ...engine.valuation import reward_value

                worth = reward_value(self.scenario, self.session.profile, self.scenario.country(country_id), lever.id)
                text += f" Worth {points(worth)} to {self.name(country_id)}."
            return text
        credibility = self.state.credibility.get(lever.id, lever.credibility)
        return (f"{lever.description} Credibility {credibility:.0%}; harm {lever.harm * 100:.0f}; costs "
                f"{lever.relationship_cost:g} relations when made and {lever.execution_cost:g} budget if carried out.")

    # ----- notice -----
    def build_notice(self, rect) -> None:
        self.notice_image_rect = pygame.Rect(rect)
        strip = ControlStrip(self, rect, self.root)
        self.notice_label = strip.item("notice", "", (0, 0, *self.notice_image_rect.size), style="label", size=16,
                                       bold=True, tip="What just happened, or why an action was not possible")

    def refresh_notice(self) -> None:
        text = self.notice
        if self.notice_kind == "error":
            text = "(!) " + text
        self.notice_label.change(style="error" if self.notice_kind == "error" else "label")
        self.set_text(self.notice_label, text)

    # ----- keys -----
    def handle(self, event) -> bool:
        if event.type in (pygame.MOUSEBUTTONDOWN, pygame.KEYDOWN) and self.overlays:
            for overlay in self.overlays:  # a click or a key ends an animation: the key is spent on it, the click
                overlay.skip()             # goes on to the widget under it
            self.overlays = []
            if event.type == pygame.KEYDOWN:
                return True
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and getattr(self, "persuade_menu", None):
            menu = self.persuade_menu  # the issue picker beside Persuade
            if event.ui_element is menu:
                self.persuade_issue = event.selected_option_id
                show_choice_tip(menu, self.persuade_issue)
                return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F5:
            self.reload()
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and self.confirming_walk:
            self.cancel_walk()
            return True
        log_box = getattr(self, "log_box", None)
        if log_box is not None and log_box.handle(event):
            log_box.refresh()
            return True
        builder = getattr(self, "builder", None)
        if builder is not None and builder.handle(event):
            return True
        for extra in self.extra_builders():
            if extra.handle(event):
                return True
        return super().handle(event)

    def extra_builders(self) -> list:
        return []

    def on_escape(self) -> None:
        flow.pause(self.app, self.controller)

    def on_quit_request(self) -> None:
        self.on_escape()

    # ----- F5 -----
    def reload(self) -> None:
        """Load the scenario file again; restart with the same cone and seed and replay the actions
        taken so far where they are still legal. A broken file leaves the game running."""
        if self.controller.busy:
            self.flash("Wait for the answer before reloading.", "error")
            self.refresh_notice()
            return
        path = self.controller.path
        if path is None:
            self.flash("This game has no scenario file to reload.", "error")
            self.refresh_notice()
            return
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            self.show_reload_error(str(exc))
            return
        except (OSError, ValueError) as exc:
            self.show_reload_error(f"{path}: {exc}")
            return
        new = Controller(scenario, self.controller.cone, self.controller.seed, path=path)
        replayed = skipped = 0
        for action in list(self.controller.session.actions):
            if new.session.over or new.session.check(action) is not None:
                skipped += 1
                continue
            new.session.apply(action)
            replayed += 1
        self.controller.close()
        scene = flow.table_scene(self.app, new)
        scene.flash(f"Reloaded {scenario.title}: replayed {counted(replayed, 'action')}"
                    + (f", skipped {skipped} no longer legal." if skipped else "."))
        self.app.replace(scene)

    def show_reload_error(self, message: str) -> None:
        self.flash("The scenario file has a problem; the game goes on with the old version.", "error")
        self.refresh_notice()
        w, h = self.size
        rect = pygame.Rect(w // 2 - 320, 60, 640, min(300, h - 120))
        if getattr(self, "reload_box", None) is not None:
            self.reload_box.kill()
        panel = UIPanel(rect, manager=self.manager, container=self.root, starting_height=20, object_id="#card")
        self.reload_box = panel
        self.label("Could not reload the scenario", (10, 6, rect.w - 130, 30), container=panel, object_id="#heading")
        self.button("Close", (rect.w - 110, 8, 100, 28), self.close_reload_error, "Hide this message", container=panel)
        self.text_box(escape(message).replace("\n", "<br>"), (10, 42, rect.w - 20, rect.h - 52), container=panel)

    def close_reload_error(self) -> None:
        if getattr(self, "reload_box", None) is not None:
            self.reload_box.kill()
            self.reload_box = None

    def verdict_image(self, verdict: str, size, detail: str = ""):
        return badge(verdict, size, detail)
