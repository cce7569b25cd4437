"""The names corpus (tests/data/names.toml): each pair through the rules, the save's file name,
the command line and the journal. On screen: tests/tui/test_corpus_names.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bad_input import NAMES, RAW_CONTROL
from heartline.cards import MAX_NAME
from heartline.errors import ActionRefused
from heartline.journal import export
from heartline.save_format import load, read_summary
from heartline.session import check_names
from heartline.store import Store, file_name
from helpers import START, card, session

ACCEPTED = [name for name, entry in NAMES.items() if "file" in entry]
REFUSED = [name for name, entry in NAMES.items() if "refused" in entry]


def test_the_corpus_has_what_the_issue_asks_for() -> None:
    for asked in (
        "markup",
        "escape-sequences",
        "bidi-overrides",
        "zwj-emoji",
        "combining-marks",
        "forty-characters",
        "forty-one-characters",
        "path-separators",
        "dot-dot",
    ):
        assert asked in NAMES, asked
    for name, entry in NAMES.items():
        assert ("file" in entry) != ("refused" in entry), name
        assert len(entry["names"]) == 2, name
    assert max(len(n) for e in NAMES.values() if "file" in e for n in e["names"]) == MAX_NAME


@pytest.mark.parametrize("name", REFUSED)
def test_a_pair_that_wont_do_is_refused_with_a_kind_reason(name: str, run, data_dir: Path) -> None:
    entry = NAMES[name]
    with pytest.raises(ActionRefused, match=entry["refused"]):
        check_names(entry["names"])
    result = run("play", "--players", *entry["names"])
    assert result.code != 0
    assert entry["refused"] in result.err and not RAW_CONTROL.search(result.err)
    assert not list((data_dir / "saves").glob("*.toml"))


@pytest.mark.parametrize("name", ACCEPTED)
def test_a_pair_is_kept_exactly_and_its_file_stays_in_the_saves_folder(
    name: str, tmp_path: Path
) -> None:
    names = check_names(NAMES[name]["names"])
    assert names == tuple(n.strip() for n in NAMES[name]["names"])
    assert file_name(START, names) == NAMES[name]["file"]
    store = Store(tmp_path / "saves")
    game = session([card("a")], names=names)
    game.submit("hello")
    path = store.save(game)
    assert path.parent == store.folder and path.name == NAMES[name]["file"]
    assert read_summary(path).partners == names
    assert load(path).partners == names
    journal = export(load(path))
    assert not RAW_CONTROL.search(journal)


@pytest.mark.parametrize("name", ACCEPTED)
def test_play_from_the_command_line_with_the_pair(
    name: str, run, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from heartline import cli

    monkeypatch.setattr(cli, "open_app", lambda ws, active=None: active.close() or 0)
    names = NAMES[name]["names"]
    assert run("play", "--players", *names).code == 0
    [path] = (data_dir / "saves").glob("*.toml")
    assert path.name.endswith(NAMES[name]["file"].removeprefix("2026-02-14-2000"))
    assert load(path).partners == tuple(n.strip() for n in names)
    listed = run("saves", "list")
    assert listed.code == 0 and not RAW_CONTROL.search(listed.out)
