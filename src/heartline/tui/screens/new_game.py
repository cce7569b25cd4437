"""New game: your names, your decks, how long and how deep, then start.

It opens with the last couple's choices filled in (or, when the names are given or typed,
that couple's), the other partner set to start.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.strip import Strip
from textual.widgets import (
    Button,
    Input,
    Label,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
)
from textual.widgets.selection_list import Selection

from heartline.cards import LEVEL_NAMES, Deck
from heartline.couple import name_key
from heartline.errors import ActionRefused
from heartline.journal import plural
from heartline.preferences import CoupleChoices
from heartline.session import DealSettings, check_names
from heartline.text import one_line, sentence
from heartline.tui.screens.base import HeartlineScreen
from heartline.tui.widgets.choices import SignedRadioButton
from heartline.tui.widgets.fields import SafeInput
from heartline.tui.widgets.keys_footer import KeysFooter
from heartline.tui.words import safe
from heartline.workspace import FAVORITES

LENGTHS: tuple[tuple[str, int | None], ...] = (("5", 5), ("10", 10), ("15", 15), ("All", None))
DEPTHS = (("Keep it light", 1), ("A little deeper", 2), ("Go deep", 3))
DEFAULT_DECK = "first-date-night"
# A name on a "Who starts" button: short enough that both fit the setup column at 60x20.
NAME_ON_BUTTON = 9


def button_name(name: str, fallback: str) -> str:
    """A partner's name as it fits on a "Who starts" button (the fallback while it is empty)."""
    name = one_line(name).strip() or fallback
    return name if len(name) <= NAME_ON_BUTTON else f"{name[: NAME_ON_BUTTON - 1]}…"


def deck_details(deck: Deck) -> Content:
    """Everything worth knowing while choosing a deck."""
    levels = ", ".join(LEVEL_NAMES[level] for level in deck.levels)
    lines: list[Content] = [
        Content.assemble(
            safe(one_line(deck.title)).stylize("bold"), f"  ({deck.tip})" if deck.tip else ""
        ),
        Content(f"{len(deck.cards)} cards · {levels} · {', '.join(deck.kinds)}"),
    ]
    if deck.description:
        lines.append(safe(deck.description))
    if deck.content_note:
        lines.append(
            Content.assemble(("Content note: ", "bold"), safe(one_line(deck.content_note)))
        )
    if not deck.dealt_by_default:
        lines.append(Content("Dealt only when you choose it."))
    if deck.how_to:
        lines.append(Content.assemble(("How to play: ", "bold"), safe(deck.how_to)))
    if not deck.skippable:
        lines.append(Content("Cards in this deck are played in order and can't be passed."))
    if deck.problems:
        lines.append(
            Content.assemble(
                (
                    f"{plural(len(deck.problems), 'card')} left out because of problems: ",
                    "$text-warning",
                ),
                safe(sentence(str(deck.problems[0]))),
            )
        )
    return Content("\n").join(lines)


