"""At most one run per key and window: a burst of changes costs one redraw, not one each."""

import logging
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)
KEYS_KEPT = 1024  # past this many, keys whose window is over are dropped


@dataclass
class _Key:
    last_run: float
    pending: Callable[[], None] | None = None
    timer: threading.Timer | None = field(default=None, repr=False)


class Coalescer:
    """`submit(key, action)` runs `action` at once when `key` has not run for `window`
    seconds; otherwise once, at the end of the window, with the latest action submitted
    (which reads the state as it is then, so nothing submitted meanwhile is lost)."""

    def __init__(self, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self._clock = clock
        self._keys: dict[Hashable, _Key] = {}
        self._lock = threading.Lock()

    def submit(self, key: Hashable, action: Callable[[], None]) -> None:
        with self._lock:
            now = self._clock()
            state = self._keys.get(key)
            if state is None or (state.timer is None and now - state.last_run >= self.window):
                self._keys[key] = _Key(last_run=now)
                self._forget_old(now)
                run_now = True
            else:
                state.pending = action
                if state.timer is None:
                    delay = max(0.0, state.last_run + self.window - now)
                    state.timer = threading.Timer(delay, self._run_pending, args=(key,))
                    state.timer.daemon = True
                    state.timer.start()
                run_now = False
        if run_now:
            action()

    def _run_pending(self, key: Hashable) -> None:
        with self._lock:
            state = self._keys[key]
            action, state.pending, state.timer = state.pending, None, None
            state.last_run = self._clock()
        if action is not None:
            try:
                action()
            except Exception as error:
                # Nobody waits on this thread: say so here, by type only (the error may
                # quote what a member typed).
                logger.error("a coalesced run failed (%s)", type(error).__name__)

    def _forget_old(self, now: float) -> None:
        """Keys idle for a whole window carry nothing: drop them (the lock is held)."""
        if len(self._keys) > KEYS_KEPT:
            for key, state in list(self._keys.items()):
                if state.timer is None and now - state.last_run >= self.window:
                    del self._keys[key]
