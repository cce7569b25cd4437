"""Typing at a person's pace through a pseudo-terminal, and the Enter that sends an answer.

Key to screen: a key is written to the terminal at a human pace (one every 100-200 ms, from a
fixed seed, whether or not the last one has shown yet) and its time is the read that puts it
on the emulated screen. The typed keys are letters that appear nowhere else on either screen
(nor in the pre-filled answer), so "on screen" is exact: after the i-th key of a run, the
screen holds i more of them; after the i-th backspace, i fewer. heartline's answer box (a
resumed game, its draft pre-filled) and a bare Textual TextArea set up the same way are
typed into in alternating blocks, both processes alive, so the machine's noise falls on both.

Enter: from writing Enter in the answer box until the screen's characters stop changing
(no change for `QUIET` seconds; the cursor's blink changes no character), on a resumed game
of question cards: the first Enter after the resume against later ones of the same kind.
"""

from __future__ import annotations

import random
import re
import string
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bare_textarea import MARKER as TEXTAREA_MARKER
from common import (
    HERE,
    PROSE_LETTERS,
    PYTHON,
    Result,
    median,
    percentile,
    prose,
    saved_game,
    spread,
    terminal_env,
)
from terminal import Screen, Terminal

HEARTLINE = (PYTHON, "-m", "heartline")
KEY_TIMEOUT = 3.0  # a key not on screen by then is counted as this late
QUIET = 0.3
SEED = 12


def start(command: tuple[str, ...], markers: tuple[str, ...], env: dict[str, str]) -> Terminal:
    terminal = Terminal(command, env)
    if terminal.wait_for(*markers, timeout=30) is None:
        text = terminal.screen.text()
        terminal.kill()
        raise RuntimeError(f"{command} never showed {markers}:\n{text}")
    terminal.settle(0.5, 5)
    return terminal


def free_letters(*screens: Screen) -> str:
    """Letters on none of the screens and not in the pre-filled prose: the keys to type."""
    shown = set().union(*(set(screen.text()) for screen in screens))
    pool = string.ascii_uppercase + "".join(
        c for c in string.ascii_lowercase if c not in PROSE_LETTERS
    )
    return "".join(c for c in pool if c not in shown)


def shows_prose(screen: Screen) -> bool:
    """The box shows a long pre-filled answer: lines made of its letters only."""
    run = re.compile(f"[{PROSE_LETTERS} ]{{40,}}")
    return sum(1 for line in screen.lines() if run.search(line)) >= 3


def words(letters: str, keys: int, rng: random.Random) -> str:
    """About `keys` keys of words made of `letters`, a space after each (lines wrap)."""
    text = ""
    while len(text) < keys:
        text += "".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) + " "
    return text[:keys]


def type_block(
    terminal: Terminal, letters: str, text: str, rng: random.Random
) -> tuple[list[float], list[float]]:
    """Type `text`, then erase it with backspaces, at a human pace. Returns the seconds from
    each key's write to the read that showed it, for the letters typed and for the
    backspaces that erased a letter (a space shows no character, so it is typed unmeasured).
    """
    base = terminal.screen.count(letters)
    Check = Callable[[Screen], bool] | None
    plan: list[tuple[bytes, Check, str]] = []
    shown = 0
    for character in text:
        check: Check = None
        if character in letters:
            shown += 1
            check = lambda s, n=base + shown: s.count(letters) >= n  # noqa: E731
        plan.append((character.encode(), check, "typed"))
    turn = len(plan)
    for character in reversed(text):
        check = None
        if character in letters:
            shown -= 1
            check = lambda s, n=base + shown: s.count(letters) <= n  # noqa: E731
        plan.append((b"\x7f", check, "erased"))
    times: dict[str, list[float]] = {"typed": [], "erased": []}
    pending: deque[tuple[float, Callable[[Screen], bool], str]] = deque()
    due = time.perf_counter() + rng.uniform(0.1, 0.2)
    index = 0
    while index < len(plan) or pending:
        now = time.perf_counter()
        # A person doesn't wait for the screen, except before turning from typing to erasing.
        can_write = index < len(plan) and not (index == turn and pending)
        if can_write and now >= due:
            key, check, kind = plan[index]
            written = terminal.write(key)
            if check is not None:
                pending.append((written, check, kind))
            index += 1
            due = max(due, now) + rng.uniform(0.1, 0.2)
            continue
        wait = max(0.0, due - now) if can_write else KEY_TIMEOUT
        if pending:
            wait = min(wait, max(0.0, pending[0][0] + KEY_TIMEOUT - now))
        terminal.pump(wait)
        while pending and pending[0][1](terminal.screen):
            written, _, kind = pending.popleft()
            times[kind].append(max(0.0, terminal.last_output - written))
        while pending and time.perf_counter() - pending[0][0] > KEY_TIMEOUT:
            times[pending.popleft()[2]].append(KEY_TIMEOUT)
    return times["typed"], times["erased"]


