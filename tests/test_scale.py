"""The Dask path on a LocalCluster with 2 workers gives exactly the single-process output."""

import shutil
from pathlib import Path

import pytest

from detente import Store
from detente.runner import code_paths
from detente.scale import code_with_dask

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
COLUMNS = "id, doc_id, sentence, span_start, span_end, source_code, target_code, cameo, when_start, when_end, when_basis, modality, rule"


def table(store, sql):
    return store.sql(sql).to_dict(orient="records")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    for p in EXAMPLES.iterdir():
        shutil.copy(p, d / p.name)
    lines = [
        f'{{"id": "extra-{i}", "published": "2018-0{1 + i % 9}-1{i % 10}", '
        f'"text": "Turkey and Russia held talks in Ankara on Monday. Iran accused Israel of attacking its ships."}}'
        for i in range(20)
    ]
    (d / "more.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d


def test_dask_local_cluster_matches_single_process(corpus, tmp_path, nlp):
    with Store(tmp_path / "one.duckdb") as one:
        list(code_paths([str(corpus)], one, workers=1, batch_size=4))
        want_events = table(one, f"SELECT {COLUMNS} FROM events ORDER BY id")
        want_docs = table(one, "SELECT id, published FROM documents ORDER BY id")
    out = tmp_path / "parquet"
    results = list(code_with_dask([str(corpus)], str(out), n_workers=2, batch_size=4))
    assert len(results) == len(want_docs)
    with Store(out) as ds:
        assert table(ds, f"SELECT {COLUMNS} FROM events ORDER BY id") == want_events
        assert table(ds, "SELECT id, published FROM documents ORDER BY id") == want_docs
        assert len(list((out / "events").glob("*.parquet"))) > 1  # one partition per batch
    # running again adds nothing
    assert list(code_with_dask([str(corpus)], str(out), n_workers=2, batch_size=4)) == []
    with Store(out) as ds:
        assert ds.counts()["events"] == len(want_events)
