"""Politeness per host: at most N requests in flight and a minimum gap between their starts.

Every request a check makes (HEAD, GET, each redirect hop, retries, the sibling probe) passes
through the gate of the host it goes to, so a redirect to another host is polite there too.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class HostGate:
    """One host's semaphore and clock."""

    def __init__(self, in_flight: int, min_gap: float) -> None:
        self._slots = threading.BoundedSemaphore(in_flight)
        self._min_gap = min_gap
        self._lock = threading.Lock()
        self._next_start = 0.0
        self.users = 0  # how many checks hold a reference; the registry drops idle gates

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._slots:
            # The next start is counted from when a request really leaves, not from when it
            # was planned, so a thread the scheduler ran late never lets the next one crowd it.
            while True:
                with self._lock:
                    now = time.monotonic()
                    if now >= self._next_start:
                        self._next_start = now + self._min_gap
                        break
                    wait = self._next_start - now
                time.sleep(wait)
            yield

    def hold_off(self, seconds: float) -> None:
        """Start no request to this host for `seconds` (a Retry-After seen by one check
        applies to every check of the host)."""
        with self._lock:
            self._next_start = max(self._next_start, time.monotonic() + seconds)


class Politeness:
    """The gates of every host in use. Idle gates are dropped so memory stays flat when
    100,000 URLs on 50,000 hosts go through."""

    def __init__(self, in_flight: int, min_gap: float) -> None:
        self._in_flight = in_flight
        self._min_gap = min_gap
        self._gates: dict[str, HostGate] = {}
        self._lock = threading.Lock()

    @contextmanager
    def request(self, host: str) -> Iterator[HostGate]:
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = HostGate(self._in_flight, self._min_gap)
            gate.users += 1
        try:
            with gate.slot():
                yield gate
        finally:
            with self._lock:
                gate.users -= 1
                if gate.users == 0 and gate._next_start <= time.monotonic():
                    del self._gates[host]

    def __len__(self) -> int:
        return len(self._gates)
