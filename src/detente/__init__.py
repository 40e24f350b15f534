"""detente: political event data from news text.

>>> import detente
>>> coded = detente.code_text("Russia and Pakistan held talks in Moscow on 3 May 2016.")
>>> [(e.source.code, e.target.code, e.cameo) for e in coded.events]  # doctest: +SKIP
"""

__version__ = "0.1.0"

from .pipeline import code_document, code_documents, code_text
from .records import Actor, CodedDocument, Document, Event, Interest, RelationState, TimeSpan
from .store import Store

__all__ = [
    "Actor",
    "CodedDocument",
    "Document",
    "Event",
    "Interest",
    "RelationState",
    "Store",
    "TimeSpan",
    "__version__",
    "code_document",
    "code_documents",
    "code_text",
]
