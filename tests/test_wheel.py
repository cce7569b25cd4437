"""The built wheel carries the shipped decks, and finds them once installed.

This builds a real wheel (hatchling, no network), so it takes a second; it is marked
`packaging` to say so, and it runs in the normal suite.
"""

from __future__ import annotations

import json
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


@pytest.mark.packaging
def test_installed_from_the_wheel_as_a_tool_it_finds_its_decks_and_schemas(
    tmp_path: Path,
) -> None:
    """What `pipx install .` and `uv tool install .` do, less the download: the wheel in a
    venv of its own, its `heartline` run from elsewhere with a fresh HOME and no data folder.

    The dependencies come from this venv through a path file placed after the fresh venv's
    own site-packages, so the heartline that runs is the wheel's (and never this clone's).
    """
    out = tmp_path / "dist"
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"),
            *("--quiet", "-w", str(out), str(REPO)),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = out.glob("heartline-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {
        "heartline/config.schema.json",
        "heartline/web/templates/app_index.html",
    } <= names
    tool = tmp_path / "tool"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(tool)], check=True, timeout=120
    )
    site = next((tool / "lib").glob("python3.*/site-packages"))
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "--python", str(tool / "bin" / "python")),
            *("install", "--quiet", "--no-deps", "--no-index", str(wheel)),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    here = next(Path(p) for p in sys.path if p.endswith("site-packages"))
    (site / "zz_dependencies.pth").write_text(f"{here}\n", encoding="utf-8")
    home = tmp_path / "home"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HEARTLINE_", "XDG_", "PYTHON", "VIRTUAL_ENV"))
    }
    env |= {"HOME": str(home), "PATH": f"{tool / 'bin'}:{env.get('PATH', '')}"}

    def heartline(*words: str) -> str:
        ran = subprocess.run(
            [str(tool / "bin" / "heartline"), *words],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        assert ran.returncode == 0, ran.stderr
        return ran.stdout

    where = heartline("config", "path")
    assert where.startswith(str(home))
    listed = heartline("decks", "list", "--json")
    decks = sorted(SHIPPED_DECKS.glob("*.toml"))
    rows = json.loads(listed)
    assert len(rows) == len(decks) and all(row["usable"] for row in rows)
    assert {Path(row["path"]).parent for row in rows} == {site / "heartline" / "decks"}
    assert '"$schema"' in heartline("decks", "schema")
    assert "heartline preferences" in heartline("config", "schema")
