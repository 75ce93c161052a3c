"""Dates the way Indonesian readers read them: weekday, day, month, year, time and zone."""

from datetime import date, datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.dateformat import format as format_date
from django.utils.html import avoid_wrapping
from django.utils.timesince import TIME_STRINGS
from django.utils.translation import gettext as _

ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
SUNDAY = 6


def zone_label(value=None):
    """WIB, WITA or WIT for Indonesian zones; the zone's own abbreviation elsewhere."""
    name = timezone.get_current_timezone_name()
    if name in ZONE_LABELS:
        return ZONE_LABELS[name]
    return format_date(timezone.localtime(value or timezone.now()), "T")


def _with_sunday_name(date_format, value):
    """Use the publication's name for Sunday ("Minggu" or "Ahad") in Indonesian."""
    if value.weekday() == SUNDAY and translation.get_language() == "id":
        escaped = "".join(f"\\{char}" for char in settings.NEWSROOM_SUNDAY_NAME)
        return date_format.replace("l", escaped)
    return date_format


def long_datetime(value):
    """`Sabtu, 3 Oktober 2020 08.15 WIB`."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    date_format = _with_sunday_name(formats.get_format("DATETIME_FORMAT"), local)
    return f"{format_date(local, date_format)} {zone_label(local)}"


def long_date(value):
    """`Jumat, 4 Desember 2026`: a day (a date, or a moment in the current time zone)."""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return format_date(value, _with_sunday_name("l, j F Y", value))


def clock_time(value):
    """`14.30 WIB`: the time of day of `value` in the current time zone."""
    local = timezone.localtime(value)
    return f"{format_date(local, formats.get_format('TIME_FORMAT'))} {zone_label(local)}"


def weekday_name(value):
    local = timezone.localtime(value)
    return format_date(local, _with_sunday_name("l", local))


def is_relative(value, *, now=None):
    """Whether `short_date` writes `value` relative to now (it then changes as time goes)."""
    return value is not None and timedelta(0) <= (now or timezone.now()) - value < timedelta(days=1)


def short_date(value, *, now=None):
    """`2 jam yang lalu` for the last day, `3 Okt 2020` before that.

    A list shows dozens of these: the relative text is Django's `timesince` to one unit
    (minutes or hours within a day) without its calendar arithmetic, and the date is formatted
    once per day and language.
    """
    if value is None:
        return ""
    now = now or timezone.now()
    if is_relative(value, now=now):
        seconds = int((now - value).total_seconds())
        if seconds < 60:
            return _("just now")
        unit, number = ("minute", seconds // 60) if seconds < 3600 else ("hour", seconds // 3600)
        since = avoid_wrapping(TIME_STRINGS[unit] % {"num": number})
        return _("%(time)s ago") % {"time": since}
    return _short_day(timezone.localtime(value).date(), translation.get_language())


@lru_cache(maxsize=1024)
def _short_day(day: date, language):
    """`3 Okt 2020` in `language` (part of the key: it is the active one)."""
    return format_date(day, formats.get_format("SHORT_DATE_FORMAT"))
