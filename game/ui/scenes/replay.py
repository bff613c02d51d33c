"""The replay viewer: a saved session turn by turn, forward and back.

Built on game.saves.replay_steps: for each turn, every action taken (offers in full), every answer
with its reasons (signed terms, value against the threshold, the counteroffer and what would have
flipped it), the relationship and stability of each country at the end of that turn, and the
outcome at the end. A save that does not load or fails verification shows why, with a way back.
Keys: Left/Right step, Home/End jump to the opening / the last turn, Esc goes back.
"""

from html import escape
from pathlib import Path

import pygame
from pygame_gui.elements import UIImage

from ...engine.wording import offer_text
from ...saves import LoadedSave, SaveError, load, replay_steps
from .. import palette
from ..scene import Scene
from ..widgets.charts import line_chart
from ..widgets.draw import country_colour
from ..widgets.log_view import entry_colour
from ..widgets.reasons import decision_html
from ..widgets.theme import ensure as ensure_theme
from . import flow

ACTION_WORDS = {
    "ask": "You asked {c} what it wants",
    "analyze": "You analysed {c}",
    "persuade": "You tried to persuade {c}",
    "public_campaign": "You ran a public campaign in {c}",
    "host_summit": "You hosted a summit",
    "whip": "You whipped {c}'s vote",
    "vote": "You called the vote",
    "end_turn": "You ended the turn",
    "walk_away": "You walked away from the talks",
}


def hexc(colour) -> str:
    return palette.hex_colour(colour)


class ReplayView:
    """What the viewer shows, without pygame: the steps and each turn's text."""

    def __init__(self, loaded: LoadedSave):
        self.loaded = loaded
        self.scenario = loaded.scenario
        self.steps = replay_steps(loaded)
        self.final_log = loaded.state.log

    # ----- words -----
    def name(self, country_id: str | None) -> str:
        if not country_id:
            return "the conference"
        try:
            return self.scenario.country(country_id).name
        except (KeyError, ValueError, StopIteration):
            return str(country_id)

    def offer_text(self, offer) -> str:
        return "nothing" if offer is None else offer_text(self.scenario, offer)

    def action_text(self, step) -> str:
        a = step.action
        c = self.name(getattr(a, "country", None))
        if a.kind == "propose":
            return f"You offered {c}: {self.offer_text(a.offer)}"
        if a.kind == "accept_counter":
            return f"You took {c}'s counteroffer: {self.offer_text(step.offer)}"
        if a.kind == "respond":
            return f"You answered the event {a.event}: {a.option}"
        if a.kind == "deliver":
            return f"You delivered {self.reward_name(a.reward)} to {c}"
        if a.kind == "withdraw":
            return f"You withdrew {self.reward_name(a.reward)} from {c}"
        if a.kind == "carry_out":
            return f"You carried out {self.threat_name(a.threat)} against {c}"
        return ACTION_WORDS.get(a.kind, a.kind).format(c=c)

    def reward_name(self, rid: str) -> str:
        return next((r.name for r in self.scenario.rewards if r.id == rid), rid)

    def threat_name(self, tid: str) -> str:
        return next((t.name for t in self.scenario.threats if t.id == tid), tid)

    def entry_html(self, entry) -> str:
        if entry.decision is not None:
            d = entry.decision
            return (f"<b>{escape(self.name(d.country))}</b> answers: "
                    + decision_html(d, describe_counter=self.offer_text))
        colour = entry_colour(entry)
        return f"<font color='{hexc(colour)}'>{escape(entry.text)}</font>"

    def turn_html(self, index: int) -> str:
        """Everything that happened in step `index`: actions and what followed each."""
        step = self.steps[index]
        if step.turn == 0:
            body = [self.entry_html(e) for e in step.log] or ["<i>The talks open.</i>"]
            return "<b>The opening</b><br>" + "<br>".join(body)
        out = []
        actions = [s for s in self.loaded.steps if s.turn == step.turn]
        for s in actions:
            out.append(f"<font color='{hexc(palette.SKY)}'><b>&gt; {escape(self.action_text(s))}</b></font>")
            for entry in self.final_log[s.log_start:s.log_end]:
                out.append(self.entry_html(entry))
            out.append("")
        if not actions:
            out = [self.entry_html(e) for e in step.log] or ["<i>Nothing happened this turn.</i>"]
        return "<br>".join(out)

    def standing_html(self, index: int) -> str:
        """Relationship and stability at the end of step `index`, and the outcome if it is the end."""
        state = self.steps[index].state
        label = "At the opening" if self.steps[index].turn == 0 else f"At the end of turn {self.steps[index].turn}"
        rows = [f"<b>{label}</b>"]
        for cid, cs in state.countries.items():
            extra = " · <font color='#e69f00'>collapsed</font>" if cs.collapsed else ""
            rows.append(f"<font color='{hexc(country_colour(self.scenario.country(cid).color))}'><b>{escape(self.name(cid))}</b></font>: "
                        f"relationship {cs.relationship:+.0f}, stability {cs.stability:.0f}{extra}")
        rows.append(f"Budget {state.budget:.0f} · issues settled {len(state.agreed)} of {len(self.scenario.issues)}")
        if state.outcome is not None:
            o = state.outcome
            rows.append("")
            rows.append(f"<font color='{hexc(palette.ORANGE)}'><b>Outcome: {escape(o.result.replace('_', ' '))}, "
                        f"score {o.score:.0f}, grade {escape(o.grade)}</b></font>")
            rows.append(escape(o.summary))
        elif index == len(self.steps) - 1:
            rows.append("")
            rows.append(f"<i>The save stops here, in turn {state.turn} ({state.phase}).</i>")
        return "<br>".join(rows)

    def charts(self, size: tuple[int, int], index: int, which: str) -> pygame.Surface:
        """The whole session's line for each country, with a marker at step `index`."""
        last = self.steps[-1].state
        history = last.history
        ids = list(last.countries)
        turns = [snap.turn for snap in history] or [last.turn]
        low, high = (-100, 100) if which == "relationship" else (0, 100)
        series = []
        for cid in ids:
            values = [getattr(snap, which)[cid] for snap in history] or [getattr(last.countries[cid], which)]
            series.append((self.name(cid), country_colour(self.scenario.country(cid).color), values))
        turn = self.steps[index].turn
        # the marker: the snapshot of this turn (or the first point at the opening)
        at = max((i for i, t in enumerate(turns) if t <= turn), default=0) if turn else 0
        return line_chart(size, f"{which.capitalize()} (line: this turn)", series, low, high, turns, mark=at)


