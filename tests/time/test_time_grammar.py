"""Table-driven tests of the temporal grammar (no spaCy)."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.time.grammar import find_connective_mentions, find_connectives, find_timexes

d = dt.date
#: A Wednesday.
A = d(2016, 9, 28)
#: A Sunday.
B = d(2020, 3, 15)

# (text, anchor, expected start, expected end, expected precision); start None: no expression.
CASES = [
    # --- days
    ("May 1, 1952", None, d(1952, 5, 1), d(1952, 5, 1), "day"),
    ("1 May 1952", None, d(1952, 5, 1), d(1952, 5, 1), "day"),
    ("17 October 2014", None, d(2014, 10, 17), d(2014, 10, 17), "day"),
    ("The talks began on 17 October 2014.", None, d(2014, 10, 17), d(2014, 10, 17), "day"),
    ("2016-09-22", None, d(2016, 9, 22), d(2016, 9, 22), "day"),
    ("Sept. 22, 2016", None, d(2016, 9, 22), d(2016, 9, 22), "day"),
    ("MARCH 3, 2015", None, d(2015, 3, 3), d(2015, 3, 3), "day"),
    ("Sept 22, 2016", None, d(2016, 9, 22), d(2016, 9, 22), "day"),
    ("September 22 2016", None, d(2016, 9, 22), d(2016, 9, 22), "day"),
    ("the 1st of May 1952", None, d(1952, 5, 1), d(1952, 5, 1), "day"),
    ("May 1st, 1952", None, d(1952, 5, 1), d(1952, 5, 1), "day"),
    ("Tuesday, May 3, 2016", None, d(2016, 5, 3), d(2016, 5, 3), "day"),
    ("on Friday, 13 November 2015", None, d(2015, 11, 13), d(2015, 11, 13), "day"),
    ("Dec. 7, 1941", None, d(1941, 12, 7), d(1941, 12, 7), "day"),
    ("31 December 1999", None, d(1999, 12, 31), d(1999, 12, 31), "day"),
    ("Feb 29, 2016", None, d(2016, 2, 29), d(2016, 2, 29), "day"),
    ("22/09/2016", None, d(2016, 9, 22), d(2016, 9, 22), "day"),
    ("09/22/2016", None, d(2016, 9, 22), d(2016, 9, 22), "day"),
    ("04/05/2016", None, d(2016, 1, 1), d(2016, 12, 31), "year"),
    ("Jan. 5, 2017", None, d(2017, 1, 5), d(2017, 1, 5), "day"),
    ("JUNE 12, 2009", None, d(2009, 6, 12), d(2009, 6, 12), "day"),
    ("15 Aug 1947", None, d(1947, 8, 15), d(1947, 8, 15), "day"),
    ("Feb 30, 2016", None, d(2016, 1, 1), d(2016, 12, 31), "year"),  # no such day: the year
    # --- days without a year, against the anchor
    ("They met on May 3.", A, d(2016, 5, 3), d(2016, 5, 3), "day"),
    # a day or month only weeks ahead is the coming one (a summit announced for it), not
    # last year's; further ahead, the last one
    ("on 30 September", A, d(2016, 9, 30), d(2016, 9, 30), "day"),
    ("on 30 December", A, d(2015, 12, 30), d(2015, 12, 30), "day"),
    ("September 28", A, d(2016, 9, 28), d(2016, 9, 28), "day"),
    ("December 25", B, d(2019, 12, 25), d(2019, 12, 25), "day"),
    ("They met on May 3.", None, None, None, None),
    # --- months
    ("May 1952", None, d(1952, 5, 1), d(1952, 5, 31), "month"),
    ("in September 2016", None, d(2016, 9, 1), d(2016, 9, 30), "month"),
    ("February 2016", None, d(2016, 2, 1), d(2016, 2, 29), "month"),
    ("in Feb. 2016", None, d(2016, 2, 1), d(2016, 2, 29), "month"),
    ("March 2011", None, d(2011, 3, 1), d(2011, 3, 31), "month"),
    ("in March", A, d(2016, 3, 1), d(2016, 3, 31), "month"),
    ("in October", A, d(2016, 10, 1), d(2016, 10, 31), "month"),
    ("in December", A, d(2015, 12, 1), d(2015, 12, 31), "month"),
    # months written the way forms and web pages write them
    ("announced in feb-2021", None, d(2021, 2, 1), d(2021, 2, 28), "month"),
    ("Feb/2021", None, d(2021, 2, 1), d(2021, 2, 28), "month"),
    ("figures for 2021-02", None, d(2021, 2, 1), d(2021, 2, 28), "month"),
    ("sales in 02/2021", None, d(2021, 2, 1), d(2021, 2, 28), "month"),
    # "the 20th": that day of this month, or of the last one when it has not come yet
    ("they met on the 20th", A, d(2016, 9, 20), d(2016, 9, 20), "day"),
    ("they met on the 30th", A, d(2016, 8, 30), d(2016, 8, 30), "day"),
    ("they met on the 3rd", A, d(2016, 9, 3), d(2016, 9, 3), "day"),
    ("the 20th century", A, d(1900, 1, 1), d(1999, 12, 31), "century"),
    ("Meanwhile, Turkey attacked.", A, None, None, None),
    ("in September", A, d(2016, 9, 1), d(2016, 9, 30), "month"),
    ("in March", None, None, None, None),
    ("last March", B, d(2019, 3, 1), d(2019, 3, 31), "month"),
    ("next March", A, d(2017, 3, 1), d(2017, 3, 31), "month"),
    ("this March", A, d(2016, 3, 1), d(2016, 3, 31), "month"),
    ("since May", A, d(2016, 5, 1), d(2016, 5, 31), "month"),
    ("early May 2016", None, d(2016, 5, 1), d(2016, 5, 10), "month"),
    ("mid-May 2016", None, d(2016, 5, 11), d(2016, 5, 20), "month"),
    ("late May 2016", None, d(2016, 5, 21), d(2016, 5, 31), "month"),
    ("the end of May 2016", None, d(2016, 5, 21), d(2016, 5, 31), "month"),
    ("early May", A, d(2016, 5, 1), d(2016, 5, 10), "month"),
    ("They may meet in May.", A, d(2016, 5, 1), d(2016, 5, 31), "month"),
    ("Theresa May said", A, None, None, None),
    ("Prime Minister Theresa May met Putin.", A, None, None, None),
    ("The March on Washington", A, None, None, None),
    ("a vote on May's government", A, None, None, None),
    ("Talks may resume.", A, None, None, None),
    ("Protesters march to parliament.", A, None, None, None),
    ("in Sept", A, None, None, None),
    # --- seasons
    ("summer 2015", None, d(2015, 6, 1), d(2015, 8, 31), "season"),
    ("the spring of 1999", None, d(1999, 3, 1), d(1999, 5, 31), "season"),
    ("autumn 2014", None, d(2014, 9, 1), d(2014, 11, 30), "season"),
    ("the fall of 1989", None, d(1989, 9, 1), d(1989, 11, 30), "season"),
    ("winter 2015", None, d(2015, 12, 1), d(2016, 2, 29), "season"),
    ("last summer", A, d(2016, 6, 1), d(2016, 8, 31), "season"),
    ("last winter", A, d(2015, 12, 1), d(2016, 2, 29), "season"),
    ("next spring", A, d(2017, 3, 1), d(2017, 5, 31), "season"),
    ("this summer", A, d(2016, 6, 1), d(2016, 8, 31), "season"),
    ("the fall of the Berlin Wall", None, None, None, None),
    # --- quarters and halves
    ("the first quarter of 2018", None, d(2018, 1, 1), d(2018, 3, 31), "quarter"),
    ("the fourth quarter of 2016", None, d(2016, 10, 1), d(2016, 12, 31), "quarter"),
    ("the second quarter of 2015", None, d(2015, 4, 1), d(2015, 6, 30), "quarter"),
    ("Q3 2017", None, d(2017, 7, 1), d(2017, 9, 30), "quarter"),
    ("the third quarter of last year", A, d(2015, 7, 1), d(2015, 9, 30), "quarter"),
    ("the last quarter of this year", A, d(2016, 10, 1), d(2016, 12, 31), "quarter"),
    ("the first half of 2018", None, d(2018, 1, 1), d(2018, 6, 30), "year"),
    ("the second half of 2014", None, d(2014, 7, 1), d(2014, 12, 31), "year"),
    # --- years
    ("In 1999, relations improved.", None, d(1999, 1, 1), d(1999, 12, 31), "year"),
    ("in 2002", None, d(2002, 1, 1), d(2002, 12, 31), "year"),
    ("1965", None, d(1965, 1, 1), d(1965, 12, 31), "year"),
    ("The war ended in 1945.", None, d(1945, 1, 1), d(1945, 12, 31), "year"),
    ("In 2003 troops invaded Iraq.", None, d(2003, 1, 1), d(2003, 12, 31), "year"),
    ("since 1991", None, d(1991, 1, 1), d(1991, 12, 31), "year"),
    ("the year 2000", None, d(2000, 1, 1), d(2000, 12, 31), "year"),
    ("by 2030", None, d(2030, 1, 1), d(2030, 12, 31), "year"),
    ("the 2015 nuclear deal", None, d(2015, 1, 1), d(2015, 12, 31), "year"),
    ("Elections were held in 1802.", None, d(1802, 1, 1), d(1802, 12, 31), "year"),
    # --- four-digit numbers that are not years
    ("1999 people were killed", None, None, None, None),
    ("$2002", None, None, None, None),
    ("2,000 troops", None, None, None, None),
    ("some 2000 soldiers", None, None, None, None),
    ("Resolution 1973", None, None, None, None),
    ("UN Security Council resolution 2254", None, None, None, None),
    ("up to 2000 people", None, None, None, None),
    ("2010 refugees crossed", None, None, None, None),
    ("1750", None, None, None, None),
    ("2500", None, None, None, None),
    ("12345", None, None, None, None),
    ("1999.5", None, None, None, None),
    ("a 2000% rise", None, None, None, None),
    ("Flight 2016 landed", None, None, None, None),
    ("about 1900 protesters", None, None, None, None),
    ("£1999", None, None, None, None),
    ("nearly 2015 votes", None, None, None, None),
    ("1990 percent", None, None, None, None),
    # --- decades
    ("the 1990s", None, d(1990, 1, 1), d(1999, 12, 31), "decade"),
    ("the '90s", None, d(1990, 1, 1), d(1999, 12, 31), "decade"),
    ("the ’80s", None, d(1980, 1, 1), d(1989, 12, 31), "decade"),
    ("the 90s", None, d(1990, 1, 1), d(1999, 12, 31), "decade"),
    ("the nineteen-nineties", None, d(1990, 1, 1), d(1999, 12, 31), "decade"),
    ("the sixties", None, d(1960, 1, 1), d(1969, 12, 31), "decade"),
    ("the early 1990s", None, d(1990, 1, 1), d(1993, 12, 31), "decade"),
    ("mid-1980s", None, d(1983, 1, 1), d(1987, 12, 31), "decade"),
    ("the mid 1980s", None, d(1983, 1, 1), d(1987, 12, 31), "decade"),
    ("the mid-1980s", None, d(1983, 1, 1), d(1987, 12, 31), "decade"),
    ("the late 1950s", None, d(1957, 1, 1), d(1959, 12, 31), "decade"),
    ("early 2000s", None, d(2000, 1, 1), d(2003, 12, 31), "decade"),
    ("the 2010s", None, d(2010, 1, 1), d(2019, 12, 31), "decade"),
    ("the late '80s", None, d(1987, 1, 1), d(1989, 12, 31), "decade"),
    ("the end of the 1990s", None, d(1997, 1, 1), d(1999, 12, 31), "decade"),
    ("the 1990's", None, d(1990, 1, 1), d(1999, 12, 31), "decade"),
    ("the '00s", None, d(2000, 1, 1), d(2009, 12, 31), "decade"),
    ("in his 90s", None, None, None, None),
    ("men in their sixties", None, None, None, None),
    # --- parts of years
    ("early 2016", None, d(2016, 1, 1), d(2016, 4, 30), "year"),
    ("mid-2016", None, d(2016, 5, 1), d(2016, 8, 31), "year"),
    ("late 2016", None, d(2016, 9, 1), d(2016, 12, 31), "year"),
    ("the end of 2016", None, d(2016, 10, 1), d(2016, 12, 31), "year"),
    ("the beginning of 2016", None, d(2016, 1, 1), d(2016, 3, 31), "year"),
    ("the middle of 2016", None, d(2016, 5, 1), d(2016, 8, 31), "year"),
    ("late last year", A, d(2015, 9, 1), d(2015, 12, 31), "year"),
    ("early this year", A, d(2016, 1, 1), d(2016, 4, 30), "year"),
    ("the end of this month", A, d(2016, 9, 21), d(2016, 9, 30), "month"),
    # --- centuries
    ("the 19th century", None, d(1800, 1, 1), d(1899, 12, 31), "century"),
    ("the early 20th century", None, d(1900, 1, 1), d(1932, 12, 31), "century"),
    ("the twentieth century", None, d(1900, 1, 1), d(1999, 12, 31), "century"),
    ("the 21st century", None, d(2000, 1, 1), d(2099, 12, 31), "century"),
    ("the late 19th century", None, d(1867, 1, 1), d(1899, 12, 31), "century"),
    ("the eighteenth century", None, d(1700, 1, 1), d(1799, 12, 31), "century"),
    ("the 1800s", None, d(1800, 1, 1), d(1899, 12, 31), "century"),
    ("last century", A, d(1900, 1, 1), d(1999, 12, 31), "century"),
    # --- ranges
    ("from 1952 to 1963", None, d(1952, 1, 1), d(1963, 12, 31), "year"),
    ("between 2001 and 2003", None, d(2001, 1, 1), d(2003, 12, 31), "year"),
    ("1952 to the late 1960s", None, d(1952, 1, 1), d(1969, 12, 31), "decade"),
    ("(1952 to the late 1960s)", None, d(1952, 1, 1), d(1969, 12, 31), "decade"),
    ("1990-1995", None, d(1990, 1, 1), d(1995, 12, 31), "year"),
    ("1990–95", None, d(1990, 1, 1), d(1995, 12, 31), "year"),
    ("1998—2000", None, d(1998, 1, 1), d(2000, 12, 31), "year"),
    ("2015/16", None, d(2015, 1, 1), d(2016, 12, 31), "year"),
    ("from May 2016 to June 2017", None, d(2016, 5, 1), d(2017, 6, 30), "month"),
    ("from March to May 2016", None, d(2016, 3, 1), d(2016, 5, 31), "month"),
    ("between March and May 2016", None, d(2016, 3, 1), d(2016, 5, 31), "month"),
    ("March 3-5, 2016", None, d(2016, 3, 3), d(2016, 3, 5), "day"),
    ("3–5 May 2016", None, d(2016, 5, 3), d(2016, 5, 5), "day"),
    ("March 30 to April 2, 2016", None, d(2016, 3, 30), d(2016, 4, 2), "day"),
    ("from the 1970s to the 1990s", None, d(1970, 1, 1), d(1999, 12, 31), "decade"),
    ("the late 1940s until 1953", None, d(1947, 1, 1), d(1953, 12, 31), "decade"),
    ("from 1999 to 2003", A, d(1999, 1, 1), d(2003, 12, 31), "year"),
    ("between March and May", A, d(2016, 3, 1), d(2016, 5, 31), "month"),
    ("from December to February", B, d(2019, 12, 1), d(2020, 2, 29), "month"),
    ("from Sept. 22 to Oct. 10", A, d(2016, 9, 22), d(2016, 10, 10), "day"),
    ("from Sept. 24 to Oct. 10", None, None, None, None),
    ("from May 2015 until last year", A, d(2015, 5, 1), d(2015, 12, 31), "year"),
    # --- relative to the anchor: days
    ("yesterday", A, d(2016, 9, 27), d(2016, 9, 27), "day"),
    ("today", A, d(2016, 9, 28), d(2016, 9, 28), "day"),
    ("tomorrow", A, d(2016, 9, 29), d(2016, 9, 29), "day"),
    ("last night", A, d(2016, 9, 27), d(2016, 9, 27), "day"),
    ("on Tuesday", A, d(2016, 9, 27), d(2016, 9, 27), "day"),
    # a bare weekday that is the publication day means that day ("said on Wednesday")
    ("on Wednesday", A, d(2016, 9, 28), d(2016, 9, 28), "day"),
    ("last Wednesday", A, d(2016, 9, 21), d(2016, 9, 21), "day"),
    ("on Thursday", A, d(2016, 9, 22), d(2016, 9, 22), "day"),
    ("last Friday", A, d(2016, 9, 23), d(2016, 9, 23), "day"),
    ("next Monday", A, d(2016, 10, 3), d(2016, 10, 3), "day"),
    ("on Sunday", B, d(2020, 3, 15), d(2020, 3, 15), "day"),
    ("last Sunday", B, d(2020, 3, 8), d(2020, 3, 8), "day"),
    ("on Monday", B, d(2020, 3, 9), d(2020, 3, 9), "day"),
    ("Monday morning", A, d(2016, 9, 26), d(2016, 9, 26), "day"),
    ("Supporters will march on Friday.", A, d(2016, 9, 23), d(2016, 9, 23), "day"),
    ("five days ago", A, d(2016, 9, 23), d(2016, 9, 23), "day"),
    # --- relative: weeks, months, years
    ("last week", A, d(2016, 9, 19), d(2016, 9, 25), "week"),
    ("this week", A, d(2016, 9, 26), d(2016, 10, 2), "week"),
    ("next week", A, d(2016, 10, 3), d(2016, 10, 9), "week"),
    ("last weekend", A, d(2016, 9, 24), d(2016, 9, 25), "week"),
    ("this past weekend", A, d(2016, 9, 24), d(2016, 9, 25), "week"),
    ("over the weekend", A, d(2016, 9, 24), d(2016, 9, 25), "week"),
    ("this weekend", A, d(2016, 10, 1), d(2016, 10, 2), "week"),
    ("two weeks ago", A, d(2016, 9, 12), d(2016, 9, 18), "week"),
    ("last month", A, d(2016, 8, 1), d(2016, 8, 31), "month"),
    ("this month", A, d(2016, 9, 1), d(2016, 9, 30), "month"),
    ("next month", A, d(2016, 10, 1), d(2016, 10, 31), "month"),
    ("last month", d(2016, 1, 10), d(2015, 12, 1), d(2015, 12, 31), "month"),
    ("three months ago", A, d(2016, 6, 1), d(2016, 6, 30), "month"),
    ("18 months ago", A, d(2015, 3, 1), d(2015, 3, 31), "month"),
    ("earlier this month", A, d(2016, 9, 1), d(2016, 9, 28), "month"),
    ("last year", A, d(2015, 1, 1), d(2015, 12, 31), "year"),
    ("this year", A, d(2016, 1, 1), d(2016, 12, 31), "year"),
    ("next year", A, d(2017, 1, 1), d(2017, 12, 31), "year"),
    ("earlier this year", A, d(2016, 1, 1), d(2016, 9, 28), "year"),
    ("later this year", A, d(2016, 9, 28), d(2016, 12, 31), "year"),
    ("two years ago", A, d(2014, 1, 1), d(2014, 12, 31), "year"),
    ("more than two years ago", A, d(2013, 1, 1), d(2014, 12, 31), "year"),
    ("almost two years ago", A, d(2014, 1, 1), d(2015, 12, 31), "year"),
    ("over three months ago", A, d(2016, 5, 1), d(2016, 6, 30), "month"),
    ("a year ago", A, d(2015, 1, 1), d(2015, 12, 31), "year"),
    ("twenty-five years ago", A, d(1991, 1, 1), d(1991, 12, 31), "year"),
    ("a few years ago", A, d(2012, 1, 1), d(2014, 12, 31), "year"),
    ("a decade ago", A, d(2005, 1, 1), d(2007, 12, 31), "decade"),
    ("two decades ago", A, d(1995, 1, 1), d(1997, 12, 31), "decade"),
    ("recently", A, d(2016, 6, 30), d(2016, 9, 28), "month"),
    ("in recent years", A, d(2011, 9, 28), d(2016, 9, 28), "year"),
    ("in recent months", A, d(2016, 3, 28), d(2016, 9, 28), "month"),
    ("the past two years", A, d(2014, 9, 28), d(2016, 9, 28), "year"),
    ("over the past decade", A, d(2006, 9, 28), d(2016, 9, 28), "decade"),
    ("the next few months", A, d(2016, 9, 28), d(2017, 1, 28), "month"),
    # --- relative expressions need an anchor; names and connectives are not expressions
    ("yesterday", None, None, None, None),
    ("last week", None, None, None, None),
    ("two years ago", None, None, None, None),
    ("on Tuesday", None, None, None, None),
    ("Russia Today reported the talks.", A, None, None, None),
    ("the anniversary of Bloody Sunday", A, None, None, None),
    ("the last year of the war", A, None, None, None),
    ("the next year", A, None, None, None),
    ("at a later date", A, None, None, None),
    ("since then", A, None, None, None),
]


@pytest.mark.parametrize(("text", "anchor", "start", "end", "precision"), CASES)
def test_resolution(text: str, anchor: dt.date | None, start: dt.date | None,
                    end: dt.date | None, precision: str | None) -> None:
    mentions = find_timexes(text, anchor)
    if start is None:
        assert mentions == []
        return
    assert len(mentions) == 1, mentions
    when = mentions[0].when
    assert (when.start, when.end, when.precision) == (start, end, precision)
    assert when.basis == "text"
    assert when.text == text[mentions[0].start_char:mentions[0].end_char]


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 150


# (text, anchor, the words the mention covers)
SPANS = [
    ("The talks began on 17 October 2014.", None, "17 October 2014"),
    ("In 1999, Russia and Pakistan signed a treaty.", None, "1999"),
    ("Ties were cold during the early 1990s.", None, "the early 1990s"),
    ("Relations have warmed since 1991.", None, "1991"),
    ("a frosty period (1952 to the late 1960s) ended", None, "1952 to the late 1960s"),
    ("It ruled from 1952 to 1963.", None, "from 1952 to 1963"),
    ("It happened between 2001 and 2003.", None, "between 2001 and 2003"),
    ("Trade grew in recent years.", A, "recent years"),
    ("Russia and Pakistan have agreed to hold talks, officials said on Monday.", A, "Monday"),
    ("Tuesday, May 3, 2016, was quiet.", None, "Tuesday, May 3, 2016"),
    ("in May, 2016, they met", None, "May, 2016"),
    ("The mid-1980s were difficult.", None, "The mid-1980s"),
]


@pytest.mark.parametrize(("text", "anchor", "words"), SPANS)
def test_mention_span(text: str, anchor: dt.date | None, words: str) -> None:
    (mention,) = find_timexes(text, anchor)
    assert text[mention.start_char:mention.end_char] == words
    assert mention.when.text == words


def test_several_expressions_sorted() -> None:
    text = ("In 1999 the two sides signed a treaty; in May 2003 they met again, and "
            "last week officials said talks would resume next month.")
    mentions = find_timexes(text, A)
    assert [text[m.start_char:m.end_char] for m in mentions] == [
        "1999", "May 2003", "last week", "next month"]
    assert [m.start_char for m in mentions] == sorted(m.start_char for m in mentions)


def test_overlap_keeps_longest() -> None:
    (mention,) = find_timexes("They met on Tuesday, May 3, 2016.", A)
    assert mention.when.start == d(2016, 5, 3)


def test_reversed_range_is_two_expressions() -> None:
    mentions = find_timexes("from 2003 to 1999", None)
    assert [m.when.year for m in mentions] == [2003, 1999]


def test_no_anchor_keeps_absolute_drops_relative() -> None:
    text = "In 2014, and again last year, they met."
    assert [m.when.year for m in find_timexes(text, None)] == [2014]
    assert [m.when.year for m in find_timexes(text, A)] == [2014, 2015]


def test_datetime_anchor_accepted() -> None:
    (mention,) = find_timexes("yesterday", dt.datetime(2016, 9, 28, 15, 30))
    assert mention.when.start == d(2016, 9, 27)


# (text, [(words, kind, unit, low, high)])
CONNECTIVES = [
    ("Since then, trade has grown.", [("Since then", "since", None, 0, 0)]),
    ("Relations have improved ever since.", [("ever since", "since", None, 0, 0)]),
    ("The following year, they met.", [("The following year", "after", "year", 1, 1)]),
    ("A year later, they met.", [("A year later", "after", "year", 1, 1)]),
    ("Two years later, they met.", [("Two years later", "after", "year", 2, 2)]),
    ("A few days later, talks resumed.", [("A few days later", "after", "day", 2, 4)]),
    ("The next day, troops withdrew.", [("The next day", "after", "day", 1, 1)]),
    ("At that time, ties were cold.", [("At that time", "same", None, 0, 0)]),
    ("At the time, ties were cold.", [("At the time", "same", None, 0, 0)]),
    ("the then Prime Minister", [("the then", "same", None, 0, 0)]),
    ("then-President Mubarak", [("then", "same", None, 0, 0)]),
    ("By then, the war was over.", [("By then", "same", None, 0, 0)]),
    ("After that, they met.", [("After that", "after", None, 0, 0)]),
    ("Later, they met.", [("Later", "after", None, 0, 0)]),
    ("They met again afterwards.", [("afterwards", "after", None, 0, 0)]),
    ("Talks subsequently collapsed.", [("subsequently", "after", None, 0, 0)]),
    ("The previous year, they met.", [("The previous year", "before", "year", 1, 1)]),
    ("Three months earlier, they met.", [("Three months earlier", "before", "month", 3, 3)]),
    ("at a later date", []),
    ("at the time of the invasion", []),
    ("They will decide later this year.", []),
]


@pytest.mark.parametrize(("text", "expected"), CONNECTIVES)
def test_connectives(text: str, expected: list[tuple[str, str, str | None, int, int]]) -> None:
    found = find_connective_mentions(text)
    assert [(text[c.start_char:c.end_char], c.kind, c.unit, c.low, c.high) for c in found] \
        == expected
    assert find_connectives(text) == [(c.start_char, c.end_char, c.kind) for c in found]


def test_every_rule_runs_only_where_its_core_is() -> None:
    from detente.time import grammar

    assert set(grammar._CORES) == {rule.name for rule in grammar._RULES}


def test_windowed_scan_finds_what_a_whole_text_scan_finds(shared) -> None:
    """Rules run only near their core words (a year, a month, a time word): on the table's
    texts, the op-ed and a sample of real news the expressions are exactly those of a scan
    of the whole text."""
    from detente.ingest import IngestProblem, read_inputs
    from detente.time.grammar import scan_timexes

    texts = [(text, anchor) for text, anchor, *_ in CASES] + [(text, anchor) for text, anchor, _ in SPANS]
    docs = read_inputs([shared / "corpus", shared / "data" / "guardian-syria-2017-2019" / "articles.csv"])
    texts += [(doc.text, doc.published) for doc in list(docs)[::4] if not isinstance(doc, IngestProblem)]
    # blanked sentences, long runs of spaces, a character whose lower case is longer (İ)
    texts += [
        ("In March" + " " * 300 + "\u2028 2017 was calm. İstanbul, 3 May 2017.", A),
        ("It has grown ever since" + " " * 150 + "\u2028Then came 1999" + " " * 120 + "percent.", A),
    ]
    assert len(texts) > 250
    found = connectives = 0
    for text, anchor in texts:
        windowed = scan_timexes(text, anchor)
        assert windowed == scan_timexes(text, anchor, windowed=False), text[:80]
        found += len(windowed)
        linked = find_connective_mentions(text)
        assert linked == find_connective_mentions(text, windowed=False), text[:80]
        connectives += len(linked)
    assert found > 500 and connectives > 50
