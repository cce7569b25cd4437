"""The command line: parse, call the core, or open the game."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from heartline import __version__
from heartline.cards import LEVEL_NAMES
from heartline.files import ensure_private_dir, write_atomic
from heartline.library import DeckNotFound, Library
from heartline.locations import data_dir, saves_dir, shipped_decks_dir, user_decks_dir
from heartline.session import ActionRefused, Session
from heartline.store import Autosave, SaveError, Store, load
from heartline.text import one_line, printable, slug

if TYPE_CHECKING:
    from heartline.cards import Card
    from heartline.deck import Deck, DeckReport

# The choices of --tip, repeated here so parsing needs no pydantic; a test keeps them equal.
TIP_CHOICES = (
    "vulnerability",
    "communication",
    "quality-time",
    "empathy",
    "dreams-and-goals",
    "physical-affection",
    "gratitude",
    "openness-to-change",
)
DEFAULT_DECK = "first-date-night"


def json_text(data: Any) -> str:
    """JSON for tools, with DEL and C1 controls escaped too (json leaves them raw)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


def shown(path: Path | str) -> str:
    """A path as it may be printed: a file name can hold escape sequences too."""
    return one_line(str(path))


class UserError(Exception):
    """Something the person at the keyboard can fix; shown as one line."""


# --- context -------------------------------------------------------------------------------


class Context:
    """The folders a command works with, built from its options."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.data = data_dir(getattr(args, "data_dir", None))
        folders = [
            *(getattr(args, "decks", None) or []),
            *(getattr(args, "more_decks", None) or []),
        ]
        self.extra = [Path(folder) for folder in folders]
        for folder in self.extra:
            if not folder.is_dir():
                raise UserError(f"--decks {shown(folder)}: there is no such folder")
        self._library: Library | None = None

    @property
    def deck_folders(self) -> list[Path]:
        return [shipped_decks_dir(), user_decks_dir(self.data), *self.extra]

    @property
    def library(self) -> Library:
        if self._library is None:
            self._library = Library.scan(self.deck_folders)
        return self._library

    @property
    def store(self) -> Store:
        return Store(saves_dir(self.data))

    def resolve_card(self, key: str) -> Card | None:
        return self.library.card(key)


# --- decks ---------------------------------------------------------------------------------


def _deck_row(deck: Deck) -> dict[str, Any]:
    return {
        "id": deck.id,
        "title": deck.title,
        "tip": deck.tip,
        "cards": len(deck.cards),
        "levels": list(deck.levels),
        "kinds": list(deck.kinds),
    }


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def cmd_decks_list(args: argparse.Namespace, ctx: Context) -> int:
    library = ctx.library
    if args.json:
        rows = []
        for report in library.reports.values():
            row: dict[str, Any] = {"id": report.id, "path": str(report.path)}
            row.update(_deck_row(report.deck) if report.deck else {"title": None})
            row["usable"] = report.usable
            row["problems"] = [str(problem) for problem in report.problems]
            shadow = library.shadow_of(report.id)
            row["overrides"] = str(shadow.hidden) if shadow else None
            rows.append(row)
        print(json_text(rows))
        return 0
    rows = [["ID", "TITLE", "TIP", "CARDS", "LEVELS", "KINDS", "PROBLEMS"]]
    for deck in library.decks:
        rows.append(
            [
                deck.id,
                one_line(deck.title),
                deck.tip or "-",
                str(len(deck.cards)),
                ",".join(map(str, deck.levels)),
                ",".join(deck.kinds),
                str(len(deck.problems)) if deck.problems else "-",
            ]
        )
    if len(rows) == 1:
        print("No decks found. heartline looked in:")
        for folder in ctx.deck_folders:
            print(f"  {shown(folder)}")
    else:
        print(_table(rows))
    for report in library.unusable:
        first = report.problems[0] if report.problems else "it can't be read"
        print(f"\ncan't use {shown(report.path)}: {printable(str(first))}")
    for shadow in library.shadowed:
        print(f"\n{shadow.id}: {shown(shadow.by)} is used instead of {shown(shadow.hidden)}")
    return 0


def cmd_decks_show(args: argparse.Namespace, ctx: Context) -> int:
    deck = ctx.library.find(args.deck)
    print(one_line(deck.title))
    print("=" * min(len(deck.title), 80))
    for name, value in (
        ("About", deck.description),
        ("How to play", deck.how_to),
        ("Tip", deck.tip),
        ("Author", deck.author),
    ):
        if value:
            print(f"{name}: {printable(value)}")
    print(f"Order: {deck.order}. Cards can {'' if deck.skippable else 'not '}be passed.")
    if deck.tags:
        print(f"Tags: {', '.join(one_line(tag) for tag in deck.tags)}")
    print(f"File: {shown(deck.path)}\n")
    for number, card in enumerate(deck.cards, start=1):
        timer = f", {card.seconds} s" if card.seconds else ""
        lead = ", lead answers" if card.answer == "lead" and card.kind == "question" else ""
        print(f"{number:>3}. [{card.id}] {card.kind}, {LEVEL_NAMES[card.level]}{timer}{lead}")
        print(f"     {one_line(card.prompt)}")
        if card.follow_up:
            print(f"     then: {one_line(card.follow_up)}")
    for problem in deck.problems:
        print(f"\n{printable(str(problem))}")
    return 0


def cmd_decks_validate(args: argparse.Namespace, ctx: Context) -> int:
    from heartline.deck import DeckReport, load_deck

    reports: list[DeckReport] = []
    for name in args.paths:
        path = Path(name)
        if path.is_dir():
            reports.extend(load_deck(deck) for deck in sorted(path.glob("*.toml")))
        elif path.exists():
            reports.append(load_deck(path))
        else:
            reports.append(DeckReport(path.stem, path, None, (_missing(path),)))
    bad = sum(1 for report in reports if report.problems)
    if args.json:
        rows = [
            {
                "path": str(report.path),
                "usable": report.usable,
                "cards": len(report.deck.cards) if report.deck else 0,
                "problems": [
                    {"line": p.line, "column": p.column, "message": p.message}
                    for p in report.problems
                ],
            }
            for report in reports
        ]
        print(json_text(rows))
    else:
        for report in reports:
            for problem in report.problems:
                print(printable(str(problem)))
        clean = len(reports) - bad
        print(f"{len(reports)} checked: {clean} clean, {bad} with problems", file=sys.stderr)
    return 1 if bad or not reports else 0


def deliver(text: str, output: str | None, mode: int = 0o600) -> Path | None:
    """Write `text` atomically to `output` (returned), or to stdout when there is none."""
    if not output:
        sys.stdout.write(text)
        return None
    target = Path(output)
    try:
        write_atomic(target, text.encode("utf-8"), mode=mode)
    except OSError as failed:
        raise UserError(f"can't write {shown(target)}: {failed.strerror or failed}") from failed
    return target


def cmd_decks_new(args: argparse.Namespace, ctx: Context) -> int:
    from heartline.authoring import AuthoringError, starter, write_new

    path = Path(args.path)
    if path.suffix != ".toml":
        path = path.with_name(f"{path.name}.toml")
    title = args.title or path.stem.replace("-", " ").capitalize()
    schema_ref = _schema_ref()
    try:
        write_new(path, starter(title, args.tip), schema_ref)
    except AuthoringError as error:
        raise UserError(str(error)) from error
    print(f"Wrote {shown(path)}: a starter deck with one card of each kind. Edit it, then run")
    print(f"  heartline decks validate {shown(path)}")
    return 0


def cmd_decks_schema(args: argparse.Namespace, ctx: Context) -> int:
    from heartline.authoring import schema_text

    target = deliver(schema_text(), args.output, mode=0o644)
    if target is not None:
        print(f"Schema written to {shown(target)}", file=sys.stderr)
    return 0


def cmd_decks_import(args: argparse.Namespace, ctx: Context) -> int:
    from heartline.authoring import AuthoringError, read_table, write_new

    source = Path(args.file)
    if source.suffix.lower() not in {".csv", ".tsv", ".tab"}:
        raise UserError(f"{shown(source)}: give a .csv or .tsv file")
    raw, problems = read_table(source, args.title)
    if raw is None:
        for problem in problems:
            print(printable(problem))
        print(f"Nothing written: fix the rows above in {shown(source)}.", file=sys.stderr)
        return 1
    target = (
        Path(args.output) if args.output else user_decks_dir(ctx.data) / f"{_id_for(source)}.toml"
    )
    if target.suffix != ".toml":
        target = target / f"{_id_for(source)}.toml"
    if target.parent == user_decks_dir(ctx.data):
        ensure_private_dir(target.parent)
    schema_ref = _schema_ref()
    try:
        write_new(target, raw, schema_ref)
    except AuthoringError as error:
        raise UserError(str(error)) from error
    print(f"Wrote {shown(target)} with {len(raw['cards'])} cards.")
    return 0


def _schema_ref() -> str | None:
    """The `#:schema` address for a deck written outside the shipped folder."""
    from heartline.authoring import SCHEMA_NAME

    schema_file = shipped_decks_dir() / SCHEMA_NAME
    return schema_file.resolve().as_uri() if schema_file.is_file() else None


def _id_for(source: Path) -> str:
    return slug(source.stem) or "imported"


def cmd_decks_export(args: argparse.Namespace, ctx: Context) -> int:
    from heartline.authoring import table_text

    deck = ctx.library.find(args.deck)
    target = deliver(table_text(deck), args.output, mode=0o644)
    if target is not None:
        print(f"Wrote {shown(target)} with {len(deck.cards)} cards.", file=sys.stderr)
    return 0


def _missing(path: Path) -> Any:
    from heartline.deck import Problem

    return Problem(str(path), 1, 1, "there is no such file")


# --- playing -------------------------------------------------------------------------------


def _cards(value: str) -> int | None:
    if value == "all":
        return None
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("give a number of cards or 'all'") from None
    if number < 1:
        raise argparse.ArgumentTypeError("a session needs at least one card")
    return number


def _level(value: str) -> int:
    if value not in {"1", "2", "3"}:
        raise argparse.ArgumentTypeError("the level is 1 (light), 2 (deeper) or 3 (deepest)")
    return int(value)


def _seed(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("the seed is a whole number") from None


def cmd_play(args: argparse.Namespace, ctx: Context) -> int:
    from heartline.dealing import new_session

    names = args.deck or [DEFAULT_DECK]
    decks = list({deck.id: deck for deck in (ctx.library.find(name) for name in names)}.values())
    session = new_session(
        decks,
        args.players,
        cards=args.cards,
        max_level=args.max_level,
        seed=args.seed,
        leave_out=args.leave_out or (),
    )
    store = ctx.store
    store.prepare()
    path = store.save(session)
    return open_app(ctx, session=session, save_path=path)


def cmd_resume(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store
    if args.save:
        path = store.find(args.save)
    else:
        found = store.newest_in_progress()
        if found is None:
            raise UserError(
                "there is no game in progress to resume; start one with `heartline play`"
            )
        path = found
    session = load(path, ctx.resolve_card)
    if session.finished:
        raise UserError(
            f"{shown(path.name)} is finished; read it with "
            f"`heartline saves export {shown(path.name)}`"
        )
    return open_app(ctx, session=session, save_path=path)


def open_app(ctx: Context, session: Session | None = None, save_path: Path | None = None) -> int:
    """Open the game's screen (imported only now: the core never needs textual)."""
    from heartline.tui.app import make_app

    app = make_app(ctx.data, ctx.extra, session=session, save_path=save_path)
    app.run()
    return app.return_code or 0


