"""Query commands stay light: they load neither spaCy nor the extractor's runtime."""

import json
import subprocess
import sys

SCRIPT = """
import json, sys
from typer.testing import CliRunner
import detente
from detente.cli import app
from detente.store import Store

db = sys.argv[1]
Store(db).close()
runner = CliRunner()
for args in (["--version"], ["timeline", "Pakistan", "Russia", "--db", db],
             ["events", "--dyad", "PAK", "RUS", "--db", db], ["series", "PAK", "RUS", "--db", db],
             ["actors", "show", "the Soviet Union"]):
    runner.invoke(app, args)
print(json.dumps(sorted(m for m in ("spacy", "onnxruntime", "torch", "thinc") if m in sys.modules)))
"""


def test_query_commands_load_no_spacy_or_model(tmp_path):
    r = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "q.duckdb")],
                       capture_output=True, text=True, check=False)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.splitlines()[-1]) == []
