"""A countdown the partners start, pause and restart; it rings once when time is up."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static


def clock_face(seconds: float) -> str:
    whole = max(0, int(seconds + 0.999))
    minutes, rest = divmod(whole, 60)
    return f"{minutes}:{rest:02d}"


class Countdown(Static):
    """Shows the time left on a card's timer. Nothing advances when it ends."""

    DEFAULT_CSS = """
    Countdown { height: 1; margin-top: 1; padding: 0 1; }
    Countdown.-ended { color: $text-warning; text-style: bold; }
    """

    @dataclass
    class Ended(Message):
        """The time is up (posted once per run of the timer)."""

        countdown: Countdown

    remaining: reactive[float] = reactive(0.0)
    running: reactive[bool] = reactive(False)

    def __init__(
        self, seconds: int = 0, clock: Callable[[], float] = time.monotonic, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.clock = clock
        self.total = seconds
        self._ends_at: float | None = None
        self._rang = False
        self.set_reactive(Countdown.remaining, float(seconds))

    def on_mount(self) -> None:
        self.set_interval(0.2, self.tick)

    def reset(self, seconds: int) -> None:
        """Set up for a new card: stopped, full time."""
        self.total = seconds
        self._ends_at = None
        self._rang = False
        self.running = False
        self.remaining = float(seconds)
        self.set_class(False, "-ended")

    def toggle(self) -> None:
        """Start, pause or (once ended) start again."""
        if self.running:
            self.tick()
            self.running = False
            self._ends_at = None
        elif self.remaining <= 0:
            self.restart()
        else:
            self._ends_at = self.clock() + self.remaining
            self.running = True

    def restart(self) -> None:
        """Back to the full time, and running."""
        self.reset(self.total)
        self._ends_at = self.clock() + self.total
        self.running = True

    def tick(self) -> None:
        if not self.running or self._ends_at is None:
            return
        self.remaining = max(0.0, self._ends_at - self.clock())
        if self.remaining <= 0:
            self.running = False
            self._ends_at = None
            self.set_class(True, "-ended")
            if not self._rang:
                self._rang = True
                self.app.bell()
                self.post_message(self.Ended(self))

    @property
    def ended(self) -> bool:
        return self._rang

    def render(self) -> Content:
        face = clock_face(self.remaining)
        if self._rang:
            return Content.assemble(
                ("⏱ Time's up! ", "bold"),
                "Take your time to finish. ",
                ("ctrl+t", "bold"),
                " starts again",
            )
        if self.running:
            return Content.assemble(
                ("⏱ ", ""),
                (face, "bold"),
                " running · ",
                ("ctrl+t", "bold"),
                " pause",
            )
        state = "ready" if self.remaining >= self.total else "paused"
        return Content.assemble(
            ("⏱ ", ""), (face, "bold"), f" {state} · ", ("ctrl+t", "bold"), " start"
        )
