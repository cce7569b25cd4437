"""heartline's benchmarks: each figure against its floor, measured in the same run.

    python benchmarks/run.py [--quick] [--peers] [--only WORD] [--json FILE]

This machine is shared and noisy, so every figure is a ratio against a floor measured
alongside it (interleaved pairs, the median of the per-pair ratios), never a single time.
What a person waits for is measured in a real pseudo-terminal at 80x24, up to the moment the
words are on screen (benchmarks/terminal.py). Prints a table (PASS/FAIL per row; "info" rows
have no target) and writes it as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    HERE,
    PYTHON,
    Result,
    deck_text,
    interleaved,
    median,
    percentile,
    spread,
    timed,
)

# --- autosave ------------------------------------------------------------------------------


def session_with(answers: int) -> Any:
    from heartline.dealing import new_session
    from heartline.deck import load_deck

    hand_deck = Path(tempfile.mkdtemp()) / "all.toml"
    hand_deck.write_text(deck_text("All", 400))
    deck = load_deck(hand_deck).deck
    session = new_session([deck], ("Ana", "Ben"), cards=None, seed=3)
    while len(session.log) < answers:
        step = session.step
        if step.choices:
            session.choose(step.choices[-1])
        else:
            session.submit(f"Answer {len(session.log)}: " + "something heartfelt, " * 4)
    return session


def saving(runs: int, work: Path) -> list[Result]:
    from heartline.files import write_atomic
    from heartline.save_format import to_toml
    from heartline.store import Store

    results = []
    per_byte = {}
    store = Store(work / "saving")
    store.prepare()
    for answers in (10, 100, 1000):
        session = session_with(answers)
        path = store.save(session)
        data = to_toml(session)
        plain = work / "saving" / f"plain-{answers}.toml"
        floor, ours = interleaved(
            max(runs * 3, 30),
            lambda data=data, plain=plain: timed(lambda: write_atomic(plain, data)),
            lambda session=session, path=path: timed(lambda: store.save(session, path)),
        )
        per_byte[answers] = median(ours) / len(data)
        results.append(
            Result(
                f"autosave, {answers} answers",
                median(ours) / median(floor),
                3.0,
                "x plain atomic write",
                f"median {median(ours) * 1000:.2f} ms, p99 {percentile(ours, 0.99) * 1000:.2f} "
                f"ms; plain write median {median(floor) * 1000:.2f} ms; {len(data) // 1024} KiB",
            )
        )
    growth = per_byte[1000] / per_byte[100]
    results.append(
        Result(
            "autosave cost per byte, 1000 vs 100 answers",
            growth,
            1.5,
            "x",
            "cost per save grows no faster than the save itself when this is about 1 or less",
        )
    )
    return results


# --- many saves ----------------------------------------------------------------------------


async def painted(app: Any, ready: Callable[[], bool]) -> None:
    """Wait until `ready()` holds and the screen has been refreshed after it."""
    while not ready():
        await asyncio.sleep(0)
    done = asyncio.Event()
    app.call_after_refresh(done.set)
    await done.wait()


def thousand_saves(work: Path) -> tuple[Path, list[Path]]:
    """A data folder with 1,000 saves of 30 answers each (made once per run)."""
    from heartline.save_format import to_toml
    from heartline.store import Store

    data = work / "many"
    folder = data / "saves"
    if not folder.is_dir():
        store = Store(folder)
        store.prepare()
        session = session_with(30)
        session.favorite(0, on=True, by=0)  # stars, so the favorites have something to gather
        session.favorite(3, on=True)
        text = to_toml(session)
        for number in range(1000):
            (folder / f"2026-01-01-{number:04d}-ana-ben.toml").write_bytes(text)
    return data, sorted(folder.glob("*.toml"))


def many_saves(runs: int, work: Path) -> list[Result]:
    data, files = thousand_saves(work)
    code = (
        "import asyncio, sys, time\n"
        "sys.path.insert(0, sys.argv[2])\n"
        "from pathlib import Path\n"
        "from run import painted\n"
        "from heartline.tui.app import make_app\n"
        "from heartline.tui.screens.lists import ResumeScreen\n"
        "from heartline.workspace import Workspace\n"
        "async def main():\n"
        "    app = make_app(Workspace(Path(sys.argv[1])))\n"
        "    async with app.run_test(size=(80, 24)) as pilot:\n"
        "        await pilot.pause()\n"
        "        start = time.perf_counter()\n"
        "        app.open_place('resume')\n"
        "        def rows():\n"
        "            table = app.screen.query('#saves')\n"
        "            ok = isinstance(app.screen, ResumeScreen) and bool(table)\n"
        "            return table.first().row_count if ok else 0\n"
        "        await painted(app, lambda: rows() > 0)\n"
        "        shown = time.perf_counter() - start\n"
        "        await painted(app, lambda: rows() == 1000)\n"
        "        print(time.perf_counter() - start)\n"
        "        print(shown)\n"
        "asyncio.run(main())\n"
    )

    complete: list[float] = []

    def shown_and_complete() -> float:
        out = subprocess.run(
            [PYTHON, "-c", code, str(data), str(HERE)],
            capture_output=True,
            text=True,
            check=True,
        )
        total, shown = (float(line) for line in out.stdout.split())
        complete.append(total)
        return shown

    floor, ours = interleaved(
        runs, lambda: timed(lambda: [f.read_bytes() for f in files]), shown_and_complete
    )
    ratios = [o / f for o, f in zip(ours, floor, strict=True)]
    return [
        Result(
            "Resume list with 1,000 saves",
            median(ratios),
            1.5,
            "x reading the files",
            f"list on screen {median(ours) * 1000:.0f} ms vs reading the 1,000 files "
            f"{median(floor) * 1000:.0f} ms; all 1,000 rows in {median(complete) * 1000:.0f} "
            f"ms ({runs} pairs, median of per-pair ratios)",
            {"ratio": spread(ratios)},
        )
    ]


# Figures over the same 1,000 saves that belong to "heartline remembers the couple" (issue
# 13): its favourites and its History, each within 1.5x of reading the files. Append a
# function (runs, work) -> list[Result] here; `thousand_saves(work)` gives the data folder
# and its files. One that returns [] (the feature isn't there yet) prints a "skip" line.


def _couple_figure(runs: int, work: Path, name: str, what: Callable[[Any], object]) -> list[Result]:
    """`what(workspace)` over the 1,000 saves, warm (the history index built once, as any
    run after the first finds it), against reading the same files; interleaved pairs."""
    from heartline.workspace import Workspace

    data, files = thousand_saves(work)
    what(Workspace(data))  # builds saves/.history.json, as the first look does
    floor, ours = interleaved(
        runs,
        lambda: timed(lambda: [f.read_bytes() for f in files]),
        lambda: timed(lambda: what(Workspace(data))),
    )
    ratios = [o / f for o, f in zip(ours, floor, strict=True)]
    return [
        Result(
            name,
            median(ratios),
            1.5,
            "x reading the files",
            f"{median(ours) * 1000:.1f} ms vs reading the 1,000 files "
            f"{median(floor) * 1000:.1f} ms ({runs} pairs, median of per-pair ratios)",
            {"ratio": spread(ratios)},
        )
    ]


COUPLE = ("Ana", "Ben")


def favourites_over_1000_saves(runs: int, work: Path) -> list[Result]:
    """The couple's favorites, gathered from 1,000 saves."""
    from heartline.history import favorites

    return _couple_figure(
        runs,
        work,
        "favorites over 1,000 saves",
        lambda ws: favorites(ws.evenings_of(COUPLE), COUPLE),
    )


