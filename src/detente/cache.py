"""Where detente keeps what it derives once per machine from installed data (the ONNX export
of the MiniLM model, the tokenized actor names): ``$DETENTE_CACHE_DIR``, else
``$XDG_CACHE_HOME/detente``, else ``~/.cache/detente``. Every file there can be deleted; it
is rebuilt on next use."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_dir"]


def cache_dir() -> Path:
    """The cache directory (not created here)."""
    if os.environ.get("DETENTE_CACHE_DIR"):
        return Path(os.environ["DETENTE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "detente"