def cmd_script(args: argparse.Namespace, ctx: Context) -> int:
    """Play a saved session from JSON lines on stdin, saving after each action.

    For tests and benchmarks, not for people: after every action is saved, it prints
    `ack N` (N actions in the log) on stdout, so a test that kills the process knows exactly
    what had been acknowledged. Lines: {"do": "submit", "text": "..."}, {"do": "choose",
    "text": "yes"}, {"do": "pass"}, {"do": "favorite"}, {"do": "note", "text": "..."},
    {"do": "finish"}.
    """
    store = ctx.store
    path = store.find(args.save)
    autosave = Autosave(store, load(path), path)
    session = autosave.session
    moves = {
        "submit": lambda line: session.submit(line["text"]),
        "choose": lambda line: session.choose(line["text"]),
        "pass": lambda line: session.pass_card(),
        "favorite": lambda line: session.favorite(),
        "note": lambda line: session.add_note(line["text"]),
        "finish": lambda line: session.finish_early(),
    }
    try:
        for raw in sys.stdin:
            if not raw.strip():
                continue
            line = json.loads(raw)
            moves[line["do"]](line)
            failure = autosave.save()
            if failure is not None:
                raise failure
            sys.stdout.write(f"ack {len(session.log)}\n")
            sys.stdout.flush()
    finally:
        autosave.close()
    return 0