def history_over_1000_saves(runs: int, work: Path) -> list[Result]:
    """The couple's story (History and `heartline history`) over 1,000 saves."""
    from heartline.history import story

    return _couple_figure(
        runs, work, "our story over 1,000 saves", lambda ws: story(ws.evenings_of(COUPLE), COUPLE)
    )


def fresh_dealing_over_1000_saves(runs: int, work: Path) -> list[Result]:
    """What the couple has seen, from 1,000 saves, as dealing fresh cards first needs it."""
    return _couple_figure(
        runs, work, "fresh-first dealing over 1,000 saves", lambda ws: ws.seen(COUPLE)
    )


OVER_1000_SAVES: list[Callable[[int, Path], list[Result]]] = [
    favourites_over_1000_saves,
    history_over_1000_saves,
    fresh_dealing_over_1000_saves,
]


# --- the nudge -------------------------------------------------------------------------------


def nudge(runs: int, work: Path) -> list[Result]:
    """`heartline today --nudge`, run from a shell's start-up file: a whole process, against
    a process that only starts Python (`python -c pass`)."""
    data = work / "nudge"
    command = [
        str(Path(PYTHON).parent / "heartline"),
        "--data-dir",
        str(data),
        "today",
        "--nudge",
        "--players",
        "Ana",
        "Ben",
    ]
    subprocess.run(command, check=True, capture_output=True)

    def run(argv: list[str]) -> float:
        return timed(lambda: subprocess.run(argv, check=True, capture_output=True))

    floor, ours = interleaved(runs, lambda: run([PYTHON, "-c", "pass"]), lambda: run(command))
    ratios = [o / f for o, f in zip(ours, floor, strict=True)]
    return [
        Result(
            "today --nudge, a whole process",
            median(ratios),
            4.0,
            "x python -c pass",
            f"{median(ours) * 1000:.0f} ms vs starting Python {median(floor) * 1000:.0f} ms "
            f"({runs} pairs, median of per-pair ratios)",
            {"ratio": spread(ratios)},
        )
    ]


