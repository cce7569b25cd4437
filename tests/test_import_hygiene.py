"""The core never imports textual: the screen is a layer on top, not a dependency."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "heartline.cli",
    "heartline.deck",
    "heartline.deck_format",
    "heartline.dealing",
    "heartline.files",
    "heartline.journal",
    "heartline.library",
    "heartline.locations",
    "heartline.session",
    "heartline.store",
    "heartline.text",
]


def test_core_modules_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {module}\n" for module in CORE)
        + "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        + "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_core_imports_are_checked_for_real() -> None:
    # The check above would pass vacuously if the subprocess could not see textual at all.
    code = "import sys, textual; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "True"


def test_the_first_screen_needs_no_pydantic_and_no_play_screen() -> None:
    # Start-up speed (see benchmarks/): the home screen must not pay for deck validation.
    code = (
        "import sys, heartline.cli, heartline.tui.app\n"
        "print('pydantic' in sys.modules, 'heartline.tui.screens.play' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False False"


def test_the_command_line_knows_the_same_tips_as_the_deck_format() -> None:
    from heartline.cli import TIP_CHOICES
    from heartline.deck_format import TIPS

    assert TIP_CHOICES == TIPS
