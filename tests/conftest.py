"""Shared fixtures: every test gets its own data folder, never the real user's."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from bad_input import RAW_CONTROL
from heartline import cli
from heartline.session import Session
from heartline.store import Autosave

REPO = Path(__file__).resolve().parent.parent
SHIPPED_DECKS = REPO / "decks"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private data folder; HOME and XDG folders point inside tmp as well."""
    data = tmp_path / "data"
    monkeypatch.setenv("HEARTLINE_DATA_DIR", str(data))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    return data


@pytest.fixture
def write_deck(tmp_path: Path):
    """Write a deck file from TOML text and return its path."""

    def write(text: str, name: str = "test-deck.toml", folder: Path | None = None) -> Path:
        target = (folder or tmp_path / "decks") / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    return write


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "packaging: builds the wheel; slower, but part of the normal suite"
    )


@dataclass
class Run:
    """What one `heartline` command did: its exit code and what it printed."""

    code: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):
    """Run `heartline ARGS...` in-process; never a traceback."""

    def run(*argv: str) -> Run:
        try:
            code = cli.main(list(argv))
        except SystemExit as exited:
            code = exited.code if isinstance(exited.code, int) else 1
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return Run(code, captured.out, captured.err)

    return run


def one_error_line(result: Run) -> str:
    """The single `heartline: ...` line a user error prints."""
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("heartline: ")
    return lines[0]


@pytest.fixture
def heartline(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run `heartline ...` in-process (never opening the screen); return (code, out, err)."""
    opened: list[Session | None] = []

    def stub(ws: object, active: Autosave | None = None) -> int:
        opened.append(active.session if active else None)
        if active:
            active.close()
        return 0

    monkeypatch.setattr(cli, "open_app", stub)

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        captured = capsys.readouterr()
        for output in (captured.out, captured.err):
            assert "Traceback" not in output
            assert not RAW_CONTROL.search(output)
        return code, captured.out, captured.err

    run.opened = opened  # type: ignore[attr-defined]
    return run
