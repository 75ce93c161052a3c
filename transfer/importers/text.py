"""The plain-text article format: one article a file, as Indonesian news sites send them.

    Headline

    JAKARTA (SALAM-ONLINE.COM) – First paragraph, Sabtu (3/10/2020) pagi, lansir Reuters.

    Baca Juga: Another headline

    Last paragraph. (mus/salam)

The headline is the first line; the dateline opens the first paragraph; `Baca Juga` lines
mark related links at their place; the initials at the end name the editor; wire credits
name the sources; the first weekday-and-date gives the publication day (WIB). A date that
cannot be (“31/2/2020”), or whose weekday is wrong, is a warning naming its line.
The file is UTF-8 unless the operator names its encoding; other bytes refuse it.
"""

import re
from bisect import bisect_right
from datetime import date, datetime

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles import html
from transfer.importers import (
    WIB,
    AuthorRef,
    ImportedArticle,
    Location,
    Problem,
    RelatedRef,
    SourceRef,
)
from transfer.importers.bacajuga import LINE as BACA_JUGA
from transfer.importers.container import EncodingError, decode

DATELINE = re.compile(
    r"^(?:"
    # JAKARTA (SALAM-ONLINE.COM) –   (a place, then the publication in parentheses)
    r"(?P<placed>[A-Z][A-Z.'’ \-]*?\s*\((?P<publication>[A-Za-z0-9][\w.\-]*)\))\s*[–—:\-]+"
    # SALAM-ONLINE.COM:   (the publication alone, in capitals)
    r"|(?P<plain>[A-Z0-9][A-Z0-9.\-]{2,}):"
    r")\s*"
)
INITIALS = re.compile(
    r"(?:(?<=[.!?”\"’)\]])|^)\s*\((?P<initials>[A-Za-z]{2,10})(?:/[A-Za-z.\-]{1,30})?\)\s*$"
)
# A credited name: capitalised words on one line; dots only inside a word (Republika.co.id).
_NAME_WORD = r"[A-Z][\w&'’\-]*(?:\.[\w\-]+)*"
CREDIT = re.compile(
    r"(?i:\b(?:(?:di|me)?lansir(?:\s+dari)?|dikutip\s+dari)\s+"
    r"(?:(?:kantor\s+berita|situs|laman|media|harian|portal)\s+)?)"
    rf"(?P<name>{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|al|el|of|the|de))*)"
)
DATE = re.compile(
    r"\b(?P<weekday>Senin|Selasa|Rabu|Kamis|Jum['’‘`]?at|Sabtu|Minggu|Ahad)\s*,?\s*"
    r"\(\s*(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4}|\d{2})\s*\)",
    re.IGNORECASE,
)
WEEKDAYS = {
    "senin": 0,
    "selasa": 1,
    "rabu": 2,
    "kamis": 3,
    "jumat": 4,
    "sabtu": 5,
    "minggu": 6,
    "ahad": 6,
}
WEEKDAY_NAMES = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
NOT_IN_NAMES = {"al", "el", "of", "the", "de", *WEEKDAYS}


def sniff(head):
    """Anything can be a text file; detection tries this format last."""
    return True


def parse(stream, name, options):
    """Yield the one article of a text file, or the problem that stops it.

    Warnings about a line of the text (its dates) come first, each naming its line.
    """
    location = Location(name)
    try:
        text = decode(stream.read(), options.encoding)
    except EncodingError as error:
        yield error.problem(name)
        return
    try:
        article, dates = parse_text(text, location, options)
    except ValueError as error:
        yield Problem(location, str(error))
        return
    for line, message in dates:
        yield Problem(Location(name, line=line), message, failed=False)
    yield article


