"""CSV: columns, file line numbers in errors, broken quoting recovery, encodings."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.ingest import MAX_DOCUMENT_CHARS, IngestProblem, read_csv, read_inputs
from detente.records import Document


def write(tmp_path, content, name="feed.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return path


def split(items):
    items = list(items)
    return (
        [i for i in items if isinstance(i, Document)],
        [i for i in items if isinstance(i, IngestProblem)],
    )


def test_rows_become_documents(tmp_path):
    path = write(
        tmp_path,
        "id,Text,DATE,title,url,source\r\n"
        "r1,Ministers met in Islamabad.,2016-11-07,Talks,https://x.org/a,Wire\r\n"
        ',"A quoted text, with a comma and ""quotes"".",,,,\r\n',
    )
    docs, errs = split(read_inputs([path]))
    assert errs == []
    first, second = docs
    assert first.id == "r1"
    assert (first.title, first.url, first.source) == ("Talks", "https://x.org/a", "Wire")
    assert (first.published, first.published_basis) == (dt.date(2016, 11, 7), "metadata")
    assert second.text == 'A quoted text, with a comma and "quotes".'
    assert second.source == "feed.csv" and second.title is None and second.published is None
    assert second.id == Document.make_id(second.text, "feed.csv")
    assert [d.id for d in split(read_csv(path))[0]] == [d.id for d in docs]  # stable


def test_multiline_field_keeps_paragraphs_and_errors_name_the_start_line(tmp_path):
    path = write(
        tmp_path,
        "id,text\n"  # line 1
        '1,"Headline\n'  # line 2
        "\n"  # line 3
        "November 7, 2016\n"  # line 4
        "\n"  # line 5
        'Body text."\n'  # line 6
        "2,\n"  # line 7: empty text
        '3,"Second\n'  # line 8
        'multi-line row",extra\n'  # line 9: one field too many
        "4,Last one.\n",  # line 10
    )
    docs, errs = split(read_csv(path))
    assert [d.id for d in docs] == ["1", "4"]
    assert docs[0].text == "Headline\n\nNovember 7, 2016\n\nBody text."
    assert (docs[0].published, docs[0].published_basis) == (dt.date(2016, 11, 7), "dateline")
    assert [(e.line, e.reason.split(" (")[0].split(";")[0]) for e in errs] == [
        (7, "empty document"),
        (8, "row has 3 fields but the header has 2"),
    ]
    assert str(errs[1]).startswith(f"{path}:8: row has 3 fields but the header has 2")
    assert "lines 8-9" in errs[1].reason


def test_unclosed_quote_costs_one_row(tmp_path):
    path = write(
        tmp_path,
        'id,text\n1,First.\n2,"Unclosed quote starts here\n3,Third.\n4,"Fourth."\n5,Fifth.\n',
    )
    docs, errs = split(read_csv(path))
    assert [d.id for d in docs] == ["1", "3", "4", "5"]
    (err,) = errs
    assert err.line == 3
    assert err.reason.startswith("malformed CSV row:")


def test_unclosed_quote_at_end_of_file(tmp_path):
    path = write(tmp_path, 'id,text\n1,First.\n2,"never closed\n')
    docs, errs = split(read_csv(path))
    assert [d.id for d in docs] == ["1"]
    assert errs[0].line == 3 and "malformed CSV row" in errs[0].reason


def test_text_after_closing_quote(tmp_path):
    path = write(tmp_path, 'id,text\n1,"quoted" trailing\n2,Fine.\n')
    docs, errs = split(read_csv(path))
    assert [d.id for d in docs] == ["2"]
    assert errs[0].line == 2


def test_missing_text_column(tmp_path):
    path = write(tmp_path, "id,body\n1,Something.\n")
    (err,) = list(read_csv(path))
    assert err.line == 1
    assert err.reason == "CSV header has no 'text' column (columns: 'id', 'body')"


@pytest.mark.parametrize(
    "content, reason",
    [
        ("", "empty document"),
        ("\n\n", "empty document"),
        ("id,text\n", "no rows after the CSV header"),
    ],
)
def test_empty_csv(tmp_path, content, reason):
    (err,) = list(read_csv(write(tmp_path, content)))
    assert err.reason == reason and err.line is None


def test_blank_rows_are_skipped(tmp_path):
    path = write(tmp_path, "\n\nid,text\n\n1,One.\n,\n\n2,Two.\n")
    docs, errs = split(read_csv(path))
    assert [d.id for d in docs] == ["1", "2"] and errs == []


def test_bad_date_cell_warns(tmp_path):
    path = write(tmp_path, "text,published\nMinisters met.,31/31/2016\n")
    docs, errs = split(read_csv(path))
    assert docs[0].published is None
    assert errs[0].is_warning and errs[0].line == 2 and "field 'published'" in errs[0].reason


def test_cp1252_csv(tmp_path):
    path = write(tmp_path, "text\n\u201cCaf\xe9\u201d talks.\n", encoding="cp1252")
    docs, errs = split(read_csv(path))
    assert errs == [] and docs[0].text == "\u201cCaf\xe9\u201d talks."


def test_utf16_csv(tmp_path):
    path = write(tmp_path, 'id,text\r\n1,"Россия\r\nи Пакистан"\r\n', encoding="utf-16")
    docs, errs = split(read_csv(path))
    assert errs == [] and docs[0].text == "Россия\nи Пакистан"


def test_binary_csv(tmp_path):
    (err,) = list(read_csv(write(tmp_path, b"PK\x03\x04\x00\x00\x08\x00" * 50, name="x.csv")))
    assert err.reason == "binary file, not text"


def test_too_long_cell(tmp_path):
    path = write(tmp_path, f"id,text\n1,{'a' * (MAX_DOCUMENT_CHARS + 1)}\n2,Fine.\n")
    docs, errs = split(read_csv(path))
    assert [d.id for d in docs] == ["2"]
    assert errs[0].line == 2 and errs[0].reason.startswith("document too long (5000001 chars")
