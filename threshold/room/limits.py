"""Rate limiting of join-code guesses, per client and over everyone, in memory.

Only failed look-ups count, so a room joining together costs nothing; someone trying codes one
after another is stopped after a few misses, and a crowd of guessers (many addresses) by the
overall limit, which then holds back every new join for a while too. Each server process keeps its own
counts: N processes behind nginx allow N times as many misses, which 887 million codes still make
hopeless (deploy/README.md).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

#: Misses one client may make in a window before it must wait.
PER_CLIENT = 5
#: Misses over every client in a window before every new guess waits.
OVERALL = 200
WINDOW_S = 300.0
#: Clients remembered at most; the least recently seen are forgotten first, so memory stays bounded.
MAX_CLIENTS = 10_000


class TooManyGuesses(Exception):
    """Too many wrong codes lately; `retry_after` is the number of seconds until the next try counts."""

    def __init__(self, retry_after: float, *, everyone: bool):
        self.retry_after = max(1, round(retry_after))
        self.everyone = everyone
        super().__init__(f"too many wrong codes; try again in {self.retry_after} seconds")


class GuessLimiter:
    def __init__(
        self,
        per_client: int = PER_CLIENT,
        overall: int = OVERALL,
        window_s: float = WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.per_client, self.overall, self.window_s, self.clock = per_client, overall, window_s, clock
        self._clients: OrderedDict[str, deque[float]] = OrderedDict()
        self._everyone: deque[float] = deque()
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        """Raise TooManyGuesses if this client, or everyone together, missed too often in the window."""
        with self._lock:
            now = self.clock()
            misses = self._clients.get(client)
            for times in (misses, self._everyone):
                while times and times[0] <= now - self.window_s:
                    times.popleft()
            if misses is not None and len(misses) >= self.per_client:
                raise TooManyGuesses(misses[0] + self.window_s - now, everyone=False)
            if len(self._everyone) >= self.overall:
                raise TooManyGuesses(self._everyone[0] + self.window_s - now, everyone=True)

    def record_miss(self, client: str) -> None:
        with self._lock:
            now = self.clock()
            misses = self._clients.pop(client, None) or deque()
            misses.append(now)
            self._clients[client] = misses  # the most recently seen last
            while len(self._clients) > MAX_CLIENTS:
                self._clients.popitem(last=False)
            self._everyone.append(now)
