"""The game engine: partners, the dealt cards, whose turn it is, and what they may do.

Pure Python. Every change goes through `Session.apply(action)`, and an action log replayed
on a fresh session gives back the same state: that is how a save resumes mid-card.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from heartline.cards import MAX_NAME, ActionType, Card, Outcome, Role
from heartline.errors import ActionRefused

MAX_MIRROR_ROUNDS = 3
UNDERSTOOD = ("yes", "partly", "not yet")
GUESS_MARKS = ("spot on", "close", "not quite")
BOTH = frozenset({0, 1})  # a star given by both partners


class StepKind(StrEnum):
    """What is being asked of the partners now."""

    ANSWER = "answer"
    REFLECT = "reflect"
    RATE = "rate"
    CLARIFY = "clarify"
    GUESS = "guess"
    REVEAL = "reveal"
    EXERCISE = "exercise"
    APPRECIATE = "appreciate"
    DONE = "done"


@dataclass(frozen=True)
class Step:
    """One thing asked of one partner (or both, when `partner` is None)."""

    kind: StepKind
    partner: int | None
    role: Role | None = None
    choices: tuple[str, ...] = ()
    private: bool = False
    round: int = 1

    @property
    def wants_choice(self) -> bool:
        return bool(self.choices)


@dataclass(frozen=True)
class Answer:
    """Something a partner wrote (or said aloud, when `text` is empty)."""

    by: int | None
    role: Role
    text: str
    at: datetime

    @property
    def aloud(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Action:
    """One thing the partners did, as it is logged and saved."""

    type: ActionType
    at: datetime
    card: int | None = None
    by: int | None = None
    role: Role | None = None
    text: str = ""
    on: bool = True
    replacement: Card | None = None


@dataclass
class Slot:
    """A place in the hand: the card dealt there and what happened with it."""

    card: Card
    lead: int
    answers: list[Answer] = field(default_factory=list)
    outcome: Outcome = "open"
    # Who starred this card: 0, 1, or both. A star is each partner's own.
    stars: set[int] = field(default_factory=set)
    swapped_out: list[Card] = field(default_factory=list)

    @property
    def favorite(self) -> bool:
        return bool(self.stars)

    @property
    def replies(self) -> list[Answer]:
        return [answer for answer in self.answers if answer.role is not Role.NOTE]

    @property
    def notes(self) -> list[Answer]:
        return [answer for answer in self.answers if answer.role is Role.NOTE]


def card_step(slot: Slot) -> Step | None:
    """The next step on a card, from what has been recorded so far; None when it is done."""
    lead, other = slot.lead, 1 - slot.lead
    replies = slot.replies
    count = len(replies)
    kind = slot.card.kind
    if kind == "exercise":
        return Step(StepKind.EXERCISE, None, Role.ANSWER) if count == 0 else None
    if kind == "guess":
        if count == 0:
            return Step(StepKind.ANSWER, lead, Role.ANSWER, private=True)
        if count == 1:
            return Step(StepKind.GUESS, other, Role.GUESS)
        if count == 2:
            return Step(StepKind.REVEAL, lead, Role.RATING, choices=GUESS_MARKS)
        return None
    if kind == "mirror":
        if count == 0:
            return Step(StepKind.ANSWER, lead, Role.ANSWER)
        # After the answer: reflection, rating, and (when not understood) a clarification.
        rounds = 1
        for reply in replies[1:]:
            if reply.role is Role.RATING and (reply.text == "yes" or rounds >= MAX_MIRROR_ROUNDS):
                return None
            if reply.role is Role.CLARIFICATION:
                rounds += 1
        last = replies[-1].role
        if last is Role.REFLECTION:
            return Step(StepKind.RATE, lead, Role.RATING, choices=UNDERSTOOD, round=rounds)
        if last is Role.RATING:
            return Step(StepKind.CLARIFY, lead, Role.CLARIFICATION, round=rounds)
        return Step(StepKind.REFLECT, other, Role.REFLECTION, round=rounds)
    if count == 0:
        return Step(StepKind.ANSWER, lead, Role.ANSWER)
    if count == 1 and slot.card.answer == "both":
        return Step(StepKind.ANSWER, other, Role.ANSWER)
    return None


def check_names(names: Sequence[str]) -> tuple[str, str]:
    """Two partner names, trimmed; raises ActionRefused with a kind word when they won't do."""
    if len(names) != 2:
        raise ActionRefused("heartline is for two partners: give two names")
    first, second = (name.strip() for name in names)
    for name in (first, second):
        if not name:
            raise ActionRefused("each partner needs a name")
        if len(name) > MAX_NAME:
            raise ActionRefused(f"a name can be at most {MAX_NAME} characters")
    if first.casefold() == second.casefold():
        raise ActionRefused("the two names must differ, so the screen can tell you apart")
    return first, second


