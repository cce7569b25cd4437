"""`heartline` and `heartline resume` skip the parser: they must read exactly as it does."""

from __future__ import annotations

import argparse

import pytest

from heartline.cli import build_parser, quick_args

SAME = [
    [],
    ["--data-dir", "d"],
    ["--decks", "a", "--decks", "b"],
    ["--decks", "a", "--data-dir", "d", "--decks", "b"],
    ["resume"],
    ["resume", "our-evening.toml"],
    ["resume", "resume"],
    ["--data-dir", "d", "--decks", "x", "resume", "saves/ours.toml"],
    ["--data-dir", ""],
]


def wanted(namespace: argparse.Namespace) -> dict[str, object]:
    keys = ("data_dir", "decks", "run", "save")
    return {key: getattr(namespace, key, None) for key in keys}


@pytest.mark.parametrize("argv", SAME, ids=" ".join)
def test_the_quick_reading_is_the_parsers(argv: list[str]) -> None:
    quick = quick_args(argv)
    assert quick is not None
    assert wanted(quick) == wanted(build_parser().parse_args(argv))


LEFT_TO_THE_PARSER = [
    ["--help"],
    ["--version"],
    ["play", "--players", "A", "B"],
    ["resume", "--decks", "x"],  # a subcommand's own --decks
    ["resume", "--help"],
    ["resume", "a.toml", "b.toml"],
    ["--data-dir"],
    ["--data-dir", "a", "--data-dir", "b"],
    ["--data-dir=d"],
    ["--data", "d"],  # argparse's abbreviations
    ["--data-dir", "-x"],
    ["decks", "list"],
    ["today", "--nudge"],
]


@pytest.mark.parametrize("argv", LEFT_TO_THE_PARSER, ids=" ".join)
def test_anything_else_goes_to_the_parser(argv: list[str]) -> None:
    assert quick_args(argv) is None
