"""`make play` installs only what playing needs; `make test` the dev extra; stamps apart."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def planned(target: str) -> list[str]:
    """The commands `make TARGET` would run from nothing (-B: as if nothing were built)."""
    done = subprocess.run(
        ["make", "-n", "-B", "--no-print-directory", target],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.splitlines()


def test_make_play_installs_heartline_without_the_dev_extra() -> None:
    lines = planned("play")
    installs = [line for line in lines if "pip install" in line and "--upgrade pip" not in line]
    assert installs == [".venv/bin/python -m pip install --quiet -e ."]
    assert not any("[dev]" in line for line in lines)
    assert lines[-1].startswith(".venv/bin/heartline --data-dir ")


def test_make_test_installs_the_dev_extra_under_its_own_stamp() -> None:
    play, test = planned("play"), planned("test")
    assert any("-e '.[dev]'" in line for line in test)
    play_stamps = {line for line in play if line.startswith("touch ")}
    test_stamps = {line for line in test if line.startswith("touch ")}
    assert play_stamps and test_stamps and not play_stamps & test_stamps


def test_readme_quick_start_is_the_two_make_commands_and_the_clone_path() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    first_block = quick.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()]
    assert commands == ["make play", "make test"]
    # The way from the clone to the command line is written down, in words that work there.
    assert ".venv/bin/heartline --data-dir . resume" in quick