@dataclass(frozen=True)
class DeckRef:
    """A deck a session was dealt from, as it was when the session started."""

    id: str
    title: str
    digest: str


def now() -> datetime:
    return datetime.now().astimezone()


@dataclass(frozen=True)
class DealSettings:
    """What the partners chose for a session's cards."""

    seed: int = 0
    cards: int | None = None  # None: every card that fits
    max_level: int = 3
    leave_out: tuple[str, ...] = ()
    first_lead: int = 0  # the partner who leads the first card (0 or 1)


class Reserve:
    """The unplayed cards a swap draws from, in order.

    A resumed game holds them as `deck/card` keys and looks the cards up only when a swap
    needs them, so resuming needs no deck loaded; keys whose card is gone are dropped then.
    """

    def __init__(
        self,
        cards: Sequence[Card] = (),
        *,
        keys: Sequence[str] = (),
        resolve: Callable[[str], Card | None] | None = None,
    ) -> None:
        self._cards: list[Card] | None = list(cards) if not keys else None
        self._keys = list(keys)
        self._resolve = resolve

    @property
    def cards(self) -> list[Card]:
        if self._cards is None:
            resolve = self._resolve
            found = (resolve(key) for key in self._keys) if resolve else ()
            self._cards = [card for card in found if card is not None]
        return self._cards

    @property
    def keys(self) -> list[str]:
        """The `deck/card` keys, without looking any card up."""
        if self._cards is None:
            return list(self._keys)
        return [card.key for card in self._cards]

    def take(self, key: str) -> None:
        """A card was swapped in: it is no longer in reserve."""
        if self._cards is None:
            self._keys = [k for k in self._keys if k != key]
        else:
            self._cards = [card for card in self._cards if card.key != key]

    def __iter__(self) -> Iterator[Card]:
        return iter(self.cards)

    def __len__(self) -> int:
        return len(self.cards)


