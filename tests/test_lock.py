"""Two heartline processes on one save: the second is told, and nothing is overwritten."""

from __future__ import annotations

import contextlib
import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from heartline.cli import main
from heartline.errors import Busy, SaveError, SessionOpenElsewhere
from heartline.files import SaveLock
from heartline.save_format import load
from heartline.store import Autosave, Store, lock_for
from helpers import every_kind_hand
from helpers import session as game


def make_session():
    return game(every_kind_hand())


def dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(child.stdout)


@contextlib.contextmanager
def holding(lock: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding `lock` until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(lock)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        yield holder
    finally:
        holder.kill()
        holder.wait()


HOLD = (
    "import sys; from pathlib import Path; from heartline.files import SaveLock\n"
    "SaveLock(Path(sys.argv[1])).acquire(); print('held', flush=True); sys.stdin.read()\n"
)


@pytest.fixture
def saved(data_dir: Path) -> tuple[Store, Path]:
    store = Store(data_dir / "saves")
    store.prepare()
    return store, store.save(make_session())


def test_a_second_process_is_told_the_session_is_open(saved, data_dir: Path) -> None:
    _, path = saved
    holder = subprocess.Popen(
        [sys.executable, "-m", "heartline", "--data-dir", str(data_dir), "_script", str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        holder.stdin.write(b'{"do": "submit", "text": "first"}\n')
        holder.stdin.flush()
        assert holder.stdout.readline() == b"ack 1\n"  # it holds the lock now
        before = path.read_bytes()
        second = subprocess.run(
            [sys.executable, "-m", "heartline", "--data-dir", str(data_dir), "_script", str(path)],
            input=b'{"do": "submit", "text": "second"}\n',
            capture_output=True,
            timeout=60,
        )
        assert second.returncode == 1
        message = second.stderr.decode()
        assert f"open in another heartline (process {holder.pid})" in message
        assert "Traceback" not in message
        assert path.read_bytes() == before
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    assert holder.returncode == 0
    assert not lock_for(path).path.exists()  # released on the way out


def test_resume_refuses_a_session_open_elsewhere(saved, data_dir: Path, capsys) -> None:
    _, path = saved
    with holding(lock_for(path).path) as holder:
        before = path.read_bytes()
        assert main(["resume", path.name]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert f"process {holder.pid}" in err
        assert path.read_bytes() == before


def test_a_stale_lock_from_a_dead_process_does_not_block(saved) -> None:
    store, path = saved
    lock_for(path).path.write_text(f"{dead_pid()}\n")
    autosave = Autosave(store, load(path), path)
    assert lock_for(path).holder() == os.getpid()
    autosave.close()
    assert not lock_for(path).path.exists()


def test_a_lock_file_with_rubbish_in_it_is_stale(saved) -> None:
    store, path = saved
    lock_for(path).path.write_text("not a pid")
    Autosave(store, load(path), path).close()


def test_the_lock_refuses_while_its_holder_lives(tmp_path: Path) -> None:
    lock = tmp_path / ".x.lock"
    with holding(lock) as holder:
        with pytest.raises(Busy) as busy:
            SaveLock(lock).acquire()
        assert busy.value.holder == holder.pid
    SaveLock(lock).acquire()  # and is free the moment its holder is gone


def test_autosave_on_a_busy_save_raises_without_writing(saved) -> None:
    store, path = saved
    with holding(lock_for(path).path), pytest.raises(SessionOpenElsewhere):
        Autosave(store, load(path), path)


def test_a_new_session_locks_its_save_once_written(data_dir: Path) -> None:
    store = Store(data_dir / "saves")
    autosave = Autosave(store, make_session())
    assert autosave.save() is None
    assert autosave.path is not None
    assert lock_for(autosave.path).holder() == os.getpid()
    autosave.close()


# --- L2: a pid in the file never blocks on its own ------------------------------------------


def test_a_live_unrelated_pid_in_the_lock_file_does_not_block(saved) -> None:
    store, path = saved
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock_for(path).path.write_text(f"{sleeper.pid}\n")  # a reused pid, or pid 1
        autosave = Autosave(store, load(path), path)
        assert lock_for(path).holder() == os.getpid()
        autosave.close()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_zombie_holds_no_lock(saved) -> None:
    store, path = saved
    lock = lock_for(path).path
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(lock)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
    holder.kill()  # killed and not yet reaped: a zombie whose pid is still in the lock file
    try:
        until = os.waitid(os.P_PID, holder.pid, os.WEXITED | os.WNOWAIT)
        assert until is not None
        Autosave(store, load(path), path).close()
    finally:
        holder.wait()


# --- L3: a lock path that is not a plain file ------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder", "dangling"])
def test_a_lock_that_is_not_a_plain_file_is_refused_at_once(saved, kind: str) -> None:
    store, path = saved
    lock = lock_for(path).path
    if kind == "fifo":
        os.mkfifo(lock)
    elif kind == "dev-zero":
        lock.symlink_to("/dev/zero")
    elif kind == "folder":
        lock.mkdir()
    else:
        lock.symlink_to(lock.with_name("nowhere"))
    before = path.read_bytes()
    with pytest.raises(SaveError) as refused:
        Autosave(store, load(path), path)
    assert "not a plain file" in refused.value.reason
    assert path.read_bytes() == before


# --- L1: processes starting together ---------------------------------------------------------

RACERS = 8
TRIALS = 50


def _race(lock: Path, start, out) -> None:  # a forked child
    import time

    taken = SaveLock(lock)
    start.wait()
    try:
        taken.acquire()
    except Busy:
        out.send(None)
        return
    began = time.monotonic()
    time.sleep(0.02)
    ended = time.monotonic()
    taken.release()
    out.send((began, ended))


def test_processes_started_together_never_hold_the_lock_at_once(tmp_path: Path) -> None:
    import multiprocessing

    context = multiprocessing.get_context("fork")
    overlaps = 0
    holders = 0
    for trial in range(TRIALS):
        lock = tmp_path / f".trial-{trial}.lock"
        if trial % 2:
            lock.write_text(f"{dead_pid()}\n")  # a stale lock widens the window
        start = context.Barrier(RACERS)
        pipes = [context.Pipe(duplex=False) for _ in range(RACERS)]
        racers = [context.Process(target=_race, args=(lock, start, sender)) for _, sender in pipes]
        for racer in racers:
            racer.start()
        spans = [receiver.recv() for receiver, _ in pipes]
        for racer in racers:
            racer.join()
        held = sorted(span for span in spans if span is not None)
        holders += len(held)
        overlaps += sum(1 for a, b in itertools.pairwise(held) if b[0] < a[1])
    assert overlaps == 0
    assert holders >= TRIALS  # every trial had a holder


def test_sessions_started_together_lose_no_acknowledged_note(saved, data_dir: Path) -> None:
    _, path = saved
    for trial in range(3):
        lock_for(path).path.write_text(f"{dead_pid()}\n")
        racers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "heartline",
                    "--data-dir",
                    str(data_dir),
                    "_script",
                    str(path),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(6)
        ]
        acknowledged = []
        for number, racer in enumerate(racers):
            out, _ = racer.communicate(f'{{"do": "note", "text": "race-{trial}-{number}"}}\n')
            if out.startswith("ack"):
                acknowledged.append(f"race-{trial}-{number}")
        notes = [note.text for slot in load(path).slots for note in slot.notes]
        assert acknowledged, "one of them always gets the save"
        for note in acknowledged:
            assert note in notes


def test_a_full_disk_leaves_no_empty_lock_behind(tmp_path: Path, monkeypatch) -> None:
    """The pid is only a name for messages: a disk too full to write it still locks, and
    letting go removes the file, so no 0-byte lock is left (as the pid-file lock did)."""
    import errno

    real_write = os.write

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    lock = SaveLock(tmp_path / ".x.lock")
    monkeypatch.setattr(os, "write", full)
    lock.acquire()
    monkeypatch.setattr(os, "write", real_write)
    assert lock.held
    with pytest.raises(Busy):
        SaveLock(tmp_path / ".x.lock").acquire()  # still a real lock
    lock.release()
    assert not (tmp_path / ".x.lock").exists()


def test_a_save_is_locked_before_it_is_read(saved) -> None:
    """Read first and lock after, and a heartline that saved in between would be overwritten
    by the older copy read before it (CI caught one such lost note in the race above)."""
    store, path = saved
    seen: list[bool] = []

    def read(target: Path):
        with pytest.raises(Busy):
            SaveLock(lock_for(target).path).acquire()  # in the hand of the reader already
        seen.append(True)
        return load(target)

    kept = Autosave.resume(store, path, read)
    assert seen == [True]
    kept.close()
    assert not lock_for(path).path.exists()


def test_a_save_that_cannot_be_read_leaves_no_lock_held(saved) -> None:
    store, path = saved

    def broken(target: Path):
        raise SaveError(target, "it is broken")

    with pytest.raises(SaveError):
        Autosave.resume(store, path, broken)
    SaveLock(lock_for(path).path).acquire()  # free again
