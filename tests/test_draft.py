"""The deck editor's model: editing, checking and saving a deck without any screen."""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path

import pytest

from conftest import REPO, SHIPPED_DECKS
from heartline.authoring import AuthoringError, clean_deck, schema_text
from heartline.deck import Issue, check, load_deck
from heartline.deck_format import DECK_KEYS
from heartline.draft import SCHEMA_REF, CardEntry, DeckDraft

SCHEMA = schema_text()
HAND_WRITTEN = sorted(SHIPPED_DECKS.glob("*.toml")) + sorted(
    (REPO / "tests" / "data" / "decks").glob("*.toml")
)


def own_issues(draft: DeckDraft) -> list[Issue]:
    """The problems with the deck's own keys, not with any card."""
    return [issue for issue in draft.check().issues if issue.card is None]


def card_issues(draft: DeckDraft, index: int) -> list[Issue]:
    return [issue for issue in draft.check().issues if issue.card == index]


def ids(draft: DeckDraft) -> list[str]:
    return [str(entry.data.get("id")) for entry in draft.cards]


def filled(*prompts: str) -> DeckDraft:
    """A new draft with one question card per prompt, its id made from the prompt."""
    draft = DeckDraft.new("our-deck", "Our deck")
    for prompt in prompts:
        draft.set_card(draft.add_card(), "prompt", prompt)
    return draft


def saved_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# --- new and open ------------------------------------------------------------------------


def test_a_new_draft_has_a_title_and_no_cards_yet() -> None:
    draft = DeckDraft.new("our-deck", "Our deck")
    assert draft.id == "our-deck"
    assert draft.fields == {"format": 1, "title": "Our deck", "order": "escalate"}
    assert draft.cards == []
    assert draft.path is None
    assert draft.changed
    assert [issue.key for issue in own_issues(draft)] == ["cards"]
    assert not draft.check().usable


def test_open_a_deck_file(write_deck) -> None:
    path = write_deck(
        '# mine\ntitle = "Ours"\n[[cards]]\nid = "a"\nprompt = "Why?"\nlevel = 2\n', "ours.toml"
    )
    draft = DeckDraft.open(path)
    assert draft.id == "ours"
    assert draft.path == path
    assert not draft.changed
    assert draft.fields == {"title": "Ours"}
    assert draft.cards == [CardEntry({"id": "a", "prompt": "Why?", "level": 2})]
    assert not draft.can_undo
    assert DeckDraft.open(path, "other").id == "other"


def test_open_a_deck_file_that_starts_with_a_byte_order_mark(write_deck) -> None:
    # Some editors on Windows write one; the game reads such a deck, so the editor must too.
    path = write_deck('\ufefftitle = "Ours"\n[[cards]]\nid = "a"\nprompt = "Why?"\n')
    assert load_deck(path).problems == ()
    assert DeckDraft.open(path).fields == {"title": "Ours"}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('title = "Ours\n', "can't be opened in the editor"),
        ("cards = 3\n", "`cards` must be a list of [[cards]] tables"),
        ('cards = ["a"]\n', "`cards` must be a list of [[cards]] tables"),
        ("[cards]\nid = 'a'\n", "`cards` must be a list of [[cards]] tables"),
    ],
    ids=["not toml", "a number", "a list of text", "a table"],
)
def test_open_refuses_what_a_draft_cannot_hold(write_deck, text: str, words: str) -> None:
    with pytest.raises(AuthoringError, match=re.escape(words)):
        DeckDraft.open(write_deck(text))


