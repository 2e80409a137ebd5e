"""The explorer quits when its terminal goes away, instead of spinning on end-of-file."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from argmap.tui.terminal import hung_up

CORPUS = Path(__file__).resolve().parent / "corpus"


def test_hung_up_sees_the_other_end_close():
    master, slave = os.openpty()
    try:
        assert not hung_up(slave)
        os.close(master)
        assert hung_up(slave)
    finally:
        os.close(slave)


def test_the_explorer_exits_when_its_terminal_is_gone():
    master, slave = os.openpty()
    os.set_blocking(master, False)
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    proc = subprocess.Popen([sys.executable, "-m", "argmap", "tui", str(CORPUS / "valid.yaml")],
                            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    try:
        deadline = time.monotonic() + 30
        seen = b""
        while b"Corpus case" not in seen and time.monotonic() < deadline:  # the map is on screen
            assert proc.poll() is None, seen.decode("utf-8", "replace")[-500:]
            try:
                seen += os.read(master, 65536)
            except BlockingIOError:
                time.sleep(0.05)
        assert b"Corpus case" in seen
        os.close(master)  # the terminal goes away; no hang-up signal is sent
        master = None
        assert proc.wait(timeout=10) is not None
    finally:
        if master is not None:
            os.close(master)
        if proc.poll() is None:
            proc.kill()
            raise AssertionError("the explorer outlived its terminal")
