"""Benchmarks: `python -m bench` prints one `name: value` line per figure.

Figures come from *figure groups*: functions registered with ``@register("group")`` in
any module of this package (modules are discovered automatically), each taking the
run's ``Options`` and yielding ``(name, value)`` pairs. To add figures, drop a module
``bench/<something>.py`` with a registered group; nothing else needs to change.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

Figure = tuple[str, object]


@dataclass(frozen=True)
class Options:
    variant: str | None = None  # workload variant to run (None: all)
    n: int | None = None  # first N negotiations / items (None: group default)
    quick: bool = False  # small, fast run (tests, smoke checks)
    groups: tuple[str, ...] = ()  # only these groups (empty: all)


@dataclass(frozen=True)
class Group:
    name: str
    func: Callable[[Options], Iterable[Figure]]
    order: int


REGISTRY: dict[str, Group] = {}


def register(name: str, order: int = 100):
    """Decorator: register ``func(options) -> iterable of (name, value)`` as a group."""

    def deco(func):
        REGISTRY[name] = Group(name, func, order)
        return func

    return deco


def discover() -> dict[str, Group]:
    """Import every module of the bench package so that their groups register."""
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
    return REGISTRY


def run(options: Options) -> Iterator[Figure]:
    groups = sorted(discover().values(), key=lambda g: (g.order, g.name))
    for g in groups:
        if options.groups and g.name not in options.groups:
            continue
        yield from g.func(options)


def format_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}" if abs(value) < 1e6 else f"{value:.6g}"
    return str(value)
