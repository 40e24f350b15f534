"""Interests: the stage on labelled sentences and on the seed op-ed's lists, convergence, CLI."""

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from detente import Store
from detente.analysis import convergence
from detente.cli import app
from detente.evaluate import load_gold, score, score_interests
from detente.ingest import read_inputs
from detente.pipeline import code_document, code_documents
from detente.records import Document

DATA = Path(__file__).resolve().parent / "data" / "interest_sentences.tsv"


def test_interest_detection_on_labelled_sentences(nlp):
    lines = [x for x in DATA.read_text(encoding="utf-8").splitlines()[1:] if x.strip()]
    docs = [Document(id=f"i{i}", text=x.split("\t")[0]) for i, x in enumerate(lines)]
    preds = [list(c.interests) for c in code_documents(docs, nlp=nlp)]
    s = score_interests(DATA, preds)
    print(s)
    assert s["sentences"] >= 80
    assert s["precision"] >= 0.9 and s["recall"] >= 0.75
    assert s["holder_precision"] >= 0.9 and s["holder_recall"] >= 0.75
    assert s["stance_accuracy"] >= 0.85


@pytest.fixture(scope="module")
def oped(shared, nlp):
    gold = load_gold(shared / "gold" / "pakistan-russia-oped.yaml")
    doc = [d for d in read_inputs([shared / gold["document"]["file"]]) if isinstance(d, Document)][0]
    return gold, code_document(doc, nlp=nlp)


def test_the_opeds_three_lists_are_found_with_their_holders(oped):
    gold, coded = oped
    s = score(gold, coded)
    assert len(s.interests_found) >= 8, s.summary()


def test_convergence_on_the_oped(oped):
    _, coded = oped
    with Store(":memory:") as store:
        store.add(coded)
        top = list(convergence(store.sql("SELECT * FROM interests"), "PAK", "RUS")["issue"].head(5))
    assert {"terrorism", "energy", "afghanistan"} <= set(top), top


def test_interests_are_not_events(code):
    c = code("Russia wants to sell fighter jets to India.")
    assert c.interests and c.interests[0].issue == "military"
    assert not [e for e in c.events if e.asserted and e.root == "06"]


def test_convergence_ranks_shared_issues_and_finds_divergence():
    rows = [
        ("PAK", "energy", "seek", "p1"), ("PAK", "energy", "seek", "p2"), ("RUS", "energy", "seek", "r1"),
        ("SUN", "terrorism", "avoid", "s1"), ("PAK", "terrorism", "avoid", "p3"),
        ("PAK", "military", "seek", "p4"), ("RUS", "military", "avoid", "r2"),
        ("PAK", "diplomatic", "seek", "p5"), ("RUS", "diplomatic", "seek", "r3"), ("RUS", "diplomatic", "seek", "r4"),
        ("IND", "energy", "seek", "i1"),
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["holder_country", "issue", "stance", "sentence"])
    out = convergence(frame, "PAK", "RUS")
    assert list(out["issue"]) == ["energy", "terrorism", "diplomatic", "military"]
    assert list(out["relation"]) == ["converge", "converge", "converge", "diverge"]
    assert (out.iloc[0]["n_a"], out.iloc[0]["n_b"]) == (2, 1)  # IND's interest does not count
    assert out.iloc[1]["evidence_b"] == ["s1"]  # the Soviet Union counts for Russia


def test_interests_and_convergence_commands(tmp_path, shared, nlp):
    db = tmp_path / "x.duckdb"
    runner = CliRunner()
    r = runner.invoke(app, ["code", str(shared / "corpus" / "pakistan-russia-oped-2016-11-07.txt"), "--db", str(db)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["interests", "RUS", "--counterpart", "PAK", "--db", str(db), "--format", "jsonl"])
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert rows and all(x["holder"]["country"] == "RUS" and x["counterpart"]["country"] == "PAK" for x in rows)
    assert {"holder", "counterpart", "issue", "stance", "sentence"} <= set(rows[0])
    r = runner.invoke(app, ["convergence", "PAK", "RUS", "--db", str(db), "--format", "csv"])
    assert r.exit_code == 0 and "terrorism" in r.stdout
    r = runner.invoke(app, ["convergence", "PAK", "XYZ", "--db", str(db)])
    assert r.exit_code == 2 and "unknown country or organisation 'XYZ'" in r.stderr


def test_the_report_has_a_convergence_section(oped):
    from detente.report import build_report, render_html, render_markdown

    _, coded = oped
    with Store(":memory:") as store:
        store.add(coded)
        report = build_report(store, "PAK", "RUS")
    assert "afghanistan" in list(report.convergence["issue"])
    html = render_html(report)
    assert "where interests converge" in html and "terrorism" in html
    assert "terrorism" in list(report.convergence["issue"])
    assert "where interests converge" in render_markdown(report)


#: Loads the spaCy model itself: marked `model` by tests/conftest.py.
NEEDS_MODEL = True
