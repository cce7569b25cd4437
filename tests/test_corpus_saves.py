"""The bad-save corpus (tests/data/bad-saves): every entry through the list, resume and export.

Each broken save also goes through tests/test_bad_saves.py (its reason in the list, on
opening, in `saves list` and `resume`, and the file left alone); the screens are in
tests/tui/test_corpus_saves.py.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bad_input import (
    BASE_SAVE,
    BROKEN_BODIES,
    BROKEN_SAVES,
    ODD_SAVES,
    RAW_CONTROL,
    SAVES_COMMITTED,
    SAVES_CORPUS,
    SAVES_EXPECTED,
    SAVES_GENERATED,
    copy_saves,
    fingerprint,
    folder_fingerprint,
)
from heartline.deck import is_slug
from heartline.errors import SaveError
from heartline.journal import export
from heartline.save_format import load, read_summary
from heartline.store import Store

# What issue 11 asks the corpus to hold, by kind.
ASKED = {
    "CRLF line endings": "crlf-line-endings",
    "times without a UTC offset": "naive-times",
    "a huge timer": "seconds-huge",
    "a wrong-typed field": "status-as-number",
    "a wrong-typed field below the summary": "action-by-as-text",
    "cut short": "cut-in-half",
    "cut inside a character": "cut-inside-a-character",
    "no end mark": "end-mark-missing",
    "a FIFO": "fifo",
    "a link": "symlink-elsewhere",
    "a link to an endless device": "link-to-dev-zero",
    "a folder": "directory",
    "over 32 MiB": "over-32-mib",
    "a long head": "eight-mib-head",
    "not UTF-8": "not-utf-8",
    "NUL bytes": "zeros-in-the-summary",
    "a name over 40 characters": "partner-too-long",
    "hostile text that is kept": "hostile-text",
}


@pytest.fixture
def saves(data_dir: Path) -> Store:
    store = Store(data_dir / "saves")
    store.prepare()
    return store


def test_the_corpus_has_what_the_issue_asks_for() -> None:
    for kind, name in ASKED.items():
        assert name in SAVES_EXPECTED, f"no save for {kind}"
    generated = {name for name, entry in SAVES_EXPECTED.items() if entry.get("generated")}
    assert generated == set(SAVES_GENERATED)
    assert set(SAVES_EXPECTED) == set(SAVES_COMMITTED) | generated
    assert not set(SAVES_COMMITTED) & generated
    for name in SAVES_COMMITTED:
        assert is_slug(name), name
        data = (SAVES_CORPUS / f"{name}.toml").read_bytes()
        # Committed files stay plain text: valid UTF-8, no raw control but tab, CR and LF.
        assert b"\x00" not in data and len(data) < 64 * 1024, name
        assert not RAW_CONTROL.search(data.decode("utf-8").replace("\r", "")), name
    for name, entry in SAVES_EXPECTED.items():
        assert ("words" in entry) != bool(entry.get("loads")), name
        if entry.get("loads"):
            assert entry["partners"] and entry["text"], name
    assert set(BROKEN_SAVES) | set(BROKEN_BODIES) | set(ODD_SAVES) == set(SAVES_EXPECTED)
    assert len(SAVES_EXPECTED) >= 50


def test_the_corpus_base_is_a_save_heartline_resumes() -> None:
    session = load(BASE_SAVE)
    assert session.partners == ("Zoë", "Ben")
    assert session.current is not None and not session.finished


def test_the_whole_corpus_in_one_folder_is_listed_at_once_and_left_alone(
    saves: Store, tmp_path: Path
) -> None:
    made = copy_saves(saves.folder, tmp_path / "elsewhere")
    before = folder_fingerprint(saves.folder)
    started = time.monotonic()
    found, broken = saves.summaries()
    assert time.monotonic() - started < 5  # a 33 MiB save is not read, an 8 MiB head is linear
    assert sorted(summary.path for summary in found) == sorted(made[kind] for kind in ODD_SAVES)
    reasons = {error.path: error.reason for error in broken}
    for kind, entry in SAVES_EXPECTED.items():
        if entry.get("loads"):
            continue
        reason = reasons[made[kind]]
        for word in [*entry["words"], *entry.get("listed", [])]:
            assert word in reason, (kind, reason)
    saves.prepare()
    saves.summaries()  # again, from the index it wrote
    assert folder_fingerprint(saves.folder) == before


@pytest.mark.parametrize(
    "kind", [kind for kind, entry in SAVES_EXPECTED.items() if entry.get("opened")]
)
def test_a_save_whose_reason_differs_when_opened_says_so(
    kind: str, saves: Store, tmp_path: Path
) -> None:
    path = copy_saves(tmp_path / "one", tmp_path / "elsewhere")[kind]
    with pytest.raises(SaveError) as refused:
        load(path)
    for word in SAVES_EXPECTED[kind]["opened"]:
        assert word in refused.value.reason


@pytest.mark.parametrize("kind", ODD_SAVES)
def test_an_odd_save_heartline_accepts_lists_resumes_and_exports(
    kind: str, saves: Store, heartline
) -> None:
    expected = SAVES_EXPECTED[kind]
    partners = tuple(expected["partners"])
    path = saves.folder / f"2020-01-01-0000-{kind}.toml"
    path.write_bytes((SAVES_CORPUS / f"{kind}.toml").read_bytes())
    before = fingerprint(path)

    assert read_summary(path).partners == partners
    found, broken = saves.summaries()
    assert broken == [] and [summary.path for summary in found] == [path]
    session = load(path)
    assert session.partners == partners
    # A time without its offset is local time: every time can be compared with any other.
    assert session.started.tzinfo is not None and session.updated.tzinfo is not None
    assert all(action.at.tzinfo is not None for action in session.log)
    journal = export(session)
    for text in expected["text"]:
        assert text in journal, text

    code, out, _ = heartline("saves", "list")
    assert code == 0 and path.name in out and "can't read" not in out
    code, out, _ = heartline("saves", "export", path.name)
    assert code == 0
    for text in expected["text"]:
        assert text in out, text
    code, _, err = heartline("resume", path.name)
    assert code == 0, err
    [opened] = heartline.opened
    assert opened is not None and opened.partners == partners
    assert opened.state() == session.state()
    assert fingerprint(path) == before