def over_1000_saves(runs: int, work: Path) -> list[Result]:
    results = many_saves(runs, work)
    for figure in OVER_1000_SAVES:
        got = figure(runs, work)
        if not got:
            print(f"skip  {figure.__name__}: not measured yet", flush=True)
        results += got
    return results


# --- memory --------------------------------------------------------------------------------


def memory(runs: int, work: Path, answers: int = 200) -> list[Result]:
    code = HERE / "whole_session.py"

    def sample(which: str) -> dict[str, Any]:
        folder = Path(tempfile.mkdtemp(dir=work))
        out = subprocess.run(
            [PYTHON, str(code), which, str(folder), str(answers)],
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            raise RuntimeError(f"whole_session.py {which} failed:\n{out.stderr[-3000:]}")
        got: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
        return got

    bare, ours = interleaved(runs, lambda: sample("bare"), lambda: sample("heartline"))
    start = 20 if answers >= 40 else answers // 2

    def growth(run: dict[str, Any]) -> float:
        return float(run["rss_kib"][answers - 1] - run["rss_kib"][start - 1]) / 1024

    def objects(run: dict[str, Any]) -> int:
        counts = {int(k): v for k, v in run["objects"].items()}
        return counts[max(counts)] - counts[min(counts)] if counts else 0

    grown = median([growth(run) for run in ours])
    per_answer = grown * 1024 / (answers - start)
    peak = median([run["peak_kib"] for run in ours]) / 1024
    floor = median([run["peak_kib"] for run in bare]) / 1024
    peak_ratios = [o["peak_kib"] / b["peak_kib"] for o, b in zip(ours, bare, strict=True)]
    return [
        Result(
            f"memory growth, answer {start} to {answers}",
            grown,
            2.0,
            "MiB",
            f"{per_answer:+.1f} KiB per answer; objects tracked by the collector "
            f"{median([objects(r) for r in ours]):+.0f}; the bare TextArea app over the same "
            f"answers {median([growth(r) for r in bare]):+.1f} MiB (medians of {runs})",
            {
                "heartline_rss_kib": [r["rss_kib"] for r in ours],
                "bare_rss_kib": [r["rss_kib"] for r in bare],
                "objects": [r["objects"] for r in ours],
            },
        ),
        Result(
            f"peak memory of a {answers}-answer session",
            median(peak_ratios),
            1.5,
            "x bare app",
            f"heartline {peak:.1f} MiB, a bare TextArea app given the same answers "
            f"{floor:.1f} MiB (medians of {runs}, headless)",
            {"ratio": spread(peak_ratios)},
        ),
    ]


# --- the table -----------------------------------------------------------------------------


def measured_code() -> dict[str, str]:
    """Which heartline was measured: the checkout's commit, and whether it had changes."""
    root = HERE.parent

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        return done.stdout.strip()

    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "src")
    return {"commit": git("rev-parse", "--short", "HEAD"), "src_changed": "yes" if dirty else "no"}