class DeckChoice(SelectionList[str]):
    """The deck list, where a chosen deck is marked with a ✓, not by colour alone."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        index = self.scroll_offset.y + y
        if index >= self.option_count:
            return strip
        segments = list(strip)
        if len(segments) < 2:
            return strip
        chosen = self.get_option_at_index(index).value in self.selected
        box = segments[1]
        segments[1] = Segment("✓" if chosen else " ", box.style, box.control)
        return Strip(segments, strip.cell_length)


Option = SignedRadioButton  # the choice is a sign, not only a colour


def nearest_length(length: int | None) -> int | None:
    """The length on offer closest to one chosen elsewhere (`--cards 12` offers 10)."""
    if length is None:
        return None
    offered = [count for _, count in LENGTHS if count is not None]
    return min(offered, key=lambda count: (abs(count - length), count))


class NewGameScreen(HeartlineScreen[None]):
    """Set up a session; starting is one key away once both names are in."""

    DEFAULT_CSS = """
    NewGameScreen {
        #new-game { height: 1fr; }
        #setup, #deck-choice { width: 1fr; padding: 0 1; }
        #setup Label, #deck-choice Label { margin-top: 1; text-style: bold; }
        #setup Input { margin-bottom: 0; }
        #setup RadioSet { width: 100%; border: none; background: transparent; padding: 0; }
        #length, #first-lead { layout: horizontal; height: auto; }
        #length RadioButton, #first-lead RadioButton { width: auto; margin-right: 0; }
        /* One line: every field must fit 80x24 without a scrollbar in the middle. */
        #tags-hint { color: $text-muted; height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
        /* Who led last is said beside "Who starts", on the same line, cut rather than wrapped. */
        #first-lead-label { width: 100%; text-wrap: nowrap; text-overflow: ellipsis; }
        /* The seed follows the tags: 80x24 then holds every field with "Who starts" too. */
        #seed-row { height: 1; margin-top: 0; }
        #seed-row #seed-label { margin-top: 0; width: auto; }
        #seed-row #seed { width: 1fr; }
        #decks { height: auto; max-height: 60%; min-height: 5; border: round $primary; }
        #deck-info-scroll { height: 1fr; }
        #deck-info { height: auto; padding: 0 1; color: $text; }
        #start-row { height: auto; dock: bottom; padding: 0 1; }
        #problem { width: 1fr; height: auto; padding: 1 1 0 0; }
        #start { min-width: 16; }
        /* Short terminals (under 24 rows): no blank line between the fields, so 60x20 needs no
           scrolling to reach the seed. */
        &.-short #setup Label { margin-top: 0; }
        /* Narrow terminals (under 60 columns): one column, setup above the decks, one scroll. */
        &.-narrow #new-game { layout: vertical; overflow-y: auto; }
        &.-narrow #setup, &.-narrow #deck-choice { width: 100%; height: auto; }
        &.-narrow #decks { max-height: 12; }
        &.-narrow #deck-info-scroll { height: auto; }
    }
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-roomy")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]
    BINDINGS = [
        Binding("ctrl+s", "start", "start", priority=True),
        Binding("escape", "app.back", "back"),
    ]

    def __init__(
        self,
        names: Sequence[str] = ("", ""),
        chosen: Sequence[str] = (),
        choices: CoupleChoices | None = None,
    ) -> None:
        super().__init__()
        self.names = tuple(names)
        self.chosen = tuple(chosen)
        self.seed = 0
        # The couple whose last choices are filled in, if any.
        self.choices = choices
        self.missing: list[str] = []  # their decks that are gone

    def last_choices(self) -> CoupleChoices | None:
        """Whose choices to fill in: the names given (a couple who has played), or, with
        nothing given, the couple who played last."""
        if self.choices is not None:
            return self.choices
        if any(name.strip() for name in self.names):
            return self.workspace.choices_of(self.names)
        return None if self.chosen else self.workspace.last_game()

    def compose(self) -> ComposeResult:
        self.seed = self.workspace.new_seed()
        decks = self.workspace.library.decks
        last = self.choices = self.last_choices()
        lead, depth, leave_out = 0, 3, ""
        length: int | None = 10
        if last is not None:
            if not any(name.strip() for name in self.names):
                self.names = last.names
            found, self.missing = self.workspace.decks_named(last.decks, last.names)
            self.chosen = tuple(deck.id for deck in found) or self.chosen
            lead = self.lead_for(last)
            length, depth = nearest_length(last.length), last.max_level
            leave_out = ", ".join(last.leave_out)
        # A deck kept for choosing by name (dealt_by_default = false) is never preselected.
        offered = [deck.id for deck in decks if deck.dealt_by_default]
        chosen = set(self.chosen) or {DEFAULT_DECK} & set(offered)
        if not chosen & ({deck.id for deck in decks} | {FAVORITES}) and offered:
            chosen = {offered[0]}
        with Horizontal(id="new-game"):
            with VerticalScroll(id="setup"):
                yield Label("Your names")
                yield SafeInput(
                    self.names[0],
                    placeholder="First partner",
                    id="name-a",
                    max_length=40,
                    compact=True,
                )
                yield SafeInput(
                    self.names[1],
                    placeholder="Second partner",
                    id="name-b",
                    max_length=40,
                    compact=True,
                )
                yield Label(self.lead_words(last), id="first-lead-label")
                with RadioSet(id="first-lead"):
                    yield Option(Content(button_name(self.names[0], "First")), value=lead == 0)
                    yield Option(Content(button_name(self.names[1], "Second")), value=lead == 1)
                yield Label("How many cards")
                with RadioSet(id="length"):
                    for label, count in LENGTHS:
                        yield Option(label, value=count == length)
                yield Label("How deep")
                with RadioSet(id="depth"):
                    for label, level in DEPTHS:
                        yield Option(label, value=level == depth)
                yield Label("Leave out tags (commas)")
                yield SafeInput(
                    leave_out, placeholder="e.g. past-hurt, fun", id="leave-out", compact=True
                )
                yield Static(id="tags-hint", markup=False)
                with Horizontal(id="seed-row"):
                    yield Label("Seed ", id="seed-label")
                    yield SafeInput(
                        str(self.seed),
                        id="seed",
                        type="integer",
                        compact=True,
                        tooltip="The same number deals the same cards.",
                    )
            with Vertical(id="deck-choice"):
                yield Label("Decks (Space picks)")
                yield DeckChoice(
                    Selection(
                        Content.assemble((" ★  ", "$text-muted"), "Our favorites"),
                        FAVORITES,
                        FAVORITES in chosen,
                    ),
                    *(
                        Selection(
                            # The count comes first, so a narrow list cuts the title, not it.
                            Content.assemble(
                                (f"{len(deck.cards):>2}  ", "$text-muted"),
                                safe(one_line(deck.title)),
                            ),
                            deck.id,
                            deck.id in chosen,
                        )
                        for deck in decks
                    ),
                    id="decks",
                )
                with VerticalScroll(id="deck-info-scroll"):
                    yield Static(id="deck-info", markup=False)
        with Horizontal(id="start-row"):
            yield Static(id="problem", markup=False)
            yield Button("Start (ctrl+s)", id="start", variant="primary", action="screen.start")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#name-b" if self.names[0] and not self.names[1] else "#name-a").focus()
        self.show_deck(self.first_chosen())
        self.show_tags()
        self.say_missing()

    # --- the last choices ------------------------------------------------------------

    def lead_for(self, last: CoupleChoices) -> int:
        """Which button starts: the partner who didn't lead last time, where they are now."""
        wanted = name_key(last.names[last.next_lead])
        keys = [name_key(name) for name in self.names]
        return 1 if keys[1] == wanted and keys[0] != wanted else 0

    def lead_words(self, last: CoupleChoices | None) -> Content:
        """`Who starts`, and who led last time when it is known: the other one starts."""
        led = last.led_last if last is not None else None
        if last is None or led is None:
            return Content("Who starts")
        return Content.assemble(
            "Who starts",
            (f" ({button_name(last.names[led], '')} led last)", "not bold $text-muted"),
        )

    def say_missing(self) -> None:
        if self.missing:
            self.notify(
                f"Left out, as {'they are' if len(self.missing) > 1 else 'it is'} no longer "
                f"in your decks: {', '.join(map(one_line, self.missing))}.",
                title="Your last decks",
                markup=False,
            )

    def fill_in(self, last: CoupleChoices) -> None:
        """Another couple who has played typed their names: their last choices, said."""
        self.choices = last
        found, self.missing = self.workspace.decks_named(last.decks, last.names)
        if found:
            decks = self.query_one("#decks", SelectionList)
            decks.deselect_all()
            for deck in found:
                decks.select(deck.id)
        self.press("#first-lead", self.lead_for(last))
        self.press("#length", [count for _, count in LENGTHS].index(nearest_length(last.length)))
        self.press("#depth", [level for _, level in DEPTHS].index(last.max_level))
        self.query_one("#leave-out", Input).value = ", ".join(last.leave_out)
        self.query_one("#first-lead-label", Label).update(self.lead_words(last))
        self.say_missing()
        self.notify(
            "Your choices from last time are filled in.",
            title=f"Welcome back, {' & '.join(one_line(name) for name in last.names)}",
            markup=False,
        )

    def press(self, radio_set: str, index: int) -> None:
        buttons = list(self.query_one(radio_set, RadioSet).query(RadioButton))
        buttons[index].value = True

    def first_chosen(self) -> str | None:
        chosen = self.query_one("#decks", SelectionList).selected
        return chosen[0] if chosen else None

    def show_deck(self, deck_id: str | None) -> None:
        info = self.query_one("#deck-info", Static)
        if deck_id == FAVORITES:
            info.update(
                Content(
                    "Our favorites: every card either of you starred (ctrl+f while you "
                    "play), in any evening, dealt again. They are yours by your two names."
                )
            )
            return
        deck = next((d for d in self.workspace.library.decks if d.id == deck_id), None)
        info.update(deck_details(deck) if deck else Content("Pick a deck to see what it holds."))

    def show_tags(self) -> None:
        chosen = set(self.query_one("#decks", SelectionList).selected)
        tags = sorted(
            {
                tag
                for d in self.workspace.library.decks
                if d.id in chosen
                for card in d.cards
                for tag in card.tags
            }
        )
        hint = self.query_one("#tags-hint", Static)
        hint.update(
            Content(f"Tags in these decks: {', '.join(map(one_line, tags))}" if tags else "")
        )
        hint.display = bool(tags)

    def on_selection_list_selection_highlighted(
        self, event: SelectionList.SelectionHighlighted[str]
    ) -> None:
        self.show_deck(event.selection.value)

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        self.show_tags()
        self.problem("")

    def on_input_changed(self, event: Input.Changed) -> None:
        # A problem said on Start is about what was there then: a change may have fixed it.
        self.problem("")
        if event.input.id in ("name-a", "name-b"):
            self.show_names_on_buttons()
            self.names = tuple(self.query_one(f"#name-{x}", Input).value for x in "ab")
            known = self.workspace.choices_of(self.names)
            if known is not None and (self.choices is None or known.key != self.choices.key):
                self.fill_in(known)

    def show_names_on_buttons(self) -> None:
        buttons = self.query_one("#first-lead", RadioSet).query(RadioButton)
        for button, x, fallback in zip(buttons, "ab", ("First", "Second"), strict=True):
            name = self.query_one(f"#name-{x}", Input).value
            button.label = Content(button_name(name, fallback))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "name-a":
            self.query_one("#name-b", Input).focus()
        else:
            self.action_start()

    def problem(self, message: str) -> None:
        self.query_one("#problem", Static).update(Content.styled(message, "bold $text-error"))

    def action_start(self) -> None:
        names = [self.query_one(f"#name-{x}", Input).value for x in "ab"]
        try:
            partners = check_names(names)
        except ActionRefused as wrong:
            self.problem(sentence(str(wrong)))
            self.query_one("#name-a" if not names[0].strip() else "#name-b", Input).focus()
            return
        chosen = self.query_one("#decks", SelectionList).selected
        decks = [deck for deck in self.workspace.library.decks if deck.id in chosen]
        if FAVORITES in chosen:
            starred = self.workspace.favorites_deck(partners)
            if starred is None:
                self.problem(
                    f"{one_line(partners[0])} and {one_line(partners[1])} have no favorites "
                    "yet: star a card with ctrl+f while you play."
                )
                return
            decks.insert(0, starred)
        if not decks:
            self.problem("Pick at least one deck (Space in the list).")
            self.query_one("#decks").focus()
            return
        length = LENGTHS[max(0, self.query_one("#length", RadioSet).pressed_index)][1]
        depth = DEPTHS[max(0, self.query_one("#depth", RadioSet).pressed_index)][1]
        first_lead = 1 if self.query_one("#first-lead", RadioSet).pressed_index == 1 else 0
        leave_out = [
            tag.strip()
            for tag in self.query_one("#leave-out", Input).value.split(",")
            if tag.strip()
        ]
        seed_text = self.query_one("#seed", Input).value.strip()
        try:
            seed = int(seed_text) if seed_text else self.seed
            settings = DealSettings(seed, length, depth, tuple(leave_out), first_lead)
            seen = self.workspace.seen(partners)  # read once: dealing and the note below
            session = self.workspace.deal(decks, partners, settings, seen=seen)
        except ValueError:
            self.problem("The seed is a whole number.")
            return
        except ActionRefused as wrong:
            self.problem(sentence(str(wrong)))
            return
        seen_all = self.workspace.played_through(decks, partners, settings, seen)
        self.heartline.start_session(session)
        for deck in seen_all:
            self.app.notify(
                f"You two have seen every card of {one_line(deck.title)}: this game deals "
                "them again, the ones you saw longest ago first.",
                title="A deck you know well",
                timeout=8,
                markup=False,
            )
