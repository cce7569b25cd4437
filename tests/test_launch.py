"""Every command heartline prints works when pasted as it is, in the terminal it ran in."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from heartline.launch import command_prefix
from heartline.save_format import load
from heartline.workspace import Workspace
from test_cli import saved_game

VENV_HEARTLINE = Path(sys.executable).parent / "heartline"


@pytest.mark.parametrize(
    ("argv0", "data", "on_path", "expected"),
    [
        # `make play` from the clone: not on PATH, the clone is the data folder.
        (".venv/bin/heartline", "/clone", None, ".venv/bin/heartline --data-dir ."),
        ("/clone/.venv/bin/heartline", "/clone", None, ".venv/bin/heartline --data-dir ."),
        # Installed and found on PATH, default data folder.
        ("/usr/bin/heartline", None, "/usr/bin/heartline", "heartline"),
        # On PATH, but another data folder: it must be named again.
        ("/usr/bin/heartline", "/tmp/our games", "/usr/bin/heartline",
         "heartline --data-dir '/tmp/our games'"),
        # Started by path from elsewhere, with a data folder inside the current one.
        ("/opt/hl/bin/heartline", "/clone/sub", None, "/opt/hl/bin/heartline --data-dir sub"),
        # `python -m heartline`.
        ("/clone/src/heartline/__main__.py", None, None, "/usr/bin/python3 -m heartline"),
        ("/venv/lib/python3.11/site-packages/pytest/__main__.py", None, None, "heartline"),
        # A test harness or anything else: the plain name.
        ("/usr/bin/pytest", None, None, "heartline"),
    ],
)  # fmt: skip
def test_command_prefix(argv0: str, data: str | None, on_path: str | None, expected: str) -> None:
    found = on_path if on_path is not None else ""
    got = command_prefix(argv0, data, cwd=Path("/clone"), on_path=found, python="/usr/bin/python3")
    assert got == expected


def test_command_prefix_hides_control_characters() -> None:
    got = command_prefix("/usr/bin/heartline", "/tmp/\x1b[31mred", cwd=Path("/"), on_path="")
    assert "\x1b" not in got


def clone_env() -> dict[str, str]:
    """The environment of a terminal after `make play`: no data folder chosen by variable."""
    env = dict(os.environ)
    env.pop("HEARTLINE_DATA_DIR", None)
    env["PATH"] = "/usr/bin:/bin"  # the venv is not activated
    return env


def heartline(cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(VENV_HEARTLINE), *argv],
        cwd=cwd,
        env=clone_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def pasted(cwd: Path, command: str) -> subprocess.CompletedProcess[str]:
    """`command` pasted into a shell in `cwd`, as a person would."""
    return subprocess.run(
        command,
        shell=True,
        cwd=cwd,
        env=clone_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def quoted_commands(text: str) -> list[str]:
    return re.findall(r"`([^`]+)`", text)


@pytest.mark.skipif(not VENV_HEARTLINE.exists(), reason="needs the venv's heartline script")
def test_printed_commands_work_pasted_from_a_clone(tmp_path: Path) -> None:
    """`.venv/bin/heartline --data-dir .` as `make play` runs it: the hints it prints work."""
    clone = tmp_path / "clone"
    clone.mkdir()
    # No game in progress: the error names the folder it looked in and a command that works.
    result = heartline(clone, "--data-dir", ".", "resume")
    assert result.returncode == 1
    assert str(clone / "saves") in result.stderr
    [start] = quoted_commands(result.stderr)
    assert start.startswith(shlex.quote(str(VENV_HEARTLINE)) + " --data-dir .")

    # A finished session: the hint to read it works pasted as it is, and finds the save.
    _, path = saved_game(clone, finish=True)
    assert load(path).finished
    result = heartline(clone, "--data-dir", ".", "resume", path.name)
    assert result.returncode == 1
    [export] = quoted_commands(result.stderr)
    assert export.startswith(shlex.quote(str(VENV_HEARTLINE)) + " --data-dir . saves export")
    done = pasted(clone, export)
    assert done.returncode == 0, done.stderr
    assert "Ana" in done.stdout and "Ben" in done.stdout


@pytest.mark.skipif(not VENV_HEARTLINE.exists(), reason="needs the venv's heartline script")
def test_unknown_save_and_deck_name_the_folder_looked_in(tmp_path: Path) -> None:
    result = heartline(tmp_path, "--data-dir", ".", "resume", "nothing-here")
    assert result.returncode == 1
    assert str(tmp_path / "saves") in result.stderr
    result = heartline(tmp_path, "--data-dir", ".", "play", "nope", "--players", "A", "B")
    assert result.returncode == 1
    assert str(REPO / "decks") in result.stderr


def test_workspace_keeps_the_command() -> None:
    assert Workspace(Path("/x")).command == "heartline"
    assert Workspace(Path("/x"), command="hl --data-dir .").command == "hl --data-dir ."
