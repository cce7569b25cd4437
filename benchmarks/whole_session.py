"""Memory over a 200-answer session, headless, resident size sampled after every answer.

    python benchmarks/whole_session.py heartline|bare WORK_FOLDER [ANSWERS]

Prints one JSON line: `rss_kib` after each answer (answer 1 first), `objects` (objects the
garbage collector tracks, every 20 answers), and `peak_kib`, the process's high-water mark.
heartline resumes a fresh game of all four kinds of card (made by another process, as on
an earlier evening) and answers it the way a couple would (choices, hidden answers, the look
back at each card); the floor is a bare Textual app with one TextArea that is given and sent
the same number of answers.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

ANSWER = "A thoughtful answer, of about the length people write in the box."
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def rss_kib() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_KIB


def peak_kib() -> int:
    """This process's own high-water mark (VmHWM starts afresh at exec, unlike ru_maxrss)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM")


class Samples:
    def __init__(self) -> None:
        self.rss: list[int] = []
        self.objects: dict[int, int] = {}

    def take(self) -> None:
        self.rss.append(rss_kib())
        if len(self.rss) % 20 == 0:
            self.objects[len(self.rss)] = len(gc.get_objects())


async def bare(answers: int, samples: Samples) -> None:
    from bare_textarea import BareTextArea
    from textual.widgets import TextArea

    app = BareTextArea("")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        area = app.query_one(TextArea)
        for _ in range(answers):
            area.load_text(ANSWER)
            await pilot.press("enter")
            await pilot.pause()
            samples.take()


async def heartline(work: Path, answers: int, samples: Samples) -> None:
    from heartline.tui.app import make_app
    from heartline.tui.widgets.answer_box import AnswerBox, SecretBox
    from heartline.workspace import Workspace

    # The game is made in another process, as a couple's was on an earlier evening: making
    # it validates its deck (pydantic), which a resume with the deck cache filled never does.
    made = subprocess.run(
        [sys.executable, __file__, "make", str(work)], capture_output=True, text=True, check=True
    )
    game = json.loads(made.stdout)
    data, decks, save = Path(game["data"]), Path(game["decks"]), Path(game["save"])
    workspace = Workspace(data, [decks])
    app = make_app(workspace, workspace.open(save))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        done = 0
        while done < answers:
            screen: Any = app.screen
            if type(screen).__name__ != "PlayScreen":
                raise RuntimeError(f"left the game after {done} answers: {screen!r}")
            session = screen.session
            before = len(session.log)
            if screen.looking_back is not None:
                await pilot.press("space")
            elif session.step.choices:
                await pilot.press("1")
            elif session.step.private:
                screen.query_one(SecretBox).value = "hidden"
                await pilot.press("enter")
            else:
                screen.query_one(AnswerBox).load_text(ANSWER)
                await pilot.press("enter")
            await pilot.pause()
            if len(session.log) > before:
                done += 1
                samples.take()


def make(work: Path) -> None:
    """Make the 200-card game and fill the deck cache, as playing it once would have."""
    from common import saved_game

    from heartline.workspace import Workspace

    game = saved_game(work, cards=200, played=0)
    assert Workspace(game.data, [game.decks]).library.decks  # the cache, filled
    print(json.dumps({"data": str(game.data), "decks": str(game.decks), "save": str(game.save)}))


def main() -> None:
    which, work = sys.argv[1], Path(sys.argv[2])
    if which == "make":
        make(work)
        return
    answers = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    samples = Samples()
    if which == "bare":
        asyncio.run(bare(answers, samples))
    else:
        asyncio.run(heartline(work, answers, samples))
    print(json.dumps({"rss_kib": samples.rss, "objects": samples.objects, "peak_kib": peak_kib()}))


if __name__ == "__main__":
    main()
