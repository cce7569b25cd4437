"""The goodbye line names a command that works pasted in the terminal heartline ran in."""

from __future__ import annotations

from pathlib import Path

from heartline.store import Autosave
from heartline.tui.app import make_app
from heartline.workspace import Workspace
from tui.conftest import SIZE, TEST_DECKS

FROM_THE_CLONE = ".venv/bin/heartline --data-dir ."


async def test_goodbye_names_the_command_this_run_was_started_with(data_dir: Path, make_session):
    workspace = Workspace(data_dir, [TEST_DECKS], seed=1, command=FROM_THE_CLONE)
    session = make_session()
    app = make_app(workspace, Autosave(workspace.store, session))
    messages: list[object] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        real_exit = app.exit
        app.exit = lambda *args, **kwargs: (  # type: ignore[method-assign]
            messages.append(kwargs.get("message")),
            real_exit(*args, **kwargs),
        )
        await pilot.press("ctrl+q")
        await pilot.pause()
    said = str(messages[0])
    name = next((data_dir / "saves").glob("*.toml")).name
    assert f"`{FROM_THE_CLONE} resume {name}`" in said
    assert "`heartline resume" not in said
