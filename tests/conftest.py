"""Shared fixtures: the real pipeline once per session, cheap stores, paths to ../shared."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


#: Fixtures that load the spaCy model and the extractor.
MODEL_FIXTURES = {"nlp", "code"}


def pytest_collection_modifyitems(config, items):
    """Mark every test that loads the model (through a fixture, or a module that loads it
    itself) ``model``: ``pytest -m "not model"`` runs the fast rest; CI runs both."""
    for item in items:
        loads = MODEL_FIXTURES & set(getattr(item, "fixturenames", ()))
        module = getattr(item, "module", None)
        if loads or getattr(module, "NEEDS_MODEL", False):
            item.add_marker(pytest.mark.model)


@pytest.fixture(scope="session")
def nlp():
    """detente's full pipeline on the real English model (loaded once)."""
    from detente.nlp import load

    return load()


@pytest.fixture(scope="session")
def code(nlp):
    """``code(text, published=None)`` → CodedDocument, on the shared pipeline."""
    from detente import code_text

    def run(text: str, published: dt.date | str | None = "2016-11-07", **kw):
        return code_text(text, published=published, nlp=nlp, **kw)

    return run


@pytest.fixture
def store():
    from detente import Store

    with Store(":memory:") as s:
        yield s


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED
