"""The English model is installed from one hash-pinned file, and is that file, unmodified."""

from __future__ import annotations

import base64
import csv
import hashlib
import importlib.metadata
import re
from pathlib import Path

from detente.nlp import MODEL

REPO = Path(__file__).resolve().parents[2]
PIN_RE = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)\s*\\?\s*$")


def _pins() -> list[tuple[str, str, list[str]]]:
    """(name, version, hashes) of each requirement in requirements/model.txt."""
    lines = (REPO / "requirements" / "model.txt").read_text(encoding="utf-8").splitlines()
    text = " ".join(line.strip() for line in lines if line.strip() and not line.startswith("#"))
    out = []
    for req in re.split(r"\s(?=[A-Za-z0-9_.-]+==)", text.replace("\\", " ")):
        name, version = req.split()[0].split("==")
        out.append((name, version, re.findall(r"--hash=sha256:([0-9a-f]{64})", req)))
    return out


def test_one_model_pinned_by_version_and_hash():
    ((name, version, hashes),) = _pins()
    assert name.replace("-", "_") == MODEL
    assert len(hashes) == 1
    assert importlib.metadata.version(name) == version


def test_makefile_installs_the_pin_with_hashes_and_no_dependencies():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "--no-deps --require-hashes -r requirements/model.txt" in makefile
    assert re.search(r"^\$\(STAMP\):.*requirements/model\.txt", makefile, re.MULTILINE)


def test_installed_model_files_match_their_record():
    dist = importlib.metadata.distribution(_pins()[0][0])
    checked = 0
    with open(Path(dist._path) / "RECORD", encoding="utf-8", newline="") as handle:
        for path, digest, _size in csv.reader(handle):
            if not digest:
                continue
            algorithm, expected = digest.split("=", 1)
            data = Path(dist.locate_file(path)).read_bytes()
            got = base64.urlsafe_b64encode(hashlib.new(algorithm, data).digest()).rstrip(b"=")
            assert got.decode() == expected, path
            checked += 1
    assert checked > 20  # the weights, vocabulary and config of every component
