"""Start-up and resume measured at first paint, paired with a bare Textual app.

Each run starts the program in a fresh 80x24 pseudo-terminal and stops the clock at the read
that puts every marker word on the emulated screen (for heartline's home: its menu; for a
resumed game: the status line, whose turn it is, the card's prompt and the hint under the
answer box; for the bare app: its one line), then kills it. The clock starts just before the
process is spawned, so interpreter start and imports count, as a person waits for them.

The old figure, launch to exit with HEARTLINE_EXIT_WHEN_READY (which carries the shutdown of
both sides and so pulls every ratio toward 1), is kept as an extra column while heartline
still has that hook.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bare_app import MARKER as BARE_MARKER
from common import HERE, PYTHON, Result, median, ms, pairs, spread, terminal_env
from terminal import Terminal

BARE = (PYTHON, str(HERE / "bare_app.py"))
HEARTLINE = (PYTHON, "-m", "heartline")
# The home menu, whole: its first line, the one whose label can carry a count, and its last.
HOME_MARKERS = ("New game", "Resume a game", "Decks")


class NotPainted(RuntimeError):
    """The markers never came on screen: says what the screen showed instead."""


@dataclass
class Launch:
    command: Sequence[str]
    markers: Sequence[str]
    env: dict[str, str]
    cwd: Path | None = None


# When each program first wrote to its terminal (Textual's driver starting: what comes before
# it is interpreter start and imports), by command: the split of a first paint.
FIRST_OUTPUT: dict[tuple[str, ...], list[float]] = {}


def first_paint(launch: Launch, timeout: float = 30.0) -> float:
    """Seconds from spawn to the markers on screen (the process is killed after)."""
    with Terminal(launch.command, launch.env, cwd=launch.cwd) as terminal:
        seconds = terminal.wait_for(*launch.markers, timeout=timeout)
        if seconds is None:
            raise NotPainted(
                f"{' '.join(launch.command)}: {list(launch.markers)} not on screen after "
                f"{timeout:.0f} s (exit status {terminal.exit_status}); the screen:\n"
                + terminal.screen.text()
            )
        if terminal.first_output is not None:
            FIRST_OUTPUT.setdefault(tuple(launch.command), []).append(terminal.first_output)
        return seconds


def exit_time(launch: Launch, timeout: float = 30.0) -> float:
    """The old figure: seconds from spawn until the program, told to leave once its first
    frame is up, has exited."""
    env = dict(launch.env, HEARTLINE_EXIT_WHEN_READY="1")
    with Terminal(launch.command, env, cwd=launch.cwd) as terminal:
        seconds = terminal.wait_exit(timeout)
        if seconds is None:
            raise RuntimeError(f"{' '.join(launch.command)} did not exit when ready")
        return seconds


def has_exit_hook() -> bool:
    """heartline still leaves by itself when HEARTLINE_EXIT_WHEN_READY is set."""
    spec = importlib.util.find_spec("heartline")
    if spec is None or spec.origin is None:
        return False
    return any(
        "HEARTLINE_EXIT_WHEN_READY" in path.read_text(errors="replace")
        for path in Path(spec.origin).parent.rglob("*.py")
    )


def bare_launch(env: dict[str, str]) -> Launch:
    return Launch(BARE, (BARE_MARKER,), env)


def compare(
    name: str,
    ours: Launch,
    count: int,
    target: float | None,
    exit_runs: int = 0,
    floor: Launch | None = None,
    what: str = "heartline",
) -> Result:
    """`count` pairs of first paints, `ours` against the bare app, as one row."""
    floor = floor or bare_launch(ours.env)
    first_paint(floor)  # warm the page cache and .pyc files of both, unmeasured
    first_paint(ours)
    FIRST_OUTPUT.pop(tuple(floor.command), None)
    FIRST_OUTPUT.pop(tuple(ours.command), None)
    paired = pairs(count, lambda: first_paint(floor), lambda: first_paint(ours))
    ratios = spread(paired["ratios"])
    opened = {
        side: median(FIRST_OUTPUT.get(tuple(launch.command), [0.0]))
        for side, launch in (("ours", ours), ("bare", floor))
    }
    extra = {
        "pairs": count,
        "ratio": ratios,
        "ours_seconds": spread(paired["ours"]),
        "bare_seconds": spread(paired["floor"]),
        "raw": paired,
        "terminal_opened_seconds": opened,
    }
    detail = (
        f"per-pair ratio p95 {ratios['p95']:.2f}, min {ratios['min']:.2f}, max "
        f"{ratios['max']:.2f} ({count} pairs); {what} {ms(median(paired['ours']))}, bare "
        f"{ms(median(paired['floor']))} (first byte to the terminal at "
        f"{ms(opened['ours'])} and {ms(opened['bare'])})"
    )
    if exit_runs:
        exits = pairs(exit_runs, lambda: exit_time(floor), lambda: exit_time(ours))
        extra["exit_time"] = {
            "pairs": exit_runs,
            "ratio": spread(exits["ratios"]),
            "ours_seconds": spread(exits["ours"]),
            "bare_seconds": spread(exits["floor"]),
        }
        detail += (
            f"; old figure, launch to exit: {median(exits['ratios']):.2f}x ("
            f"{ms(median(exits['ours']))} vs {ms(median(exits['floor']))}, {exit_runs} pairs)"
        )
    return Result(name, ratios["median"], target, "x bare app (median)", detail, extra)


def startup(work: Path, count: int, exit_runs: int) -> Result:
    data = work / "startup"
    data.mkdir(parents=True, exist_ok=True)
    env = terminal_env(data)
    return compare(
        "start-up: home screen, first paint",
        Launch(HEARTLINE, HOME_MARKERS, env),
        count,
        1.2,
        exit_runs if has_exit_hook() else 0,
    )


def resume(work: Path, count: int, exit_runs: int) -> Result:
    from common import saved_game

    game = saved_game(work / "resume-200")
    env = terminal_env(game.data)
    command = (*HEARTLINE, "--decks", str(game.decks), "resume")
    return compare(
        "resume a 200-card save: complete play screen",
        Launch(command, game.markers, env),
        count,
        1.5,
        exit_runs if has_exit_hook() else 0,
    )