class ReplayScene(Scene):
    title = "Replay"

    def __init__(self, app, save: str | Path | LoadedSave, start: int | None = None):
        super().__init__(app)
        self.error: str | None = None
        self.view: ReplayView | None = None
        self.path = save.path if isinstance(save, LoadedSave) else Path(save)
        try:
            loaded = save if isinstance(save, LoadedSave) else load(save)
            self.view = ReplayView(loaded)
        except SaveError as exc:
            self.error = exc.message
        except Exception as exc:  # noqa: BLE001 - the viewer shows any failure, never a traceback
            self.error = f"could not be replayed ({type(exc).__name__}: {exc})"
        self.index = 0
        if self.view is not None and start is not None:
            self.index = max(0, min(len(self.view.steps) - 1, start))

    def px(self, v: float) -> int:
        return self.app.settings.px(v)

    def open(self) -> None:
        ensure_theme(self.manager, self.app.settings.ui_scale)
        super().open()

    # ----- layout -----
    def build(self) -> None:
        if self.view is None:
            self.build_error()
            return
        w, h = self.size
        px, m = self.px, self.px(16)
        header, loaded = self.view.loaded.header, self.view.loaded
        self.label(f"Replay — {self.view.scenario.title}", (m, px(8), w - px(240), px(36)), object_id="#heading")
        self.button("Back", (w - px(180) - m, px(8), px(180), px(36)), self.back,
                    "Leave the replay [Esc]", object_id=None)
        out = header.outcome
        so_far = (f"{out.result.replace('_', ' ')} {out.score:.0f} ({out.grade})" if out.result
                  else f"{out.phase}, turn {header.turn}")
        saved = header.created.replace("T", " ")[:16]
        info = (f"{header.player or 'Anonymous'} · {header.cone.replace('_', ' ')} · seed {header.seed} · "
                f"{so_far} · saved {saved} UTC · {self.path.name if self.path else ''}")
        self.label(info, (m, px(46), w - 2 * m, px(24)), object_id="#muted", tip=str(self.path or ""))
        y = px(76)
        if loaded.notes:
            self.label("Note: " + "; ".join(loaded.notes), (m, y, w - 2 * m, px(22)), object_id="#warning",
                       tip="; ".join(loaded.notes))
            y += px(24)
        bw, bh, gap = px(130), px(36), px(8)
        self.first_button = self.button("|< Opening", (m, y, bw, bh), self.first, "The opening", pygame.K_HOME)
        self.prev_button = self.button("< Previous", (m + bw + gap, y, bw, bh), self.previous, "The turn before", None)
        self.turn_label = self.label("", (m + 2 * (bw + gap), y, px(220), bh), object_id="#lbold",
                                     tip="Left/Right step, Home/End jump")
        x2 = m + 2 * (bw + gap) + px(220) + gap
        self.next_button = self.button("Next >", (x2, y, bw, bh), self.next, "The turn after", None,
                                       object_id="#primary")
        self.last_button = self.button("Last >|", (x2 + bw + gap, y, bw, bh), self.last, "The last turn", pygame.K_END)
        self.label("Keys: Left / Right, Home / End", (x2 + 2 * (bw + gap), y, w - m - (x2 + 2 * (bw + gap)), bh),
                   object_id="#muted")
        top = y + bh + px(10)
        body_h = h - top - m
        left_w = int((w - 3 * m) * 0.58)
        self.turn_box = self.text_box("", (m, top, left_w, body_h))
        rx, rw = 2 * m + left_w, w - 3 * m - left_w
        chart_h = max(px(90), min(px(150), (body_h - px(12)) // 3))
        self.chart_rects = (pygame.Rect(rx, top, rw, chart_h), pygame.Rect(rx, top + chart_h + px(6), rw, chart_h))
        self.rel_image = UIImage(self.chart_rects[0], pygame.Surface(self.chart_rects[0].size), manager=self.manager,
                                 container=self.root)
        self.rel_image.set_tooltip("Relationship with you over the whole session (−100 … +100); the upright line marks this turn")
        self.stab_image = UIImage(self.chart_rects[1], pygame.Surface(self.chart_rects[1].size), manager=self.manager,
                                  container=self.root)
        self.stab_image.set_tooltip("Stability over the whole session (0 … 100); the upright line marks this turn")
        st = top + 2 * chart_h + px(12)
        self.standing_box = self.text_box("", (rx, st, rw, top + body_h - st))
        self.show()

    def build_error(self) -> None:
        w, h = self.size
        px = self.px
        cw, ch = min(w - px(40), px(720)), px(300)
        card = self.card(cw, ch)
        self.label("This save cannot be replayed", (px(16), px(14), cw - px(34), px(36)), container=card,
                   object_id="#heading")
        name = escape(str(self.path)) if self.path else "The save"
        self.error_box = self.text_box(f"<b>{name}</b><br><br>{escape(self.error or '')}",
                                       (px(16), px(58), cw - px(34), ch - px(136)), container=card)
        bw, bh = (cw - px(48)) // 2, px(44)
        self.button("Back", (px(16), ch - bh - px(18), bw, bh), self.back, "Back to where you came from [Esc]",
                    container=card, object_id="#primary")
        self.button("Quit", (px(32) + bw, ch - bh - px(18), bw, bh), self.app.quit, "Close Demarche [Q]", pygame.K_q,
                    container=card)
        self.move_focus(1)

    # ----- showing a step -----
    @property
    def steps(self):
        return self.view.steps if self.view else []

    def step_name(self, index: int) -> str:
        step = self.steps[index]
        total = self.steps[-1].turn
        return "The opening" if step.turn == 0 else f"Turn {step.turn} of {total}"

    def show(self) -> None:
        if self.view is None or self.root is None:
            return
        self.turn_label.set_text(self.step_name(self.index))
        self.turn_box.set_text(self.view.turn_html(self.index))
        self.standing_box.set_text(self.view.standing_html(self.index))
        self.rel_image.set_image(self.view.charts(self.chart_rects[0].size, self.index, "relationship"))
        self.stab_image.set_image(self.view.charts(self.chart_rects[1].size, self.index, "stability"))
        for button, enabled in ((self.first_button, self.index > 0), (self.prev_button, self.index > 0),
                                (self.next_button, self.index < len(self.steps) - 1),
                                (self.last_button, self.index < len(self.steps) - 1)):
            if enabled and not button.is_enabled:
                button.enable()
            elif not enabled and button.is_enabled:
                button.disable()

    def go(self, index: int) -> None:
        if not self.steps:
            return
        index = max(0, min(len(self.steps) - 1, index))
        if index != self.index:
            self.index = index
            self.show()

    def next(self) -> None:
        self.go(self.index + 1)

    def previous(self) -> None:
        self.go(self.index - 1)

    def first(self) -> None:
        self.go(0)

    def last(self) -> None:
        self.go(len(self.steps) - 1)

    # ----- input -----
    def handle(self, event) -> bool:
        if event.type == pygame.KEYDOWN and self.view is not None:
            keys = {pygame.K_RIGHT: self.next, pygame.K_LEFT: self.previous, pygame.K_HOME: self.first,
                    pygame.K_END: self.last, pygame.K_PAGEDOWN: self.next, pygame.K_PAGEUP: self.previous}
            if event.key in keys:
                keys[event.key]()
                return True
        return super().handle(event)

    def back(self) -> None:
        if len(self.app.stack) > 1:
            self.app.pop()
        else:
            flow.to_title(self.app)

    def on_escape(self) -> None:
        self.back()

