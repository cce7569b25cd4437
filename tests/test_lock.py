"""Two heartline processes on one save: the second is told, and nothing is overwritten."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from heartline.cli import main
from heartline.errors import SessionOpenElsewhere
from heartline.files import Busy, PidLock
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
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock_for(path).path.write_text(f"{sleeper.pid}\n")
        before = path.read_bytes()
        assert main(["resume", path.name]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert f"process {sleeper.pid}" in err
        assert path.read_bytes() == before
    finally:
        sleeper.kill()
        sleeper.wait()


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
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock = tmp_path / ".x.lock"
        lock.write_text(str(sleeper.pid))
        with pytest.raises(Busy) as busy:
            PidLock(lock).acquire()
        assert busy.value.holder == sleeper.pid
    finally:
        sleeper.kill()
        sleeper.wait()


def test_autosave_on_a_busy_save_raises_without_writing(saved) -> None:
    store, path = saved
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock_for(path).path.write_text(str(sleeper.pid))
        with pytest.raises(SessionOpenElsewhere):
            Autosave(store, load(path), path)
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_new_session_locks_its_save_once_written(data_dir: Path) -> None:
    store = Store(data_dir / "saves")
    autosave = Autosave(store, make_session())
    assert autosave.save() is None
    assert autosave.path is not None
    assert lock_for(autosave.path).holder() == os.getpid()
    autosave.close()