def parse_text(text, location, options):
    """The article in `text`, and (line, warning) about its dates.

    Raises ValueError when it cannot be imported.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((number for number, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise ValueError(_("the file is empty"))
    title = " ".join(lines[first].split())
    paragraphs, baca_juga, starts = _paragraphs(lines[first + 1 :], first + 2)
    # Dates are read before the dateline and initials are cut off: neither holds one.
    published_at, dates = _published_at(paragraphs, starts)
    warnings = []

    dateline = publication = ""
    if paragraphs and (match := DATELINE.match(paragraphs[0])):
        dateline = " ".join((match["placed"] or match["plain"]).split())
        publication = match["publication"] or match["plain"]
        paragraphs[0] = paragraphs[0][match.end() :]

    initials = ""
    if paragraphs and (match := INITIALS.search(paragraphs[-1])):
        initials = match["initials"].lower()
        paragraphs[-1] = paragraphs[-1][: match.start()].rstrip()
    paragraphs = [p for p in paragraphs if p]

    if options.published_at:
        published_at = options.published_at
    elif published_at is None and not dates:
        warnings.append(_("no weekday and date such as “Sabtu (3/10/2020)” in the text"))
    if not paragraphs:
        warnings.append(_("the file has a headline but no text: kept as a draft"))

    slug = slugify(title) or "artikel"
    source = options.source or publication
    return ImportedArticle(
        location=location,
        import_source=source or "text",
        import_id=f"{slug}/{published_at.astimezone(WIB):%Y-%m-%d}" if published_at else slug,
        title=title,
        slug=slug,
        lead=paragraphs[0] if paragraphs else "",
        body=html.paragraphs_from_text("\n\n".join(paragraphs)),
        dateline=dateline,
        published_at=published_at,
        restricted=not paragraphs,
        source=SourceRef(source) if source else None,
        credited_sources=_credits(paragraphs),
        authors=[AuthorRef(initials=initials)] if initials else [],
        related=[
            RelatedRef(
                position=None if after >= len(paragraphs) else max(after, 1),
                title=t,
                match_headline=bool(t),
            )
            for after, t in baca_juga
        ],
        warnings=warnings,
    ), dates


def _paragraphs(lines, first_number):
    """Blank-line separated paragraphs, and (paragraphs before, headline) per Baca Juga line.

    `first_number` is the first line's number in the file; `starts` holds (offset, line number)
    for each line the paragraphs are made of, the offset counted in their text joined by
    newlines.
    """
    paragraphs, baca_juga, current, starts = [], [], [], []
    offset = length = 0  # where the current paragraph starts; how long it is so far
    for number, line in enumerate([*lines, ""], start=first_number):
        match = BACA_JUGA.match(line)
        if match or not line.strip():
            if current:
                paragraphs.append(" ".join(current))
                offset += length
                current, length = [], 0
            if match:
                baca_juga.append((len(paragraphs), " ".join((match["title"] or "").split())))
        else:
            starts.append((offset + length, number))
            current.append(" ".join(line.split()))
            length += len(current[-1]) + 1
    return paragraphs, baca_juga, starts


def _published_at(paragraphs, starts):
    """Midnight WIB of the first possible weekday-and-date, and (line, warning) per bad one."""
    first, warnings = None, []
    offsets = [offset for offset, _number in starts]
    for match in DATE.finditer("\n".join(paragraphs)):
        line = starts[bisect_right(offsets, match.start()) - 1][1]
        day, month, year = int(match["day"]), int(match["month"]), int(match["year"])
        year += 2000 if year < 100 else 0
        written = f"{match['weekday']} ({match['day']}/{match['month']}/{match['year']})"
        try:
            found = date(year, month, day)
        except ValueError:
            warnings.append(
                (
                    line,
                    _("impossible date in the text: %(date)s; it is not used") % {"date": written},
                )
            )
            continue
        weekday = WEEKDAYS[re.sub(r"\W", "", match["weekday"].lower())]
        if found.weekday() != weekday:
            warnings.append(
                (
                    line,
                    _("%(written)s: that date is a %(actual)s")
                    % {"written": written, "actual": _weekday_name(found)},
                )
            )
        first = first or found
    return (datetime(first.year, first.month, first.day, tzinfo=WIB) if first else None), warnings


def _weekday_name(day):
    if day.weekday() == 6:
        return getattr(settings, "NEWSROOM_SUNDAY_NAME", "Minggu")
    return WEEKDAY_NAMES[day.weekday()]


def _credits(paragraphs):
    credited, seen = [], set()
    for match in CREDIT.finditer("\n".join(paragraphs)):
        words = match["name"].rstrip(".,;:").split()
        while words and re.sub(r"\W", "", words[-1].lower()) in NOT_IN_NAMES:
            words.pop()
        name = " ".join(words[:6]).rstrip(".,;:")
        if name and slugify(name) not in seen:
            seen.add(slugify(name))
            credited.append(SourceRef(name))
    return credited
