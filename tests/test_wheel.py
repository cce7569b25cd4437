"""The built wheel carries the shipped decks, and finds them once installed.

This builds a real wheel (hatchling, no network), so it takes a second; it is marked
`packaging` to say so, and it runs in the normal suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, SHIPPED_DECKS

CORE = [
    "cli",
    "dealing",
    "deck",
    "deck_format",
    "files",
    "journal",
    "library",
    "locations",
    "session",
    "store",
    "text",
    "__init__",
    "__main__",
]


@pytest.mark.packaging
def test_the_wheel_holds_every_shipped_deck(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = out.glob("heartline-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        decks = sorted(SHIPPED_DECKS.glob("*.toml"))
        assert decks
        for deck in decks:
            inside = f"heartline/decks/{deck.name}"
            assert inside in names
            assert archive.read(inside) == deck.read_bytes()
        assert {f"heartline/{module}.py" for module in CORE} <= names
        archive.extractall(tmp_path / "installed")

    # Installed, the package finds its decks beside itself, not in a clone.
    code = (
        "from heartline.locations import shipped_decks_dir\n"
        "from heartline.library import Library\n"
        "folder = shipped_decks_dir()\n"
        "library = Library.scan([folder])\n"
        "print(folder)\n"
        "print(len(library.decks), len(library.unusable))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "installed")}
    found = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert found.returncode == 0, found.stderr
    folder, counts = found.stdout.splitlines()
    assert Path(folder) == tmp_path / "installed" / "heartline" / "decks"
    assert counts == f"{len(decks)} 0"
