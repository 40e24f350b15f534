"""detente's stages in anyone's spaCy pipeline, found through the ``spacy_factories`` entry
points of the installed package (``pip install -e .``), without importing detente first."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from detente.nlp import MODEL, STAGES

SCRIPT = f"""
import json, sys
import spacy

# this script never imports detente: spaCy itself loads the spacy_factories entry points
# of every installed package when it builds a Language (inside spacy.load)
assert "detente" not in sys.modules
nlp = spacy.load({MODEL!r}, exclude=["ner"])
for name in ("detente_actors", "detente_time", "detente_events"):
    nlp.add_pipe(name)
doc = nlp("Russia and Pakistan held talks in Moscow on 3 May 2016.")
sent = next(doc.sents)
print(json.dumps({{
    "pipes": nlp.pipe_names,
    "events": [(e.source.country, e.target.country, e.cameo, e.plover, str(e.when.start)) for e in doc._.events],
    "actors": [m.actor.code for m in doc._.actors],
    "token_actor": doc[0]._.actor.actor.country,
    "when": [str(sent._.when.start), sent._.when.precision],
}}))
"""


def test_entry_points_are_declared():
    names = {e.name: e.value for e in entry_points(group="spacy_factories")}
    assert set(STAGES) <= set(names), names
    assert names["detente_events"] == "detente.events:make_event_stage"


def test_components_load_in_a_fresh_process(tmp_path):
    pytest.importorskip(MODEL)
    r = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["pipes"][-3:] == ["detente_actors", "detente_time", "detente_events"]
    assert ["RUS", "PAK", "046", "CONSULT", "2016-05-03"] in out["events"]
    assert out["actors"][:2] == ["RUS", "PAK"] and out["token_actor"] == "RUS"
    assert out["when"] == ["2016-05-03", "day"]


def test_docs_list_every_extension():
    from detente import extensions

    page = (Path(__file__).resolve().parents[2] / "docs" / "spacy.md").read_text(encoding="utf-8")
    for name in extensions._DOC:
        assert f"`Doc._.{name}`" in page
    assert "`Span._.when`" in page and "`Token._.actor`" in page
    for stage in STAGES:
        assert f'"{stage}"' in page


#: Loads the spaCy model itself: marked `model` by tests/conftest.py.
NEEDS_MODEL = True
