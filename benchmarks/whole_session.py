"""Play a whole session headless (or run the bare app the same way), for peak memory."""

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


async def bare() -> None:
    from bare_app import Bare

    app = Bare()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(40):
            await pilot.press("a")
        await pilot.pause()


async def heartline(data: Path) -> None:
    from heartline.tui.app import make_app
    from heartline.tui.widgets.answer_box import AnswerBox
    from heartline.workspace import Workspace

    app = make_app(Workspace(data))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.press(*"Ana")
        await pilot.press("enter")
        await pilot.press(*"Ben")
        await pilot.press("enter")
        await pilot.pause()
        while app.screen.__class__.__name__ == "PlayScreen":
            if app.screen.session.step.choices:
                await pilot.press("1")
            else:
                app.screen.query_one(AnswerBox).load_text("A thoughtful answer.")
                await pilot.press("enter")
            await pilot.pause()
        for _ in range(2):
            app.screen.query_one("#secret-box").value = "You."
            await pilot.press("enter")
            await pilot.pause()


def peak_kib() -> int:
    """This process's own high-water mark (VmHWM starts afresh at exec, unlike ru_maxrss)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM")


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        asyncio.run(bare())
    else:
        asyncio.run(heartline(Path(sys.argv[2])))
    print(peak_kib())
