"""A killed `detente code` leaves no worker process behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

psutil = pytest.importorskip("psutil")


def _children(pid: int) -> list:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


@pytest.mark.skipif(sys.platform != "linux", reason="the worker clean-up is tested on Linux")
def test_workers_exit_when_their_parent_is_killed(tmp_path: Path):
    feed = tmp_path / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as fh:
        for i in range(200):  # enough for the run to start workers
            fh.write(json.dumps({"id": f"d{i}", "text": f"Turkey warned Syria on Monday about clash {i}.",
                                 "published": "2018-02-19"}) + "\n")
    cli = Path(sys.executable).with_name("detente")
    proc = subprocess.Popen([str(cli), "code", str(feed), "--db", str(tmp_path / "x.duckdb"), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        workers = []
        while time.monotonic() < deadline and len(workers) < 2:
            workers = [p for p in _children(proc.pid) if "python" in (p.name() or "").lower()]
            time.sleep(0.5)
        assert workers, "the run started no worker"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        gone, alive = psutil.wait_procs(workers, timeout=15)
        assert not alive, f"workers still running after their parent was killed: {[p.pid for p in alive]}"
    finally:
        if proc.poll() is None:
            proc.kill()
        for p in _children(proc.pid):
            p.kill()


#: Loads the spaCy model itself: marked `model` by tests/conftest.py.
NEEDS_MODEL = True
