"""Copied saves: action logs that are identical, or nearly, across the saves of one class, whatever the
names in their headers.

Only saves of the same game can be copies of each other (the same scenario text, cone and seed: a copy
must replay to pass). Two logs are near-identical when difflib's ratio over their actions is at least
NEAR. Short logs can match by chance (two students who walk away at once), so a match between logs of
fewer than MIN_ACTIONS actions is a note, not a failure.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass

NEAR = 0.9
MIN_ACTIONS = 8


@dataclass(frozen=True)
class Match:
    """Another save whose log matches this one's."""

    other: str
    """The other save, as the report shows it."""
    player: str
    same: int
    """Actions in common (difflib's matching blocks)."""
    total: int
    identical: bool
    decisive: bool
    """Long enough to count as copying, not chance."""

    def text(self) -> str:
        who = f" ({self.player})" if self.player else ""
        if self.identical:
            how = f"the same action log as {self.other}{who}, all {self.total} actions"
        else:
            how = f"nearly the same action log as {self.other}{who}: {self.same} of {self.total} actions in the same order"
        return how if self.decisive else f"{how}; too short a game to call it a copy"


@dataclass(frozen=True)
class Log:
    """One save's game (what a copy must share) and its actions, each as canonical JSON."""

    key: str
    game: tuple
    player: str
    actions: tuple[str, ...]


def find_copies(logs: list[Log]) -> dict[str, list[Match]]:
    """Each save's matches among the others of the same game (saves without a match are left out)."""
    found: dict[str, list[Match]] = defaultdict(list)
    games: dict[tuple, list[Log]] = defaultdict(list)
    for log in logs:
        games[log.game].append(log)
    for group in games.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                match = _compare(a, b)
                if match is not None:
                    same, total, identical = match
                    decisive = min(len(a.actions), len(b.actions)) >= MIN_ACTIONS
                    found[a.key].append(Match(b.key, b.player, same, total, identical, decisive))
                    found[b.key].append(Match(a.key, a.player, same, total, identical, decisive))
    return dict(found)


def _compare(a: Log, b: Log) -> tuple[int, int, bool] | None:
    """(actions in common, the longer log's length, identical) when the logs match, else None."""
    total = max(len(a.actions), len(b.actions))
    if a.actions == b.actions:
        return total, total, True
    matcher = difflib.SequenceMatcher(None, a.actions, b.actions, autojunk=False)
    # real_quick_ratio and quick_ratio are upper bounds of ratio, cheap enough to skip most pairs
    if matcher.real_quick_ratio() < NEAR or matcher.quick_ratio() < NEAR or matcher.ratio() < NEAR:
        return None
    return sum(block.size for block in matcher.get_matching_blocks()), total, False
