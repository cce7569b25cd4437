"""Helpers for the benchmarks: timing real processes in a terminal, medians, data to load."""

from __future__ import annotations

import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable


def run_in_terminal(command: list[str], env: dict[str, str], size=(80, 24)) -> tuple[float, int]:
    """Run `command` in a fresh pseudo-terminal; return (wall seconds, peak RSS in KiB)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
    )
    os.close(slave)

    def drain() -> None:
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    os.close(master)
    if process.returncode != 0:
        raise RuntimeError(f"{command} exited with {process.returncode}")
    return elapsed, usage.ru_maxrss


def terminal_env(data: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        HEARTLINE_EXIT_WHEN_READY="1",
        HEARTLINE_DATA_DIR=str(data),
        TERM="xterm-256color",
        COLUMNS="80",
        LINES="24",
    )
    env.pop("TEXTUAL", None)
    return env


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def interleaved(runs: int, *commands):
    """Run each zero-argument callable `runs` times, alternating; return their results."""
    results: list[list] = [[] for _ in commands]
    for _ in range(runs):
        for index, command in enumerate(commands):
            results[index].append(command())
    return results


def deck_text(title: str, cards: int, seed: int = 0) -> str:
    """A valid deck of `cards` cards over three levels and all four kinds."""
    kinds = ("question", "mirror", "guess", "exercise")
    lines = ["format = 1", f'title = "{title}"', 'how_to = "Take turns."', ""]
    for number in range(cards):
        kind = kinds[(number + seed) % 4]
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
