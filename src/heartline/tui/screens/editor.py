"""The deck editor: the deck's keys, its cards in a list, and live problems beside each card."""

from __future__ import annotations

import re
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import (
    Checkbox,
    Input,
    Label,
    OptionList,
    Select,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)
from textual.widgets.option_list import Option

from heartline import lint
from heartline.cards import KINDS, LEVEL_NAMES, MAX_CONTENT_NOTE, ORDERS, PINS, TIPS
from heartline.deck import Issue
from heartline.draft import DeckDraft
from heartline.errors import AuthoringError
from heartline.journal import plural
from heartline.text import one_line, sentence
from heartline.tui.form_words import for_form
from heartline.tui.screens.base import HeartlineScreen
from heartline.tui.screens.dialogs import Confirm
from heartline.tui.widgets.fields import SafeInput, SafeTextArea
from heartline.tui.widgets.keys_footer import KeysFooter
from heartline.tui.words import safe

KIND_LABELS = {
    "question": "question: lead, then partner",
    "mirror": "mirror: share, reflect back",
    "guess": "guess: secret answer, guess",
    "exercise": "exercise: do it together",
}
PIN_LABELS = {
    "": "as the deck's order deals it",
    "first": "first: before the deck's other cards",
    "last": "last: after the deck's other cards",
}
ORDER_LABELS = {
    "escalate": "lighter cards first, shuffled within each level",
    "fixed": "the order of this list",
    "shuffle": "any order",
}


def tags_of(text: str) -> list[str]:
    return [tag.strip() for tag in text.split(",") if tag.strip()]


# The file's keys as the form labels them.
FORM_WORDS = (
    (re.compile(r'pin = "first" or "last"'), "set Dealt to first or last"),
    (re.compile(r'pin = "(first|last)"'), r"set Dealt to \1"),
    (re.compile(r"\bno pin\b"), "no Dealt place"),
    (re.compile(r"\bfollow_up\b"), "Follow-up"),
    (re.compile(r"\bhow_to\b"), "How to play"),
)


def advice(finding: lint.Finding) -> str:
    """A lint finding in the editor's words: the card is the one on screen."""
    text = re.sub(r"^card (`[^`]*`|\d+) ", "This card ", one_line(finding.message))
    text = f"{text[:1].upper()}{text[1:]}; try: {finding.suggestion}"
    for pattern, words in FORM_WORDS:
        text = pattern.sub(words, text)
    return sentence(text)


def shown_issues(draft: DeckDraft, index: int, issues: list[Issue]) -> list[Issue]:
    """A card's issues, without "id is missing" while the id still waits for a prompt."""
    entry = draft.cards[index]
    waiting = entry.id_follows_prompt and not entry.data.get("prompt")
    return [i for i in issues if i.card == index and not (waiting and i.key == "id")]


