"""The robustness suite: hostile input for the readers, the pipeline and whole runs.

``_hostile`` (beside this file) holds the hypothesis strategies; it is shared with
``benchmarks/fuzz.py``, so it is put on ``sys.path`` here.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)
