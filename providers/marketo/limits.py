"""Client-side limits sized to Marketo's documented ones: 100 calls per rolling 20 s and 10
concurrent calls per instance ("Marketo Integration Best Practices"). Staying under them is
cheaper than a 606/615; those codes are the safety net (other integrations share the
instance's budget). Clock and sleep are injectable, so tests never wait."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

CALLS_PER_WINDOW = 100
WINDOW_SECONDS = 20.0
CONCURRENT = 10


class Limits:
    """A sliding log of calls in the window, and a semaphore for concurrency."""

    def __init__(
        self,
        per_window: int = CALLS_PER_WINDOW,
        window: float = WINDOW_SECONDS,
        concurrent: int = CONCURRENT,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.per_window = per_window
        self.window = window
        self._clock = clock
        self._sleep = sleep
        self._calls: deque[float] = deque()
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(concurrent)
        self.waited = 0.0
        """Seconds spent waiting for the window (tests read it)."""

    def _admit(self) -> None:
        while True:
            with self._lock:
                now = self._clock()
                while self._calls and now - self._calls[0] >= self.window:
                    self._calls.popleft()
                if len(self._calls) < self.per_window:
                    self._calls.append(now)
                    return
                delay = self.window - (now - self._calls[0])
            self.waited += delay
            self._sleep(delay)

    @contextmanager
    def call(self) -> Iterator[None]:
        """Hold one of the concurrent slots and one place in the window for one call."""
        with self._slots:
            self._admit()
            yield
