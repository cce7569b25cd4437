"""`heartline config show/path/schema`, a game started from the command line remembered, and
the mouse preference reaching the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from heartline.preferences import CoupleChoices, Preferences, config_file, schema_text


def test_config_path_names_the_file_in_the_data_folder(run, data_dir: Path) -> None:
    result = run("config", "path")
    assert result.code == 0
    assert result.out == f"{config_file(data_dir).absolute()}\n"
    assert not config_file(data_dir).exists()  # asking writes nothing


def test_config_path_follows_data_dir(run, tmp_path: Path) -> None:
    result = run("--data-dir", str(tmp_path / "elsewhere"), "config", "path")
    assert result.out.strip() == str(tmp_path / "elsewhere" / "config.toml")


def test_config_show_prints_the_defaults_before_anything_is_written(run) -> None:
    result = run("config", "show")
    assert result.code == 0 and result.err == ""
    assert "not written yet" in result.out
    assert "theme: the usual (textual-dark)" in result.out
    assert "reduced motion: off" in result.out and "mouse: on" in result.out
    assert "couples: none yet" in result.out


def test_config_show_prints_every_couple_and_who_played_last(run, data_dir: Path) -> None:
    preferences = Preferences.load(config_file(data_dir))
    preferences.set(theme="nord", mouse=False)
    preferences.remember(CoupleChoices(names=("Sam", "Kim"), decks=("check-in",), length=None))
    preferences.remember(
        CoupleChoices(
            names=("Ana", "Ben"),
            decks=("gratitude", "empathy"),
            max_level=2,
            leave_out=("past-hurt",),
            first_lead="Ana",
        )
    )
    out = run("config", "show").out
    assert "theme: nord" in out and "mouse: off" in out
    assert "Ana & Ben  (played last)" in out
    assert "decks: gratitude, empathy" in out and "depth: 2 (deeper)" in out
    assert "leave out: past-hurt" in out
    assert "led first last time: Ana (Ben starts next)" in out
    assert "Sam & Kim\n" in out and "cards: all" in out
    assert out.index("Ana & Ben") < out.index("Sam & Kim")


def test_config_show_prints_names_safely(run, data_dir: Path) -> None:
    hostile = "\x1b]0;owned\x07[bold]Eve"
    Preferences.load(config_file(data_dir)).remember(CoupleChoices(names=(hostile, "Bob")))
    out = run("config", "show").out
    assert "\x1b" not in out and "\x07" not in out
    assert "␛]0;owned␇[bold]Eve & Bob" in out


def test_config_show_warns_once_on_stderr_with_line_and_column(run, data_dir: Path) -> None:
    data_dir.mkdir()
    path = config_file(data_dir)
    path.write_text('theme = "nord"\n\nmouse = "yes"\ncolour = 1\n', encoding="utf-8")
    result = run("config", "show")
    assert result.code == 0
    [warning] = result.err.splitlines()
    assert warning.startswith(f"heartline: {path}:3:1: `mouse` must be true or false")
    assert "(and 1 more problem)" in warning
    assert "theme: nord" in result.out and "mouse: on" in result.out  # defaults where wrong
    assert f"{path}:4:1: `colour` is not a setting" in result.out
    assert path.read_text(encoding="utf-8").startswith('theme = "nord"')


def test_config_show_says_why_a_link_is_left_alone(run, data_dir: Path, tmp_path: Path) -> None:
    data_dir.mkdir()
    config_file(data_dir).symlink_to(tmp_path / "elsewhere.toml")
    result = run("config", "show")
    assert result.code == 0
    assert "it is a link" in result.err and len(result.err.splitlines()) == 1


def test_config_schema_prints_the_committed_schema(run, tmp_path: Path) -> None:
    assert run("config", "schema").out == schema_text()
    target = tmp_path / "config.schema.json"
    result = run("config", "schema", "-o", str(target))
    assert result.code == 0 and json.loads(target.read_text(encoding="utf-8"))["properties"]


def test_a_game_started_with_play_is_remembered(
    run, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from heartline import cli

    monkeypatch.setattr(cli, "open_app", lambda ws, autosave=None: 0)
    result = run(
        "play", "gratitude", "empathy", "--players", "Ana", "Ben", "--cards", "5", "--first", "Ben"
    )
    assert result.code == 0, result.err
    choices = Preferences.load(config_file(data_dir)).last_couple
    assert choices == CoupleChoices(
        names=("Ana", "Ben"), decks=("gratitude", "empathy"), length=5, first_lead="Ben"
    )


@pytest.mark.parametrize("mouse", [True, False])
def test_the_app_runs_with_the_mouse_as_remembered(
    run, data_dir: Path, monkeypatch: pytest.MonkeyPatch, mouse: bool
) -> None:
    from heartline.tui.app import HeartlineApp

    Preferences.load(config_file(data_dir)).set(mouse=mouse)
    seen: dict[str, object] = {}

    def fake_run(self: HeartlineApp, **options: object) -> None:
        seen.update(options)

    monkeypatch.setattr(HeartlineApp, "run", fake_run)
    assert run().code == 0
    assert seen["mouse"] is mouse
