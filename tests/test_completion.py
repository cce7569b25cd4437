"""Shell completion: each shell's script, its syntax, and the quick lister it calls back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SHIPPED_DECKS
from heartline import entry
from heartline.cli import build_parser
from heartline.completion import commands, names, script, walk

SHIPPED_IDS = sorted(path.stem for path in SHIPPED_DECKS.glob("*.toml"))
TOP_COMMANDS = ("play", "resume", "decks", "today", "history", "saves", "config", "completion")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shells_script_names_every_command(shell: str, run) -> None:
    done = run("completion", shell)
    assert done.code == 0
    for word in TOP_COMMANDS:
        assert word in done.out
    for word in ("validate", "export", "rename", "--players", "--max-level", "_complete"):
        assert word in done.out
    assert "_script" not in done.out  # hidden hooks stay hidden


def test_hidden_commands_stay_out_of_the_help_and_the_tree(run) -> None:
    assert "_complete" not in run("--help").out
    paths = {" ".join(node.path) for node in walk(commands(build_parser()))}
    assert "decks show" in paths and "saves export" in paths
    assert not any(path.startswith("_") for path in paths)


@pytest.mark.parametrize(
    ("shell", "check"),
    [("bash", ["bash", "-n"]), ("zsh", ["zsh", "-n"]), ("fish", ["fish", "--no-execute"])],
)
def test_the_script_is_valid_for_its_shell(shell: str, check: list[str], tmp_path: Path) -> None:
    if shutil.which(check[0]) is None:
        pytest.skip(f"{check[0]} is not installed")
    target = tmp_path / f"heartline.{shell}"
    target.write_text(script(shell, build_parser()), encoding="utf-8")
    done = subprocess.run([*check, str(target)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr


def saves_folder(data: Path) -> Path:
    folder = data / "saves"
    folder.mkdir(parents=True)
    for name in ("2026-02-14-ana-ben.toml", "2026-03-01-ana-ben.toml", "notes.txt", ".hidden.toml"):
        (folder / name).write_text("", encoding="utf-8")
    return folder


def test_the_lister_prints_deck_ids_and_save_names(data_dir: Path, write_deck) -> None:
    saves_folder(data_dir)
    write_deck("", name="our-own.toml", folder=data_dir / "decks")
    write_deck("", name="Not A Slug.toml", folder=data_dir / "decks")
    decks = names("decks")
    assert set(SHIPPED_IDS) <= set(decks)
    assert "our-own" in decks and "favorites" in decks and "Not A Slug" not in decks
    assert names("saves") == ["2026-02-14-ana-ben.toml", "2026-03-01-ana-ben.toml"]


def test_the_lister_answers_quickly_and_the_long_way_alike(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], run
) -> None:
    saves_folder(data_dir)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "from-extra.toml").write_text("", encoding="utf-8")
    for kind in ("decks", "saves"):
        assert entry.main(["--decks", str(extra), "_complete", kind]) == 0
        quick = capsys.readouterr().out
        assert run("--decks", str(extra), "_complete", kind).out == quick
    assert "from-extra" in run("--decks", str(extra), "_complete", "decks").out


def test_the_lister_never_loads_pydantic_or_textual(data_dir: Path) -> None:
    saves_folder(data_dir)
    probe = (
        "import sys\nfrom heartline.entry import main\nmain(['_complete', 'decks'])\n"
        "print('LOADED', sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', "
        "'textual', 'argparse', 'heartline.cli'}))\n"
    )
    env = {**os.environ, "HEARTLINE_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, env=env
    )
    assert "LOADED []" in done.stdout, done.stdout + done.stderr
    assert "first-date-night" in done.stdout


def test_the_lister_with_a_missing_data_folder_prints_decks_only(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    assert names("saves", str(missing)) == []
    assert "first-date-night" in names("decks", str(missing))


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_commands_deck_ids_and_saves(data_dir: Path, tmp_path: Path) -> None:
    saves_folder(data_dir)
    target = tmp_path / "heartline.bash"
    target.write_text(script("bash", build_parser()), encoding="utf-8")
    probe = f"""
source {target}
t() {{
    COMP_WORDS=("$@"); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); _heartline; echo "${{COMPREPLY[*]}}"
}}
t heartline ''
t heartline decks sh
t heartline play --players a b first-
t heartline --data-dir {data_dir} resume ''
t heartline decks new x --tip grat
t heartline completion z
"""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    env["HEARTLINE_DATA_DIR"] = str(tmp_path / "elsewhere")
    done = subprocess.run(
        ["bash", "-c", probe], capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path
    )
    lines = done.stdout.splitlines()
    assert lines[0].split()[:3] == ["play", "resume", "decks"], done.stderr
    assert lines[1:] == [
        "show",
        "first-date-night",
        "2026-02-14-ana-ben.toml 2026-03-01-ana-ben.toml",
        "gratitude",
        "zsh",
    ]
