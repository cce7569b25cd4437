"""The manual page: `make man` writes it from the parser, it renders cleanly, the wheel has it."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO
from heartline.cli import build_parser

pytest.importorskip("argparse_manpage")
SHIPPED_PAGE = REPO / "man" / "heartline.1"


def every_command(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[str]:
    """`heartline decks show`, ...: every command people can type (hidden ones left out)."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if not name.startswith("_"):
                    found.append(" ".join(("heartline", *path, name)))
                    found += every_command(sub, (*path, name))
    return found


def rendered(page: Path) -> str:
    """The page as `man` shows it, failing on any groff warning or error."""
    if shutil.which("groff") is None:
        pytest.skip("groff is not installed")
    done = subprocess.run(
        ["groff", "-man", "-Tascii", "-ww", "-rLL=80n", str(page)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "LC_ALL": "C"},
    )
    assert done.returncode == 0 and not done.stderr, done.stderr
    return done.stdout


def plain(text: str) -> str:
    """groff's bold and underline (overstrikes) taken away, lines joined."""
    while "\b" in text:
        at = text.index("\b")
        text = text[: at - 1] + text[at + 1 :]
    return " ".join(text.split())


def test_the_build_writes_a_page_that_renders_and_names_every_command(tmp_path: Path) -> None:
    target = tmp_path / "heartline.1"
    built = subprocess.run(
        [sys.executable, str(REPO / "man" / "build.py"), str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr
    text = plain(rendered(target))
    commands = every_command(build_parser())
    assert "heartline decks show" in commands and "heartline completion" in commands
    for command in commands:
        assert command in text
    assert "_script" not in text and "_complete" not in text
    for words in ("HEARTLINE_DATA_DIR", "NO_COLOR", "EDITOR", "--players", "--max-level"):
        assert words in text


@pytest.mark.skipif(shutil.which("man") is None, reason="man is not installed")
def test_man_reads_the_shipped_page_without_complaint() -> None:
    done = subprocess.run(
        ["man", "-l", str(SHIPPED_PAGE)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "MANPAGER": "cat", "PAGER": "cat", "MANWIDTH": "80", "LC_ALL": "C"},
    )
    assert done.returncode == 0 and not done.stderr, done.stderr
    assert "heartline resume" in plain(done.stdout)


def test_the_shipped_page_is_current() -> None:
    """A command added without `make man` is caught here."""
    text = plain(rendered(SHIPPED_PAGE))
    for command in every_command(build_parser()):
        assert command in text, f"{command} is not in man/heartline.1: run `make man`"


@pytest.mark.packaging
def test_the_wheel_installs_the_page_under_share_man(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet"]
    built = subprocess.run(
        [*pip, "-w", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = out.glob("heartline-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        inside = [
            name for name in archive.namelist() if name.endswith("share/man/man1/heartline.1")
        ]
        assert inside == ["heartline-0.1.0.data/data/share/man/man1/heartline.1"]
        assert archive.read(inside[0]) == SHIPPED_PAGE.read_bytes()
