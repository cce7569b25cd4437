"""Shell completion: the scripts for bash, zsh and fish, and the quick lister they call back.

The scripts are written from the argument parser, so a command added tomorrow completes the
day it is added. Deck ids and save names change while the shell runs: the scripts ask
`heartline _complete decks|saves`, which lists file names in the deck and saves folders with
the standard library alone (no pydantic, no textual, no deck read), so a Tab costs about as
much as starting Python.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

SHELLS = ("bash", "zsh", "fish")
KINDS = ("decks", "saves")
# Only names heartline could use: a deck's id is a slug, and a file name is printed one a
# line, so one holding a line break (or any control character) is left out.
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_FAVORITES = "favorites"  # heartline.workspace.FAVORITES, without importing the workspace

# What a positional argument or an option's value is, by its dest: the scripts complete
# deck ids, save names, files or folders; anything else (names, text) is left to the person.
_POSITIONAL_KINDS = {"deck": "deck", "save": "save", "paths": "file", "path": "file"}
_POSITIONAL_KINDS |= {"file": "file"}
_VALUE_KINDS = {"data_dir": "dir", "decks": "dir", "more_decks": "dir", "shared": "dir"}
_VALUE_KINDS |= {"output": "file"}


# --- the quick lister ----------------------------------------------------------------------


def names(kind: str, data_override: str | None = None, extra: Sequence[str] = ()) -> list[str]:
    """Deck ids (`favorites` too) or save file names, from folder listings alone."""
    from heartline.locations import data_dir, saves_dir, shipped_decks_dir, user_decks_dir

    data = data_dir(data_override)
    if kind == "saves":
        return sorted(_listed(saves_dir(data), ".toml", keep_suffix=True))
    found = {_FAVORITES}
    for folder in (shipped_decks_dir(), user_decks_dir(data), *map(Path, extra)):
        found.update(stem for stem in _listed(folder, ".toml") if _SLUG.fullmatch(stem))
    return sorted(found)


def _listed(folder: Path, suffix: str, keep_suffix: bool = False) -> Iterator[str]:
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.suffix == suffix and not entry.name.startswith(".") and entry.stem:
            name = entry.name if keep_suffix else entry.stem
            if not _CONTROL.search(name):
                yield name


def quick_complete(args: Sequence[str]) -> int | None:
    """`heartline [--data-dir D] [--decks DIR]... _complete decks|saves`, or None."""
    rest = list(args)
    data: str | None = None
    extra: list[str] = []
    while rest and rest[0] != "_complete":
        word = rest.pop(0)
        if word not in {"--data-dir", "--decks"} or not rest:
            return None
        value = rest.pop(0)
        if word == "--data-dir":
            data = value
        else:
            extra.append(value)
    if len(rest) != 2 or rest[1] not in KINDS:
        return None
    try:
        listed = names(rest[1], data, extra)
    except Exception:  # a completion never prints a traceback into someone's prompt
        return 0
    if listed:
        sys.stdout.write("\n".join(listed) + "\n")
    return 0


# --- what the parser says ------------------------------------------------------------------


@dataclass
class Option:
    flags: list[str]
    help: str
    values: int  # how many words follow it
    choices: list[str]
    kind: str  # "dir", "file", or "" (free text)


@dataclass
class Command:
    """One command (or the top level, `path` empty): what may follow it."""

    path: tuple[str, ...]
    help: str = ""
    commands: list[Command] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    positional: str = ""  # "deck", "save", "file", "words" (one of `words`), or ""
    words: list[str] = field(default_factory=list)


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Command:
    """The command tree of `parser`, hidden commands (those starting with _) left out."""
    import argparse

    node = Command(path)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, sub in action.choices.items():
                if name.startswith("_"):
                    continue
                child = commands(sub, (*path, name))
                child.help = helps.get(name, "")
                node.commands.append(child)
        elif action.option_strings:
            values = (
                0 if action.nargs == 0 else (action.nargs if isinstance(action.nargs, int) else 1)
            )
            node.options.append(
                Option(
                    list(action.option_strings),
                    action.help or "",
                    values,
                    [str(choice) for choice in action.choices or ()],
                    _VALUE_KINDS.get(action.dest, ""),
                )
            )
        elif not node.positional and action.choices:
            node.positional = "words"
            node.words = [str(choice) for choice in action.choices]
        elif not node.positional:
            node.positional = _POSITIONAL_KINDS.get(action.dest, "")
    return node


def walk(node: Command) -> Iterator[Command]:
    yield node
    for child in node.commands:
        yield from walk(child)


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    """The completion script for `shell`."""
    tree = commands(parser)
    return {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell](tree)


# --- bash and zsh: the same walk over the words typed so far -------------------------------


def _key(node: Command) -> str:
    return " ".join(node.path)


def _case(arms: list[tuple[str, str]], default: str = "") -> str:
    lines = ['    case "$1" in']
    lines += [f"        {pattern}) {body} ;;" for pattern, body in arms]
    if default:
        lines.append(f"        *) {default} ;;")
    lines.append("    esac")
    return "\n".join(lines)


def _quoted(key: str) -> str:
    return f'"{key}"'


def _shared_helpers(tree: Command) -> str:
    """Shell functions (bash and zsh alike) answering questions about the command tree."""
    nodes = list(walk(tree))
    subcommands = _case(
        [
            (_quoted(_key(n)), f"echo {' '.join(c.path[-1] for c in n.commands)!s}")
            for n in nodes
            if n.commands
        ]
    )
    options = _case(
        [
            (_quoted(_key(n)), "echo " + " ".join(f for o in n.options for f in o.flags))
            for n in nodes
            if n.options
        ]
    )
    positional = _case([(_quoted(_key(n)), f"echo {n.positional}") for n in nodes if n.positional])
    words = _case([(_quoted(_key(n)), "echo " + " ".join(n.words)) for n in nodes if n.words])
    counts: dict[str, int] = {}
    kinds: dict[str, str] = {}
    choices: dict[str, str] = {}
    for n in nodes:
        for o in n.options:
            for flag in o.flags:
                counts[flag] = o.values
                if o.kind:
                    kinds[flag] = o.kind
                if o.choices:
                    choices[flag] = " ".join(o.choices)
    by_count: dict[int, list[str]] = {}
    for flag, count in sorted(counts.items()):
        if count:
            by_count.setdefault(count, []).append(flag)
    values = _case(
        [("|".join(flags), f"echo {count}") for count, flags in by_count.items()], "echo 0"
    )
    by_kind: dict[str, list[str]] = {}
    for flag, kind in sorted(kinds.items()):
        by_kind.setdefault(kind, []).append(flag)
    value_kind = _case([("|".join(flags), f"echo {kind}") for kind, flags in by_kind.items()])
    choice_arms = [(flag, f"echo {words}") for flag, words in sorted(choices.items())]
    return f"""\
