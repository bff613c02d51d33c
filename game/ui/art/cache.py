"""A bounded cache of drawn surfaces: flags, portraits and maps are drawn once per size and look."""

from collections import OrderedDict
from collections.abc import Callable, Hashable

import pygame


class SurfaceCache:
    """Least recently used first out, at most `limit` surfaces (a long game draws the same few
    dozen again and again; the bound keeps a resizing window from piling up old sizes)."""

    def __init__(self, limit: int):
        self.limit = limit
        self._items: OrderedDict[Hashable, pygame.Surface] = OrderedDict()

    def get(self, key: Hashable, draw: Callable[[], pygame.Surface]) -> pygame.Surface:
        surface = self._items.get(key)
        if surface is None:
            surface = draw()
            self._items[key] = surface
            while len(self._items) > self.limit:
                self._items.popitem(last=False)
        else:
            self._items.move_to_end(key)
        return surface

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        self._items.clear()


def supersampled(size: tuple[int, int], factor: int, draw: Callable[[pygame.Surface, float], None]) -> pygame.Surface:
    """Draw at `factor` times the size and scale down smoothly: antialiased edges from plain
    pygame.draw shapes. `draw(surface, unit)` gets the big surface and the scale of one pixel."""
    w, h = max(1, size[0]), max(1, size[1])
    big = pygame.Surface((w * factor, h * factor), pygame.SRCALPHA)
    draw(big, factor)
    return pygame.transform.smoothscale(big, (w, h))
