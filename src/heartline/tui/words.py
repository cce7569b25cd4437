"""User text made into Textual content: always literal, never markup, never raw controls."""

from __future__ import annotations

from textual.content import Content

from heartline.session import Role, Session, Slot, Step, StepKind
from heartline.text import one_line, printable

PARTNER_STYLES = ("bold $text-accent", "bold $text-primary")
PARTNER_CLASSES = ("partner-a", "partner-b")


def safe(text: str) -> Content:
    """Text exactly as written, shown literally: no markup, no escape sequences."""
    return Content(printable(text))


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
