"""Crash safety: a real heartline process killed with SIGKILL at random moments loses nothing.

The process is `heartline _script SAVE`, which plays actions from stdin through the same
engine and save code as the game and prints `ack N` once the N-th action is on disk. After
each kill: every save parses, no temporary file looks like a save, and everything that was
acknowledged is in the save. Replay a failure with HEARTLINE_KILL_SEED=<the printed seed>.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from conftest import SHIPPED_DECKS
from heartline.dealing import new_session
from heartline.files import clean_temporaries
from heartline.library import Library
from heartline.save_format import load
from heartline.session import Session
from heartline.store import Store

KILLS = int(os.environ.get("HEARTLINE_KILLS", "200"))
NEW_SESSION_EVERY = 40
ACTIONS_PER_RUN = 30


def script_for(session: Session, rng: random.Random, size: int) -> list[dict[str, str]]:
    """Valid next actions for `session` (applied to it as they are made)."""
    lines: list[dict[str, str]] = []
    while len(lines) < ACTIONS_PER_RUN and not session.finished:
        step = session.step
        roll = rng.random()
        if step.choices:
            line = {"do": "choose", "text": rng.choice(step.choices)}
        elif roll < 0.05 and session.current is not None:
            line = {"do": "favorite"}
        elif roll < 0.1 and session.current is not None:
            line = {"do": "note", "text": f"note {len(session.log)} " + "♥" * rng.randint(1, 9)}
        else:
            words = "".join(rng.choice("abcdé ñ🙂[]\n") for _ in range(rng.randint(0, size)))
            line = {"do": "submit", "text": f"{len(session.log)}:{words}"}
        lines.append(line)
        if line["do"] == "choose":
            session.choose(line["text"])
        elif line["do"] == "favorite":
            session.favorite()
        elif line["do"] == "note":
            session.add_note(line["text"])
        else:
            session.submit(line["text"])
    return lines


def fingerprint(session: Session) -> list[tuple[object, ...]]:
    return [(a.type, a.card, a.by, a.role, a.text, a.on) for a in session.log]


def test_sigkill_at_random_moments_loses_nothing_acknowledged(tmp_path: Path) -> None:
    seed = int(os.environ.get("HEARTLINE_KILL_SEED", random.randrange(1_000_000)))
    print(f"kill test seed: {seed} (replay with HEARTLINE_KILL_SEED={seed})")
    rng = random.Random(seed)
    data = tmp_path / "data"
    store = Store(data / "saves")
    store.prepare()
    # Three decks: a save starts small and grows several times over across the run.
    decks = Library.scan([SHIPPED_DECKS]).decks[:3]
    path: Path | None = None
    acknowledged_total = 0
    sizes: list[int] = []
    for kill in range(KILLS):
        if path is None or kill % NEW_SESSION_EVERY == 0 or load(path).finished:
            path = store.save(new_session(decks, ("Ana", "Ben"), cards=None, seed=kill))
        truth = load(path)
        before = fingerprint(truth)
        lines = script_for(truth, rng, size=20 + kill * 3)
        expected = fingerprint(truth)
        script = tmp_path / "script.jsonl"
        script.write_text("".join(json.dumps(line) + "\n" for line in lines))
        with script.open("rb") as stdin:
            process = subprocess.Popen(
                [sys.executable, "-m", "heartline", "--data-dir", str(data), "_script", str(path)],
                stdin=stdin,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            # The random moment of the kill (not a wait for the app to do something).
            time.sleep(rng.uniform(0.05, 0.4))
            process.kill()
            out, err = process.communicate()
        assert b"Traceback" not in err, (seed, kill, err.decode())
        acks = [
            int(line.split()[1]) for line in out.decode().split("\n") if line.startswith("ack ")
        ]
        acknowledged = max(acks, default=len(before))

        for save in store.folder.glob("*.toml"):
            load(save)  # every save parses and replays
        leftovers = [p for p in store.folder.iterdir() if p.name.startswith(".")]
        assert all(not p.name.endswith(".toml") for p in leftovers), (seed, kill, leftovers)
        clean_temporaries(store.folder)
        assert not list(store.folder.glob(".*.tmp")), (seed, kill)

        saved = fingerprint(load(path))
        assert len(saved) >= acknowledged, (seed, kill, len(saved), acknowledged)
        assert saved == expected[: len(saved)], (seed, kill)
        acknowledged_total += acknowledged - len(before)
        sizes.append(path.stat().st_size)
    assert acknowledged_total > KILLS, "the kills came too early to test anything"
    assert max(sizes) > 3 * min(sizes), f"saves should grow across the run: {sizes}"
