"""Shared fixtures: every test gets its own data folder, never the real user's."""

from __future__ import annotations

from pathlib import Path

import pytest

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