def typing_at(work: Path, answer: int, blocks: int, keys: int) -> dict[str, Any]:
    """Key-to-screen times in heartline's answer box and a bare TextArea, both holding an
    answer of `answer` characters."""
    text = prose(answer) + (" " if answer else "")
    folder = work / f"typing-{answer}"
    game = saved_game(folder, cards=200, kinds=("question",), draft=text)
    prefill = folder / "answer.txt"
    prefill.write_text(text)
    env = terminal_env(game.data)
    ours = start((*HEARTLINE, "--decks", str(game.decks), "resume"), game.markers, env)
    try:
        bare = start(
            (PYTHON, str(HERE / "bare_textarea.py"), str(prefill)), (TEXTAREA_MARKER,), env
        )
    except BaseException:
        ours.kill()
        raise
    try:
        for name, terminal in (("heartline", ours), ("the bare TextArea", bare)):
            if answer and not shows_prose(terminal.screen):
                raise RuntimeError(
                    f"{name} doesn't show the {answer:,}-character answer it was given:\n"
                    + terminal.screen.text()
                )
        letters = free_letters(ours.screen, bare.screen)
        if len(letters) < 3:
            raise RuntimeError(f"too few letters absent from both screens: {letters!r}")
        rng = random.Random(SEED + answer)
        times: dict[str, list[float]] = {
            f"{who}_{kind}": [] for who in ("heartline", "bare") for kind in ("typed", "erased")
        }
        for block in range(blocks):
            # Both type the same words into boxes of the same width: lines wrap on the same
            # keys (a wrap in a long answer is the slowest key there is).
            text = words(letters, keys, rng)
            order = [("heartline", ours), ("bare", bare)]
            for name, terminal in order if block % 2 == 0 else order[::-1]:
                typed, erased = type_block(terminal, letters, text, rng)
                times[f"{name}_typed"] += typed
                times[f"{name}_erased"] += erased
                terminal.settle(0.2, 2)
        return {**times, "letters": letters}
    finally:
        ours.kill()
        bare.kill()


def typing(work: Path, quick: bool) -> list[Result]:
    blocks, keys = (1, 40) if quick else (2, 80)
    results = []
    for answer in (0, 20_000):
        got = typing_at(work, answer, blocks, keys)
        ours = got["heartline_typed"] + got["heartline_erased"]
        bare = got["bare_typed"] + got["bare_erased"]
        p99, floor = percentile(ours, 0.99), percentile(bare, 0.99)
        late = sum(1 for t in ours + bare if t >= KEY_TIMEOUT)

        def p99_of(key: str, got: dict[str, Any] = got) -> str:
            return f"{percentile(got[key], 0.99) * 1000:.1f}"

        results.append(
            Result(
                f"typing, answer of {answer:,} characters: p99",
                p99 / floor,
                1.2,
                "x bare TextArea",
                f"heartline p99 {p99 * 1000:.1f} ms (letters {p99_of('heartline_typed')}, "
                f"backspaces {p99_of('heartline_erased')}), median {median(ours) * 1000:.1f} "
                f"ms; bare TextArea p99 {floor * 1000:.1f} ms (letters {p99_of('bare_typed')}, "
                f"backspaces {p99_of('bare_erased')}), median {median(bare) * 1000:.1f} ms; "
                f"{len(ours)} keys each, one every 100-200 ms, the same words in both"
                + (f"; {late} keys not shown within {KEY_TIMEOUT:.0f} s" if late else ""),
                {
                    "heartline_ms": spread([t * 1000 for t in ours]),
                    "bare_ms": spread([t * 1000 for t in bare]),
                    "keys": len(ours),
                    "letters": got["letters"],
                    **{
                        f"{key}_raw_ms": [round(t * 1000, 2) for t in got[key]]
                        for key in got
                        if key != "letters"
                    },
                },
            )
        )
    return results


# --- Enter ---------------------------------------------------------------------------------


def press_enter(terminal: Terminal) -> float:
    """Seconds from writing Enter until the screen's characters stop changing."""
    written = terminal.write(b"\r")
    settled = terminal.settle(QUIET, 10)
    if settled < written:
        raise RuntimeError("Enter changed nothing on screen:\n" + terminal.screen.text())
    return settled - written


def enters_after_resume(work: Path, cards: int, run: int) -> dict[str, list[float]]:
    """One process: resume a game of question cards (both partners answer each), answer
    `cards` cards; the Enter times by kind: the first answer of a card, the second."""
    game = saved_game(work / f"enter-{run}", cards=200, kinds=("question",))
    terminal = start(
        (*HEARTLINE, "--decks", str(game.decks), "resume"), game.markers, terminal_env(game.data)
    )
    rng = random.Random(SEED + run)
    times: dict[str, list[float]] = {"first": [], "second": []}
    try:
        for card in range(cards):
            for kind in ("first", "second"):
                words = f"We talked about it, {card} {kind}"
                terminal.write(words.encode())
                if terminal.wait_for(words, timeout=5) is None:
                    raise RuntimeError(f"{words!r} never showed:\n{terminal.screen.text()}")
                terminal.settle(QUIET, 5)
                time.sleep(rng.uniform(0.1, 0.2))
                times[kind].append(press_enter(terminal))
            terminal.write(b" ")  # the look back at the card: space goes on
            terminal.settle(QUIET, 5)
    finally:
        terminal.kill()
    return times


def first_enter(work: Path, quick: bool) -> Result:
    processes, cards = (1, 4) if quick else (3, 8)
    ratios, firsts, warms = [], [], []
    for run in range(processes):
        times = enters_after_resume(work, cards, run)
        first, warm = times["first"][0], median(times["first"][1:])
        ratios.append(first / warm)
        firsts.append(first)
        warms.append(warm)
    return Result(
        "first Enter after a resume",
        median(ratios),
        2.0,
        "x a warm Enter",
        f"first {median(firsts) * 1000:.0f} ms, warm {median(warms) * 1000:.0f} ms (Enter to "
        f"the screen settled, {QUIET * 1000:.0f} ms quiet; {processes} resumes x {cards - 1} "
        "warm Enters of the same kind)",
        {"ratios": ratios, "first_s": firsts, "warm_s": warms},
    )
