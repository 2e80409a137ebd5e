"""The explorer at rest costs nothing: with the source reader open and no input, the process
uses under 2% of a core. CPU time is measured (from /proc), not wall time, so a loaded
machine slows the test down but does not fail it; only a busy app can."""

from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

MAP = Path(__file__).resolve().parent / "tui" / "explore.yaml"
IDLE_SECONDS = 5.0
MAX_SHARE = 0.02

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to read a process's CPU time")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process (all its threads), from /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_reader_open_and_idle_uses_almost_no_cpu():
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    proc = subprocess.Popen([sys.executable, "-m", "argmap", "tui", str(MAP)], stdin=slave, stdout=slave, stderr=slave,
                            env=env, start_new_session=True)
    os.close(slave)
    seen = bytearray()
    lock = threading.Lock()

    def drain() -> None:  # keep reading, so the app never blocks on a full terminal
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with lock:
                seen.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()

    def wait_for(text: bytes, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert proc.poll() is None, bytes(seen).decode("utf-8", "replace")[-500:]
            with lock:
                if text in seen:
                    return
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared on screen")

    try:
        wait_for(b"Trade more with our neighbours")  # the map is on screen
        with lock:
            seen.clear()
        os.write(master, b"s")  # open the source reader on the selected node's quote
        wait_for(b"Next quote")
        time.sleep(1.0)  # let it draw and settle
        before = cpu_seconds(proc.pid)
        time.sleep(IDLE_SECONDS)
        used = cpu_seconds(proc.pid) - before
        assert proc.poll() is None
        assert used < MAX_SHARE * IDLE_SECONDS, f"{used:.2f} s of CPU in {IDLE_SECONDS:.0f} s idle with the reader open"
    finally:
        proc.kill()
        proc.wait(timeout=10)
        os.close(master)
