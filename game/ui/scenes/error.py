"""The error screen. When a scene raises in its event handling, update or drawing, App.step calls
`recover`: the traceback goes to errors.log in the saves folder, the running game is saved if it
still verifies (else the last autosave stays as it is), every open scene is closed and this screen
says what happened, where the report is, what became of the game, and leads back to the title."""

from html import escape

import pygame

from ...crash_log import record
from ...model.common import visible
from ..controller import saves_folder
from ..scene import Scene
from . import flow

MAX_MESSAGE = 240


def short_message(exc: BaseException) -> str:
    """The error in one readable line: its kind and the first line of its message, cut to length."""
    text = visible(str(exc).strip().splitlines()[0]) if str(exc).strip() else ""
    if len(text) > MAX_MESSAGE:
        text = text[: MAX_MESSAGE - 1] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def recover(app, exc: BaseException) -> "ErrorScene":
    """Log `exc`, save what can be saved, and show the error screen in place of every scene."""
    where = app.scene.title if app.scene is not None and app.scene.title else type(app.scene).__name__
    log = record(exc, f"client, {where} screen", saves_folder())
    controllers = list({id(c): c for s in app.stack if (c := getattr(s, "controller", None)) is not None}.values())
    notes = []
    for controller in controllers:
        try:
            note = controller.rescue()
        except Exception as problem:  # noqa: BLE001 - the error screen must show whatever happens
            note = f"Your game could not be saved ({short_message(problem)})."
        if note:
            notes.append(note)
    for scene in reversed(app.stack):
        for closer in (getattr(scene, "shutdown", None), scene.close):
            try:
                if closer:
                    closer()
            except Exception:  # noqa: BLE001 - a broken scene must not keep the error screen away
                pass
    for controller in controllers:
        controller.close(wait=False)  # an action stuck in the engine must not freeze the error screen
    app.stack.clear()
    scene = ErrorScene(app, short_message(exc), where, log, notes)
    app.push(scene)
    return scene


class ErrorScene(Scene):
    title = "Error"

    def __init__(self, app, message: str, where: str, log, notes: list[str]):
        super().__init__(app)
        self.message, self.where, self.log, self.notes = message, where, log, notes

    def html(self) -> str:
        parts = [f"Something went wrong in the <b>{escape(self.where)}</b> screen:",
                 f"<font color='#e69f00'>{escape(self.message)}</font>"]
        parts += [escape(note) for note in self.notes]
        if self.log is not None:
            parts.append(f"The full report is in <b>{escape(str(self.log))}</b>. Please send it to the game's authors.")
        else:
            parts.append("The full report could not be written to the saves folder.")
        return "<br><br>".join(parts)

    def build(self) -> None:
        w, h = self.size
        px = self.app.settings.px
        cw, ch = min(w - px(40), px(760)), min(h - px(40), px(400))
        card = self.card(cw, ch)
        self.label("Demarche hit an error", (px(16), px(14), cw - px(34), px(34)), container=card, object_id="#warning")
        self.text_box(self.html(), (px(16), px(56), cw - px(34), ch - px(136)), container=card)
        bh = px(44)
        bw = (cw - px(48)) // 2
        y = ch - bh - px(18)
        self.button("Quit", (px(16), y, bw, bh), self.app.quit, "Close Demarche", pygame.K_q, container=card)
        self.button("Back to the title", (px(32) + bw, y, bw, bh), self.back, "Start again from the title [Esc]",
                    pygame.K_RETURN, container=card, object_id="#primary")
        self.move_focus(1)
        self.move_focus(1)

    def back(self) -> None:
        flow.to_title(self.app)

    def on_escape(self) -> None:
        self.back()
