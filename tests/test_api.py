"""The public API of the package is small and pinned."""

import detente


def test_public_names():
    assert sorted(detente.__all__) == [
        "Actor", "CodedDocument", "DetenteError", "Document", "Event", "InputError", "Interest",
        "NotFound", "RelationState", "Store", "StoreError", "TimeSpan", "UnknownCode",
        "__version__", "code_document", "code_documents", "code_text",
    ]  # fmt: skip
    for name in detente.__all__:
        assert getattr(detente, name) is not None


def test_one_exception_hierarchy_catches_what_detente_raises_on_purpose(tmp_path):
    import pytest

    import detente.ingest

    assert all(issubclass(e, detente.DetenteError) for e in (
        detente.InputError, detente.NotFound, detente.StoreError, detente.UnknownCode))  # fmt: skip
    with detente.Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(detente.DetenteError, match="unknown country or organisation 'Atlantis'"):
            store.events(("PAK", "Atlantis"))
        with pytest.raises(detente.NotFound):
            store.explain("no-such-event")
    assert not issubclass(detente.ingest.IngestProblem, BaseException)  # a record of a problem


def test_python_m_detente_runs():
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "detente", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith("detente ")
