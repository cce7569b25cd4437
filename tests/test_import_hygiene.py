"""The core never imports textual, and resuming or dealing never imports pydantic.

The core modules are found by walking the package, so a module added tomorrow is checked
the day it is added.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import heartline

SCREEN_PACKAGE = "heartline.tui"


def core_modules() -> list[str]:
    found = [
        module.name
        for module in pkgutil.walk_packages(heartline.__path__, prefix="heartline.")
        if module.name != SCREEN_PACKAGE
        and not module.name.startswith(f"{SCREEN_PACKAGE}.")
        and module.name != "heartline.__main__"  # importing it runs heartline
    ]
    return sorted(found)


def loaded_after(code: str) -> set[str]:
    """The modules loaded by running `code` in a fresh interpreter."""
    probe = code + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)))\n"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    return set(result.stdout.split())


def of(package: str, modules: set[str]) -> list[str]:
    return sorted(name for name in modules if name == package or name.startswith(f"{package}."))


def test_the_walk_finds_every_core_module_file() -> None:
    package = Path(heartline.__file__).parent
    files = {
        path.stem for path in package.glob("*.py") if path.stem not in {"__init__", "__main__"}
    }
    found = {name.removeprefix("heartline.") for name in core_modules()}
    assert files <= found
    assert {"workspace", "save_format", "cards", "errors", "session"} <= found


def test_core_modules_do_not_import_textual() -> None:
    modules = core_modules()
    loaded = loaded_after("".join(f"import {module}\n" for module in modules))
    assert set(modules) <= loaded  # every one of them really was imported
    assert of("textual", loaded) == []


def test_core_imports_are_checked_for_real() -> None:
    # The checks here would pass vacuously if the subprocess could not see textual at all.
    assert "textual" in loaded_after("import textual")
    assert "pydantic" in loaded_after("import heartline.deck")


def test_resuming_a_save_and_dealing_import_no_pydantic() -> None:
    loaded = loaded_after(
        "import heartline.save_format, heartline.store, heartline.dealing, heartline.workspace"
    )
    assert of("pydantic", loaded) == []


def test_the_first_screen_needs_no_pydantic_and_no_play_screen() -> None:
    # Start-up speed (see benchmarks/): the home screen must not pay for deck validation.
    loaded = loaded_after("import heartline.cli, heartline.tui.app")
    assert of("pydantic", loaded) == []
    assert "heartline.tui.screens.play" not in loaded
    # Nor the answer box's TextArea, which brings tree-sitter: it is there when play starts.
    assert of("textual.document", loaded) == [] and of("tree_sitter", loaded) == []
