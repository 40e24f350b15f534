"""The public API of the package is small and pinned."""

import detente


def test_public_names():
    assert sorted(detente.__all__) == [
        "Actor", "CodedDocument", "Document", "Event", "Interest", "RelationState", "Store",
        "TimeSpan", "__version__", "code_document", "code_documents", "code_text",
    ]  # fmt: skip
    for name in detente.__all__:
        assert getattr(detente, name) is not None


def test_python_m_detente_runs():
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "detente", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith("detente ")
