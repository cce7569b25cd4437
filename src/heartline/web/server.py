"""textual-serve's Server with heartline's manners: its own page, and only its own page's
websocket.

Importing this module needs the web extra (textual-serve); `heartline serve` says how to
install it when it is missing.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server

from heartline.cli_serve import is_loopback, templates_dir, url_host


class HeartlineServer(Server):
    """Serves `command` (heartline with its data folder) to browsers on `host`:`port`."""

    def __init__(self, command: str, host: str, port: int) -> None:
        super().__init__(
            command,
            host=host,
            port=port,
            title="heartline",
            public_url=f"http://{url_host(host)}:{port}",
            templates_path=templates_dir(),
        )

    def initialize_logging(self) -> None:
        super().initialize_logging()
        # A line per request (with the browser's address and name) is noise to a couple.
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(
            f"heartline is ready at {self.public_url} : open it in a web browser.",
            markup=False,
            highlight=False,
        )
        self.console.print("Press Ctrl+C to stop it.", markup=False, highlight=False)

    def trusted(self, request: web.Request) -> bool:
        """Whether a websocket comes from our own page.

        Browsers let any web page open a websocket to 127.0.0.1, and textual-serve doesn't ask
        who opened it; a page elsewhere could then play, and read, the couple's game. So the
        Origin (sent by every browser) must be the address asked for, and on loopback that
        address must be a loopback name, not one a DNS-rebinding page resolved to 127.0.0.1.
        """
        asked = request.host
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc != asked:
            return False
        if is_loopback(self.host):
            name = urlsplit(f"//{asked}").hostname or ""
            return is_loopback(name)
        return True

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not self.trusted(request):
            raise web.HTTPForbidden(text="heartline only talks to its own page")
        return await super().handle_websocket(request)

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """The page, with its addresses as the browser asked for this server (so a page
        opened at localhost or at another machine's address reaches back the same way)."""
        base = f"{request.scheme}://{request.host}"
        socket_base = ("wss" if request.scheme == "https" else "ws") + f"://{request.host}"
        static = request.app.router["static"].url_for(filename="/")
        font_size = request.query.get("fontsize", "16")
        return {
            "font_size": int(font_size) if font_size.isdigit() else 16,
            "app_websocket_url": socket_base + str(request.app.router["websocket"].url_for()),
            "config": {"static": {"url": base + str(static).rstrip("/") + "/"}},
            "application": {"name": self.title},
        }
