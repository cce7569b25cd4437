"""`heartline decks validate` and `decks list` as whole processes, against a process that only
runs `tomllib.loads` on the same files.

Each round runs the floor, then heartline in a fresh data folder (cold: nothing cached), then
heartline again in the same data folder (warm: whatever the first run cached is there). The
floor's order against the pair swaps every other round.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from common import PYTHON, Result, deck_text, median, ms, spread, terminal_env

FLOOR = (
    "import sys, tomllib\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, 'rb') as file:\n"
    "        tomllib.loads(file.read().decode())\n"
)


def run(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{command[:6]} failed ({done.returncode}): {done.stderr[-2000:]!r}")
    return seconds


def rounds(
    count: int, files: list[Path], heartline_args: list[str], work: Path
) -> dict[str, list[float]]:
    env = terminal_env(None)
    floor_command = [PYTHON, "-c", FLOOR, *map(str, files)]
    times: dict[str, list[float]] = {"floor": [], "cold": [], "warm": []}

    def ours() -> None:
        data = Path(tempfile.mkdtemp(dir=work))
        command = [PYTHON, "-m", "heartline", "--data-dir", str(data), *heartline_args]
        times["cold"].append(run(command, env))
        times["warm"].append(run(command, env))

    run(floor_command, env)  # the page cache and .pyc files, unmeasured
    ours()
    times["cold"].clear()
    times["warm"].clear()
    for number in range(count):
        if number % 2:
            ours()
            times["floor"].append(run(floor_command, env))
        else:
            times["floor"].append(run(floor_command, env))
            ours()
    return times


def rows(name: str, times: dict[str, list[float]], what: str) -> list[Result]:
    results = []
    for state in ("cold", "warm"):
        ratios = [o / f for o, f in zip(times[state], times["floor"], strict=True)]
        summary = spread(ratios)
        extra: dict[str, Any] = {
            "ratio": summary,
            "ours_seconds": spread(times[state]),
            "floor_seconds": spread(times["floor"]),
            "rounds": len(ratios),
        }
        results.append(
            Result(
                f"{name}, {state}",
                summary["median"],
                # The cache is what makes a second run fast; the first ever run of a deck
                # is shown for information.
                1.5 if state == "warm" else None,
                "x tomllib process",
                f"{ms(median(times[state]))} vs {ms(median(times['floor']))} for "
                f"{what}; per-round ratio p95 {summary['p95']:.2f}, min {summary['min']:.2f}, "
                f"max {summary['max']:.2f} ({len(ratios)} rounds)",
                extra,
            )
        )
    return results


def decks(work: Path, count: int) -> list[Result]:
    from heartline.locations import shipped_decks_dir

    huge = work / "decks-huge" / "huge.toml"
    huge.parent.mkdir(parents=True, exist_ok=True)
    huge.write_text(deck_text("Huge deck", 10_000))
    validate = rows(
        "decks validate: a 10,000-card deck",
        rounds(count, [huge], ["decks", "validate", str(huge)], work),
        "tomllib.loads of it",
    )
    library = work / "decks-library"
    library.mkdir(exist_ok=True)
    for number in range(200):
        (library / f"deck-{number}.toml").write_text(deck_text(f"Deck {number}", 50, number))
    files = sorted(library.glob("*.toml")) + sorted(shipped_decks_dir().glob("*.toml"))
    listing = rows(
        "decks list: 200 decks + the shipped ones",
        rounds(count, files, ["--decks", str(library), "decks", "list"], work),
        f"tomllib.loads of the {len(files)} files",
    )
    return validate + listing
