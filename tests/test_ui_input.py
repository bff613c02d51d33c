"""No click lost: while the other side answers, actions are visibly refused (disabled look, busy
cursor, the reason in the tooltip and the notice) and the rest of the screen still answers; actions
the player cannot afford are disabled with the rules' reason."""

import threading

import pygame
from test_ui_game import button, click, new_game, press, settle, step

from game.model.actions import Propose


def post_click(widget) -> None:
    pos = widget.rect.center
    pygame.mouse.set_pos(pos)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))


def hold_the_worker(controller):
    """Make the controller's next action wait until the returned event is set."""
    release = threading.Event()
    apply = controller.session.apply

    def slow(action):
        release.wait(10)
        return apply(action)

    controller.session.apply = slow
    return release


def test_send_and_ask_at_zero_points_are_disabled_with_the_reason():
    app, controller = new_game("cod_line", "economic")
    while controller.state.action_points > 0:
        assert click(app, "Send offer")
    send, ask = button(app, "Send offer"), button(app, "What would you want?")
    for widget in (send, ask):
        assert not widget.is_enabled
        assert "needs 1 action points; you have 0" in widget.tool_tip_text
    press(app, pygame.K_s)  # the shortcut still reaches the scene: refused, and the notice says why
    assert app.scene.notice_kind == "error" and "needs 1 action points" in app.scene.notice
    assert click(app, "End turn")
    assert button(app, "Send offer").is_enabled
    controller.close()
    pygame.quit()


def test_an_offer_over_budget_disables_send():
    app, controller = new_game("cod_line", "economic")
    scene = app.scene
    controller.state.budget = 0.0
    scene.draft.rewards = [controller.scenario.rewards[0].id]
    scene.draft.version += 1
    step(app, 2)
    send = button(app, "Send offer")
    assert not send.is_enabled and "budget" in send.tool_tip_text
    assert controller.session.check(scene.offer_action()) in send.tool_tip_text
    controller.close()
    pygame.quit()


def test_while_the_other_side_answers_actions_are_refused_and_the_rest_answers():
    app, controller = new_game("sanctions_coalition", "political")
    scene = app.scene
    release = hold_the_worker(controller)
    post_click(button(app, "Table draft"))  # not click(): it would settle, waiting for the answer
    step(app, 3)
    try:
        assert controller.in_flight
        for prefix in ("End turn", "Call vote", "Table draft"):
            widget = button(app, prefix)
            assert not widget.is_enabled, prefix
            assert "wait: the other side is still answering" in widget.tool_tip_text
        assert scene._cursor == pygame.SYSTEM_CURSOR_WAITARROW
        # a shortcut is refused out loud
        press(app, pygame.K_e)
        assert scene.notice_kind == "error" and "still answering" in scene.notice
        # selecting another party still works at once
        other = next(c for c in controller.scenario.countries if c.id != scene.selected)
        post_click(scene.name_buttons[other.id])
        step(app, 3)
        assert scene.selected == other.id
    finally:
        release.set()
    settle(app)
    assert not controller.in_flight
    assert button(app, "End turn").is_enabled
    assert scene._cursor == pygame.SYSTEM_CURSOR_ARROW
    assert controller.state.draft is not None
    controller.close()
    pygame.quit()


def test_lobby_says_why_it_is_disabled():
    app, controller = new_game("sanctions_coalition", "political")
    scene = app.scene
    lobby = scene.party_widgets["lobby"]
    assert not lobby.is_enabled
    reason = controller.session.check(Propose(country=scene.selected, offer=scene.lobby_action().offer))
    assert reason and reason in lobby.tip
    controller.close()
    pygame.quit()