def line(result: Result) -> str:
    target = "" if result.target is None else f"target <= {result.target:g}"
    return (
        f"{result.mark:<4}  {result.name:<48} {result.measured:7.2f} {result.unit:<22} "
        f"{target:<15} {result.detail}"
    )


def markdown(results: list[Result]) -> str:
    rows = ["| what | measured | target | | detail |", "| --- | --- | --- | --- | --- |"]
    for r in results:
        target = "" if r.target is None else f"≤ {r.target:g}"
        rows.append(f"| {r.name} | {r.measured:.2f} {r.unit} | {target} | {r.mark} | {r.detail} |")
    return "\n".join(rows)


def compile_heartline() -> None:
    """Write heartline's bytecode, as installing it does, so no measured start compiles it."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("heartline")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smoke run: few pairs, rough")
    parser.add_argument(
        "--peers", action="store_true", help="also other Textual apps (installed in /tmp)"
    )
    parser.add_argument("--json", default=str(HERE / "results" / "latest.json"))
    parser.add_argument("--only", help="run only benchmarks whose step name holds this word")
    args = parser.parse_args()
    quick = args.quick
    pairs = 5 if quick else 21  # first paint: at least 21 pairs for the real figure
    exit_pairs = 2 if quick else 7
    runs = 3 if quick else 11
    results: list[Result] = []
    code = measured_code()
    load = [os.getloadavg()[0]]
    print(
        f"heartline at {code['commit']} (src changed since: {code['src_changed']}); "
        f"load average {load[0]:.2f} on {os.cpu_count()} cores",
        flush=True,
    )
    started = time.perf_counter()
    compile_heartline()

    import cli_decks
    import first_paint
    import typing_pty

    with tempfile.TemporaryDirectory(prefix="heartline-bench-") as folder:
        work = Path(folder)
        steps: list[tuple[str, Callable[[], list[Result]]]] = [
            ("startup", lambda: [first_paint.startup(work, pairs, exit_pairs)]),
            ("resume", lambda: [first_paint.resume(work, pairs, exit_pairs)]),
            ("typing", lambda: typing_pty.typing(work, quick)),
            ("enter", lambda: [typing_pty.first_enter(work, quick)]),
            ("memory", lambda: memory(1 if quick else 2, work, 60 if quick else 200)),
            ("decks", lambda: cli_decks.decks(work, runs)),
            ("saves-list", lambda: over_1000_saves(max(3, runs // 2), work)),
            ("saving", lambda: saving(runs, work)),
            ("nudge", lambda: nudge(runs, work)),
        ]
        if args.peers:
            import peers

            steps.append(("peers", lambda: peers.peers(work, pairs)))
        for name, step in steps:
            if args.only and args.only not in name:
                continue
            print(f"[{name}]", flush=True)
            for result in step():
                results.append(result)
                print(line(result), flush=True)
    load.append(os.getloadavg()[0])
    print(
        f"\n{len(results)} figures in {time.perf_counter() - started:.0f} s "
        f"(load average {load[-1]:.2f} at the end)\n"
    )
    print(markdown(results))
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                f"Python {platform.python_version()}, {platform.system()}",
                "heartline": code,
                "quick": quick,
                "load_average": {"start": load[0], "end": load[-1]},
                "results": [{**asdict(r), "passed": r.passed} for r in results],
            },
            indent=2,
        )
    )
    print(f"\nwritten to {out}")
    if quick:  # a smoke run: its figures are rough, so only a broken harness is an error
        return 0
    return 0 if all(result.passed is not False for result in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
