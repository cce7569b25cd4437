"""A session as a Markdown journal the partners can keep."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from heartline.cards import LEVEL_NAMES, Role
from heartline.session import Answer, Session, Slot, card_step, time_together
from heartline.text import one_line, printable

if TYPE_CHECKING:
    from heartline.daily import Day

# What a Markdown viewer would turn into HTML, a link or a fetched image: shown as text.
_MARKDOWN = str.maketrans(
    {"\\": "\\\\", "[": "\\[", "]": "\\]", "<": "&lt;", ">": "&gt;", "&": "&amp;"}
)


def escaped(text: str) -> str:
    """A partner's or a deck's words as Markdown that shows them, never runs or loads them."""
    return text.translate(_MARKDOWN)


def inline(text: str) -> str:
    """`escaped` text on one line, control characters made visible."""
    return escaped(one_line(text))


def duration(span: timedelta) -> str:
    """`1 h 05 min`, `12 min`, `under a minute`."""
    minutes = int(span.total_seconds() // 60)
    if minutes < 1:
        return "under a minute"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def unwritten(answer: Answer, slot: Slot | None) -> str:
    """What an empty answer stands for, in words that fit where it was given."""
    if answer.by is None:
        return "done together"
    if answer.role is Role.APPRECIATION:
        return "said in person"
    if slot is not None and slot.card.kind == "guess" and answer.role is Role.ANSWER:
        return "kept in mind"
    return "said aloud"


def not_rated(slot: Slot) -> bool:
    """True for a card passed at its rating step: played, its answers kept, never rated."""
    return slot.outcome == "done" and card_step(slot) is not None


def _quote(text: str, empty: str = "said aloud") -> list[str]:
    if not text.strip():
        return [f"> *({empty})*"]
    return [f"> {line}" if line else ">" for line in escaped(printable(text)).split("\n")]


def who(session: Session, by: int | None) -> str:
    return "Together" if by is None else inline(session.partners[by])


def label(session: Session, slot: Slot, answer: Answer) -> str:
    """How a piece of writing is introduced: `Ana`, `Ben heard`, `Ana felt understood`."""
    name = who(session, answer.by)
    if answer.role is Role.REFLECTION:
        return f"{name} reflected back"
    if answer.role is Role.CLARIFICATION:
        return f"{name} clarified"
    if answer.role is Role.GUESS:
        return f"{name} guessed"
    if answer.role is Role.NOTE:
        return "Note" if answer.by is None else f"Note from {name}"
    if answer.role is Role.RATING:
        if slot.card.kind == "guess":
            return "The guess was"
        return f"{name} felt understood"
    return name


def _card(session: Session, number: int, slot: Slot) -> list[str]:
    card = slot.card
    star = " ★" if slot.favorite else ""
    lines = [
        f"## {number}. {inline(card.deck_title or card.deck)} · {card.kind} · "
        f"{LEVEL_NAMES.get(card.level, card.level)}{star}",
        "",
        f"**{inline(card.prompt)}**",
    ]
    if card.follow_up:
        lines += ["", f"*{inline(card.follow_up)}*"]
    lead = inline(session.partners[slot.lead])
    lines += ["", f"{lead} led this card."]
    for answer in session.visible_answers(slot):
        if answer.role is Role.RATING:
            lines += ["", f"{label(session, slot, answer)}: **{answer.text}**"]
        else:
            quoted = _quote(answer.text, unwritten(answer, slot))
            lines += ["", f"{label(session, slot, answer)}:", *quoted]
    if slot.outcome == "passed":
        lines += ["", "*Passed.*"]
    elif not_rated(slot):
        lines += ["", "*Played, not rated.*"]
    return [*lines, ""]


def export(session: Session) -> str:
    """The whole session: partners, decks, date, every card with its answers, the closing."""
    first, second = (inline(name) for name in session.partners)
    # Finishing early jumps past the cards never reached: leave those out of the journal.
    reached = [
        slot for slot in session.slots[: session.position] if slot.outcome != "open" or slot.answers
    ]
    played = session.count("done")
    lines = [
        f"# {first} & {second}",
        "",
        "A heartline journal.",
        "",
        f"- Started: {session.started:%A %d %B %Y, %H:%M}",
        f"- Decks: {', '.join(inline(d.title) for d in session.decks) or 'none'}",
        f"- Cards: {played} played, {session.count('passed')} passed, "
        f"{session.swaps} swapped, {plural(len(session.favorites), 'favorite')}",
        f"- Time together: {duration(time_together(session))}",
        f"- Status: {'finished' if session.finished else 'in progress'}",
        "",
    ]
    for number, slot in enumerate(reached, start=1):
        lines += _card(session, number, slot)
    current = session.current
    if current is not None and current.answers:
        lines += _card(session, len(reached) + 1, current)
    if session.favorites:
        lines += ["## Favorites", ""]
        lines += [f"- {inline(slot.card.prompt)}" for slot in session.favorites]
        lines.append("")
    # An appreciation stays hidden until the session ends (the reveal, or finishing early).
    if session.closing and session.finished:
        lines += ["## Closing notes", ""]
        for answer in session.closing:
            other = who(session, 1 - answer.by) if answer.by is not None else ""
            quoted = _quote(answer.text, unwritten(answer, None))
            lines += [f"{who(session, answer.by)} appreciates {other}:", *quoted, ""]
    return "\n".join(lines).rstrip() + "\n"


def daily_export(partners: tuple[str, str], days: list[Day]) -> str:
    """Today's cards a couple both answered, oldest first, as Markdown (never a sealed one)."""
    a, b = (inline(name) for name in partners)
    lines = [f"# Today's cards: {a} & {b}", ""]
    if not days:
        lines.append("No day's card answered by you both yet.")
    for day in days:
        lines += [f"## {day.day}", "", f"> {inline(day.card.prompt)}", ""]
        for partner in (0, 1):
            role = ""
            if day.card.kind == "guess":
                role = " (answer)" if partner == day.lead else " (guess)"
            name = inline(day.partners[partner])
            lines.append(f"- **{name}**{role}: {inline(day.answers[partner].text)}")
        for reply in day.replies:
            lines.append(f"  - {inline(reply.by)} replied: {inline(reply.text)}")
        if day.starred_by:
            who = " and ".join(inline(day.partners[p]) for p in sorted(day.starred_by))
            lines.append(f"- ★ a favorite of {who}")
        lines.append("")
    return "\n".join(lines)