class DeckEditorScreen(HeartlineScreen[None]):
    """Edit one deck; saving writes it into the partners' own decks folder."""

    DEFAULT_CSS = """
    DeckEditorScreen {
        /* One line; a long title cuts the file name at the end, not the counts. */
        #editor-status {
            height: 1; padding: 0 1; background: $panel; text-wrap: nowrap; text-overflow: ellipsis;
        }
        #editor-tabs { height: 1fr; }
        #card-editor { height: 1fr; }
        #card-side { width: 2fr; height: 1fr; }
        #card-list { height: 1fr; border: round $primary; }
        #card-list-help { color: $text-muted; height: auto; padding: 0 1; }
        &.-narrow #card-list-help, &.-short #card-list-help { display: none; }
        #card-main { width: 3fr; height: 1fr; }
        #card-form, #deck-form { height: 1fr; padding: 0 1; }
        /* The Deck tab holds the form alone: as wide as the tab (3fr made it 3 screens wide). */
        #deck-form { width: 1fr; }
        #card-form Label, #deck-form Label { margin-top: 1; text-style: bold; }
        #card-prompt { height: 5; }
        #deck-description, #deck-how-to { height: 4; }
        #card-id { margin-top: 1; color: $text-muted; }
        #card-problems { height: auto; max-height: 5; padding: 0 1; }
        #deck-problems { margin-top: 1; }
    }
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-roomy")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "-tall")]
    BINDINGS = [
        Binding("ctrl+s", "save", "save", priority=True),
        Binding("ctrl+n", "add_card", "new card", priority=True),
        Binding("ctrl+d", "duplicate_card", "duplicate", priority=True),
        Binding("ctrl+r", "remove_card", "remove", priority=True),
        # Said under the card list instead, so the footer fits 80 columns.
        Binding("ctrl+u", "undo_remove", "undo remove", priority=True, show=False),
        Binding("alt+up,ctrl+up", "move_card(-1)", "move up", priority=True, show=False),
        Binding("alt+down,ctrl+down", "move_card(1)", "move down", priority=True, show=False),
        Binding("escape", "close", "close"),
    ]

    def __init__(self, draft: DeckDraft) -> None:
        super().__init__()
        self.draft = draft
        self.current: int | None = 0 if draft.cards else None
        self._others: list[lint.LintDeck] | None = None  # the library, for near-duplicates

    # --- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        fields = self.draft.fields
        yield Static(id="editor-status", markup=False)
        with TabbedContent(initial="cards-tab", id="editor-tabs"):
            with TabPane("Cards", id="cards-tab"), Horizontal(id="card-editor"):
                with Vertical(id="card-side"):
                    yield OptionList(id="card-list")
                    # Short lines in the footer's words: none wraps from 60 columns up (the
                    # help is hidden below that, and in short terminals).
                    yield Static(
                        Content("^n new  ^d duplicate\n^r remove  ^u undo\nalt+↑/↓ move"),
                        id="card-list-help",
                    )
                with Vertical(id="card-main"):
                    with VerticalScroll(id="card-form"):
                        # Labels short enough for 60 columns; the longer words are placeholders.
                        yield Label("Prompt")
                        yield SafeTextArea(
                            id="card-prompt",
                            soft_wrap=True,
                            tab_behavior="focus",
                            placeholder="The question, or what to do together.",
                        )
                        yield Label("Kind")
                        yield Select(
                            [(KIND_LABELS[kind], kind) for kind in KINDS],
                            id="card-kind",
                            allow_blank=True,
                            prompt="choose a kind",
                            compact=True,
                        )
                        yield Label("Level")
                        yield Select(
                            [(f"{level} {name}", level) for level, name in LEVEL_NAMES.items()],
                            id="card-level",
                            allow_blank=True,
                            prompt="choose a level",
                            compact=True,
                        )
                        yield Label("Who answers (questions only)")
                        yield Select(
                            [("both partners", "both"), ("only the lead", "lead")],
                            id="card-answer",
                            allow_blank=False,
                            value="both",
                            compact=True,
                        )
                        yield Label("Timer in seconds (5-3600)")
                        yield SafeInput(
                            id="card-seconds",
                            type="integer",
                            compact=True,
                            placeholder="Empty: no timer.",
                        )
                        yield Label("Follow-up (optional)")
                        yield SafeInput(id="card-follow-up", compact=True)
                        yield Label("Tags (comma separated)")
                        yield SafeInput(id="card-tags", compact=True)
                        yield Label("Dealt")
                        yield Select(
                            [(label, value) for value, label in PIN_LABELS.items()],
                            id="card-pin",
                            allow_blank=False,
                            value="",
                            compact=True,
                        )
                        yield Static(id="card-id", markup=False)
                    # Under the form, outside its scroll: a card's problems stay in view
                    # whichever field has focus.
                    yield Static(id="card-problems", markup=False)
            with TabPane("Deck", id="deck-tab"), VerticalScroll(id="deck-form"):
                yield Label("Title")
                yield SafeInput(str(fields.get("title", "")), id="deck-title", compact=True)
                yield Label("Description")
                yield SafeTextArea(
                    str(fields.get("description", "")),
                    id="deck-description",
                    soft_wrap=True,
                    tab_behavior="focus",
                )
                yield Label("How to play")
                yield SafeTextArea(
                    str(fields.get("how_to", "")),
                    id="deck-how-to",
                    soft_wrap=True,
                    tab_behavior="focus",
                )
                yield Label("Content note (optional, shown before the deck's first card)")
                yield SafeInput(
                    str(fields.get("content_note", "")),
                    id="deck-content-note",
                    compact=True,
                    max_length=MAX_CONTENT_NOTE,
                    placeholder="e.g. Some cards touch on past hurt.",
                )
                yield Label("Tip it is built around")
                tip = fields.get("tip")
                yield Select(
                    [(name, name) for name in TIPS],
                    id="deck-tip",
                    allow_blank=True,
                    value=tip if tip in TIPS else Select.NULL,
                    prompt="none",
                    compact=True,
                )
                yield Label("Author")
                yield SafeInput(str(fields.get("author", "")), id="deck-author", compact=True)
                yield Label("Order")
                order = fields.get("order", "escalate")
                yield Select(
                    [(f"{name}: {ORDER_LABELS[name]}", name) for name in ORDERS],
                    id="deck-order",
                    allow_blank=False,
                    value=order if order in ORDERS else "escalate",
                    compact=True,
                )
                yield Checkbox(
                    "Cards can be passed and swapped",
                    value=fields.get("skippable", True) is not False,
                    id="deck-skippable",
                )
                yield Checkbox(
                    "Offered without being chosen",
                    value=fields.get("dealt_by_default", True) is not False,
                    id="deck-dealt-by-default",
                    tooltip="Off: the deck is dealt only when you pick it by name.",
                )
                yield Label("Tags for every card (comma separated)")
                tags = fields.get("tags", [])
                yield SafeInput(
                    ", ".join(str(t) for t in tags) if isinstance(tags, list) else str(tags),
                    id="deck-tags",
                    compact=True,
                )
                yield Static(id="deck-problems", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.refresh_list()
        self.load_card()
        self.show_status()
        fresh = self.current is not None and not self.draft.cards[self.current].data.get("prompt")
        self.query_one("#card-prompt" if fresh else "#card-list").focus()

    # --- showing ---------------------------------------------------------------------------

    def hints(self, card: int | None) -> list[lint.Finding]:
        """The linter's advice on the deck as it is now: the deck's own, or one card's
        (with the other decks' cards that ask nearly the same)."""
        deck = lint.from_raw(self.draft.id, "", self.draft.raw())
        found = [f for f in lint.findings(deck) if f.card == card]
        if card is not None:
            if self._others is None:
                self._others = [
                    lint.from_deck(other)
                    for other in self.workspace.library.decks
                    if other.id != self.draft.id
                ]
            found += lint.near_duplicates_of(deck, card, self._others)
        return found

    def show_status(self, issues: list[Issue] | None = None) -> None:
        issues = self.draft.check().issues if issues is None else issues
        deck_issues = [issue for issue in issues if issue.card is None]
        count = len(deck_issues) + sum(
            len(shown_issues(self.draft, index, issues)) for index in range(len(self.draft.cards))
        )
        state = "unsaved" if self.draft.changed else "saved"
        # The file's name only: the whole path is said when the deck is saved.
        where = self.draft.path.name if self.draft.path else f"{self.draft.id}.toml (new)"
        self.query_one("#editor-status", Static).update(
            Content.assemble(
                safe(one_line(str(self.draft.fields.get("title") or self.draft.id))).stylize(
                    "bold"
                ),
                f" · {plural(len(self.draft.cards), 'card')} · ",
                (
                    plural(count, "problem") if count else "no problems",
                    "bold $text-warning" if count else "$text-success",
                ),
                f" · {state} · ",
                (one_line(where), "$text-muted"),
            )
        )
        problems = self.query_one("#deck-problems", Static)
        problems.update(
            Content("\n").join(
                [
                    *(
                        Content.styled(f"⚠ {for_form(issue)}", "$text-warning")
                        for issue in deck_issues
                    ),
                    *(
                        Content.styled(f"· {advice(hint)}", "$text-muted")
                        for hint in self.hints(None)
                    ),
                ]
            )
        )

    def card_label(self, index: int, issues: list[Issue]) -> Content:
        data = self.draft.cards[index].data
        prompt = one_line(str(data.get("prompt") or "(no prompt yet)"))
        level = data.get("level", 1)
        pin = f" · dealt {data['pin']}" if data.get("pin") in PINS else ""
        warning = shown_issues(self.draft, index, issues)
        return Content.assemble(
            (f"{index + 1}. ", "bold"),
            (
                f"{data.get('kind', 'question')} · {LEVEL_NAMES.get(level, level)}{pin}",
                "$text-muted",
            ),
            "\n   ",
            safe(prompt[:60] + ("…" if len(prompt) > 60 else "")),
            (f"\n   ⚠ {plural(len(warning), 'problem')}", "$text-warning") if warning else "",
        )

    def refresh_list(self) -> None:
        issues = self.draft.check().issues
        card_list = self.query_one("#card-list", OptionList)
        card_list.clear_options()
        card_list.add_options(
            [
                Option(self.card_label(index, issues), id=str(index))
                for index in range(len(self.draft.cards))
            ]
        )
        if self.current is not None and self.draft.cards:
            self.current = min(self.current, len(self.draft.cards) - 1)
            card_list.highlighted = self.current
        self.query_one("#card-main").display = self.current is not None

    def refresh_labels(self) -> None:
        """Update every card's label and problems in place, without touching the form."""
        issues = self.draft.check().issues
        card_list = self.query_one("#card-list", OptionList)
        for index in range(len(self.draft.cards)):
            card_list.replace_option_prompt_at_index(index, self.card_label(index, issues))
        self.show_card_problems(issues)
        self.show_status(issues)

    def show_card_problems(self, issues: list[Issue]) -> None:
        widget = self.query_one("#card-problems", Static)
        index = self.current
        if index is None:
            widget.update("")
            return
        mine = shown_issues(self.draft, index, issues)
        lines = (
            [Content.styled(f"⚠ {for_form(issue)}", "$text-warning") for issue in mine]
            if mine
            else [Content.styled("✓ No problems.", "$text-success")]
        )
        # Advice comes after problems, quieter: a card may read better, but it plays.
        lines += [Content.styled(f"· {advice(hint)}", "$text-muted") for hint in self.hints(index)]
        widget.update(Content("\n").join(lines))
        entry = self.draft.cards[index]
        card_id = str(entry.data.get("id") or "")
        how = " (made from the prompt until the deck is saved)" if entry.id_follows_prompt else ""
        self.query_one("#card-id", Static).update(
            Content.assemble(("id: ", "bold"), safe(card_id or "(none yet)"), how)
        )

    def load_card(self) -> None:
        """Fill the card form from the draft, without echoing the changes back."""
        index = self.current
        self.query_one("#card-main").display = index is not None
        if index is None:
            return
        data = self.draft.cards[index].data
        with self.prevent(TextArea.Changed, Select.Changed, Input.Changed):
            self.query_one("#card-prompt", TextArea).load_text(str(data.get("prompt", "")))
            kind = data.get("kind", "question")
            self.query_one("#card-kind", Select).value = kind if kind in KINDS else Select.NULL
            level = data.get("level", 1)
            self.query_one("#card-level", Select).value = (
                level if level in LEVEL_NAMES and not isinstance(level, bool) else Select.NULL
            )
            answer = data.get("answer", "both")
            self.query_one("#card-answer", Select).value = answer if answer == "lead" else "both"
            seconds = data.get("seconds")
            self.query_one("#card-seconds", Input).value = "" if seconds is None else str(seconds)
            self.query_one("#card-follow-up", Input).value = str(data.get("follow_up", ""))
            tags = data.get("tags", [])
            self.query_one("#card-tags", Input).value = (
                ", ".join(map(str, tags)) if isinstance(tags, list) else str(tags)
            )
            pin = data.get("pin")
            self.query_one("#card-pin", Select).value = pin if pin in PINS else ""
        self.show_card_problems(self.draft.check().issues)

    # --- editing ---------------------------------------------------------------------------

    def set_card(self, key: str, value: Any) -> None:
        if self.current is None:
            return
        self.draft.set_card(self.current, key, value)
        self.refresh_labels()

    def set_field(self, key: str, value: Any) -> None:
        self.draft.set_field(key, value)
        self.show_status()

    @on(OptionList.OptionHighlighted, "#card-list")
    def pick_card(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.current:
            self.current = event.option_index
            self.load_card()

    @on(TextArea.Changed, "#card-prompt")
    def prompt_changed(self, event: TextArea.Changed) -> None:
        self.set_card("prompt", event.text_area.text)

    @on(Select.Changed, "#card-kind")
    def kind_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL:
            self.set_card("kind", event.value)

    @on(Select.Changed, "#card-level")
    def level_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL:
            self.set_card("level", event.value)

    @on(Select.Changed, "#card-answer")
    def answer_changed(self, event: Select.Changed) -> None:
        self.set_card("answer", None if event.value == "both" else event.value)

    @on(Input.Changed, "#card-seconds")
    def seconds_changed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        try:
            self.set_card("seconds", int(text) if text else None)
        except ValueError:
            self.set_card("seconds", text)

    @on(Input.Changed, "#card-follow-up")
    def follow_up_changed(self, event: Input.Changed) -> None:
        self.set_card("follow_up", event.value)

    @on(Input.Changed, "#card-tags")
    def card_tags_changed(self, event: Input.Changed) -> None:
        self.set_card("tags", tags_of(event.value))

    @on(Select.Changed, "#card-pin")
    def pin_changed(self, event: Select.Changed) -> None:
        self.set_card("pin", event.value or None)

    @on(Input.Changed, "#deck-title")
    def title_changed(self, event: Input.Changed) -> None:
        self.set_field("title", event.value)

    @on(TextArea.Changed, "#deck-description")
    def description_changed(self, event: TextArea.Changed) -> None:
        self.set_field("description", event.text_area.text)

    @on(TextArea.Changed, "#deck-how-to")
    def how_to_changed(self, event: TextArea.Changed) -> None:
        self.set_field("how_to", event.text_area.text)

    @on(Input.Changed, "#deck-content-note")
    def content_note_changed(self, event: Input.Changed) -> None:
        self.set_field("content_note", event.value)

    @on(Checkbox.Changed, "#deck-dealt-by-default")
    def dealt_by_default_changed(self, event: Checkbox.Changed) -> None:
        self.set_field("dealt_by_default", None if event.value else False)

    @on(Select.Changed, "#deck-tip")
    def tip_changed(self, event: Select.Changed) -> None:
        self.set_field("tip", None if event.value is Select.NULL else event.value)

    @on(Input.Changed, "#deck-author")
    def author_changed(self, event: Input.Changed) -> None:
        self.set_field("author", event.value)

    @on(Select.Changed, "#deck-order")
    def order_changed(self, event: Select.Changed) -> None:
        self.set_field("order", event.value)

    @on(Checkbox.Changed, "#deck-skippable")
    def skippable_changed(self, event: Checkbox.Changed) -> None:
        self.set_field("skippable", None if event.value else False)

    @on(Input.Changed, "#deck-tags")
    def deck_tags_changed(self, event: Input.Changed) -> None:
        self.set_field("tags", tags_of(event.value))

    # --- card actions ----------------------------------------------------------------------

    def _after_list_change(self, index: int | None, focus_prompt: bool = False) -> None:
        self.current = index
        self.refresh_list()
        self.load_card()
        self.show_status()
        self.query_one("#editor-tabs", TabbedContent).active = "cards-tab"
        if focus_prompt:
            self.query_one("#card-prompt", TextArea).focus()

    def action_add_card(self) -> None:
        index = self.draft.add_card(after=self.current)
        self._after_list_change(index, focus_prompt=True)

    def action_duplicate_card(self) -> None:
        if self.current is not None:
            self._after_list_change(self.draft.duplicate(self.current))

    def action_remove_card(self) -> None:
        if self.current is None:
            return
        self.draft.delete(self.current)
        remaining = len(self.draft.cards)
        self._after_list_change(min(self.current, remaining - 1) if remaining else None)
        self.notify("Card removed. ctrl+u brings it back.", timeout=4, markup=False)

    def action_undo_remove(self) -> None:
        index = self.draft.undo_delete()
        if index is None:
            self.notify("Nothing to bring back.", timeout=3, markup=False)
            return
        self._after_list_change(index)

    def action_move_card(self, delta: int) -> None:
        if self.current is not None:
            self._after_list_change(self.draft.move(self.current, delta))
            self.query_one("#card-list", OptionList).focus()

    # --- saving and leaving ----------------------------------------------------------------

    def action_save(self) -> None:
        issues = self.draft.check().issues
        if not issues:
            self.write()
            return
        listed = "\n".join(
            f"• {'' if issue.card is None else f'Card {issue.card + 1}: '}{for_form(issue)}"
            for issue in issues[:4]
        )
        more = f"\n…and {len(issues) - 4} more." if len(issues) > 4 else ""

        def decide(save_anyway: bool | None) -> None:
            if save_anyway:
                self.write()

        self.app.push_screen(
            Confirm(
                "Save as a draft?",
                f"This deck has problems:\n{listed}{more}\n\nCards with problems are left out "
                "when you play, and a deck whose own keys have problems can't be played until "
                "they are fixed.",
                yes="Save draft",
                no="Keep editing",
            ),
            decide,
        )

    def write(self) -> None:
        try:
            path = self.workspace.save_draft(self.draft)
        except AuthoringError as failed:
            self.notify(
                sentence(failed.for_person()),
                title="Couldn't save",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        self.refresh_labels()
        self.notify(
            f"Saved to {one_line(str(path))}. It's in New game now.",
            title="Deck saved",
            markup=False,
        )

    def action_close(self) -> None:
        if not self.draft.changed:
            self.app.pop_screen()
            return

        def decide(leave: bool | None) -> None:
            if leave:
                self.app.pop_screen()

        self.app.push_screen(
            Confirm(
                "Leave without saving?",
                "Your changes to this deck are not saved yet.",
                yes="Leave",
                no="Keep editing",
            ),
            decide,
        )
