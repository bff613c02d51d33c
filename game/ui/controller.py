"""The client's handle on a session: actions run on a worker thread so no frame waits for the AI.

The scene submits an action and keeps drawing; `poll()` returns the finished result (log entries
or the rule's refusal) on a later frame. One action runs at a time, in order, so the session's
determinism is untouched. No pygame here.
"""

import sys
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from ..engine.rules import ActionError
from ..engine.session import Session
from ..model.scenario import Scenario

# Let the frame loop take the interpreter back often while the AI thinks.
sys.setswitchinterval(0.001)


@dataclass
class Result:
    action: object
    entries: list
    error: str | None = None


class Controller:
    def __init__(self, scenario: Scenario, cone: str, seed: int, path: str | None = None):
        self.scenario, self.cone, self.seed, self.path = scenario, cone, seed, path
        self.session = Session(scenario, cone, seed)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ai")
        self._pending: Future | None = None

    @property
    def state(self):
        return self.session.state

    @property
    def busy(self) -> bool:
        return self._pending is not None and not self._pending.done()

    def submit(self, action) -> bool:
        """Start an action; False (and nothing done) while another is still running."""
        if self._pending is not None:
            return False
        self._pending = self._pool.submit(self._apply, action)
        return True

    def _apply(self, action) -> Result:
        try:
            return Result(action, self.session.apply(action))
        except ActionError as exc:
            return Result(action, [], str(exc))

    def poll(self) -> Result | None:
        if self._pending is None or not self._pending.done():
            return None
        result, self._pending = self._pending.result(), None
        return result

    def wait(self) -> Result | None:
        """Block until the running action ends (tests and shutdown only)."""
        if self._pending is None:
            return None
        self._pending.result()
        return self.poll()

    def close(self) -> None:
        self._pool.shutdown(wait=True)
