"""`heartline serve` in a real browser: Debian's headless Chromium, driven by Playwright.

The page draws the game on a canvas (xterm.js), so the test reads what the game sent
instead: a script added before the page's own records every websocket message as text,
less its escape sequences, and the test waits (with a timeout, never a fixed sleep) for the
words of the home screen, then of New game, then of a finished evening in the Journal,
whose export must arrive as a download. Every request the page made is recorded, and
none may leave the machine: "heartline never uses the network" holds in the browser too.

.ci/run installs Chromium with apt-get; without /usr/bin/chromium this test skips.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from heartline.dealing import new_session
from heartline.library import Library
from heartline.locations import shipped_decks_dir
from heartline.session import StepKind
from heartline.store import Store
from helpers import play_to

CHROMIUM = Path("/usr/bin/chromium")
# The flags that let Chromium run here as root with no network and no first-run chatter.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Before the page's scripts: keep the text of every websocket message in window.__screen.
RECORD_SCREEN = r"""
(() => {
  window.__screen = "";
  const decoder = new TextDecoder();
  const strip = (text) => text
    .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, "")
    .replace(/\x1b\[[0-9;?<>=]*[ -\/]*[@-~]/g, "")
    .replace(/\x1b[()][0-9A-Za-z]|\x1b[=>78]/g, "");
  const keep = (data) => {
    if (typeof data === "string") { window.__screen += strip(data); return; }
    if (data instanceof ArrayBuffer) {
      window.__screen += strip(decoder.decode(new Uint8Array(data), {stream: true}));
      return;
    }
    if (data instanceof Blob) { data.text().then((text) => keep(text)); }
  };
  const Original = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Original(...args);
    socket.addEventListener("message", (event) => keep(event.data));
    return socket;
  };
  window.WebSocket.prototype = Original.prototype;
  Object.assign(window.WebSocket, Original);
})();
"""

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="no /usr/bin/chromium: install Debian's chromium package (.ci/run does)",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def finished(tmp_path: Path) -> Path:
    """A finished evening of Ana and Ben's in the data folder `heartline serve` will use."""
    deck = Library.scan([shipped_decks_dir()]).find("first-date-night")
    game = play_to(new_session([deck], ("Ana", "Ben"), cards=1, seed=1), StepKind.DONE)
    store = Store(tmp_path / "data" / "saves")
    store.prepare()
    return store.save(game)


@pytest.fixture
def served(tmp_path: Path, finished: Path) -> Iterator[str]:
    """`heartline serve` on a free port with that data folder; yields its address."""
    port = free_port()
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "heartline",
            "--data-dir",
            str(tmp_path / "data"),
            "serve",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=tmp_path,
        start_new_session=True,
    )
    try:
        assert server.stdout is not None
        said = b""
        watch = selectors.DefaultSelector()
        watch.register(server.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + 60
        while b"ready at" not in said:
            left = deadline - time.monotonic()
            assert left > 0 and server.poll() is None, said.decode(errors="replace")
            if watch.select(timeout=left):
                said += os.read(server.stdout.fileno(), 4096)
        # Keep reading what it says, so a full pipe never stalls it.
        threading.Thread(target=server.stdout.read, daemon=True).start()
        yield f"http://127.0.0.1:{port}/"
    finally:
        # The server and the game it started, all in the session the server leads.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=20)


def test_the_game_plays_in_a_browser_and_asks_nothing_of_the_outside(
    served: str, finished: Path
) -> None:
    from playwright.sync_api import sync_playwright

    asked: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=FLAGS
        )
        try:
            context = browser.new_context(viewport={"width": 1200, "height": 800})
            context.on("request", lambda request: asked.append(request.url))
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.on("websocket", lambda websocket: asked.append(websocket.url))
            page.add_init_script(RECORD_SCREEN)
            page.goto(served)

            def shows(*words: str) -> None:
                checks = " && ".join(f"window.__screen.includes({word!r})" for word in words)
                page.wait_for_function(f"() => window.__screen !== undefined && {checks}")

            def press(key: str) -> None:
                """`key`, once what is on screen now is forgotten (so it can't count)."""
                page.evaluate("() => { window.__screen = ''; }")
                page.keyboard.press(key)

            shows("heartline", "A conversation game for two", "New game")
            # xterm.js takes keys through its hidden text area (a click would be a mouse
            # click in the game, landing on whatever menu line is under it).
            page.locator(".xterm-helper-textarea").focus()
            press("n")
            shows("Your names", "How many cards")

            # A journal exported in the browser arrives there as a download.
            press("Escape")
            shows("Today's card", "Resume a game")
            press("j")
            shows("Journal")
            press("Enter")
            # The list names them too: the transcript is the screen that offers the export.
            shows("Ana", "Ben", "export journal")
            with page.expect_download() as arriving:
                press("e")
            download = arriving.value
            assert download.suggested_filename == f"{finished.stem}.md"
            journal = Path(download.path()).read_text(encoding="utf-8")
            assert "Ana" in journal and "Date Night Starter" in journal
            shows("Journal sent to your browser")
        finally:
            browser.close()

    assert any(url.endswith("/static/js/textual.js") for url in asked), asked
    assert any(urlsplit(url).path == "/ws" for url in asked), asked
    outside = [
        url
        for url in asked
        if urlsplit(url).scheme not in {"data", "blob", "about"}
        and urlsplit(url).hostname not in LOCAL_HOSTS
    ]
    assert outside == []
