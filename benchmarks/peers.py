"""Other Textual apps, measured at first paint the same way as heartline (`run.py --peers`).

Each peer lives in its own throwaway venv under $HEARTLINE_PEERS_DIR (default
/tmp/heartline-peers/<name>), never in heartline's .venv; a peer that is not installed is
installed there first (PyPI, by name), and one that can't be is skipped with the reason.
Each runs with HOME and the XDG folders in a temporary folder, so nothing of a real home is
read or written, and against the same bare app (heartline's Textual) as heartline.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from common import Result, terminal_env
from first_paint import Launch, compare


@dataclass
class Peer:
    name: str
    package: str
    script: str
    args: list[str]
    markers: tuple[str, ...]
    pins: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)


PEERS = [
    Peer("toolong", "toolong", "tl", ["{work}/sample.log"], ("line two", "Line nos.")),
    Peer("frogmouth", "frogmouth", "frogmouth", ["{work}/sample.md"], ("Some text here", "Quit")),
    # litellm fetches a price list from the network at import unless told not to: there is
    # no network here, and a person's first paint shouldn't wait on one either.
    Peer(
        "elia",
        "elia-chat",
        "elia",
        [],
        ("Welcome to Elia", "Send message"),
        env={"LITELLM_LOCAL_MODEL_COST_MAP": "True"},
    ),
    Peer("harlequin", "harlequin", "harlequin", [], ("Data Catalog", "Run Query")),
    # tree-sitter 0.26 crashes (SIGSEGV) the Textual 6.1 posting pins, at its first screen.
    Peer(
        "posting",
        "posting",
        "posting",
        ["--collection", "{work}/collection"],
        ("Collection is empty", "Response"),
        pins=["tree-sitter==0.25.2"],
    ),
]


def peers_dir() -> Path:
    return Path(os.environ.get("HEARTLINE_PEERS_DIR", "/tmp/heartline-peers"))


def base_python() -> str:
    """The Python this .venv was made from (a venv's own python would nest venvs)."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    return str(Path(sys.base_exec_prefix) / "bin" / version)


def installed(peer: Peer) -> Path | None:
    """The peer's program, installing it in its own venv first when missing."""
    venv = peers_dir() / peer.package
    program = venv / "bin" / peer.script
    if program.exists():
        return program
    print(f"      installing {peer.package} into {venv} ...", flush=True)
    try:
        subprocess.run(
            [base_python(), "-m", "venv", str(venv)],
            check=True,
            capture_output=True,
            timeout=300,
        )
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--quiet", peer.package],
            check=True,
            capture_output=True,
            timeout=900,
        )
        if peer.pins:
            subprocess.run(
                [str(venv / "bin" / "pip"), "install", "--quiet", *peer.pins],
                check=True,
                capture_output=True,
                timeout=300,
            )
    except (subprocess.SubprocessError, OSError) as failed:
        print(f"      {peer.name}: not installed ({failed})", flush=True)
        return None
    return program if program.exists() else None


def textual_version(program: Path) -> str:
    python = program.parent / "python"
    done = subprocess.run(
        [str(python), "-c", "import importlib.metadata as m; print(m.version('textual'))"],
        capture_output=True,
        text=True,
    )
    return done.stdout.strip() or "?"


def peers(work: Path, count: int) -> list[Result]:
    folder = work / "peers"
    home = folder / "home"
    for sub in ("config", "data", "cache", "state", "collection"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    (folder / "collection").mkdir(exist_ok=True)
    (folder / "sample.log").write_text("line one\nline two\n")
    (folder / "sample.md").write_text("# Peer doc\n\nSome text here.\n")
    results = []
    for peer in PEERS:
        program = installed(peer)
        if program is None:
            continue
        env = terminal_env(
            None,
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_DATA_HOME=str(home / "data"),
            XDG_CACHE_HOME=str(home / "cache"),
            XDG_STATE_HOME=str(home / "state"),
            **peer.env,
        )
        args = [arg.format(work=folder) for arg in peer.args]
        try:
            result = compare(
                f"peer: {peer.name}, first paint",
                Launch((str(program), *args), peer.markers, env, cwd=folder),
                count,
                None,
                what=peer.name,
            )
        except Exception as failed:  # a peer that won't start is reported, never fatal
            print(f"      {peer.name}: {str(failed)[:300]}", flush=True)
            continue
        result.detail += f"; its Textual {textual_version(program)}"
        results.append(result)
    return results
