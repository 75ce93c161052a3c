"""Dates read the Indonesian way, with the publication's name for Sunday and the right zone."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from articles.dates import long_datetime, short_date, weekday_name

JAKARTA = ZoneInfo("Asia/Jakarta")
SATURDAY_MORNING = datetime(2020, 10, 3, 8, 15, tzinfo=JAKARTA)
SUNDAY_EVENING = datetime(2020, 9, 27, 19, 5, tzinfo=JAKARTA)


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


def test_article_dates_read_weekday_day_month_year_time_and_zone():
    assert long_datetime(SATURDAY_MORNING) == "Sabtu, 3 Oktober 2020 08.15 WIB"


@pytest.mark.parametrize(
    ("zone", "label", "expected_time"),
    [
        ("Asia/Jakarta", "WIB", "08.15"),
        ("Asia/Makassar", "WITA", "09.15"),
        ("Asia/Jayapura", "WIT", "10.15"),
    ],
)
def test_the_zone_label_follows_the_configured_zone(settings, zone, label, expected_time):
    settings.TIME_ZONE = zone
    with timezone.override(zone):
        assert long_datetime(SATURDAY_MORNING) == f"Sabtu, 3 Oktober 2020 {expected_time} {label}"


def test_sunday_is_minggu_by_default(settings):
    settings.NEWSROOM_SUNDAY_NAME = "Minggu"
    assert long_datetime(SUNDAY_EVENING) == "Minggu, 27 September 2020 19.05 WIB"
    assert weekday_name(SUNDAY_EVENING) == "Minggu"


def test_sunday_is_ahad_for_publications_that_say_so(settings):
    settings.NEWSROOM_SUNDAY_NAME = "Ahad"
    assert long_datetime(SUNDAY_EVENING) == "Ahad, 27 September 2020 19.05 WIB"
    assert weekday_name(SUNDAY_EVENING) == "Ahad"
    # Other days keep their names.
    assert long_datetime(SATURDAY_MORNING).startswith("Sabtu,")


def test_english_readers_get_english_names_and_the_same_zone(settings):
    settings.NEWSROOM_SUNDAY_NAME = "Ahad"
    with translation.override("en"):
        assert long_datetime(SUNDAY_EVENING) == "Sunday, 27 September 2020 19:05 WIB"


def test_recent_articles_show_relative_times_older_ones_a_short_date():
    now = datetime(2020, 10, 3, 12, 0, tzinfo=JAKARTA)
    assert (
        short_date(datetime(2020, 10, 3, 10, 0, tzinfo=JAKARTA), now=now) == "2\xa0jam yang lalu"
    )  # timesince keeps number and unit together
    assert short_date(datetime(2020, 10, 3, 11, 59, 30, tzinfo=JAKARTA), now=now) == "baru saja"
    assert short_date(datetime(2020, 10, 1, 9, 0, tzinfo=JAKARTA), now=now) == "1 Okt 2020"
