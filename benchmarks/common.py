"""Helpers for the benchmarks: results, statistics of paired runs, data to load and resume."""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable

# --- results -------------------------------------------------------------------------------


@dataclass
class Result:
    """One row of the table. `target` None: a figure shown for information, never a FAIL."""

    name: str
    measured: float
    target: float | None
    unit: str
    detail: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool | None:
        return None if self.target is None else self.measured <= self.target

    @property
    def mark(self) -> str:
        return {True: "PASS", False: "FAIL", None: "info"}[self.passed]


# --- statistics ----------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p99 of 200 values is the second largest)."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def spread(values: list[float]) -> dict[str, float]:
    """Median, p95, min and max: how a figure is reported."""
    return {
        "median": median(values),
        "p95": percentile(values, 0.95),
        "min": min(values),
        "max": max(values),
    }


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def interleaved(runs: int, *commands: Callable[[], Any]) -> list[list[Any]]:
    """Run each zero-argument callable `runs` times, alternating; return their results."""
    results: list[list[Any]] = [[] for _ in commands]
    for _ in range(runs):
        for index, command in enumerate(commands):
            results[index].append(command())
    return results


def pairs(count: int, floor: Callable[[], float], ours: Callable[[], float]) -> dict[str, Any]:
    """`count` pairs of (floor, ours), the order swapped every other pair so a drift of the
    machine's speed lands on both sides; returns both lists and the per-pair ratios."""
    floors: list[float] = []
    mine: list[float] = []
    for number in range(count):
        if number % 2:
            b, a = ours(), floor()
        else:
            a, b = floor(), ours()
        floors.append(a)
        mine.append(b)
    ratios = [b / a for a, b in zip(floors, mine, strict=True)]
    return {"floor": floors, "ours": mine, "ratios": ratios}


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def terminal_env(data: Path | None, **more: str) -> dict[str, str]:
    """The environment a program gets in the benchmark terminal: a temporary data folder,
    an 80x24 xterm-256color, nothing from this shell that changes Textual's behaviour."""
    env = dict(os.environ)
    # PYTHONDONTWRITEBYTECODE would make every start compile heartline's modules again (about
    # 40 ms), which no installed copy does: pip writes them at install, an editable install
    # on its first start (run.py compiles them before measuring).
    for name in (
        "TEXTUAL",
        "HEARTLINE_EXIT_WHEN_READY",
        "NO_COLOR",
        "TEXTUAL_ANIMATIONS",
        "PYTHONDONTWRITEBYTECODE",
    ):
        env.pop(name, None)
    env.update(TERM="xterm-256color", COLUMNS="80", LINES="24", COLORTERM="")
    if data is not None:
        env["HEARTLINE_DATA_DIR"] = str(data)
    env.update(more)
    return env


# --- data ----------------------------------------------------------------------------------


def deck_text(title: str, cards: int, seed: int = 0, kinds: tuple[str, ...] = ()) -> str:
    """A valid deck of `cards` cards over three levels and all four kinds (or `kinds`)."""
    kinds = kinds or ("question", "mirror", "guess", "exercise")
    lines = ["format = 1", f'title = "{title}"', 'how_to = "Take turns."', ""]
    for number in range(cards):
        kind = kinds[(number + seed) % len(kinds)]
        lines += [
            "[[cards]]",
            f'id = "c-{number}"',
            f'prompt = "What would you share, {number}?"',
            f'kind = "{kind}"',
            f"level = {number % 3 + 1}",
        ]
        if kind == "exercise":
            lines.append("seconds = 60")
        lines.append("")
    return "\n".join(lines)


def prose(characters: int, seed: int = 7) -> str:
    """Words of the letters `PROSE_LETTERS` only, `characters` long (a long answer)."""
    rng = random.Random(seed)
    words: list[str] = []
    size = 0
    while size < characters:
        word = "".join(rng.choice(PROSE_LETTERS) for _ in range(rng.randint(2, 9)))
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:characters]


PROSE_LETTERS = "etaoinshrdlu"


@dataclass
class SavedGame:
    """A data folder holding one session in progress, and what its play screen shows."""

    data: Path
    decks: Path
    save: Path
    markers: tuple[str, ...]


def saved_game(
    folder: Path,
    cards: int = 200,
    played: int | None = None,
    kinds: tuple[str, ...] = (),
    draft: str = "",
) -> SavedGame:
    """A session of `cards` cards with the first `played` (half by default) played, saved in
    `folder`/data; its deck in `folder`/decks. `draft` is left unsent in the answer box."""
    from heartline.dealing import new_session
    from heartline.deck import load_deck
    from heartline.store import Store

    played = cards // 2 if played is None else played
    data = folder / "data"
    decks = folder / "decks"
    decks.mkdir(parents=True, exist_ok=True)
    (decks / "big.toml").write_text(deck_text("Big deck", cards, kinds=kinds))
    deck = load_deck(decks / "big.toml").deck
    session = new_session([deck], ("Ana", "Ben"), cards=cards, seed=1)
    while session.position < played:
        step = session.step
        if step.choices:
            session.choose(step.choices[0])
        else:
            session.submit(f"An answer of a sensible length, number {len(session.log)}.")
    if draft:
        session.keep_draft(session.draft_key, draft)
    store = Store(data / "saves")
    store.prepare()
    path = store.save(session)
    return SavedGame(data, decks, path, play_markers(session))


def play_markers(session: Any) -> tuple[str, ...]:
    """Words only a complete play screen shows: the status line, whose turn it is, the
    card's prompt and the hint under the answer box."""
    slot = session.current
    markers = [f"card {session.position + 1} of {len(session.slots)}", slot.card.prompt]
    try:
        from heartline.tui.words import banner

        markers.append(banner(session, session.step).plain)
    except Exception:  # the words module moved: the other markers still say enough
        pass
    markers.append("Enter sends")
    return tuple(markers)
