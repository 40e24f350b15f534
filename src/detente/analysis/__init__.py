"""Analysis over stored events and states: dyad series, dedup of repeated reports, turning
points, issues and third parties, and the whole picture of a dyad that the report, the
dashboard and the CLI render (:func:`dyad_picture`).

Every function is pure: it takes DataFrames shaped like ``Store.events()`` and
``Store.states()`` (only the columns it uses need be there) and returns a new DataFrame or
records. Predecessor states count for their successors (SUN for RUS).
"""

from .dedup import dedup_events
from .interests import convergence
from .issues import dyad_issues
from .picture import DyadPicture, dyad_picture
from .series import SERIES_COLUMNS, dyad_series
from .states import relation_states, resolve_reversals
from .third import third_parties
from .turning import TurningPoint, turning_points

__all__ = [
    "SERIES_COLUMNS",
    "DyadPicture",
    "TurningPoint",
    "convergence",
    "dedup_events",
    "dyad_issues",
    "dyad_picture",
    "dyad_series",
    "relation_states",
    "resolve_reversals",
    "third_parties",
    "turning_points",
]
