"""`heartline serve`: the same game in a web browser, through textual-serve (heartline[web]).

The browser talks to this machine only: the page is heartline's own template (textual-serve's
asks a font service for a web font), its scripts, styles and fonts are textual-serve's static
files served from here, and the game itself runs as `heartline` in a subprocess with the same
data folder. There is no login, so the server listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from heartline.errors import UserError
from heartline.text import one_line

if TYPE_CHECKING:
    from heartline.workspace import Workspace

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
INSTALL_HINT = (
    "heartline serve needs the web extra: install it with `pip install 'heartline[web]'` "
    "(from a clone: `pip install '.[web]'`, or `pipx install '.[web]'`)"
)
LOOPBACK_NAMES = {"localhost", "localhost."}


def templates_dir() -> Path:
    """The folder of heartline's page template (shipped inside the package)."""
    return Path(__file__).parent / "web" / "templates"


def is_loopback(host: str) -> bool:
    """True when `host` is this machine only: 127.0.0.0/8, ::1 or localhost."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def game_command(ws: Workspace) -> str:
    """The shell command textual-serve runs for each browser: this heartline, this data."""
    words = [sys.executable, "-m", "heartline", "--data-dir", str(ws.data.absolute())]
    for folder in ws.extra_decks:
        words += ["--decks", str(folder.absolute())]
    return shlex.join(words)


def url_host(host: str) -> str:
    """`host` as it goes in a URL (an IPv6 address in brackets)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (1 to 65535)")
    return port


def add_command(commands: Any, command: Any) -> None:
    """`heartline serve`, under `commands`."""
    serve = command(commands, "serve", "play in a web browser on this machine (heartline[web])")
    serve.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"the port (default {DEFAULT_PORT})"
    )
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        metavar="ADDR",
        help=f"the address to listen on (default {DEFAULT_HOST}: this machine only; "
        "there is no login)",
    )
    serve.set_defaults(run=cmd_serve)


def cmd_serve(args: argparse.Namespace, ws: Workspace) -> int:
    try:
        from heartline.web.server import HeartlineServer
    except ImportError as missing:
        raise UserError(INSTALL_HINT) from missing
    host: str = args.host
    if not is_loopback(host):
        print(
            f"heartline: warning: listening on {one_line(host)}: there is no login, so anyone "
            "who can reach this address can play and read your saved answers",
            file=sys.stderr,
        )
    server = HeartlineServer(game_command(ws), host=host, port=args.port)
    try:
        server.serve()
    except OSError as failed:
        raise UserError(
            f"can't listen on {one_line(host)} port {args.port}: {failed.strerror or failed}"
        ) from failed
    return 0
