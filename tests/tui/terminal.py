"""A real program in a pseudo-terminal: type into it, read its screen output, kill it."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Callable


class Terminal:
    """A Python program (heartline by default) in an 80x24 pseudo-terminal, output drained."""

    def __init__(self, *argv: str, program: tuple[str, ...] = ("-m", "heartline")) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the program
            os.environ["TERM"] = "xterm-256color"
            os.execv(sys.executable, [sys.executable, *program, *argv])
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.seen = b""

    def drain(self, seconds: float = 0.05) -> None:
        """Read what the program drew, so it never blocks on a full terminal."""
        ready, _, _ = select.select([self.fd], [], [], seconds)
        if ready:
            with contextlib.suppress(OSError):
                self.seen += os.read(self.fd, 65536)

    def wait_for(self, what: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while what.encode() not in self.seen:
            assert time.monotonic() < deadline, f"{what!r} never appeared on screen"
            self.drain()

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)  # no zombie left holding the save's lock
        os.close(self.fd)


def until(condition: Callable[[], bool], timeout: float, terminal: Terminal) -> None:
    """Wait for `condition`, reading the terminal meanwhile so the program never blocks."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        terminal.drain()
