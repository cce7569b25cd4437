"""heartline's benchmarks: each figure against its floor, measured in the same run.

    python benchmarks/run.py [--quick] [--json FILE]

This machine is shared and noisy, so every figure is a ratio of medians over several
interleaved runs, never a single time. Prints a table and writes it as JSON.
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
import tomllib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    HERE,
    PYTHON,
    deck_text,
    interleaved,
    median,
    percentile,
    run_in_terminal,
    terminal_env,
)

from heartline.dealing import new_session
from heartline.deck import load_deck
from heartline.files import write_atomic
from heartline.library import Library
from heartline.save_format import to_toml
from heartline.store import Autosave, Store


@dataclass
class Result:
    name: str
    measured: float
    target: float
    unit: str
    detail: str

    @property
    def passed(self) -> bool:
        return self.measured <= self.target


def startup(runs: int, work: Path) -> Result:
    data = work / "startup"
    env = terminal_env(data)
    bare, ours = interleaved(
        runs,
        lambda: run_in_terminal([PYTHON, str(HERE / "bare_app.py")], env),
        lambda: run_in_terminal([PYTHON, "-m", "heartline"], env),
    )
    floor, mine = median([t for t, _ in bare]), median([t for t, _ in ours])
    return Result(
        "start-up to the home screen",
        mine / floor,
        1.15,
        "x bare app",
        f"heartline {mine * 1000:.0f} ms, bare Textual app {floor * 1000:.0f} ms "
        f"(medians of {runs})",
    )


def big_save(work: Path, cards: int = 200) -> tuple[Path, Path]:
    """A data folder holding a 200-card session half played, and its decks folder."""
    data = work / "resume"
    decks = work / "resume-decks"
    decks.mkdir(parents=True, exist_ok=True)
    (decks / "big.toml").write_text(deck_text("Big deck", cards))
    deck = load_deck(decks / "big.toml").deck
    session = new_session([deck], ("Ana", "Ben"), cards=cards, seed=1)
    while session.position < cards // 2:
        step = session.step
        if step.choices:
            session.choose(step.choices[0])
        else:
            session.submit(f"An answer of a sensible length, number {len(session.log)}.")
    store = Store(data / "saves")
    store.prepare()
    store.save(session)
    return data, decks


def open_session(runs: int, work: Path) -> Result:
    data, decks = big_save(work)
    env = terminal_env(data)
    bare, ours = interleaved(
        runs,
        lambda: run_in_terminal([PYTHON, str(HERE / "bare_app.py")], env),
        lambda: run_in_terminal([PYTHON, "-m", "heartline", "--decks", str(decks), "resume"], env),
    )
    floor, mine = median([t for t, _ in bare]), median([t for t, _ in ours])
    return Result(
        "resume a 200-card session",
        mine / floor,
        1.3,
        "x bare app",
        f"heartline {mine * 1000:.0f} ms, bare app {floor * 1000:.0f} ms (medians of {runs})",
    )


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def deck_loading(runs: int, work: Path) -> list[Result]:
    big = work / "decks-big" / "huge.toml"
    big.parent.mkdir(parents=True, exist_ok=True)
    big.write_text(deck_text("Huge deck", 10_000))
    data = big.read_bytes()
    floor, ours = interleaved(
        runs,
        lambda: timed(lambda: tomllib.loads(data.decode())),
        lambda: timed(lambda: load_deck(big)),
    )
    one = Result(
        "load a 10,000-card deck",
        median(ours) / median(floor),
        2.0,
        "x tomllib",
        f"{median(ours) * 1000:.0f} ms vs tomllib.loads {median(floor) * 1000:.0f} ms",
    )
    library = work / "decks-many"
    library.mkdir(exist_ok=True)
    for number in range(200):
        (library / f"deck-{number}.toml").write_text(deck_text(f"Deck {number}", 50, number))
    files = sorted(library.glob("*.toml"))
    floor, ours = interleaved(
        runs,
        lambda: timed(lambda: [tomllib.loads(f.read_bytes().decode()) for f in files]),
        lambda: timed(lambda: Library.scan([library]).decks),
    )
    many = Result(
        "list a library of 200 decks",
        median(ours) / median(floor),
        2.0,
        "x tomllib",
        f"{median(ours) * 1000:.0f} ms vs tomllib.loads of the files {median(floor) * 1000:.0f} ms",
    )
    return [one, many]


def session_with(answers: int) -> object:
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


async def painted(app, ready: Callable[[], bool]) -> None:
    """Wait until `ready()` holds and the screen has been refreshed after it."""
    while not ready():
        await asyncio.sleep(0)
    done = asyncio.Event()
    app.call_after_refresh(done.set)
    await done.wait()


async def key_to_screen(app, key: str, ready: Callable[[], bool]) -> float:
    """Send one key as the terminal would; seconds until its effect is on screen."""
    from textual import events

    start = time.perf_counter()
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)
    await painted(app, ready)
    return time.perf_counter() - start


def answer_latency(answer_chars: list[int], with_saves: bool) -> list[float]:
    """Key-to-screen times (seconds) in the answer box."""
    from heartline.tui.app import make_app
    from heartline.tui.widgets.answer_box import AnswerBox
    from heartline.workspace import Workspace

    session = session_with(1000 if with_saves else 0)
    work = Path(tempfile.mkdtemp())
    store = Store(work / "saves")
    store.prepare()
    path = store.save(session)
    app = make_app(Workspace(work), Autosave(store, session, path))
    times: list[float] = []

    async def drive() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for size in answer_chars:
                while app.screen.session.step.choices or app.screen.session.step.private:
                    if app.screen.session.step.choices:
                        await pilot.press("1")
                    else:
                        app.screen.query_one("#secret-box").value = "hidden"
                        await pilot.press("enter")
                    await pilot.pause()
                box = app.screen.query_one(AnswerBox)
                box.load_text("x" * size)
                box.move_cursor(box.document.end)
                await pilot.pause()
                for key in "heartline":
                    before = len(box.text)
                    times.append(
                        await key_to_screen(app, key, lambda b=box, n=before: len(b.text) > n)
                    )
                if with_saves:
                    # Enter sends the answer and saves a 1000-answer session: a key typed
                    # meanwhile waits at most this long.
                    log = len(app.screen.session.log)
                    times.append(
                        await key_to_screen(
                            app, "enter", lambda s=app.screen, n=log: len(s.session.log) > n
                        )
                    )
                    await pilot.pause()

    asyncio.run(drive())
    return times


def typing(quick: bool) -> list[Result]:
    sizes = [0, 5_000, 10_000, 15_000, 19_990] if not quick else [0, 10_000, 19_990]
    times = answer_latency(sizes * 3, with_saves=False)
    grow = Result(
        "typing as the answer grows to 20,000 characters",
        percentile(times, 0.95) * 1000,
        16.0,
        "ms p95",
        f"median {median(times) * 1000:.1f} ms over {len(times)} keys",
    )
    during = answer_latency([0] * (10 if quick else 30), with_saves=True)
    saves = Result(
        "sending an answer that saves 1000 answers",
        percentile(during, 0.95) * 1000,
        16.0,
        "ms p95",
        f"median {median(during) * 1000:.1f} ms over {len(during)} keys",
    )
    return [grow, saves]


def many_saves(runs: int, work: Path) -> Result:
    folder = work / "many" / "saves"
    store = Store(folder)
    store.prepare()
    session = session_with(30)
    data = to_toml(session)
    for number in range(1000):
        (folder / f"2026-01-01-{number:04d}-ana-ben.toml").write_bytes(data)
    files = sorted(folder.glob("*.toml"))
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
        "        app.screen.action_open('resume')\n"
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
            [PYTHON, "-c", code, str(work / "many"), str(HERE)],
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
    return Result(
        "Resume list with 1,000 saves",
        median(ours) / median(floor),
        1.5,
        "x reading the files",
        f"list on screen {median(ours) * 1000:.0f} ms vs reading the 1,000 files "
        f"{median(floor) * 1000:.0f} ms; all 1,000 rows in {median(complete) * 1000:.0f} ms",
    )


def memory(runs: int, work: Path) -> Result:
    code = HERE / "whole_session.py"
    bare, ours = interleaved(
        runs,
        lambda: peak([PYTHON, str(code), "bare", str(work / "memory")]),
        lambda: peak([PYTHON, str(code), "heartline", str(work / "memory")]),
    )
    return Result(
        "peak memory of a whole session",
        median(ours) / median(bare),
        1.25,
        "x bare app",
        f"heartline {median(ours) / 1024:.0f} MiB, bare app {median(bare) / 1024:.0f} MiB",
    )


def peak(command: list[str]) -> int:
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs (a rough look)")
    parser.add_argument("--json", default=str(HERE / "results" / "latest.json"))
    parser.add_argument("--only", help="run only benchmarks whose name holds this word")
    args = parser.parse_args()
    runs = 5 if args.quick else 11
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        steps = [
            ("startup", lambda: [startup(runs, work)]),
            ("resume", lambda: [open_session(runs, work)]),
            ("decks", lambda: deck_loading(runs, work)),
            ("saving", lambda: saving(runs, work)),
            ("many", lambda: [many_saves(max(3, runs // 2), work)]),
            ("typing", lambda: typing(args.quick)),
            ("memory", lambda: [memory(max(3, runs // 2), work)]),
        ]
        for name, step in steps:
            if args.only and args.only not in name:
                continue
            for result in step():
                results.append(result)
                mark = "PASS" if result.passed else "FAIL"
                print(
                    f"{mark}  {result.name:<46} {result.measured:7.2f} {result.unit:<22} "
                    f"target <= {result.target:g}   {result.detail}",
                    flush=True,
                )
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                f"Python {platform.python_version()}, {platform.system()}",
                "results": [{**asdict(r), "passed": r.passed} for r in results],
            },
            indent=2,
        )
    )
    print(f"\nwritten to {out}")
    return 0 if all(result.passed for result in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
