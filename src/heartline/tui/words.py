"""The game's words on screen: user text as literal content, the partners' colours, the stats."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.color import Color
from textual.content import Content
from textual.design import DEFAULT_DARK_BACKGROUND, DEFAULT_LIGHT_BACKGROUND

from heartline.cards import Role
from heartline.journal import duration, plural
from heartline.session import Session, Slot, Step, StepKind, time_together
from heartline.text import one_line, printable

if TYPE_CHECKING:
    from textual.theme import Theme

# Each partner keeps one colour whatever the theme (warm rose, calm blue), so the two never
# blur into one; `partner_variables` shades them for the theme's background.
PARTNER_HUES = ("#E05A7A", "#3A8EDB")
# On a terminal's own palette: plain blue on a dark terminal is hard to read, bright is not.
PARTNER_ANSI = ("ansi_magenta", "ansi_blue")
PARTNER_ANSI_ON_DARK = ("ansi_bright_magenta", "ansi_bright_blue")
PARTNER_STYLES = ("bold $partner-a", "bold $partner-b")
PARTNER_CLASSES = ("partner-a", "partner-b")


def partner_variables(theme: Theme) -> dict[str, str]:
    """`$partner-a` and `$partner-b` for `theme` (the App's `get_theme_variable_defaults`).

    Shaded the way Textual shades `$text-primary`: two thirds the hue, one third the colour
    text takes on that background, so they read well on light and dark themes alike. A theme
    may still set its own `partner-a` and `partner-b` variables.
    """
    default = DEFAULT_DARK_BACKGROUND if theme.dark else DEFAULT_LIGHT_BACKGROUND
    background = Color.parse(theme.background or default)
    if background.ansi is not None:  # the terminal's own palette
        first, second = PARTNER_ANSI_ON_DARK if theme.dark else PARTNER_ANSI
    else:
        text = background.get_contrast_text(1.0)
        first, second = (text.tint(Color.parse(hue).with_alpha(0.66)).hex for hue in PARTNER_HUES)
    return {"partner-a": first, "partner-b": second}


def safe(text: str) -> Content:
    """Text exactly as written, shown literally: no markup, no escape sequences."""
    return Content(printable(text))


def sentence(message: str) -> str:
    """A message as a sentence: a capital first letter and a full stop (or ? or !)."""
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message[-1] in ".?!" else message + "."


def same_words(first: str, second: str) -> bool:
    """True when two answers say the same, ignoring case, spacing and punctuation."""

    def words(text: str) -> list[str]:
        kept = "".join(ch if ch.isalnum() else " " for ch in text.casefold())
        return kept.split()

    return bool(words(first)) and words(first) == words(second)


def name(session: Session, partner: int | None) -> Content:
    """A partner's name in their own colour (or `Both` in the default style)."""
    if partner is None:
        return Content.styled("Both", "bold")
    return Content.styled(one_line(session.partners[partner]), PARTNER_STYLES[partner])


def banner(session: Session, step: Step) -> Content:
    """What is asked of whom, in plain words: `Ben, reflect back what you heard`."""
    if step.kind is StepKind.EXERCISE:
        return Content.assemble(name(session, None), ": do this together")
    if step.kind is StepKind.DONE:
        return Content("All done")
    who = name(session, step.partner)
    other = name(session, None if step.partner is None else 1 - step.partner)
    if step.kind is StepKind.ANSWER and step.private:
        return Content.assemble(who, ", answer privately (", other, " looks away)")
    if step.kind is StepKind.ANSWER:
        slot = session.current
        if slot is not None and slot.card.kind == "mirror":
            return Content.assemble(who, " shares; ", other, " listens")
        return Content.assemble(who, " answers")
    if step.kind is StepKind.REFLECT:
        return Content.assemble(who, ", reflect back what you heard")
    if step.kind is StepKind.RATE:
        return Content.assemble(who, ", did you feel understood?")
    if step.kind is StepKind.CLARIFY:
        return Content.assemble(who, ", say a little more about what you meant")
    if step.kind is StepKind.GUESS:
        return Content.assemble(who, ", guess ", other, "'s answer")
    if step.kind is StepKind.REVEAL:
        return Content.assemble(who, ", how close was the guess?")
    return Content.assemble(who, ", write one thing you appreciate about ", other)


def role_label(session: Session, slot: Slot | None, role: Role, by: int | None) -> Content:
    """How an answer is introduced on screen: `Ana`, `Ben heard`, `Ana felt understood`."""
    who = name(session, by)
    if by is None:
        who = Content.styled("Together", "bold")
    words = {
        Role.REFLECTION: " heard",
        Role.CLARIFICATION: " clarified",
        Role.GUESS: " guessed",
        Role.APPRECIATION: " appreciates",
        Role.NOTE: " noted",
    }
    if role is Role.RATING:
        if slot is not None and slot.card.kind == "guess":
            return Content.styled("The guess was", "bold")
        return Content.assemble(who, " felt understood")
    if role is Role.APPRECIATION and by is not None:
        return Content.assemble(who, " appreciates ", name(session, 1 - by))
    return Content.assemble(who, words.get(role, ""))


def stats_line(session: Session) -> Content:
    """How a session went: cards played, passed, swapped, favorites; the time on its own line.

    Its own line, so "time together: under a minute" never breaks in the middle at 80x24.
    """
    return Content(
        f"{plural(session.count('done'), 'card')} played · "
        f"{session.count('passed')} passed · {session.swaps} swapped · "
        f"{plural(len(session.favorites), 'favorite')}\n"
        f"Time together: {duration(time_together(session))}."
    )