_heartline_commands() {{
{subcommands}
}}
_heartline_options() {{
{options}
}}
_heartline_positional() {{
{positional}
}}
_heartline_words() {{
{words}
}}
_heartline_values() {{
{values}
}}
_heartline_value_kind() {{
{value_kind}
}}
_heartline_choices() {{
{_case(choice_arms)}
}}
"""


_BASH = """\
# bash completion for heartline: add to ~/.bashrc
#   eval "$(heartline completion bash)"
{helpers}
_heartline_listed() {{
    # lister_args: the --data-dir and --decks typed so far (bash scoping: the caller's)
    heartline "${{lister_args[@]}}" _complete "$1" 2>/dev/null
}}
_heartline() {{
    local cur=${{COMP_WORDS[COMP_CWORD]}} at="" i w skip=0 expect="" lister_args=()
    local -a subs
    COMPREPLY=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${{COMP_WORDS[i]}}
        if ((skip > 0)); then
            skip=$((skip - 1))
            if [[ $expect == --data-dir || $expect == --decks ]]; then
                lister_args+=("$expect" "$w")
            fi
            continue
        fi
        case $w in
            -*) skip=$(_heartline_values "$w"); expect=$w; continue ;;
        esac
        read -ra subs <<<"$(_heartline_commands "$at")"
        if [[ " ${{subs[*]}} " == *" $w "* ]]; then
            at=${{at:+$at }}$w
        fi
    done
    if ((skip > 0)); then
        local choices kind
        choices=$(_heartline_choices "$expect")
        kind=$(_heartline_value_kind "$expect")
        if [[ -n $choices ]]; then
            mapfile -t COMPREPLY < <(compgen -W "$choices" -- "$cur")
        elif [[ $kind == dir ]]; then
            mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        elif [[ $kind == file ]]; then
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        fi
        return 0
    fi
    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_heartline_options "$at")" -- "$cur")
        return 0
    fi
    local commands
    commands=$(_heartline_commands "$at")
    if [[ -n $commands ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
        return 0
    fi
    case $(_heartline_positional "$at") in
        deck)
            mapfile -t COMPREPLY < <(compgen -W "$(_heartline_listed decks)" -- "$cur")
            mapfile -t -O "${{#COMPREPLY[@]}}" COMPREPLY < <(compgen -f -X '!*.toml' -- "$cur")
            ;;
        save)
            mapfile -t COMPREPLY < <(compgen -W "$(_heartline_listed saves)" -- "$cur")
            ;;
        words) mapfile -t COMPREPLY < <(compgen -W "$(_heartline_words "$at")" -- "$cur") ;;
        file) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
    esac
    return 0
}}
complete -o filenames -F _heartline heartline
"""


def _bash(tree: Command) -> str:
    return _BASH.format(helpers=_shared_helpers(tree))


_ZSH = """\
#compdef heartline
# zsh completion for heartline: add to ~/.zshrc (after compinit)
#   eval "$(heartline completion zsh)"
# or save it as _heartline in a folder on your $fpath.
{helpers}
_heartline() {{
    local cur=${{words[CURRENT]}} at="" i w skip=0 expect=""
    local -a subs lister_args listed
    for ((i = 2; i < CURRENT; i++)); do
        w=${{words[i]}}
        if ((skip > 0)); then
            skip=$((skip - 1))
            if [[ $expect == --data-dir || $expect == --decks ]]; then
                lister_args+=("$expect" "$w")
            fi
            continue
        fi
        case $w in
            -*) skip=$(_heartline_values "$w"); expect=$w; continue ;;
        esac
        subs=(${{=$(_heartline_commands "$at")}})
        if (( ${{subs[(Ie)$w]}} )); then
            at=${{at:+$at }}$w
        fi
    done
    if ((skip > 0)); then
        local choices=$(_heartline_choices "$expect") kind=$(_heartline_value_kind "$expect")
        if [[ -n $choices ]]; then
            compadd -- ${{=choices}}
        elif [[ $kind == dir ]]; then
            _directories
        elif [[ $kind == file ]]; then
            _files
        fi
        return
    fi
    if [[ $cur == -* ]]; then
        compadd -- ${{=$(_heartline_options "$at")}}
        return
    fi
    local commands=$(_heartline_commands "$at")
    if [[ -n $commands ]]; then
        compadd -- ${{=commands}}
        return
    fi
    case $(_heartline_positional "$at") in
        deck)
            listed=(${{(f)"$(heartline $lister_args _complete decks 2>/dev/null)"}})
            compadd -- $listed
            _files -g '*.toml'
            ;;
        save)
            listed=(${{(f)"$(heartline $lister_args _complete saves 2>/dev/null)"}})
            compadd -- $listed
            ;;
        words) compadd -- ${{=$(_heartline_words "$at")}} ;;
        file) _files ;;
    esac
}}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _heartline "$@"
else
    compdef _heartline heartline