def cmd_open(args: argparse.Namespace, ctx: Context) -> int:
    return open_app(ctx)


# --- saves ---------------------------------------------------------------------------------


def cmd_saves_list(args: argparse.Namespace, ctx: Context) -> int:
    found, broken = ctx.store.summaries()
    if args.json:
        rows: list[dict[str, Any]] = [
            {
                "file": s.name,
                "path": str(s.path),
                "status": s.status,
                "partners": list(s.partners),
                "decks": list(s.deck_titles),
                "cards_done": s.cards_done,
                "cards_total": s.cards_total,
                "started": s.started.isoformat(),
                "updated": s.updated.isoformat(),
            }
            for s in found
        ]
        rows += [{"path": str(e.path), "error": e.reason} for e in broken]
        print(json_text(rows))
        return 0
    if not found and not broken:
        print(f"No saved sessions yet in {shown(ctx.store.folder)}.")
        return 0
    if found:
        rows_text = [["STATUS", "LAST PLAYED", "PARTNERS", "DECKS", "CARDS", "FILE"]]
        for s in found:
            rows_text.append(
                [
                    s.status,
                    f"{s.updated:%Y-%m-%d %H:%M}",
                    one_line(" & ".join(s.partners)),
                    one_line(", ".join(s.deck_titles))[:40],
                    f"{s.cards_done}/{s.cards_total}",
                    shown(s.name),
                ]
            )
        print(_table(rows_text))
    for error in broken:
        print(f"\ncan't read {shown(error.path)}: {printable(error.reason)}")
    return 0


def cmd_saves_export(args: argparse.Namespace, ctx: Context) -> int:
    from heartline.journal import export

    path = ctx.store.find(args.save)
    output = args.output
    if output and Path(output).is_dir():
        output = str(Path(output) / path.with_suffix(".md").name)
    target = deliver(export(load(path, ctx.resolve_card)), output)  # private: 0600
    if target is not None:
        print(f"Journal written to {shown(target)}")
    return 0


# --- parsing -------------------------------------------------------------------------------