def test_open_a_file_that_is_not_utf8_or_missing(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes('title = "Ça"\n'.encode("latin-1"))
    with pytest.raises(AuthoringError, match="can't be opened in the editor"):
        DeckDraft.open(path)
    with pytest.raises(AuthoringError, match="can't be opened in the editor"):
        DeckDraft.open(tmp_path / "missing.toml")


def test_a_deck_without_cards_opens_with_none(write_deck) -> None:
    draft = DeckDraft.open(write_deck('title = "Ours"\n'))
    assert draft.cards == []


def test_copy_as_makes_an_unsaved_twin(write_deck) -> None:
    draft = DeckDraft.open(write_deck('title = "Ours"\n[[cards]]\nid = "a"\nprompt = "Why?"\n'))
    draft.delete(0)
    draft.undo_delete()
    twin = draft.copy_as("our-copy", "Our copy")
    assert (twin.id, twin.fields["title"], twin.path, twin.changed) == (
        "our-copy",
        "Our copy",
        None,
        True,
    )
    assert twin.cards == draft.cards
    assert not twin.can_undo
    twin.set_card(0, "prompt", "Changed?")
    assert draft.cards[0].data["prompt"] == "Why?"
    assert draft.fields["title"] == "Ours"


# --- deck keys ---------------------------------------------------------------------------


def test_set_field_sets_and_removes_deck_keys() -> None:
    draft = DeckDraft.new("our-deck", "Our deck")
    draft.changed = False
    draft.set_field("title", "Our deck")
    assert not draft.changed
    draft.set_field("tip", "gratitude")
    assert draft.fields["tip"] == "gratitude"
    assert draft.changed
    for empty in ("", None, []):
        draft.set_field("tip", "empathy")
        draft.set_field("tip", empty)
        assert "tip" not in draft.fields
    draft.changed = False
    draft.set_field("description", "")  # not there, and still not there
    assert "description" not in draft.fields
    assert not draft.changed


def test_deck_issues_are_the_decks_own() -> None:
    draft = filled("Why?")
    draft.set_field("title", "")
    draft.set_field("tip", "romance")
    draft.set_card(0, "level", 7)
    assert sorted(str(issue.key) for issue in own_issues(draft)) == ["tip", "title"]
    assert [issue.key for issue in card_issues(draft, 0)] == ["level"]


# --- ids follow the prompt until saved ---------------------------------------------------


def test_a_new_card_takes_its_id_from_its_prompt_as_it_is_typed() -> None:
    draft = DeckDraft.new("our-deck", "Our deck")
    index = draft.add_card()
    assert draft.cards[index].data == {"id": "", "prompt": "", "kind": "question", "level": 1}
    assert draft.cards[index].id_follows_prompt
    for typed in ("W", "What", "What made you smile?"):
        draft.set_card(index, "prompt", typed)
    assert draft.cards[index].data["id"] == "what-made-you-smile"
    draft.set_card(index, "prompt", "")
    assert draft.cards[index].data == {"id": "", "prompt": "", "kind": "question", "level": 1}


def test_a_made_id_is_unique_and_short() -> None:
    draft = filled("Why?", "Why?", "Why?")
    draft.set_card(
        draft.add_card(), "prompt", "What is one thing you would love us to try together?"
    )
    assert ids(draft) == ["why", "why-2", "why-3", "what-is-one-thing-you-would"]
    assert all(len(card_id) <= 30 for card_id in ids(draft))
    assert draft.check().issues == []


def test_a_prompt_without_letters_still_makes_an_id() -> None:
    draft = filled("???", "你好？")
    assert ids(draft) == ["card", "card-2"]
    assert draft.check().issues == []


def test_the_id_stays_when_the_prompt_is_edited_after_saving(tmp_path: Path) -> None:
    draft = filled("What made you smile?")
    draft.save(tmp_path / "decks", SCHEMA)
    assert not draft.cards[0].id_follows_prompt
    draft.set_card(0, "prompt", "What made you laugh today?")
    assert draft.cards[0].data == {
        "id": "what-made-you-smile",
        "prompt": "What made you laugh today?",
        "kind": "question",
        "level": 1,
    }
    assert draft.changed


def test_a_card_saved_before_its_prompt_was_typed_still_gets_an_id(tmp_path: Path) -> None:
    # A card without an id can't be named by any save yet, so its id may still follow.
    draft = DeckDraft.new("our-deck", "Our deck")
    index = draft.add_card()
    draft.save(tmp_path / "decks", SCHEMA)
    draft.set_card(index, "prompt", "What now?")
    assert draft.cards[index].data["id"] == "what-now"
    draft.save(tmp_path / "decks", SCHEMA)
    draft.set_card(index, "prompt", "What next?")
    assert draft.cards[index].data["id"] == "what-now"


def test_typing_an_id_stops_it_following_the_prompt() -> None:
    draft = filled("What made you smile?")
    draft.set_card(0, "id", "smile")
    draft.set_card(0, "prompt", "What made you laugh?")
    assert draft.cards[0].data["id"] == "smile"
    draft.set_card(0, "id", "")
    draft.set_card(0, "prompt", "What made you cry?")
    assert draft.cards[0].data["id"] == ""
    assert [issue.key for issue in card_issues(draft, 0)] == ["id"]


def test_cards_of_an_opened_deck_keep_their_ids(write_deck) -> None:
    draft = DeckDraft.open(write_deck('title = "T"\n[[cards]]\nid = "a"\nprompt = "Why?"\n'))
    draft.set_card(0, "prompt", "Why not?")
    assert draft.cards[0].data == {"id": "a", "prompt": "Why not?"}


# --- changing cards ----------------------------------------------------------------------


def test_set_card_sets_and_removes_keys() -> None:
    draft = filled("Why?")
    draft.changed = False
    draft.set_card(0, "level", 1)
    assert not draft.changed
    draft.set_card(0, "seconds", 30)
    draft.set_card(0, "tags", ["home"])
    assert draft.cards[0].data["seconds"] == 30
    assert draft.changed
    draft.set_card(0, "seconds", None)
    draft.set_card(0, "tags", [])
    draft.set_card(0, "follow_up", "")
    assert draft.cards[0].data == {"id": "why", "prompt": "Why?", "kind": "question", "level": 1}
    draft.set_card(0, "prompt", None)
    assert draft.cards[0].data["prompt"] == ""


def test_add_card_places_it_and_gives_an_exercise_a_timer() -> None:
    draft = filled("One?", "Two?")
    index = draft.add_card("exercise", after=0)
    assert index == 1
    assert draft.cards[1].data == {
        "id": "",
        "prompt": "",
        "kind": "exercise",
        "level": 1,
        "seconds": 60,
    }
    assert draft.add_card() == 3
    assert draft.add_card("mirror", after=-1) == 0
    assert [entry.data["kind"] for entry in draft.cards] == [
        "mirror",
        "question",
        "exercise",
        "question",
        "question",
    ]


def test_duplicate_puts_a_copy_with_a_new_id_right_after() -> None:
    draft = filled("One?", "Two?")
    draft.set_card(0, "tags", ["home"])
    assert draft.duplicate(0) == 1
    assert draft.duplicate(0) == 1
    assert ids(draft) == ["one", "one-copy-2", "one-copy", "two"]
    copy = draft.cards[1]
    assert copy.data["prompt"] == "One?"
    assert not copy.id_follows_prompt
    copy.data["tags"].append("changed")
    assert draft.cards[0].data["tags"] == ["home"]
    draft.set_card(1, "prompt", "Another?")
    assert draft.cards[1].data["id"] == "one-copy-2"
    assert draft.check().issues == []


def test_duplicate_a_card_without_an_id() -> None:
    draft = DeckDraft.new("our-deck", "Our deck")
    draft.add_card()
    draft.duplicate(0)
    assert ids(draft) == ["", "card-copy"]
    draft.cards[0].data["prompt"] = "What now?"
    draft.duplicate(0)
    assert ids(draft) == ["", "what-now-copy", "card-copy"]


def test_a_copy_of_a_card_with_the_longest_id_still_has_a_valid_id() -> None:
    draft = filled("Why?")
    long_id = "-".join(["word"] * 12)  # 59 characters
    draft.set_card(0, "id", long_id)
    draft.duplicate(0)
    draft.duplicate(0)
    assert draft.check().issues == []
    assert all(len(card_id) <= 60 for card_id in ids(draft))
    assert len(set(ids(draft))) == 3


def test_delete_and_undo_put_cards_back_where_they_were() -> None:
    draft = filled("One?", "Two?", "Three?", "Four?")
    first, second = draft.cards[1], draft.cards[3]
    assert not draft.can_undo
    draft.delete(1)
    draft.delete(2)
    assert ids(draft) == ["one", "three"]
    assert draft.can_undo
    assert draft.undo_delete() == 2
    assert draft.cards[2] is second
    assert draft.undo_delete() == 1
    assert draft.cards[1] is first
    assert ids(draft) == ["one", "two", "three", "four"]
    assert not draft.can_undo
    assert draft.undo_delete() is None


def test_undo_puts_a_card_back_at_its_place_after_other_edits() -> None:
    draft = filled("One?", "Two?", "Three?")
    draft.delete(2)
    draft.set_card(draft.add_card(after=-1), "prompt", "Zero?")
    draft.move(0, 1)
    assert ids(draft) == ["one", "zero", "two"]
    assert draft.undo_delete() == 2
    assert ids(draft) == ["one", "zero", "three", "two"]


def test_undo_of_every_card_in_any_order_gives_the_deck_back() -> None:
    draft = filled("One?", "Two?", "Three?")
    for index in (1, 1, 0):
        draft.delete(index)
    assert draft.cards == []
    assert [draft.undo_delete() for _ in range(3)] == [0, 1, 1]
    assert ids(draft) == ["one", "two", "three"]


def test_delete_and_undo_mark_the_draft_changed() -> None:
    draft = filled("One?")
    draft.changed = False
    draft.delete(0)
    assert draft.changed
    draft.changed = False
    draft.undo_delete()
    assert draft.changed


def test_move_up_and_down_stops_at_the_ends() -> None:
    draft = filled("One?", "Two?", "Three?")
    draft.changed = False
    assert draft.move(0, -1) == 0
    assert draft.move(2, 1) == 2
    assert not draft.changed
    assert draft.move(0, 1) == 1
    assert ids(draft) == ["two", "one", "three"]
    assert draft.changed
    assert draft.move(1, 1) == 2
    assert ids(draft) == ["two", "three", "one"]
    assert draft.move(2, -5) == 0
    assert ids(draft) == ["one", "two", "three"]


# --- checking: the same rules as validate ------------------------------------------------


def test_a_deck_with_problems_still_saves_as_a_draft(tmp_path: Path) -> None:
    draft = filled("Why?", "Why not?")
    draft.set_field("tip", "romance")
    draft.set_card(0, "level", 7)
    draft.set_card(1, "id", "Why Not")
    draft.add_card()
    assert draft.check().issues
    path = draft.save(tmp_path / "decks", SCHEMA)
    assert path == tmp_path / "decks" / "our-deck.toml"
    assert path.is_file()
    assert not draft.changed


def test_the_saved_file_has_the_problems_the_draft_showed(tmp_path: Path) -> None:
    draft = filled("Why?", "Why not?", "And you?", "Really?")
    draft.set_field("tip", "romance")
    draft.set_field("colour", "red")
    draft.set_card(1, "id", "Why Not")
    draft.set_card(1, "seconds", 2)
    draft.set_card(2, "id", "why")
    draft.set_card(3, "level", 7)
    shown = sorted(issue.message for issue in draft.check().issues)
    path = draft.save(tmp_path / "decks", SCHEMA)
    report = load_deck(path)
    assert sorted(problem.message for problem in report.problems) == shown
    assert len(shown) == 6


def test_empty_keys_are_reported_at_the_same_places_once_saved(tmp_path: Path) -> None:
    # The draft holds "" where the file leaves a key out: the words differ, the places don't.
    draft = filled("Why?")
    draft.add_card()
    draft.set_field("title", "")
    places = [(issue.card, issue.key) for issue in draft.check().issues]
    assert places == [(None, "title"), (1, "id"), (1, "prompt")]
    path = draft.save(tmp_path / "decks", SCHEMA)
    reread = tomllib.loads(saved_text(path))
    assert [(issue.card, issue.key) for issue in check(reread).issues] == places


# --- saving ------------------------------------------------------------------------------


def test_save_writes_the_deck_and_the_schema_beside_it(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "decks"
    draft = filled("What made you smile?")
    path = draft.save(folder, SCHEMA)
    assert path == folder / "our-deck.toml"
    assert draft.path == path
    assert not draft.changed
    assert (folder / "deck.schema.json").read_text(encoding="utf-8") == SCHEMA
    assert saved_text(path) == draft.text()
    assert saved_text(path).startswith(f"#:schema {SCHEMA_REF}\n\n")
    assert load_deck(path).problems == ()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # private, like saves
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert sorted(item.name for item in folder.iterdir()) == ["deck.schema.json", "our-deck.toml"]


def test_save_replaces_a_stale_schema_and_leaves_a_current_one(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    schema_file = folder / "deck.schema.json"
    schema_file.write_text("{}", encoding="utf-8")
    draft = filled("Why?")
    draft.save(folder, SCHEMA)
    assert schema_file.read_text(encoding="utf-8") == SCHEMA
    before = schema_file.stat().st_ino
    draft.set_card(0, "prompt", "Why not?")
    draft.save(folder, SCHEMA)
    assert schema_file.stat().st_ino == before


def test_save_replaces_the_file_in_one_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "decks"
    draft = filled("Why?")
    path = draft.save(folder, SCHEMA)
    before = saved_text(path)
    draft.set_card(0, "prompt", "Why not?")

    def refuse(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    with (
        monkeypatch.context() as patched,
        pytest.raises(AuthoringError, match=r"can't write .*our-deck.toml: No space left"),
    ):
        patched.setattr(os, "replace", refuse)
        draft.save(folder, SCHEMA)
    assert saved_text(path) == before
    assert sorted(item.name for item in folder.iterdir()) == ["deck.schema.json", "our-deck.toml"]
    assert draft.changed


def test_save_into_a_place_that_is_a_file_is_an_authoring_error(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    draft = filled("Why?")
    with pytest.raises(AuthoringError, match="can't write"):
        draft.save(blocker, SCHEMA)
    assert draft.path is None
    assert draft.changed


@pytest.mark.parametrize("deck_id", ["Our Deck", "", "../escape", "our_deck"])
def test_save_refuses_an_id_that_is_not_a_file_name(tmp_path: Path, deck_id: str) -> None:
    draft = DeckDraft.new(deck_id, "Ours")
    with pytest.raises(AuthoringError, match="can't be a deck's file name"):
        draft.save(tmp_path / "decks", SCHEMA)
    assert not (tmp_path / "decks").exists()


def test_the_file_keeps_deck_keys_first_cards_in_order_and_no_empty_keys() -> None:
    draft = DeckDraft.new("our-deck", "Our deck")
    for prompt in ("Third?", "First?", "Second?"):
        draft.set_card(draft.add_card(), "prompt", prompt)
    draft.move(0, 2)
    draft.set_field("tags", ["home"])
    draft.set_field("description", "For us.")
    draft.set_card(0, "follow_up", "")
    draft.set_card(1, "tags", [])
    draft.add_card()
    text = draft.text()
    lines = text.splitlines()
    first_card = lines.index("[[cards]]")
    top_keys = [line.split(" = ")[0] for line in lines[1:first_card] if " = " in line]
    assert top_keys == [key for key in DECK_KEYS if key in top_keys]
    assert top_keys == ["format", "title", "description", "tags"]
    assert [line for line in lines if line.startswith("prompt")] == [
        'prompt = "First?"',
        'prompt = "Second?"',
        'prompt = "Third?"',
    ]
    assert lines.count("[[cards]]") == 4
    for empty in ('= ""', "= []", "= {}"):
        assert empty not in text
    assert "order" not in text  # the default is left out
    assert "kind" not in text
    assert tomllib.loads(text) == clean_deck(draft.raw())


# --- round trips -------------------------------------------------------------------------


def test_a_deck_saved_by_the_editor_loads_back_equal_to_what_was_edited(tmp_path: Path) -> None:
    draft = DeckDraft.new("our-deck", "Our deck")
    draft.set_field("description", "Small things.\nAnd big ones.")
    draft.set_field("tip", "quality-time")
    draft.set_field("order", "fixed")
    draft.set_field("skippable", False)
    draft.set_field("tags", ["home"])
    draft.set_card(draft.add_card(), "prompt", 'What did "we" do\tlast Sunday?')
    index = draft.add_card("exercise")
    draft.set_card(index, "prompt", "Hold hands for a minute.")
    draft.set_card(index, "level", 2)
    draft.set_card(index, "follow_up", "How was that?")
    index = draft.add_card("question")
    draft.set_card(index, "prompt", "Ünïcödé 💞?")
    draft.set_card(index, "answer", "lead")
    draft.set_card(index, "level", 3)
    draft.set_card(index, "tags", ["deep", "home"])
    assert draft.check().issues == []
    edited = draft.raw()

    path = draft.save(tmp_path / "decks", SCHEMA)
    again = DeckDraft.open(path)
    assert again.id == draft.id
    assert again.raw() == clean_deck(edited)
    assert again.check().header == check(edited).header
    assert again.check().cards == check(edited).cards
    assert again.text() == draft.text()
    deck = load_deck(path).deck
    assert deck is not None
    assert [card.prompt for card in deck.cards] == [
        'What did "we" do\tlast Sunday?',
        "Hold hands for a minute.",
        "Ünïcödé 💞?",
    ]
    assert deck.description == "Small things.\nAnd big ones."


@pytest.mark.parametrize("path", HAND_WRITTEN, ids=lambda path: path.stem)
def test_a_hand_written_deck_saved_without_changes_keeps_its_meaning(
    path: Path, tmp_path: Path
) -> None:
    draft = DeckDraft.open(path)
    saved = draft.save(tmp_path / "decks", SCHEMA)
    before, after = load_deck(path), load_deck(saved)
    assert before.deck is not None and after.deck is not None
    assert after.problems == ()
    fields = ("title", "description", "how_to", "tip", "author", "order", "skippable", "tags")
    for name in fields:
        assert getattr(after.deck, name) == getattr(before.deck, name), name
    assert after.deck.cards == before.deck.cards
    assert DeckDraft.open(saved).text() == saved_text(saved)  # saving again changes nothing


def test_a_hand_written_deck_with_problems_keeps_them(write_deck, tmp_path: Path) -> None:
    path = write_deck(
        '#:schema ./deck.schema.json\ntitle = "Ours"\nskippable = 1\ncolour = "red"\n'
        '[[cards]]\nid = "a"\nprompt = "Why?"\nkind = "story"\nnote = "mine"\n'
        '[[cards]]\nid = "a"\nprompt = "Again?"\nlevel = 2.0\n'
    )
    before = sorted(problem.message for problem in load_deck(path).problems)
    saved = DeckDraft.open(path).save(tmp_path / "saved", SCHEMA)
    after = sorted(problem.message for problem in load_deck(saved).problems)
    assert after == before
    assert len(before) == 5