class Session:
    """A game in play: build it with the dealt hand, then send it actions."""

    def __init__(
        self,
        partners: Sequence[str],
        hand: Sequence[Card],
        *,
        decks: Sequence[DeckRef] = (),
        reserve: Reserve | Sequence[Card] = (),
        settings: DealSettings | None = None,
        started: datetime | None = None,
        clock: Callable[[], datetime] = now,
    ) -> None:
        if not hand:
            raise ActionRefused("no cards fit these choices; try a higher level or fewer tags")
        self.partners: tuple[str, str] = check_names(partners)
        self.decks = tuple(decks)
        self.hand = tuple(hand)
        self.reserve = reserve if isinstance(reserve, Reserve) else Reserve(reserve)
        self.settings = settings or DealSettings()
        self.clock = clock
        self.started = started or clock()
        if self.settings.first_lead not in (0, 1):
            raise ActionRefused("the first lead must be partner 0 or 1")
        first = self.settings.first_lead
        self.slots = [Slot(card, lead=(index + first) % 2) for index, card in enumerate(self.hand)]
        self.position = 0
        self.closing: list[Answer] = []
        self.finished = False
        self.log: list[Action] = []
        # Unsent words, by where they were being written (`draft_key`): saved with the
        # session but never part of the action log, so replaying it gives the same state.
        self.drafts: dict[str, str] = {}
        # What the partners called this evening ("" until they name it): not an action,
        # so naming an evening, even a finished one, never changes what was played.
        self.title = ""

    # --- reading the state -----------------------------------------------------------

    @property
    def in_closing(self) -> bool:
        return not self.finished and self.position >= len(self.slots)

    @property
    def current(self) -> Slot | None:
        """The slot being played, or None in the closing ritual and after."""
        return self.slots[self.position] if self.position < len(self.slots) else None

    @property
    def step(self) -> Step:
        if self.finished:
            return Step(StepKind.DONE, None)
        slot = self.current
        if slot is None:
            partner = len(self.closing)
            return Step(StepKind.APPRECIATE, partner, Role.APPRECIATION, private=True)
        step = card_step(slot)
        assert step is not None, "a finished card is never current"
        return step

    @property
    def draft_key(self) -> str:
        """Where the words being typed now belong: this step of this card, by this partner.

        A draft is shown again only on the same step, so a half-written reflection never
        turns up in the box of the next round or the next card.
        """
        step = self.step
        slot = self.current
        if slot is None:
            return f"closing:{step.partner}"
        return f"card:{self.position}:{step.kind}:{step.partner}:{len(slot.replies)}"

    @staticmethod
    def note_key(index: int) -> str:
        """Where a note being written on card `index` is kept."""
        return f"note:{index}"

    @property
    def note_draft_key(self) -> str:
        """Where a note on the current card (the last one, after the cards) is kept."""
        return self.note_key(min(self.position, len(self.slots) - 1))

    def keep_draft(self, key: str, text: str) -> bool:
        """Remember unsent words (empty text forgets them); True when something changed."""
        if self.drafts.get(key, "") == text:
            return False
        if text:
            self.drafts[key] = text
        else:
            self.drafts.pop(key, None)
        return True

    @property
    def updated(self) -> datetime:
        return self.log[-1].at if self.log else self.started

    def visible_answers(self, slot: Slot) -> list[Answer]:
        """What may be shown of a card: a guess card's hidden answer only once revealed."""
        if slot.card.kind == "guess" and len(slot.replies) < 2:
            return [answer for answer in slot.answers if answer.role is not Role.ANSWER]
        return list(slot.answers)

    @property
    def favorites(self) -> list[Slot]:
        return [slot for slot in self.slots if slot.favorite]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for slot in self.slots if slot.outcome == outcome)

    @property
    def swaps(self) -> int:
        return sum(1 for action in self.log if action.type == "swap")

    # --- actions the partners take ---------------------------------------------------

    def submit(self, text: str) -> Action:
        """Record what the asked partner wrote; empty text means they answered aloud."""
        step = self.step
        if step.kind is StepKind.DONE:
            raise ActionRefused("this session has finished")
        if step.wants_choice:
            raise ActionRefused(f"choose one of: {', '.join(step.choices)}")
        if step.private and not text.strip():
            # A secret is revealed later: saying it aloud now would give it away.
            raise ActionRefused("write a few words: they stay hidden until the reveal")
        return self._do(
            Action("answer", self.clock(), self._card_index(), step.partner, step.role, text)
        )

    def choose(self, choice: str) -> Action:
        """Answer a rating step: whether the lead felt understood, or how close a guess was."""
        step = self.step
        if choice not in step.choices:
            raise ActionRefused(f"choose one of: {', '.join(step.choices) or 'nothing now'}")
        return self._do(
            Action("answer", self.clock(), self._card_index(), step.partner, step.role, choice)
        )

    def pass_card(self) -> Action:
        """Move on from this card. At a rating step the answers stay: played, not rated."""
        self._playing("pass")
        return self._do(Action("pass", self.clock(), self.position))

    @property
    def passing_keeps_answers(self) -> bool:
        """True when a pass now keeps the card's answers (it is asked for a rating)."""
        slot = self.current
        return slot is not None and bool(slot.replies) and self.step.wants_choice

    @property
    def takeback_target(self) -> tuple[int, Answer] | None:
        """The card and the answer that may be taken back now, if any.

        Only the last answer sent, while its card is still open or still on screen (nothing
        since but favorites and notes), and never a rating or a guess already revealed.
        """
        for action in reversed(self.log):
            if action.type in {"favorite", "note"}:
                continue
            if action.type != "answer" or action.card is None:
                return None
            if action.role in {Role.RATING, Role.GUESS}:
                return None
            if not 0 <= action.card < len(self.slots) or action.card not in (
                self.position,
                self.position - 1,
            ):
                return None
            replies = self.slots[action.card].replies
            return (action.card, replies[-1]) if replies else None
        return None

    def take_back(self) -> Action:
        """Undo the last answer sent so its partner can edit it; its words become the draft."""
        target = self.takeback_target
        if target is None:
            raise ActionRefused("there is no answer to take back now")
        index, answer = target
        action = self._do(Action("takeback", self.clock(), index, answer.by, answer.role))
        self.keep_draft(self.draft_key, answer.text)
        return action

    @property
    def last_finished(self) -> Slot | None:
        """The card just completed by an answer (for a look at both answers), if any."""
        if self.position == 0 or self.position > len(self.slots):
            return None
        for action in reversed(self.log):
            if action.type in {"favorite", "note"}:
                continue
            if action.type == "answer" and action.card == self.position - 1:
                return self.slots[self.position - 1]
            return None
        return None

    def swap_card(self) -> Action:
        """Trade the current card for an unplayed one of the same level (same deck first)."""
        slot = self._playing("swap")
        self._check_swap(slot)
        # A pinned card opens or closes its deck's share: never swapped into the middle
        # (a reserve saved before its deck pinned it may still hold it).
        same_level = [
            card for card in self.reserve if card.level == slot.card.level and card.pin is None
        ]
        if not same_level:
            raise ActionRefused("there is no other card at this level to swap in")
        same_deck = [card for card in same_level if card.deck == slot.card.deck]
        replacement = (same_deck or same_level)[0]
        return self._do(Action("swap", self.clock(), self.position, replacement=replacement))

    def favorite(
        self, index: int | None = None, on: bool | None = None, by: int | None = None
    ) -> Action:
        """Star a card (or take the star away) for partner `by`, or for both (None).

        By default the current card, toggled: for both, it is starred unless both had
        starred it already.
        """
        index = self.card_in_view if index is None else index
        if not 0 <= index < len(self.slots):
            raise ActionRefused("there is no such card")
        if by not in (None, 0, 1):
            raise ActionRefused("a star is given by partner 0, partner 1 or both")
        stars = self.slots[index].stars
        if on is None:
            on = stars != BOTH if by is None else by not in stars
        return self._do(Action("favorite", self.clock(), index, by, on=on))

    def add_note(self, text: str, by: int | None = None, index: int | None = None) -> Action:
        """Keep a note on a card, from one partner or (by=None) from both."""
        if not text.strip():
            raise ActionRefused("the note is empty")
        index = self.card_in_view if index is None else index
        if not 0 <= index < len(self.slots):
            raise ActionRefused("there is no such card")
        return self._do(Action("note", self.clock(), index, by, Role.NOTE, text))

    def finish_early(self) -> Action:
        """Stop dealing and go to the closing ritual; during the ritual, end the session."""
        if self.finished:
            raise ActionRefused("this session has finished")
        return self._do(Action("finish", self.clock()))

    # --- the one place state changes -----------------------------------------------

    def apply(self, action: Action) -> None:
        """Apply a logged action; raises ActionRefused when it doesn't fit the state."""
        if self.finished and action.type not in {"favorite", "note"}:
            raise ActionRefused("this session has finished")
        sent = self.draft_key if action.type == "answer" else None
        if action.type == "answer":
            self._apply_answer(action)
        elif action.type == "pass":
            self._expect_card(action)
            slot = self.slots[self.position]
            if not slot.card.skippable:
                raise ActionRefused("this deck is played card by card, so this one can't be passed")
            slot.outcome = "done" if self.passing_keeps_answers else "passed"
            self._advance()
        elif action.type == "takeback":
            self._apply_takeback(action)
        elif action.type == "swap":
            self._expect_card(action)
            if action.replacement is None:
                raise ActionRefused("a swap needs the card swapped in")
            slot = self.slots[self.position]
            self._check_swap(slot)
            slot.swapped_out.append(slot.card)
            slot.card = action.replacement
            self.reserve.take(action.replacement.key)
        elif action.type == "favorite":
            stars = self._slot(action.card).stars
            starring = BOTH if action.by is None else {action.by}
            if action.on:
                stars |= starring
            else:
                stars -= starring
        elif action.type == "note":
            self._slot(action.card).answers.append(
                Answer(action.by, Role.NOTE, action.text, action.at)
            )
        elif action.type == "finish":
            if self.position < len(self.slots):
                self.position = len(self.slots)
            else:
                self.finished = True
        else:
            raise ActionRefused(f"unknown action {action.type!r}")
        if sent is not None:
            self.drafts.pop(sent, None)  # the words are sent now
        elif action.type == "note" and action.card is not None:
            self.drafts.pop(self.note_key(action.card), None)
        self.log.append(action)

    def _apply_answer(self, action: Action) -> None:
        step = self.step
        if step.kind is StepKind.DONE:
            raise ActionRefused("this session has finished")
        if action.role != step.role or action.by != step.partner:
            article = "an" if str(step.role)[:1] in "aeiou" else "a"
            raise ActionRefused(f"expected {article} {step.role} by partner {step.partner}")
        if step.choices and action.text not in step.choices:
            raise ActionRefused(f"choose one of: {', '.join(step.choices)}")
        assert step.role is not None, "every step that takes an answer names its role"
        answer = Answer(action.by, step.role, action.text, action.at)
        slot = self.current
        if slot is None:
            self.closing.append(answer)
            if len(self.closing) == 2:
                self.finished = True
            return
        self._expect_card(action)
        slot.answers.append(answer)
        if card_step(slot) is None:
            slot.outcome = "done"
            self._advance()

    def _apply_takeback(self, action: Action) -> None:
        target = self.takeback_target
        if target is None or target[0] != action.card:
            raise ActionRefused("there is no answer to take back now")
        index, answer = target
        if (answer.by, answer.role) != (action.by, action.role):
            raise ActionRefused("that answer was not the last one sent")
        slot = self.slots[index]
        slot.answers.remove(answer)
        if slot.outcome == "done":
            slot.outcome = "open"
            self.position = index

    def _do(self, action: Action) -> Action:
        self.apply(action)
        return action

    def _advance(self) -> None:
        self.position += 1

    def _card_index(self) -> int | None:
        return self.position if self.position < len(self.slots) else None

    def _playing(self, what: str) -> Slot:
        slot = self.current
        if slot is None:
            raise ActionRefused(f"there is no card to {what} now")
        return slot

    @staticmethod
    def _check_swap(slot: Slot) -> None:
        if not slot.card.skippable:
            raise ActionRefused("this deck is played card by card, so its cards can't be swapped")
        if slot.answers:
            raise ActionRefused("this card already has answers or notes; pass it instead")

    def _expect_card(self, action: Action) -> None:
        if action.card != self.position or self.current is None:
            raise ActionRefused("that action belongs to another card")

    @property
    def card_in_view(self) -> int:
        """The card a note or a star is for: the one in play, or the last one."""
        return min(self.position, len(self.slots) - 1)

    def _slot(self, index: int | None) -> Slot:
        if index is None or not 0 <= index < len(self.slots):
            raise ActionRefused("there is no such card")
        return self.slots[index]

    def state(self) -> dict[str, object]:
        """Everything that makes this session what it is, for comparing two of them."""
        return {
            "partners": self.partners,
            "hand": self.hand,
            "reserve": [card.key for card in self.reserve],
            "slots": [
                (s.card, s.lead, s.answers, s.outcome, sorted(s.stars), s.swapped_out)
                for s in self.slots
            ],
            "position": self.position,
            "closing": self.closing,
            "finished": self.finished,
            "log": self.log,
        }


def replay(session: Session, actions: Sequence[Action]) -> Session:
    """Apply a saved action log to a fresh session, checking each action as it goes."""
    for action in actions:
        session.apply(replace(action))
    return session


IDLE_GAP = timedelta(minutes=10)


def time_together(session: Session) -> timedelta:
    """Time spent playing: the gaps between actions, each counted up to ten minutes.

    A session left open overnight then counts as the evening it was, not as twelve hours.
    """
    total = timedelta()
    previous = session.started
    for action in session.log:
        gap = action.at - previous
        if gap > timedelta():
            total += min(gap, IDLE_GAP)
        previous = max(previous, action.at)
    return total
