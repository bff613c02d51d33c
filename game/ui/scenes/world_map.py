"""The region map as a page of its own: every country's land, flag and name, coloured by its
relationship with the player or, in a conference, by how it would vote on the draft on the table."""

import pygame
from pygame_gui.elements import UIImage

from ..art.region_map import RELATIONSHIP_LEGEND, VOTE_LEGEND, map_surface, relationship_view, vote_view
from .menu import MenuScene


class MapScene(MenuScene):
    title = "Map"
    heading = "The region"

    def __init__(self, app, scenario, state=None, votes: dict[str, bool] | None = None):
        super().__init__(app)
        self.scenario, self.state, self.votes = scenario, state, votes
        self.mode = "vote" if votes else "relations"
        self.subheading = scenario.title

    def build_body(self, rect: pygame.Rect) -> None:
        self.map_rect = rect
        self.image = UIImage(rect, pygame.Surface(rect.size), manager=self.manager, container=self.root)
        self.image.set_tooltip("Each country's land, flag and name; the orange dot is your capital")
        self.show()

    def show(self) -> None:
        if self.mode == "vote":
            tints, notes = vote_view(self.scenario, self.votes or {})
            legend, title = VOTE_LEGEND, "Vote on the draft on the table"
        else:
            tints, notes = relationship_view(self.scenario, self.state)
            legend, title = RELATIONSHIP_LEGEND, "Relations with you"
        self.image.set_image(map_surface(self.scenario, self.map_rect.size, tints, notes, legend, title))

    def bar_buttons(self):
        right = [("Close", self.app.pop, "Back to the game [Esc or M]", pygame.K_m, "#primary")]
        left = []
        if self.votes is not None:
            left = [("Relations", lambda: self.switch("relations"), "Colour by relationship with you [R]", pygame.K_r, None),
                    ("Vote", lambda: self.switch("vote"), "Colour by how each party would vote on the draft on the table [V]",
                     pygame.K_v, None)]
        return left, right

    def build_bar(self, rect: pygame.Rect) -> None:
        super().build_bar(rect)
        self.mark_mode()

    def mark_mode(self) -> None:
        for button in self.focus_ring:
            if button.text in ("Relations", "Vote"):
                chosen = (button.text == "Vote") == (self.mode == "vote")
                button.change_object_id("#selected" if chosen else None)

    def switch(self, mode: str) -> None:
        self.mode = mode
        self.show()
        self.mark_mode()
