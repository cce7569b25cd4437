"""In a browser (`heartline serve`), an exported journal is a download; in a terminal, a file."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from .conftest import SIZE


async def test_played_in_a_browser_the_journal_is_sent_to_it_as_a_download(
    build_app, make_session, store, data_dir: Path, monkeypatch
):
    session = make_session(cards=1)
    for text in ["Autumn", "Spring", "Your calm", "Your laugh"]:
        session.submit(text)
    path = store.save(session)
    app = build_app()
    delivered: list[tuple[str, dict[str, Any]]] = []

    def deliver_text(file: io.StringIO, **options: Any) -> str:
        delivered.append((file.getvalue(), options))
        return "key"

    monkeypatch.setattr(type(app), "is_web", property(lambda self: True))
    monkeypatch.setattr(app, "deliver_text", deliver_text)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.export_journal(session, path) is None
        await pilot.pause()
    ((text, options),) = delivered
    assert "Your laugh" in text and text.startswith("#")
    assert options["save_filename"] == f"{path.stem}.md"
    assert options["mime_type"] == "text/markdown"
    assert not (data_dir / "journal").exists()


async def test_in_a_terminal_the_journal_is_still_a_file(build_app, make_session, store, data_dir):
    session = make_session(cards=1)
    path = store.save(session)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.is_web
        written = app.export_journal(session, path)
    assert written == data_dir / "journal" / f"{path.stem}.md"
    assert written.is_file()
