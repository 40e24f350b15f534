"""Publication dates: parsing metadata values and finding an article's own date line.

Two entry points:

* :func:`parse_date` reads one metadata value (a JSON/CSV ``published`` field, an HTML
  meta date) and raises :class:`ValueError` with a readable reason when it cannot.
* :func:`find_published` looks for the article's *date line* near the top of its text
  (a line that is nothing but a date), falling back to a date in the URL.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterator

from ..time.words import MONTHS  # the one month table

__all__ = ["HEADER_LINES", "find_published", "parse_date", "url_date"]

#: How many non-empty lines at the top of a text count as its header region.
HEADER_LINES = 15
#: Date lines are short; longer lines are not examined.
_MAX_DATE_LINE = 100
#: Earliest publication date accepted.
MIN_DATE = dt.date(1800, 1, 1)
#: How far into the future a publication date may lie (clock skew, time zones, embargoes).
_FUTURE_SLACK = dt.timedelta(days=366)


_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
# ISO time part glued to an ISO date: "2015-03-02T10:00:00Z", "2015-03-02 10:00+05:00".
_ISO_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"
# A clock time after a written date: ", 10:32 AM EST", " | 10:32", " at 10.32 pm", " 10:00:00 GMT".
_TIME = (
    r"(?:\s*(?:,|\||@|at|-|–|—)?\s*\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*(?:\(?[a-z]{1,5}\)?|[+-]\d{2}:?\d{2}))?)?"
)

_DATE_FORMS: list[tuple[str, str]] = [
    ("mdy", _WEEKDAY + _MON + r"\s+" + _DAY + r",?\s+" + _YEAR),
    ("dmy", _WEEKDAY + _DAY + r"(?:\s+of)?\s+" + _MON + r",?\s+" + _YEAR),
    ("ymd", r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})" + _ISO_TIME),
    ("num", _WEEKDAY + r"(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})"),
]
_PREFIX = (
    r"(?:(?P<prefix>first\s+published|published|posted|last\s+updated|updated|last\s+modified"
    r"|modified|dated|date)(?:\s+on)?\s*:?\s*)?"
)
# A whole line that is only a date (optionally "Published:" before it and a time after it).
_LINE_RES = [
    (kind, re.compile(r"\s*" + _PREFIX + form + _TIME + r"[\s.]*", re.IGNORECASE))
    for kind, form in _DATE_FORMS
]
# A whole metadata value that is only a date.
_VALUE_RES = [
    (kind, re.compile(r"\s*" + form + _TIME + r"\s*", re.IGNORECASE)) for kind, form in _DATE_FORMS
]

# Each pattern captures (year, month, day); the month may be a name ("nov").
_URL_RES = [
    re.compile(r"(?<![0-9])((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?![0-9])"),
    re.compile(r"/((?:19|20)\d{2})/([a-z]{3,9})/(\d{1,2})(?:/|$)", re.IGNORECASE),
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})(?:/|$)"),
]


class _Ambiguous(ValueError):
    pass


def _build(kind: str, groups: dict[str, str | None]) -> dt.date:
    """Turn the groups of one of the ``_DATE_FORMS`` into a date (ValueError if invalid)."""
    year = int(groups["year"] or 0)
    if kind in ("mdy", "dmy"):
        month = MONTHS[(groups["mon"] or "").lower()[:3]]
        day = int(groups["day"] or 0)
    elif kind == "ymd":
        month, day = int(groups["month"] or 0), int(groups["day"] or 0)
    else:  # "num": D.M.Y with dots; D/M/Y or M/D/Y with slashes or hyphens only if unambiguous
        a, b = int(groups["a"] or 0), int(groups["b"] or 0)
        if groups["sep"] == "." or a > 12:
            day, month = a, b
        elif b > 12 or a == b:
            month, day = a, b
        else:
            raise _Ambiguous(
                f"ambiguous date: {a:02d}{groups['sep']}{b:02d}{groups['sep']}{year} could be "
                "day-month or month-day; use YYYY-MM-DD"
            )
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"not a calendar date: {year:04d}-{month:02d}-{day:02d} ({exc})") from None


def _check_range(value: dt.date) -> dt.date:
    latest = dt.date.today() + _FUTURE_SLACK
    if not MIN_DATE <= value <= latest:
        raise ValueError(f"date {value.isoformat()} is out of range")
    return value


def parse_date(value: object) -> dt.date:
    """Read a publication date from a metadata value.

    Accepts :class:`datetime.date`/:class:`datetime.datetime` objects and strings in ISO
    form ("2015-03-02", "2015-03-02T10:00:00Z", "2015-03-02 10:00:00+05:00"), written
    forms ("March 2, 2015", "Mar. 2, 2015", "2 March 2015", "Monday, 2 March 2015",
    with or without a clock time after them), RFC 2822 ("Mon, 02 Mar 2015 10:00:00 GMT"),
    "2015/03/02", "02.03.2015" (day first) and "03/02/2015"-style dates only when the
    order is unambiguous. A datetime keeps the calendar date it was written with (no
    conversion to UTC): a paper's local date is its publication date.

    Raises ValueError with a human-readable reason for anything else, including dates
    before 1800 or more than a year in the future.
    """
    if isinstance(value, dt.datetime):
        return _check_range(value.date())
    if isinstance(value, dt.date):
        return _check_range(value)
    if isinstance(value, (bool, int, float)):
        raise ValueError(f"expected a date string, got the number {value!r}")  # noqa: TRY004
    if not isinstance(value, str):
        raise ValueError(f"expected a date string, got {type(value).__name__}")  # noqa: TRY004
    text = value.strip()
    if not text:
        raise ValueError("empty date")
    shown = text if len(text) <= 60 else text[:57] + "..."
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            parsed = parse(text)
        except ValueError:
            continue
        return _check_range(parsed.date() if isinstance(parsed, dt.datetime) else parsed)
    for kind, regex in _VALUE_RES:
        match = regex.fullmatch(text)
        if match:
            return _check_range(_build(kind, match.groupdict()))
    try:
        stamped = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        stamped = None
    if stamped is not None:
        return _check_range(stamped.date())
    raise ValueError(f"unrecognised date {shown!r}")


def _date_line(line: str) -> tuple[dt.date, bool] | None:
    """The date on a line that is only a date, and whether it is an "updated" stamp."""
    if len(line) > _MAX_DATE_LINE or not any(c.isdigit() for c in line):
        return None
    for kind, regex in _LINE_RES:
        match = regex.fullmatch(line)
        if not match:
            continue
        try:
            value = _check_range(_build(kind, match.groupdict()))
        except ValueError:
            return None
        prefix = (match.group("prefix") or "").lower()
        return value, ("updated" in prefix or "modified" in prefix)
    return None


def _header_lines(text: str, limit: int) -> Iterator[str]:
    """The first ``limit`` non-empty lines of ``text``, stripped, without splitting all of it."""
    start, found, size = 0, 0, len(text)
    while found < limit and start <= size:
        end = text.find("\n", start)
        if end < 0:
            end = size
        line = text[start:end].strip()
        if line:
            found += 1
            yield line
        start = end + 1


def url_date(url: str | None) -> dt.date | None:
    """A date written into a URL path: /2015/03/02/, /2015-03-02-, /2015/mar/02/, /20150302/."""
    if not url:
        return None
    for regex in _URL_RES:
        for match in regex.finditer(url):
            year, month, day = match.groups()
            try:
                month_no = int(month) if month.isdigit() else MONTHS[month.lower()[:3]]
                return _check_range(dt.date(int(year), month_no, int(day)))
            except (KeyError, ValueError):
                continue
    return None


def find_published(text: str, *, url: str | None = None) -> tuple[dt.date | None, str | None]:
    """The article's own publication date and how it was found.

    Looks for *date lines* (lines that are only a date, e.g. "MARCH 2, 2015",
    "4 March 2015", "Monday, 2 March 2015", "2015-03-02", "Mar. 2, 2015",
    optionally "Published:"/"Posted on" before it and a clock time after it) among the
    first :data:`HEADER_LINES` non-empty lines. If the very first line is a date and
    another date line follows in the header, the later one wins: the first is a page
    stamp (when the page was printed or saved), the later one is attached to the
    headline. "Updated …" lines are used only when there is no other date line.

    Returns ``(date, "dateline")``, else ``(date, "url")`` for a date in ``url``
    (/2015/03/02/), else ``(None, None)``.
    """
    candidates: list[tuple[int, dt.date, bool]] = []
    for index, line in enumerate(_header_lines(text, HEADER_LINES)):
        found = _date_line(line)
        if found:
            candidates.append((index, found[0], found[1]))
    primary = [c for c in candidates if not c[2]] or candidates
    if primary:
        first = primary[0]
        if first[0] == 0 and len(primary) > 1:
            return primary[1][1], "dateline"
        return first[1], "dateline"
    from_url = url_date(url)
    if from_url is not None:
        return from_url, "url"
    return None, None
