"""The web dashboard: a read-only FastAPI app over a detente store.

>>> from detente.web import create_app
>>> app = create_app("detente.duckdb")  # doctest: +SKIP
>>> import uvicorn; uvicorn.run(app, host="127.0.0.1", port=8000)  # doctest: +SKIP

``detente serve`` does the same from the command line. Every page has a JSON twin at the same
path with ``?format=json``; ``/openapi.json`` describes them.
"""

from .app import create_app

__all__ = ["create_app"]
