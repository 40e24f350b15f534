"""detente: political event data from news text.

>>> import detente
>>> coded = detente.code_text("Russia and Pakistan held talks in Moscow on 3 May 2016.")
>>> [(e.source.code, e.target.code, e.cameo) for e in coded.events]  # doctest: +SKIP

Importing the package is quick: the coder (spaCy, the extractor) loads when ``code_text``,
``code_document`` or ``code_documents`` is first used, the store (DuckDB, pandas) when
``Store`` is.
"""

__version__ = "0.1.0"

from .errors import DetenteError, InputError, NotFound, StoreError, UnknownCode
from .records import Actor, CodedDocument, Document, Event, Interest, RelationState, TimeSpan

__all__ = [
    "Actor",
    "CodedDocument",
    "DetenteError",
    "Document",
    "Event",
    "InputError",
    "Interest",
    "NotFound",
    "RelationState",
    "StoreError",
    "Store",
    "TimeSpan",
    "UnknownCode",
    "__version__",
    "code_document",
    "code_documents",
    "code_text",
]

_LAZY = {"code_document": "pipeline", "code_documents": "pipeline", "code_text": "pipeline", "Store": "store"}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
