"""A program in a pseudo-terminal, read through a small terminal emulator, timed to the screen.

The clock stops when words are on the emulated screen, not when bytes arrive: Textual draws
with cursor moves and colour codes between characters, a frame can come in several writes,
and a later frame can draw over an earlier one. The emulator keeps only the characters in each
cell (colours and cursor shape are ignored), which is all a marker, an echoed key or a
"settled" screen needs. It understands what Textual and its peers send: cursor moves, erase,
the alternate screen, synchronized output (a frame is on screen when its update ends), and it
skips every other escape sequence (OSC, DCS, modes, queries: nothing is answered, as in a
terminal that supports none of them; the bare app is treated the same way).
"""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rich.cells import get_character_cell_size

# One token: a CSI sequence, an OSC/DCS/APC/PM string, a charset pick, another ESC pair, a
# control character, or a run of printable text. An ESC at the end with no complete sequence
# after it is held back until the next read.
_TOKEN = re.compile(
    r"\x1b\[(?P<csi>[0-?]*)[ -/]*(?P<final>[@-~])"
    r"|\x1b[\]P^_X][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[()*+#%][ -~]"
    r"|\x1b(?![\[\]P^_X()*+#%])[ -~]"
    r"|(?P<control>[\x00-\x1a\x1c-\x1f\x7f])"
    r"|(?P<text>[^\x00-\x1f\x7f]+)",
    re.DOTALL,
)
_INCOMPLETE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*|[\]P^_X][^\x07\x1b]*\x1b?|[()*+#%])?\Z")


def _die_with_parent() -> None:
    """In the child: be killed when the benchmark dies. A program in its own session gets
    no SIGHUP when its terminal goes, and a Textual app whose terminal is gone can spin at
    half a core, slowing every figure measured after it."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Screen:
    """The characters a terminal of `columns` x `rows` would show."""

    def __init__(self, columns: int = 80, rows: int = 24) -> None:
        self.columns, self.rows = columns, rows
        self.cells = [[" "] * columns for _ in range(rows)]
        self.row = self.column = 0
        self.autowrap = True
        self.synchronized = False  # inside a synchronized update: not shown yet
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._pending = ""

    # --- reading -------------------------------------------------------------------------

    def lines(self) -> list[str]:
        return ["".join(row) for row in self.cells]

    def text(self) -> str:
        return "\n".join(self.lines())

    def shows(self, *words: str) -> bool:
        """Every one of `words` is on some line of the screen (and no update is half done)."""
        if self.synchronized:
            return False
        lines = self.lines()
        return all(any(word in line for line in lines) for word in words)

    def count(self, characters: str) -> int:
        """How many cells hold one of `characters`."""
        wanted = set(characters)
        return sum(1 for row in self.cells for cell in row if cell in wanted)

    # --- writing -------------------------------------------------------------------------

    def feed(self, data: bytes) -> None:
        text = self._pending + self._decoder.decode(data)
        self._pending = ""
        position = 0
        for match in _TOKEN.finditer(text):
            if match.start() != position:  # an ESC that starts no complete sequence yet
                break
            position = match.end()
            if match.group("text") is not None:
                self._put(match.group("text"))
            elif match.group("final") is not None:
                self._csi(match.group("csi"), match.group("final"))
            elif match.group("control") is not None:
                self._control(match.group("control"))
        rest = text[position:]
        if rest:
            if _INCOMPLETE.match(rest) and len(rest) < 4096:
                self._pending = rest
            else:  # not a sequence at all: drop the ESC, keep what follows
                self.feed_text_after_junk(rest)

    def feed_text_after_junk(self, rest: str) -> None:
        self._pending = ""
        self.feed(rest[1:].encode())

    def _put(self, text: str) -> None:
        row = self.cells[self.row]
        if text.isascii():
            for character in text:
                self._advance_if_wrapping()
                row = self.cells[self.row]
                row[self.column] = character
                self.column += 1
            return
        for character in text:
            width = get_character_cell_size(character)
            if width == 0:
                continue
            self._advance_if_wrapping()
            row = self.cells[self.row]
            row[self.column] = character
            if width == 2 and self.column + 1 < self.columns:
                row[self.column + 1] = ""
            self.column += width

    def _advance_if_wrapping(self) -> None:
        if self.column >= self.columns:
            if self.autowrap:
                self.column = 0
                self._line_feed()
            else:
                self.column = self.columns - 1

    def _line_feed(self) -> None:
        if self.row == self.rows - 1:
            self.cells.pop(0)
            self.cells.append([" "] * self.columns)
        else:
            self.row += 1

    def _control(self, character: str) -> None:
        if character == "\r":
            self.column = 0
        elif character in "\n\x0b\x0c":
            self._line_feed()
        elif character == "\b":
            self.column = max(0, min(self.column, self.columns - 1) - 1)
        elif character == "\t":
            self.column = min(self.columns - 1, (self.column // 8 + 1) * 8)

    def _clear(self, row: int, start: int, end: int) -> None:
        cells = self.cells[row]
        cells[start:end] = [" "] * (end - start)

    def _csi(self, parameters: str, final: str) -> None:
        private = parameters.startswith("?")
        numbers = [int(p) if p.isdigit() else 0 for p in parameters.lstrip("?<=>").split(";")]
        first = numbers[0] if numbers else 0
        if private and final in "hl":
            on = final == "h"
            for mode in numbers:
                if mode in (47, 1047, 1049):
                    self.cells = [[" "] * self.columns for _ in range(self.rows)]
                elif mode == 2026:
                    self.synchronized = on
                elif mode == 7:
                    self.autowrap = on
            return
        if private or (parameters and parameters[0] in "<=>"):
            return
        if final in "Hf":
            row = numbers[0] if numbers else 1
            column = numbers[1] if len(numbers) > 1 else 1
            self.row = min(self.rows, max(1, row)) - 1
            self.column = min(self.columns, max(1, column)) - 1
        elif final == "A":
            self.row = max(0, self.row - max(1, first))
        elif final in "Be":
            self.row = min(self.rows - 1, self.row + max(1, first))
        elif final in "Ca":
            self.column = min(self.columns - 1, self.column + max(1, first))
        elif final == "D":
            self.column = max(0, self.column - max(1, first))
        elif final in "G`":
            self.column = min(self.columns, max(1, first)) - 1
        elif final == "d":
            self.row = min(self.rows, max(1, first)) - 1
        elif final == "J":
            if first == 0:
                self._clear(self.row, min(self.column, self.columns), self.columns)
                for row in range(self.row + 1, self.rows):
                    self._clear(row, 0, self.columns)
            elif first == 1:
                for row in range(self.row):
                    self._clear(row, 0, self.columns)
                self._clear(self.row, 0, min(self.column + 1, self.columns))
            else:
                for row in range(self.rows):
                    self._clear(row, 0, self.columns)
        elif final == "K":
            column = min(self.column, self.columns)
            if first == 0:
                self._clear(self.row, column, self.columns)
            elif first == 1:
                self._clear(self.row, 0, min(column + 1, self.columns))
            else:
                self._clear(self.row, 0, self.columns)
        elif final == "X":
            column = min(self.column, self.columns)
            self._clear(self.row, column, min(self.columns, column + max(1, first)))


class Terminal:
    """One program in a fresh pseudo-terminal of `size`, its output on a `Screen`.

    Every read is stamped with the clock the moment it returns, so the time the emulator
    spends is never counted against the program (only a read that waited behind it is late,
    and by as much for the floor as for heartline).
    """

    def __init__(
        self,
        command: Sequence[str],
        env: dict[str, str],
        size: tuple[int, int] = (80, 24),
        cwd: Path | None = None,
    ) -> None:
        self.screen = Screen(*size)
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.master = master
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(command),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=cwd,
            close_fds=True,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        os.close(slave)
        self.last_change = self.started  # when the screen's characters last changed
        self.last_output = self.started
        self.output = 0  # bytes read
        self.first_output: float | None = None  # when the program first wrote (seconds)
        self.closed = False  # the program's side is gone (it exited)
        self.exit_status: int | None = None
        self.exited_at: float | None = None
        self.peak_kib = 0

    # --- reading -------------------------------------------------------------------------

    def pump(self, timeout: float) -> bool:
        """Read what is there within `timeout` seconds; True when something was read."""
        if self.closed:
            time.sleep(max(0.0, timeout))
            return False
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return False
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:
            data = b""
        now = time.perf_counter()
        if not data:
            self.closed = True
            return False
        self.output += len(data)
        self.last_output = now
        if self.first_output is None:
            self.first_output = now - self.started
        old = self.screen.text()
        self.screen.feed(data)
        if self.screen.text() != old:
            self.last_change = now
        return True

    def wait_until(self, ready: Callable[[Screen], bool], timeout: float) -> float | None:
        """Seconds since start at the read that made `ready(screen)` true; None on timeout."""
        deadline = time.perf_counter() + timeout
        while True:
            if ready(self.screen):
                return self.last_output - self.started
            left = deadline - time.perf_counter()
            if left <= 0 or (self.closed and not ready(self.screen)):
                if self.closed:
                    self.reap()
                return None
            self.pump(min(left, 0.5))

    def wait_for(self, *words: str, timeout: float = 30.0) -> float | None:
        """Seconds from start until every one of `words` is on screen; None on timeout."""
        return self.wait_until(lambda screen: screen.shows(*words), timeout)

    def settle(self, quiet: float, timeout: float) -> float:
        """Read until the screen's characters have not changed for `quiet` seconds (counted
        from now at the earliest); returns the time of the last change (perf_counter)."""
        called = time.perf_counter()
        deadline = called + timeout
        while True:
            now = time.perf_counter()
            since = max(self.last_change, called)
            if now - since >= quiet or now >= deadline:
                return self.last_change
            self.pump(min(quiet - (now - since), deadline - now))

    # --- writing and ending --------------------------------------------------------------

    def write(self, data: bytes) -> float:
        """Send bytes as typed keys; returns the perf_counter time just before the write."""
        now = time.perf_counter()
        os.write(self.master, data)
        return now

    def wait_exit(self, timeout: float) -> float | None:
        """Seconds from start until the program exited by itself (reading what it writes
        meanwhile); None when it is still running after `timeout`."""
        deadline = time.perf_counter() + timeout
        while self.exit_status is None:
            self.reap(block=False)
            if self.exit_status is not None:
                break
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            self.pump(min(left, 0.02))
        assert self.exited_at is not None
        return self.exited_at - self.started

    def reap(self, block: bool = True) -> None:
        if self.exit_status is not None:
            return
        pid, status, usage = os.wait4(self.process.pid, 0 if block else os.WNOHANG)
        if pid == 0:
            return
        self.exited_at = time.perf_counter()
        self.exit_status = os.waitstatus_to_exitcode(status)
        self.process.returncode = self.exit_status
        self.peak_kib = usage.ru_maxrss

    def kill(self) -> None:
        """End the program (its whole process group) and wait for it: a lock it held is free
        once this returns."""
        if self.exit_status is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.reap()
        self.close()

    def close(self) -> None:
        if self.master >= 0:
            os.close(self.master)
            self.master = -1
            self.closed = True

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()