def _common(parser: argparse.ArgumentParser, default: Any, decks_dest: str = "decks") -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="keep saves and your decks in DIR (default: $HEARTLINE_DATA_DIR or your data folder)",
    )
    parser.add_argument(
        "--decks",
        dest=decks_dest,
        metavar="DIR",
        action="append",
        default=default,
        help="also use the decks in DIR (repeatable; later folders win)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="heartline",
        description="A conversation game for two partners sharing one screen.",
    )
    parser.add_argument("--version", action="version", version=f"heartline {__version__}")
    _common(parser, None)
    parser.set_defaults(run=cmd_open)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(group: Any, name: str, help_text: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = group.add_parser(name, help=help_text, description=help_text)
        # The subcommand's --decks is kept apart, so folders given before it still count.
        _common(sub, argparse.SUPPRESS, decks_dest="more_decks")
        return sub

    play = command(commands, "play", "start a new session")
    play.add_argument("deck", nargs="*", help=f"deck ids or .toml files (default: {DEFAULT_DECK})")
    play.add_argument("--players", nargs=2, metavar="NAME", required=True, help="the two partners")
    play.add_argument(
        "--cards", type=_cards, default=10, help="how many cards, or 'all' (default 10)"
    )
    play.add_argument("--max-level", type=_level, default=3, help="1 light, 2 deeper, 3 deepest")
    play.add_argument("--seed", type=_seed, help="the same seed deals the same cards")
    play.add_argument(
        "--leave-out", action="append", metavar="TAG", help="leave out cards tagged TAG"
    )
    play.set_defaults(run=cmd_play)

    resume = command(commands, "resume", "continue a saved session")
    resume.add_argument("save", nargs="?", help="a save's file name or path (default: the newest)")
    resume.set_defaults(run=cmd_resume)

    decks = command(commands, "decks", "list, show and check decks")
    deck_commands = decks.add_subparsers(title="commands", metavar="COMMAND", required=True)
    listing = command(deck_commands, "list", "list the decks in the library")
    listing.add_argument("--json", action="store_true", help="print JSON for tools")
    listing.set_defaults(run=cmd_decks_list)
    show = command(deck_commands, "show", "show a deck and its cards")
    show.add_argument("deck", help="a deck id or a .toml file")
    show.set_defaults(run=cmd_decks_show)
    validate = command(deck_commands, "validate", "check deck files and report every problem")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="deck files or folders")
    validate.add_argument("--json", action="store_true", help="print JSON for tools")
    validate.set_defaults(run=cmd_decks_validate)
    new = command(deck_commands, "new", "write a starter deck to edit")
    new.add_argument("path", metavar="PATH", help="the new deck file, e.g. our-evenings.toml")
    new.add_argument("--title", help="the deck's title")
    new.add_argument("--tip", choices=TIP_CHOICES, help="the intimacy tip it is built around")
    new.set_defaults(run=cmd_decks_new)
    schema_cmd = command(deck_commands, "schema", "print the JSON Schema of the deck format")
    schema_cmd.add_argument("-o", "--output", metavar="FILE", help="write to FILE")
    schema_cmd.set_defaults(run=cmd_decks_schema)
    importing = command(deck_commands, "import", "make a deck from a CSV or TSV spreadsheet")
    importing.add_argument("file", metavar="FILE", help="a .csv or .tsv file with a header row")
    importing.add_argument(
        "-o", "--output", metavar="PATH", help="the deck file to write (default: your decks)"
    )
    importing.add_argument("--title", help="the deck's title")
    importing.set_defaults(run=cmd_decks_import)
    exporting = command(deck_commands, "export", "write a deck's cards as a spreadsheet")
    exporting.add_argument("deck", help="a deck id or a .toml file")
    exporting.add_argument("--csv", action="store_true", required=True, help="as CSV")
    exporting.add_argument("-o", "--output", metavar="FILE", help="write to FILE")
    exporting.set_defaults(run=cmd_decks_export)

    script = commands.add_parser("_script")
    _common(script, argparse.SUPPRESS, decks_dest="more_decks")
    script.add_argument("save")
    script.set_defaults(run=cmd_script)
    # A hook for tests and benchmarks: left out of the help people read.
    commands._choices_actions = [a for a in commands._choices_actions if a.dest != "_script"]

    saves = command(commands, "saves", "list and export saved sessions")
    save_commands = saves.add_subparsers(title="commands", metavar="COMMAND", required=True)
    saves_list = command(save_commands, "list", "list saved sessions, newest first")
    saves_list.add_argument("--json", action="store_true", help="print JSON for tools")
    saves_list.set_defaults(run=cmd_saves_list)
    saves_export = command(save_commands, "export", "write a session as a Markdown journal")
    saves_export.add_argument("save", help="a save's file name or path")
    saves_export.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE, not the screen"
    )
    saves_export.set_defaults(run=cmd_saves_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args, Context(args)))
    except (UserError, DeckNotFound, ActionRefused) as error:
        print(f"heartline: {printable(str(error))}", file=sys.stderr)
        return 1
    except SaveError as error:
        print(
            f"heartline: can't use {shown(error.path)}: {printable(error.reason)}", file=sys.stderr
        )
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`heartline decks show x | head`); that is not an error.
        sys.stderr.close()
        return 0
