"""GDELT in and out: import of 1.0/2.0 exports, the side table, the lossless round trip."""

from __future__ import annotations

import collections
import io
import zipfile

import pandas as pd
import pytest

from detente import Store
from detente.ingest import IngestProblem
from detente.formats import export_events, import_gdelt
from detente.formats.gdelt import (
    COLUMNS,
    COLUMNS_V1,
    KEPT_COLUMNS,
    SIDE_TABLE,
    gdelt_frame,
    global_event_id,
    parse_line,
    read_gdelt,
)


def _rows(path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def _file_frame(path) -> pd.DataFrame:
    return pd.DataFrame(_rows(path), columns=COLUMNS, dtype=object)


def _export(store, **kw) -> str:
    buf = io.StringIO()
    export_events(store, "gdelt", buf, **kw)
    return buf.getvalue()


def test_import_reads_every_row(gdelt_store):
    s = gdelt_store.summary
    assert (s.rows, s.imported, s.new_events, s.skipped) == (2271, 2271, 2271, 0)
    assert gdelt_store.counts()["events"] == 2271
    # one pseudo-document per SOURCEURL, empty text, the URL kept
    docs = gdelt_store.sql("SELECT * FROM documents")
    assert len(docs) == s.documents == gdelt_store.sql("SELECT count(DISTINCT url) n FROM documents")["n"][0]
    assert (docs["text"] == "").all() and docs["url"].notna().all()
    assert docs["url"].str.startswith("http").sum() > 500  # a few are BBC Monitoring citations


def test_counts_by_root_and_quad_equal_the_files(gdelt_store, gdelt_file):
    rows = _rows(gdelt_file)
    for col, name in ((28, "root"), (29, "quad")):
        theirs = collections.Counter(r[col] for r in rows)
        ours = gdelt_store.sql(f"SELECT {name}::VARCHAR k, count(*) n FROM events GROUP BY k")
        assert dict(zip(ours["k"], ours["n"])) == theirs


def test_event_fields(gdelt_store):
    ev = gdelt_store.event("gdelt-410412348")  # no Actor1; Actor2 IND/MUMBAI; 042, quad 1, +1.9
    assert ev.rule == "gdelt" and ev.modality == "asserted" and ev.confidence == 1.0
    assert ev.source.code is None and ev.source.country is None
    assert (ev.target.code, ev.target.country, ev.target.name) == ("IND", "IND", "MUMBAI")
    assert (ev.cameo, ev.root, ev.quad, ev.goldstein) == ("042", "04", 1, 1.9)
    assert (ev.plover, ev.plover_mode) == ("CONSULT", "visit")
    assert str(ev.when.start) == str(ev.when.end) == "2014-02-18"
    assert (ev.when.precision, ev.when.basis) == ("day", "publication")
    assert ev.place == "Bengaluru, Karnataka, India"
    sector = gdelt_store.event("gdelt-410412347")  # no Actor1, Actor2 = GOV / PRESIDENT
    assert sector.target.code == "GOV" and sector.target.sector == "GOV" and sector.target.country is None


def test_reimport_adds_nothing(gdelt_file):
    with Store(":memory:") as store:
        import_gdelt([gdelt_file], store)
        before = store.counts() | {"side": len(store.sql(f"SELECT * FROM {SIDE_TABLE}"))}
        again = import_gdelt([gdelt_file], store)
        after = store.counts() | {"side": len(store.sql(f"SELECT * FROM {SIDE_TABLE}"))}
    assert again.new_events == 0 and before == after


def test_round_trip_kept_columns_from_detente_fields_alone(gdelt_store, gdelt_file):
    events = gdelt_store.events(modality=None)
    docs = gdelt_store.sql("SELECT * FROM documents")
    ours = gdelt_frame(events, docs, kept_only=True).set_index("GLOBALEVENTID").sort_index()
    theirs = _file_frame(gdelt_file).set_index("GLOBALEVENTID").sort_index()
    assert list(ours.index) == list(theirs.index)
    kept = [c for c in KEPT_COLUMNS if c != "GLOBALEVENTID"]
    diff = {c: int((ours[c] != theirs[c]).sum()) for c in kept}
    assert diff == dict.fromkeys(kept, 0)
    assert len(KEPT_COLUMNS) == 20
    # and what detente does not know stays empty
    assert (ours["AvgTone"] == "").all() and (ours["NumMentions"] == "").all()


def test_round_trip_whole_file_with_side_table(gdelt_store, gdelt_file):
    out = _export(gdelt_store)
    assert sorted(out.splitlines()) == sorted(gdelt_file.read_text(encoding="utf-8").splitlines())


def test_export_types_and_filters(gdelt_store):
    lines = _export(gdelt_store, dyad=("EGY", "LBY"), since="2015-02", until="2015-02-28").splitlines()
    assert lines and all(len(line.split("\t")) == 61 for line in lines)
    for line in lines:
        row = dict(zip(COLUMNS, line.split("\t")))
        assert {row["Actor1CountryCode"], row["Actor2CountryCode"]} == {"EGY", "LBY"}
        assert row["SQLDATE"].startswith("201502")
        assert len(row["EventCode"]) >= 3 and row["EventRootCode"].isdigit()


def test_bad_rows_are_named_and_skipped(tmp_path, gdelt_file):
    good = gdelt_file.read_text(encoding="utf-8").splitlines()[:3]
    bad_number = good[1].split("\t")
    bad_number[30] = "lots"  # GoldsteinScale
    bad_date = good[2].split("\t")
    bad_date[1] = "20151341"
    path = tmp_path / "mixed.CSV"
    path.write_text("\n".join([good[0], "too\tfew\tcolumns", "\t".join(bad_number), "\t".join(bad_date)]) + "\n")
    seen = []
    with Store(":memory:") as store:
        summary = import_gdelt([path, tmp_path / "missing.CSV"], store, on_problem=seen.append)
        assert store.counts()["events"] == 1
    msgs = [str(p) for p in summary.problems]
    assert seen == summary.problems and summary.skipped == 4
    assert msgs[0] == f"{path}:2: 3 columns; a GDELT event row has 57 or 58 (GDELT 1.0) or 61 (GDELT 2.0)"
    assert msgs[1].startswith(f"{path}:3: bad GoldsteinScale 'lots'")
    assert msgs[2].startswith(f"{path}:4: bad SQLDATE '20151341'")
    assert msgs[3] == f"{tmp_path / 'missing.CSV'}: no such file"


def _as_v1(line: str, with_url: bool = True) -> str:
    v = dict(zip(COLUMNS, line.split("\t")))
    v["DATEADDED"] = v["DATEADDED"][:8]
    cells = [v[c] for c in COLUMNS_V1]
    return "\t".join(cells if with_url else cells[:-1])


def test_gdelt_1_0_files_and_zip(tmp_path, gdelt_file):
    lines = gdelt_file.read_text(encoding="utf-8").splitlines()[:20]
    daily = tmp_path / "20150218.export.CSV"
    daily.write_text("\n".join(_as_v1(x) for x in lines[:10]) + "\n", encoding="utf-8")
    historical = tmp_path / "1979.zip"
    with zipfile.ZipFile(historical, "w") as zf:
        zf.writestr("1979.csv", "\r\n".join(_as_v1(x, with_url=False) for x in lines[10:]) + "\r\n")
    rows = [r for p in (daily, historical) for r in read_gdelt(p)]
    assert [r.n_columns for r in rows] == [58] * 10 + [57] * 10
    with Store(":memory:") as store:
        summary = import_gdelt([daily, historical], store)
        assert summary.new_events == 20 and not summary.problems
        # URL-less rows: one pseudo-document per event
        assert store.sql("SELECT count(*) n FROM documents WHERE url IS NULL")["n"][0] == 10
        out = _export(store).splitlines()
    by_id = {line.split("\t")[0]: dict(zip(COLUMNS, line.split("\t"))) for line in out}
    for line in lines[:10]:
        orig = dict(zip(COLUMNS, line.split("\t")))
        got = by_id[orig["GLOBALEVENTID"]]
        assert got["ActionGeo_ADM2Code"] == "" and got["DATEADDED"] == orig["DATEADDED"][:8]
        same = [c for c in COLUMNS if "ADM2" not in c and c != "DATEADDED"]
        assert {c: got[c] for c in same} == {c: orig[c] for c in same}


def test_files_sharing_a_url_keep_all_their_events(tmp_path, gdelt_file):
    lines = gdelt_file.read_text(encoding="utf-8").splitlines()
    url = lines[0].split("\t")[-1]
    same_url = [x for x in lines if x.split("\t")[-1] == url]
    assert len(same_url) >= 2
    (tmp_path / "a.CSV").write_text(same_url[0] + "\n", encoding="utf-8")
    (tmp_path / "b.CSV").write_text("\n".join(same_url[1:]) + "\n", encoding="utf-8")
    with Store(":memory:") as store:
        import_gdelt([tmp_path / "a.CSV"], store)
        import_gdelt([tmp_path / "b.CSV"], store)
        assert store.counts()["events"] == len(same_url)
        assert store.counts()["documents"] == 1


def test_cameo_country_codes_map_to_iso_and_back():
    line = ["1", "20150218", "201502", "2015", "2015.1315", "ROMGOV", "ROMANIA", "ROM", *[""] * 7,
            "TMP", "EAST TIMOR", "TMP", *[""] * 7, "1", "0341", "034", "03", "1", "7.0",
            *[""] * 28, "20150218230000", ""]  # fmt: skip
    assert len(line) == 61
    row = parse_line("\t".join(line))
    with Store(":memory:") as store:
        from detente.formats.gdelt import _write

        _write(store, [row])
        ev = store.event("gdelt-1")
        assert (ev.source.code, ev.source.country, ev.target.country) == ("ROUGOV", "ROU", "TLS")
        assert ev.cameo == "0341"
        back = _export(store).rstrip("\n").split("\t")
    assert back == line


def test_detente_events_as_gdelt_rows(coded_store):
    lines = _export(coded_store, modality=None, undated="publication").splitlines()
    assert len(lines) == 5
    rows = [dict(zip(COLUMNS, x.split("\t"))) for x in lines]
    assert all(len(x.split("\t")) == 62 for x in lines)  # the 61 and the publication flag
    by_code = {r["EventCode"]: r for r in rows}
    r = by_code["0341"]  # leading zero kept, base code 3 digits
    assert (r["EventBaseCode"], r["EventRootCode"], r["QuadClass"]) == ("034", "03", "1")
    assert (r["Actor1Code"], r["Actor1CountryCode"], r["Actor1Type1Code"]) == ("RUSGOV", "RUS", "GOV")
    assert (r["SQLDATE"], r["MonthYear"], r["Year"], r["FractionDate"]) == ("20160503", "201605", "2016", "2016.3370")
    assert r["SOURCEURL"] == "https://example.org/a" and r["ActionGeo_FullName"] == "Moscow"
    assert r["GLOBALEVENTID"].isdigit() and r["NumMentions"] == "" and r["AvgTone"] == ""
    assert len(r["DATEADDED"]) == 14
    # Romania goes out under GDELT's code; an undated event takes its document's date, flagged
    assert by_code["112"]["Actor1Code"] == "ROMGOV" and by_code["112"]["SQLDATE"] == "20160503"
    assert [x.split("\t")[-1] for x in lines].count("1") == 1 and lines[0].endswith("\t0")
    assert len({r["GLOBALEVENTID"] for r in rows}) == 5
    assert global_event_id("gdelt-42") == "42"


def test_an_undated_event_gets_no_invented_day_by_default(coded_store):
    buf = io.StringIO()
    result = export_events(coded_store, "gdelt", buf, modality=None)
    lines = buf.getvalue().splitlines()
    assert (len(lines), result.undated_skipped, result.publication_dated) == (4, 1, 0)
    assert all(len(x.split("\t")) == 61 for x in lines)
    assert "112" not in {x.split("\t")[COLUMNS.index("EventCode")] for x in lines}
    with pytest.raises(ValueError, match="undated must be one of skip, publication"):
        export_events(coded_store, "gdelt", io.StringIO(), undated="today")


def test_a_flagged_export_reads_back(coded_store, tmp_path):
    path = tmp_path / "flagged.CSV"
    path.write_text(_export(coded_store, modality=None, undated="publication"), encoding="utf-8")
    rows = list(read_gdelt(path))
    assert len(rows) == 5 and all(not isinstance(r, IngestProblem) for r in rows)
    assert {r["SQLDATE"] for r in rows} == {"20160503"}


def test_series_and_report_run_on_gdelt_events(gdelt_store):
    from detente.analysis import dyad_series
    from detente.report import build_report, render_html

    events = gdelt_store.events(("EGY", "LBY"))
    series = dyad_series(events, gdelt_store.states("EGY", "LBY"), "EGY", "LBY", "month")
    feb = series.set_index("period").loc["2015-02"]
    assert feb["n_events"] == 25 and feb["q4"] > feb["q1"] and feb["goldstein_mean"] < -5
    report = build_report(gdelt_store, "EGY", "LBY", freq="month")
    assert report.n_reports == 25 and "Egypt" in render_html(report)


@pytest.mark.parametrize("cells", [60, 63])
def test_parse_line_rejects_other_widths(cells):
    problem = parse_line("\t".join(["1"] * cells), "x.CSV", 7)
    assert str(problem).startswith(f"x.CSV:7: {cells} columns")


# -- ActionGeo: places in and out ----------------------------------------------------------------
def test_import_reads_the_action_geo_block(gdelt_store):
    from detente.records import Place

    assert gdelt_store.event("gdelt-410412348").geo == Place(
        name="Bengaluru, Karnataka, India", country="IND", adm1="19", lat=12.9833, lon=77.5833,
        level="city", feature_id="-2090174",
    )  # fmt: skip
    nz = gdelt_store.event("gdelt-410412350").geo  # type 1: FIPS NZ
    assert (nz.level, nz.country, nz.adm1, nz.lat, nz.lon, nz.feature_id) == ("country", "NZL", None, -41.0, 174.0, "NZ")
    idaho = gdelt_store.event("gdelt-410412351").geo  # type 2: a US state
    assert (idaho.level, idaho.country, idaho.adm1, idaho.name) == ("region", "USA", "ID", "Idaho, United States")
    dallas = gdelt_store.event("gdelt-410412365").geo  # type 3: a US city
    assert (dallas.level, dallas.country, dallas.adm1) == ("city", "USA", "TX")
    # rows without a typed, named place (ActionGeo_Type 0 or empty, or no FullName) have none
    unplaced = gdelt_store.sql("SELECT count(*) n FROM events WHERE geo_name IS NULL")["n"][0]
    side = gdelt_store.sql(
        f"SELECT count(*) n FROM {SIDE_TABLE} WHERE \"ActionGeo_Type\" IN ('', '0') OR \"ActionGeo_FullName\" = ''"
    )["n"][0]
    assert unplaced == side > 0


def test_geo_columns_from_detente_fields_alone_match_the_file(gdelt_store, gdelt_file):
    from detente.formats.gdelt import GEO_COLUMNS
    from detente.places import iso3_from_fips

    events = gdelt_store.events(modality=None)
    ours = gdelt_frame(events, None, kept_only=True).set_index("GLOBALEVENTID").sort_index()
    theirs = _file_frame(gdelt_file).set_index("GLOBALEVENTID").sort_index()
    # every typed, named place with an ISO country and real coordinates comes back as it was
    usable = (
        theirs["ActionGeo_Type"].isin(list("12345")) & (theirs["ActionGeo_FullName"] != "")
        & theirs["ActionGeo_CountryCode"].map(lambda c: iso3_from_fips(c) is not None)
        & ~((theirs["ActionGeo_Lat"] == "0") & (theirs["ActionGeo_Long"] == "0"))
    )  # fmt: skip
    assert usable.sum() > 2000
    for col in GEO_COLUMNS:
        assert (ours.loc[usable, col] == theirs.loc[usable, col]).all(), col


def test_resolved_places_go_out_as_action_geo_and_come_back(tmp_path):
    import dataclasses
    import datetime as dt

    from detente import CodedDocument, Document
    from detente.places import resolve

    from .conftest import make_event

    day = dt.date(2018, 1, 22)
    doc = Document(id="geo1", text="x", published=day, url="https://example.org/geo")
    placed = {
        "Afrin": ("4", "SY", "SY09"),
        "northern Pakistan": ("1", "PK", "PK"),
        "Texas": ("2", "US", "USTX"),
        "Houston, Texas": ("3", "US", "USTX"),
    }
    events = tuple(
        dataclasses.replace(make_event("geo1", i, "190", "TUR", "SYR", day), place=phrase, geo=resolve(phrase))
        for i, phrase in enumerate(placed)
    ) + (dataclasses.replace(make_event("geo1", 9, "190", "TUR", "SYR", day), place="Zarqawiyah", geo=None),)
    with Store(":memory:") as store:
        store.add(CodedDocument(document=doc, events=events))
        text = _export(store)
    rows = {r["ActionGeo_FullName"]: r for r in (dict(zip(COLUMNS, x.split("\t"))) for x in text.splitlines())}
    for e in events[:-1]:
        r = rows[e.geo.name]
        assert (r["ActionGeo_Type"], r["ActionGeo_CountryCode"], r["ActionGeo_ADM1Code"]) == placed[e.place]
        assert float(r["ActionGeo_Lat"]) == pytest.approx(e.geo.lat) and float(r["ActionGeo_Long"]) == pytest.approx(e.geo.lon)
        assert r["ActionGeo_FeatureID"] == e.geo.feature_id
    unknown = rows["Zarqawiyah"]  # a phrase the gazetteer does not know: its name only
    assert [unknown[c] for c in ("ActionGeo_Type", "ActionGeo_CountryCode", "ActionGeo_Lat")] == ["", "", ""]
    # and read back, every resolved place is the same record
    path = tmp_path / "geo.export.CSV"
    path.write_text(text, encoding="utf-8")
    with Store(":memory:") as again:
        import_gdelt([path], again)
        back = {e["geo_name"]: again.event(e["id"]).geo for e in again.events(modality=None).to_dict(orient="records")}
    for e in events[:-1]:
        assert back[e.geo.name] == e.geo
