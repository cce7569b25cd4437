"""The command line: parse, call the core, or open the game."""

from __future__ import annotations

import argparse
import gc
import json
import re
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from heartline import __version__
from heartline.cards import LEVEL_NAMES, TIPS
from heartline.errors import HeartlineError, UserError
from heartline.files import ensure_private_dir
from heartline.launch import command_prefix
from heartline.locations import data_dir, shipped_decks_dir
from heartline.session import DealSettings
from heartline.store import Autosave
from heartline.text import one_line, printable, slug
from heartline.workspace import FAVORITES, Workspace, write_text

if TYPE_CHECKING:
    from heartline.cards import Deck, DeckReport, Problem
    from heartline.preferences import Saved
DEFAULT_DECK = "first-date-night"


def json_text(data: Any) -> str:
    """JSON for tools, with DEL and C1 controls escaped too (json leaves them raw)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


def shown(path: Path | str) -> str:
    """A path as it may be printed: a file name can hold escape sequences too."""
    return one_line(str(path))


# --- the workspace -------------------------------------------------------------------------


def workspace(args: argparse.Namespace) -> Workspace:
    """The data folder and deck folders a command works with, from its options."""
    folders = [
        *(getattr(args, "decks", None) or []),
        *(getattr(args, "more_decks", None) or []),
    ]
    extra = [Path(folder) for folder in folders]
    for folder in extra:
        if not folder.is_dir():
            raise UserError(f"--decks {shown(folder)}: there is no such folder")
    override = getattr(args, "data_dir", None)
    # Computed once: every command this run prints starts with it (heartline.launch).
    command = command_prefix(sys.argv[0], override)
    return Workspace(data_dir(override), extra, command=command)


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


def cmd_decks_list(args: argparse.Namespace, ws: Workspace) -> int:
    library = ws.library
    if args.json:
        rows: list[dict[str, Any]] = []
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
    table = [["ID", "TITLE", "TIP", "CARDS", "LEVELS", "KINDS", "PROBLEMS"]]
    for deck in library.decks:
        table.append(
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
    if len(table) == 1:
        print("No decks found. heartline looked in:")
        for folder in ws.deck_folders:
            print(f"  {shown(folder)}")
    else:
        print(_table(table))
    for report in library.unusable:
        first = report.problems[0] if report.problems else "it can't be read"
        print(f"\ncan't use {shown(report.path)}: {printable(str(first))}")
    for shadow in library.shadowed:
        print(f"\n{shadow.id}: {shown(shadow.by)} is used instead of {shown(shadow.hidden)}")
    return 0


def cmd_decks_show(args: argparse.Namespace, ws: Workspace) -> int:
    deck = ws.library.find(args.deck)
    print(one_line(deck.title))
    print("=" * min(len(deck.title), 80))
    for name, value in (
        ("About", deck.description),
        ("Content note", deck.content_note),
        ("How to play", deck.how_to),
        ("Tip", deck.tip),
        ("Author", deck.author),
    ):
        if value:
            print(f"{name}: {printable(value)}")
    print(f"Order: {deck.order}. Cards can {'' if deck.skippable else 'not '}be passed.")
    if not deck.dealt_by_default:
        print("Dealt only when chosen by name: never preselected, never played by default.")
    if deck.tags:
        print(f"Tags: {', '.join(one_line(tag) for tag in deck.tags)}")
    print(f"File: {shown(deck.path)}\n")
    for number, card in enumerate(deck.cards, start=1):
        timer = f", {card.seconds} s" if card.seconds else ""
        lead = ", lead answers" if card.answer == "lead" and card.kind == "question" else ""
        pin = f", dealt {card.pin}" if card.pin else ""
        print(f"{number:>3}. [{card.id}] {card.kind}, {LEVEL_NAMES[card.level]}{timer}{lead}{pin}")
        print(f"     {one_line(card.prompt)}")
        if card.follow_up:
            print(f"     then: {one_line(card.follow_up)}")
    for problem in deck.problems:
        print(f"\n{printable(str(problem))}")
    return 0


def cmd_decks_validate(args: argparse.Namespace, ws: Workspace) -> int:
    from heartline.cards import DeckReport
    from heartline.deck_cache import load_deck

    cache = ws.deck_cache
    reports: list[DeckReport] = []
    for name in args.paths:
        path = Path(name)
        if path.is_dir() and path.suffix == ".toml":
            reports.append(DeckReport(path.stem, path, None, (_missing(path, "folder"),)))
        elif path.is_dir():
            reports.extend(load_deck(deck, cache) for deck in sorted(path.glob("*.toml")))
        elif path.exists():
            reports.append(load_deck(path, cache))
        else:
            why = "link" if path.is_symlink() else "missing"
            reports.append(DeckReport(path.stem, path, None, (_missing(path, why),)))
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
    """Write `text` atomically to `output` (returned), or to stdout when there is none.

    On stdout every control character is made visible: a deck or an answer can hold escape
    sequences, and the terminal must never run them. `-o FILE` keeps the text exactly.
    """
    if not output:
        sys.stdout.write(printable(text))
        return None
    target = Path(output)
    write_text(target, text, mode)
    return target


def cmd_decks_new(args: argparse.Namespace, ws: Workspace) -> int:
    from heartline.authoring import starter, write_new

    path = Path(args.path)
    if path.suffix != ".toml":
        path = path.with_name(f"{path.name}.toml")
    title = args.title or path.stem.replace("-", " ").capitalize()
    schema_ref = _schema_ref()
    write_new(path, starter(title, args.tip), schema_ref)  # an AuthoringError is said by main()
    print(f"Wrote {shown(path)}: a starter deck with one card of each kind. Edit it, then run")
    print(f"  {ws.command} decks validate {shlex.quote(shown(path))}")
    return 0


def cmd_decks_schema(args: argparse.Namespace, ws: Workspace) -> int:
    from heartline.authoring import schema_text

    return deliver_schema(schema_text(), args.output)


def deliver_schema(text: str, output: str | None) -> int:
    """A JSON Schema to stdout, or to `output` (readable by all: it holds nothing private)."""
    target = deliver(text, output, mode=0o644)
    if target is not None:
        print(f"Schema written to {shown(target)}", file=sys.stderr)
    return 0


def cmd_decks_import(args: argparse.Namespace, ws: Workspace) -> int:
    from heartline.authoring import read_table, write_new

    source = Path(args.file)
    if source.suffix.lower() not in {".csv", ".tsv", ".tab"}:
        raise UserError(f"{shown(source)}: give a .csv or .tsv file")
    raw, problems = read_table(source, args.title)
    if raw is None:
        for problem in problems:
            print(printable(problem))
        print(f"Nothing written: fix the rows above in {shown(source)}.", file=sys.stderr)
        return 1
    target = Path(args.output) if args.output else ws.user_decks / f"{_id_for(source)}.toml"
    if target.suffix != ".toml":
        target = target / f"{_id_for(source)}.toml"
    if target.parent == ws.user_decks:
        try:
            ensure_private_dir(target.parent)
        except OSError as failed:
            folder = shown(target.parent)
            raise UserError(f"can't use {folder}: {failed.strerror or failed}") from failed
    schema_ref = _schema_ref()
    write_new(target, raw, schema_ref)  # an AuthoringError is said by main()
    print(f"Wrote {shown(target)} with {len(raw['cards'])} cards.")
    return 0


def _schema_ref() -> str | None:
    """The `#:schema` address for a deck written outside the shipped folder."""
    from heartline.authoring import SCHEMA_NAME

    schema_file = shipped_decks_dir() / SCHEMA_NAME
    return schema_file.resolve().as_uri() if schema_file.is_file() else None


def _id_for(source: Path) -> str:
    return slug(source.stem) or "imported"


def cmd_decks_export(args: argparse.Namespace, ws: Workspace) -> int:
    from heartline.authoring import table_text

    deck = ws.library.find(args.deck)
    target = deliver(table_text(deck), args.output, mode=0o644)
    if target is not None:
        print(f"Wrote {shown(target)} with {len(deck.cards)} cards.", file=sys.stderr)
    return 0


def _missing(path: Path, why: str = "missing") -> Problem:
    from heartline.cards import Problem

    message = {
        "folder": "this is a folder, not a deck file; to check every deck in it, name it "
        "without .toml or give the files inside",
        "link": "this is a link that leads nowhere (or back to itself)",
    }.get(why, "there is no such file")
    return Problem(str(path), 1, 1, message)


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


def _first_lead(first: str | None, players: Sequence[str]) -> int:
    """Which partner leads the first card: `--first NAME` names one of the players."""
    if first is None:
        return 0
    wanted = first.strip().casefold()
    for index, player in enumerate(players):
        if player.strip().casefold() == wanted:
            return index
    raise UserError(f"--first must name one of the players ({' or '.join(players)})")


def _play_decks(names: Sequence[str], ws: Workspace, players: Sequence[str]) -> list[Deck]:
    """The decks named: ids, .toml files, or `favorites` (the couple's starred cards)."""
    decks: dict[str, Deck] = {}
    for name in names:
        if name == FAVORITES:
            deck = ws.favorites_deck(players)
            if deck is None:
                raise UserError(
                    f"{shown(players[0])} and {shown(players[1])} have no favorites yet: "
                    "star a card with ctrl+f while you play"
                )
        else:
            deck = ws.find_deck(name)
        decks[deck.id] = deck
    return list(decks.values())


def cmd_play(args: argparse.Namespace, ws: Workspace) -> int:
    decks = _play_decks(args.deck or [DEFAULT_DECK], ws, args.players)
    settings = DealSettings(
        seed=ws.new_seed() if args.seed is None else args.seed,
        cards=args.cards,
        max_level=args.max_level,
        leave_out=tuple(args.leave_out or ()),
        first_lead=_first_lead(args.first, args.players),
    )
    seen = ws.seen(args.players)  # the couple's history, read once for both questions
    if not args.repeat:
        for deck in ws.played_through(decks, args.players, settings, seen):
            print(
                f"heartline: you have seen every card of {shown(deck.title)} together; "
                "this game deals them again, the longest ago first.",
                file=sys.stderr,
            )
    session = ws.deal(decks, args.players, settings, repeat=args.repeat, seen=seen)
    ws.prepare_saves()
    autosave, failure = ws.start(session)
    if failure is not None:
        autosave.close()
        raise failure
    _say_saved(ws.remember_game(session))  # for Play again and the next New game
    return open_app(ws, autosave)


def _say_saved(saved: Saved) -> None:
    for said in (saved.failure, saved.notice):
        if said:
            print(f"heartline: {printable(said)}", file=sys.stderr)


def cmd_resume(args: argparse.Namespace, ws: Workspace) -> int:
    if args.save:
        path = ws.find_save(args.save)
    else:
        found = ws.newest_in_progress()
        if found is None:
            raise UserError(
                f"there is no game in progress to resume in {shown(ws.saves.absolute())}; "
                f"start one with `{ws.command}`"
            )
        path = found
    autosave = ws.open(path)
    if autosave.session.finished:
        autosave.close()
        raise UserError(
            f"{shown(path.name)} is finished; read it with "
            f"`{ws.command} saves export {shlex.quote(shown(path.name))}`"
        )
    return open_app(ws, autosave)


def open_app(
    ws: Workspace, autosave: Autosave | None = None, opening: Callable[[], Any] | None = None
) -> int:
    """Open the game's screen (imported only now: the core never needs textual)."""
    # No collections while textual is imported and the first screen built: the app lets the
    # collector run again once its first frame is up (HeartlineApp.on_ready).
    gc.disable()
    try:
        from heartline.tui.app import make_app

        app = make_app(ws, autosave, opening)
        # Mouse off (a preference) leaves the mouse to the terminal, to select text.
        app.run(mouse=ws.preferences.machine.mouse)
    finally:
        gc.enable()
    return app.return_code or 0


def cmd_script(args: argparse.Namespace, ws: Workspace) -> int:
    """Play a saved session from JSON lines on stdin, saving after each action.

    For tests and benchmarks, not for people: after every action is saved, it prints
    `ack N` (N actions in the log) on stdout, so a test that kills the process knows exactly
    what had been acknowledged. Lines: {"do": "submit", "text": "..."}, {"do": "choose",
    "text": "yes"}, {"do": "pass"}, {"do": "favorite"}, {"do": "note", "text": "..."},
    {"do": "finish"}.
    """
    path = ws.find_save(args.save)
    autosave = ws.open(path)
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


def _today(args: argparse.Namespace, ws: Workspace) -> int:
    from heartline.cli_today import cmd_today

    return cmd_today(args, ws)


def _decks_lint(args: argparse.Namespace, ws: Workspace) -> int:
    from heartline.cli_lint import cmd_decks_lint

    return cmd_decks_lint(args, ws)


def _history(args: argparse.Namespace, ws: Workspace) -> int:
    from heartline.cli_history import cmd_history

    return cmd_history(args, ws)


def cmd_open(args: argparse.Namespace, ws: Workspace) -> int:
    return open_app(ws)


# --- saves ---------------------------------------------------------------------------------


def cmd_saves_list(args: argparse.Namespace, ws: Workspace) -> int:
    found, broken = ws.summaries()
    if args.json:
        rows: list[dict[str, Any]] = [
            {
                "file": s.name,
                "path": str(s.path),
                "status": s.status,
                "title": s.title,
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
        print(f"No saved sessions yet in {shown(ws.store.folder)}.")
        return 0
    if found:
        rows_text = [["STATUS", "LAST PLAYED", "TITLE", "PARTNERS", "DECKS", "PROGRESS", "FILE"]]
        for s in found:
            rows_text.append(
                [
                    s.status,
                    f"{s.updated:%Y-%m-%d %H:%M}",
                    one_line(s.title)[:30] or "-",
                    one_line(" & ".join(s.partners)),
                    one_line(", ".join(s.deck_titles))[:40],
                    s.progress,
                    shown(s.name),
                ]
            )
        print(_table(rows_text))
    for error in broken:
        print(f"\ncan't read {shown(error.path)}: {printable(error.reason)}")
    return 0


def cmd_saves_export(args: argparse.Namespace, ws: Workspace) -> int:
    from heartline.journal import export

    path = ws.find_save(args.save)
    output = args.output
    if output and Path(output).is_dir():
        output = str(Path(output) / path.with_suffix(".md").name)
    target = deliver(export(ws.load(path)), output)  # private: 0600
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
    play.add_argument(
        "deck",
        nargs="*",
        help=f"deck ids, .toml files, or {FAVORITES} for your starred cards "
        f"(default: {DEFAULT_DECK})",
    )
    play.add_argument("--players", nargs=2, metavar="NAME", required=True, help="the two partners")
    play.add_argument(
        "--cards", type=_cards, default=10, help="how many cards, or 'all' (default 10)"
    )
    play.add_argument("--max-level", type=_level, default=3, help="1 light, 2 deeper, 3 deepest")
    play.add_argument("--seed", type=_seed, help="the same seed deals the same cards")
    play.add_argument(
        "--first", metavar="NAME", help="who leads the first card (default: the first name)"
    )
    play.add_argument(
        "--leave-out", action="append", metavar="TAG", help="leave out cards tagged TAG"
    )
    play.add_argument(
        "--repeat",
        action="store_true",
        help="deal from every card, not the ones you haven't seen first",
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
    lint_cmd = command(deck_commands, "lint", "advice on how decks read (not errors)")
    lint_cmd.add_argument(
        "paths", nargs="*", metavar="PATH", help="deck files or folders (default: every deck)"
    )
    lint_cmd.add_argument("--json", action="store_true", help="print JSON for tools")
    lint_cmd.add_argument("--strict", action="store_true", help="exit 1 when there is advice")
    lint_cmd.set_defaults(run=_decks_lint)
    new = command(deck_commands, "new", "write a starter deck to edit")
    new.add_argument("path", metavar="PATH", help="the new deck file, e.g. our-evenings.toml")
    new.add_argument("--title", help="the deck's title")
    new.add_argument("--tip", choices=TIPS, help="the intimacy tip it is built around")
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

    today = command(commands, "today", "today's card: one a day, each of you answers privately")
    today.add_argument("--players", nargs=2, metavar="NAME", help="the couple (default: the last)")
    today.add_argument("--shared", metavar="DIR", help="a folder you sync between two machines")
    today.add_argument("--as", dest="as_", metavar="NAME", help="who is answering")
    today.add_argument("--answer", metavar="TEXT", help="answer (or reply) for --as NAME")
    today.add_argument("--status", action="store_true", help="who has answered, no words")
    today.add_argument("--json", action="store_true", help="with --status: JSON for scripts")
    today.add_argument(
        "--nudge",
        action="store_true",
        help="one line when today's card waits for you (or --as NAME), else nothing",
    )
    today.add_argument(
        "--journal", action="store_true", help="the days you both answered, as Markdown"
    )
    today.add_argument("-o", "--output", metavar="FILE", help="with --journal: write to FILE")
    today.set_defaults(run=_today)

    history = command(commands, "history", "your evenings together: a gentle story")
    history.add_argument("--players", nargs=2, metavar="NAME", help="only this couple")
    history.add_argument("--json", action="store_true", help="print JSON for tools")
    history.set_defaults(run=_history)

    saves = command(commands, "saves", "list, export, name and delete saved sessions")
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
    from heartline.cli_saves import add_commands as add_saves_commands

    add_saves_commands(save_commands, command)

    from heartline.cli_config import add_commands as add_config_commands

    add_config_commands(commands, command)

    from heartline.cli_completion import add_commands as add_completion_commands

    add_completion_commands(commands, command)

    from heartline.cli_serve import add_command as add_serve_command

    add_serve_command(commands, command)
    return parser


def quick_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The two commands a couple runs most, `heartline` and `heartline resume [SAVE]` (with
    --data-dir D and --decks D), read without building the whole parser, a few ms of every
    start-up; anything else, or anything unusual, is None and goes to the parser."""
    args = argparse.Namespace(data_dir=None, decks=None, run=cmd_open)
    words = list(argv)
    while words and words[0] in ("--data-dir", "--decks"):
        option = words.pop(0)
        if not words or words[0].startswith("-"):
            return None
        if option == "--decks":
            args.decks = [*(args.decks or []), words.pop(0)]
        elif args.data_dir is None:
            args.data_dir = words.pop(0)
        else:
            return None
    if words and words[0] == "resume":
        words.pop(0)
        args.run = cmd_resume
        args.save = words.pop(0) if words and not words[0].startswith("-") else None
    return None if words else args


# The commands that open the game's screen, or may (today, without --answer or --status).
OPEN_THE_GAME = (cmd_open, cmd_resume, cmd_play, _today)


def main(argv: Sequence[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    args = quick_args(given) or build_parser().parse_args(given)
    try:
        ws = workspace(args)
        if args.run not in OPEN_THE_GAME:
            # Held back while starting (heartline.entry): a command may run long. The game
            # lets it run once its first frame is up (HeartlineApp.settle_memory); a pass
            # now would only cost that frame time.
            gc.enable()
        return int(args.run(args, ws))
    except HeartlineError as error:
        print(f"heartline: {error.for_person()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`heartline decks show x | head`); that is not an error.
        sys.stderr.close()
        return 0
