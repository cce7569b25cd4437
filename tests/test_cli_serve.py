"""`heartline serve`: how it is started, what it says, and whom its websocket answers.

The browser itself is in test_serve_browser.py; these need no browser and no server.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest
from aiohttp.test_utils import make_mocked_request

from heartline import cli
from heartline.cli_serve import INSTALL_HINT, game_command, is_loopback
from heartline.web.server import HeartlineServer
from heartline.workspace import Workspace


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[HeartlineServer]:
    """Servers `heartline serve` made, not started."""
    made: list[HeartlineServer] = []
    monkeypatch.setattr(HeartlineServer, "serve", lambda self, debug=False: made.append(self))
    return made


def test_without_the_web_extra_one_line_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "heartline.web.server", None)
    assert cli.main(["serve"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"heartline: {INSTALL_HINT}\n"
    assert "heartline[web]" in err


def test_it_listens_on_this_machine_only_by_default(
    started: list[HeartlineServer], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["serve"]) == 0
    (server,) = started
    assert (server.host, server.port) == ("127.0.0.1", 8000)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_another_address_is_served_with_a_warning_that_there_is_no_login(
    host: str, started: list[HeartlineServer], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["serve", "--host", host, "--port", "8123"]) == 0
    assert started[0].host == host and started[0].port == 8123
    err = capsys.readouterr().err
    assert "warning" in err and "no login" in err


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_addresses_are_served_quietly(
    host: str, started: list[HeartlineServer], capsys: pytest.CaptureFixture[str]
) -> None:
    assert is_loopback(host)
    assert cli.main(["serve", "--host", host]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_a_port_must_be_a_port(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["serve", "--port", port])
    assert "not a port number" in capsys.readouterr().err


def test_the_game_in_the_browser_uses_the_same_data_folder_and_decks(
    tmp_path: Path, started: list[HeartlineServer]
) -> None:
    decks = tmp_path / "our decks"
    decks.mkdir()
    assert cli.main(["--data-dir", str(tmp_path / "d a"), "serve", "--decks", str(decks)]) == 0
    words = shlex.split(started[0].command)
    assert words[:3] == [sys.executable, "-m", "heartline"]
    assert words[3:] == ["--data-dir", str(tmp_path / "d a"), "--decks", str(decks)]
    relative = game_command(Workspace(Path("here")))
    assert shlex.split(relative)[4] == str(Path("here").absolute())


def test_the_page_is_heartlines_own_with_nothing_from_outside() -> None:
    server = HeartlineServer("heartline", "127.0.0.1", 8000)
    page = (Path(server.templates_path) / "app_index.html").read_text(encoding="utf-8")
    assert "googleapis" not in page
    assert "https://" not in page and "http://" not in page.replace("http://www.w3.org", "")
    assert "{{ config.static.url }}fonts/RobotoMono" in page


def request(host: str, origin: str | None) -> object:
    headers = {"Host": host, **({"Origin": origin} if origin else {})}
    return make_mocked_request("GET", "/ws", headers=headers)


@pytest.mark.parametrize(
    ("host", "origin", "answered"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000", True),
        ("localhost:8000", "http://localhost:8000", True),
        ("127.0.0.1:8000", None, True),  # not a browser: it could read the files anyway
        ("127.0.0.1:8000", "https://a-page-elsewhere.example", False),
        ("127.0.0.1:8000", "http://127.0.0.1:9999", False),
        ("rebound.example:8000", "http://rebound.example:8000", False),  # DNS rebinding
    ],
)
def test_the_websocket_answers_only_heartlines_own_page(
    host: str, origin: str | None, answered: bool
) -> None:
    server = HeartlineServer("heartline", "127.0.0.1", 8000)
    assert server.trusted(request(host, origin)) is answered  # type: ignore[arg-type]


def test_served_to_the_network_the_page_must_still_be_its_own() -> None:
    server = HeartlineServer("heartline", "0.0.0.0", 8000)
    mine = "http://192.168.1.20:8000"
    assert server.trusted(request("192.168.1.20:8000", mine))  # type: ignore[arg-type]
    assert not server.trusted(request("192.168.1.20:8000", "http://evil.example"))  # type: ignore[arg-type]


async def test_the_served_page_points_back_the_way_the_browser_came() -> None:
    """The real routes: the page's addresses follow the Host asked for, the static files are
    textual-serve's own, and a websocket from a page elsewhere is refused before it opens."""
    from aiohttp.test_utils import TestClient, TestServer

    server = HeartlineServer("heartline", "127.0.0.1", 8000)
    async with TestClient(TestServer(await server._make_app())) as client:
        page = await client.get("/", headers={"Host": "localhost:8123"})
        text = await page.text()
        assert page.status == 200
        assert 'href="http://localhost:8123/static/css/xterm.css"' in text
        assert 'data-session-websocket-url="ws://localhost:8123/ws"' in text
        for path in ["js/textual.js", "css/xterm.css", "fonts/RobotoMono-VariableFont_wght.ttf"]:
            assert (await client.get(f"/static/{path}")).status == 200
        refused = await client.get(
            "/ws",
            headers={
                "Host": "localhost:8123",
                "Origin": "https://a-page-elsewhere.example",
                "Connection": "Upgrade",
                "Upgrade": "websocket",
                "Sec-WebSocket-Version": "13",
                "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
            },
        )
        assert refused.status == 403
