"""Cutting text into highlighted pieces from spans."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from detente.web.highlight import Mark, locate, segments


def test_pieces_carry_the_kinds_that_cover_them():
    text = "Pakistan and Russia held talks."
    segs = segments(text, [Mark(0, 30, "trigger", "040"), Mark(0, 8, "actor", "PAK"),
                           Mark(13, 19, "actor", "RUS")])  # fmt: skip
    assert [(s["text"], s["kinds"]) for s in segs] == [
        ("Pakistan", ["actor", "trigger"]),
        (" and ", ["trigger"]),
        ("Russia", ["actor", "trigger"]),
        (" held talks", ["trigger"]),
        (".", []),
    ]
    assert segs[0]["labels"] == ["040", "PAK"]


def test_offset_and_clipping():
    # a sentence at 100 in its document; marks outside it are clipped or dropped
    segs = segments("Moscow wants.", [Mark(100, 106, "actor"), Mark(107, 200, "interest"),
                                     Mark(0, 50, "actor")], offset=100)  # fmt: skip
    assert [(s["text"], s["kinds"]) for s in segs] == [
        ("Moscow", ["actor"]), (" ", []), ("wants.", ["interest"])
    ]


def test_links_only_when_one_target():
    segs = segments("ab", [Mark(0, 2, "trigger", href="/event/1"), Mark(0, 1, "trigger", href="/event/2")])
    assert [s["href"] for s in segs] == [None, "/event/1"]


def test_no_marks_and_empty_text():
    assert segments("plain", []) == [{"text": "plain", "kinds": [], "labels": [], "href": None}]
    assert segments("", [Mark(0, 3, "actor")])[0]["text"] == ""


@given(
    st.text(max_size=40),
    st.lists(st.tuples(st.integers(-5, 50), st.integers(-5, 50), st.sampled_from(["actor", "date"])), max_size=6),
)
def test_pieces_join_back_to_the_text(text, spans):
    segs = segments(text, [Mark(a, b, k) for a, b, k in spans])
    assert "".join(s["text"] for s in segs) == text


def test_locate():
    assert locate("in 2016 and 2016", "2016") == 3
    assert locate("in 2016 and 2016", "2016", near=13) == 12
    assert locate("in 2016 and 2016", "2016", near=9) is None
    assert locate("x", None) is None and locate("x", "y") is None