fi
"""


def _zsh(tree: Command) -> str:
    return _ZSH.format(helpers=_shared_helpers(tree))


# --- fish: one `complete` line per word --------------------------------------------------


def _fish_text(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish(tree: Command) -> str:
    lines = [
        "# fish completion for heartline: save as ~/.config/fish/completions/heartline.fish",
        "#   heartline completion fish > ~/.config/fish/completions/heartline.fish",
        "complete -c heartline -f",
        "function __heartline_path --description 'the heartline commands typed so far'",
        "    set -l words (commandline -opc)",
        "    set -l path",
        "    set -l skip 0",
        "    for w in $words[2..-1]",
        "        if test $skip -gt 0",
        "            set skip (math $skip - 1)",
        "            continue",
        "        end",
        "        switch $w",
        "            case '-*'",
        "                set skip (__heartline_values $w)",
        "            case '*'",
        "                if contains -- $w (__heartline_commands (string join ' ' $path))",
        "                    set -a path $w",
        "                end",
        "        end",
        "    end",
        "    string join ' ' $path",
        "end",
        "function __heartline_at --argument-names wanted",
        '    test "$(__heartline_path)" = "$wanted"',
        "end",
        "function __heartline_lister_args",
        "    set -l words (commandline -opc)",
        "    for i in (seq 2 (count $words))",
        "        if contains -- $words[$i] --data-dir --decks; and test $i -lt (count $words)",
        "            echo $words[$i]",
        "            echo $words[(math $i + 1)]",
        "        end",
        "    end",
        "end",
    ]
    nodes = list(walk(tree))
    lines.append("function __heartline_commands --argument-names path")
    lines.append("    switch $path")
    for node in nodes:
        if node.commands:
            lines.append(f"        case {_fish_text(_key(node))}")
            lines.append(
                "            printf '%s\\n' " + " ".join(c.path[-1] for c in node.commands)
            )
    lines.append("    end")
    lines.append("end")
    counts: dict[str, int] = {}
    for node in nodes:
        for option in node.options:
            for flag in option.flags:
                counts[flag] = option.values
    lines.append("function __heartline_values --argument-names flag")
    lines.append("    switch $flag")
    for flag, count in sorted(counts.items()):
        if count:
            lines.append(f"        case {_fish_text(flag)}")
            lines.append(f"            echo {count}")
    lines.append("        case '*'")
    lines.append("            echo 0")
    lines.append("    end")
    lines.append("end")
    for node in nodes:
        at = f"-n '__heartline_at {_fish_text(_key(node))[1:-1]}'"
        for child in node.commands:
            lines.append(
                f"complete -c heartline {at} -a {child.path[-1]} -d {_fish_text(child.help)}"
            )
        for option in node.options:
            flags = []
            for flag in option.flags:
                flags.append(f"-l {flag[2:]}" if flag.startswith("--") else f"-s {flag[1:]}")
            extra = ""
            if option.choices:
                extra = f" -x -a {_fish_text(' '.join(option.choices))}"
            elif option.kind == "dir":
                extra = " -x -a '(__fish_complete_directories)'"
            elif option.kind == "file":
                extra = " -r -F"
            elif option.values:
                extra = " -x"
            lines.append(
                f"complete -c heartline {at} {' '.join(flags)}{extra} -d {_fish_text(option.help)}"
            )
        if node.positional == "deck":
            lines.append(
                f"complete -c heartline {at} -a '(heartline (__heartline_lister_args) "
                "_complete decks 2>/dev/null)' -d deck"
            )
            lines.append(f"complete -c heartline {at} -F")
        elif node.positional == "save":
            lines.append(
                f"complete -c heartline {at} -a '(heartline (__heartline_lister_args) "
                "_complete saves 2>/dev/null)' -d save"
            )
        elif node.positional == "words":
            lines.append(f"complete -c heartline {at} -a {_fish_text(' '.join(node.words))}")
        elif node.positional == "file":
            lines.append(f"complete -c heartline {at} -F")
    return "\n".join(lines) + "\n"
