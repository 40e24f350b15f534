"""Where detente keeps what it derives once per machine from installed data (the ONNX export
of the MiniLM model, the tokenized actor names): ``$DETENTE_CACHE_DIR``, else
``$XDG_CACHE_HOME/detente``, else ``~/.cache/detente``. Every file there can be deleted; it
is rebuilt on next use."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["cache_dir", "keep"]


def cache_dir() -> Path:
    """The cache directory (not created here)."""
    if os.environ.get("DETENTE_CACHE_DIR"):
        return Path(os.environ["DETENTE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "detente"


def keep(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` in one step (a concurrent reader sees all of it or no file)
    and make it readable to all. False, and nothing left behind, when it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=path.parent, suffix=".part")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(partial, 0o644)
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        return False
    return True
