"""Comparing two sources' series: alignment, Pearson's r, the chart."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from detente import CodedDocument, Document
from detente.compare import compare_series, compare_sources, pearson, source_mask
from detente.report import comparison_figure

from .conftest import make_event


def _series(periods, counts, means):
    return pd.DataFrame({"period": periods, "n_events": counts, "goldstein_mean": means,
                         "goldstein_sum": [c * (0 if math.isnan(m) else m) for c, m in zip(counts, means)]})  # fmt: skip


def test_pearson_edge_cases():
    assert pearson([1, 2, 3], [2, 4, 6]) == (pytest.approx(1.0), 3)
    r, n = pearson([1, 2, float("nan"), 4], [1, 2, 5, 3])
    assert n == 3 and r == pytest.approx(0.9819805061)
    assert math.isnan(pearson([1, 2], [1, 2])[0])  # too few periods
    assert math.isnan(pearson([1, 1, 1], [1, 2, 3])[0])  # no variation


def test_compare_series_aligns_on_one_grid():
    a = _series(["2016-01", "2016-02", "2016-03"], [2, 4, 1], [3.0, -2.0, 1.0])
    b = _series(["2016-02", "2016-03", "2016-04", "2016-05"], [8, 3, 1, 2], [-4.0, 2.0, float("nan"), 5.0])
    c = compare_series({"detente": a, "gdelt": b}, "USA", "RUS", "month")
    assert c.table["period"].tolist() == ["2016-01", "2016-02", "2016-03", "2016-04", "2016-05"]
    assert c.table["n_events_detente"].tolist() == [2, 4, 1, 0, 0]
    assert c.table["n_events_gdelt"].tolist() == [0, 8, 3, 1, 2]
    assert c.n_goldstein == 2 and math.isnan(c.r_goldstein)  # two shared months only
    assert c.n_counts == 5 and c.r_counts == pytest.approx(pearson([2, 4, 1, 0, 0], [0, 8, 3, 1, 2])[0])
    assert c.totals() == {"detente": 7, "gdelt": 14}
    assert comparison_figure(c).axes


def test_compare_sources_splits_by_rule(coded_store):
    from detente.formats.gdelt import RULE

    day = dt.date(2016, 6, 2)
    ev = make_event("g1", 1, "190", "RUS", "PAK", day)
    import dataclasses

    ev = dataclasses.replace(ev, rule=RULE, id="gdelt-7")
    coded_store.add_many([CodedDocument(document=Document(id="g1", text="", published=day), events=(ev,))])
    events = coded_store.events(("PAK", "RUS"))
    assert source_mask(events, "gdelt").sum() == 1 and source_mask(events, "detente").sum() == 3
    c = compare_sources(coded_store, "pak", "rus", freq="month")
    assert (c.a, c.b) == ("PAK", "RUS")
    assert c.totals() == {"detente": 3, "gdelt": 1}
    assert c.table["period"].tolist() == ["2016-05", "2016-06"]
    with pytest.raises(ValueError, match="unknown source"):
        compare_sources(coded_store, "PAK", "RUS", ("detente", "acled"))
    with pytest.raises(ValueError, match="two sources"):
        compare_sources(coded_store, "PAK", "RUS", ("detente",))
