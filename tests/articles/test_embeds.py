"""Embeds: which addresses may be embedded, and oEmbed answers good and bad, from a local
oEmbed server (never the internet)."""

import time

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.utils import translation

from articles import html, oembed
from articles.models import Embed, Image


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


ACCEPTED = [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
    ("https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=10", "youtube", "dQw4w9WgXcQ"),
    ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ?t=42", "youtube", "dQw4w9WgXcQ"),
    ("https://www.youtube.com/shorts/aBcDeFgHiJk", "youtube", "aBcDeFgHiJk"),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
    ("https://www.instagram.com/p/C1a2B3c4D5e/", "instagram", "C1a2B3c4D5e"),
    ("https://www.instagram.com/reel/C1a2B3c4D5e/?igsh=abc", "instagram", "C1a2B3c4D5e"),
    ("https://x.com/BMKG/status/1790000000000000000", "x", "1790000000000000000"),
    ("https://twitter.com/BMKG/status/1790000000000000000?s=20", "x", "1790000000000000000"),
    ("https://www.tiktok.com/@kompastv/video/7300000000000000000", "tiktok", "7300000000000000000"),
    ("https://www.facebook.com/KompasTV/videos/1234567890/", "facebook", "1234567890"),
    ("https://www.facebook.com/watch/?v=1234567890", "facebook", "1234567890"),
    (
        "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk",
        "spotify",
        "episode/4rOoJ6Egrf8K2IrywzwOMk",
    ),
    (
        "https://open.spotify.com/intl-id/track/4rOoJ6Egrf8K2IrywzwOMk",
        "spotify",
        "track/4rOoJ6Egrf8K2IrywzwOMk",
    ),
    ("https://soundcloud.com/rri-pro2/berita-pagi", "soundcloud", "rri-pro2/berita-pagi"),
]
REFUSED = [
    "https://vimeo.com/123456",
    "https://www.youtube.com/@kanal",  # a channel, not a clip
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ<script>",
    "https://evil.example/www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://x.com/BMKG",
    "https://www.tiktok.com/@kompastv",
    "javascript:alert(1)//youtu.be/dQw4w9WgXcQ",
    "",
]


@pytest.mark.parametrize(("url", "provider", "media_id"), ACCEPTED)
def test_each_providers_address_forms_are_accepted(url, provider, media_id):
    assert oembed.match(url) == (provider, media_id)


@pytest.mark.parametrize("url", REFUSED)
def test_other_addresses_are_refused_with_a_message(url):
    with pytest.raises(ValidationError) as refused:
        oembed.match(url)
    [message] = refused.value.messages
    assert message.startswith("This address cannot be embedded: only posts and clips of YouTube")


def test_every_required_provider_is_in_the_setting():
    names = {p["name"] for p in django_settings.NEWSROOM_EMBED_PROVIDERS.values()}
    assert {"YouTube", "Instagram", "X", "TikTok", "Facebook", "Spotify", "SoundCloud"} <= names


@pytest.mark.django_db
def test_an_answer_is_stored_as_plain_facts_with_the_thumbnail_in_our_library(provider_mode):
    embed = oembed.resolve(Embed(url="https://youtu.be/dQw4w9WgXcQ"))
    embed.refresh_from_db()
    assert (embed.provider, embed.media_id) == ("youtube", "dQw4w9WgXcQ")
    assert (embed.title, embed.author_name) == ("Banjir di Kampung Melayu", "Kanal Warga")
    assert (embed.width, embed.height, embed.aspect_ratio) == (480, 270, "480 / 270")
    assert embed.fetched_at is not None
    assert (embed.thumbnail.width, embed.thumbnail.height) == (480, 270)
    assert embed.thumbnail.file.url.startswith("/media/images/")
    # Nothing of the provider's HTML is kept anywhere.
    assert "iframe" not in str(Embed.objects.values().get())


@pytest.mark.django_db
def test_the_player_is_the_settings_address_never_one_from_the_answer(provider_mode, oembed_server):
    embed = oembed.resolve(Embed(url="https://youtu.be/dQw4w9WgXcQ"))
    # The answer's html names https://evil.example/: nothing of it is used.
    assert embed.player_url == f"{oembed_server.url}/player/youtube/dQw4w9WgXcQ"


def test_the_real_players_are_the_providers_privacy_friendly_forms():
    youtube = Embed(provider="youtube", media_id="dQw4w9WgXcQ", url="https://youtu.be/dQw4w9WgXcQ")
    assert youtube.player_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    assert youtube.frame_origin == "https://www.youtube-nocookie.com"
    cloud = Embed(provider="soundcloud", media_id="a/b", url="https://soundcloud.com/a/b")
    assert cloud.player_url.startswith("https://w.soundcloud.com/player/?url=https%3A%2F%2F")


@pytest.mark.django_db
def test_a_script_in_the_title_is_stored_as_words(provider_mode):
    provider_mode("script")
    embed = oembed.resolve(Embed(url="https://x.com/BMKG/status/1790000000000000000"))
    assert embed.title == '<script>alert("judul")</script> Gempa'
    assert html.strip_tags("<p>x</p>") == "x"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("slow", "no answer within 0.5 seconds"),
        ("huge", "larger than 1 MB"),
        ("malformed", "YouTube's oEmbed answer could not be used"),
        ("list", "Response is not a JSON object"),
        ("notext", "its title is not text"),
        ("private", "refused: 169.254.169.254 is a private, loopback or link-local address"),
        ("notimage", "YouTube's thumbnail could not be copied: SVG and other text files"),
    ],
)
def test_bad_answers_give_a_clear_error_and_store_nothing(provider_mode, mode, reason):
    provider_mode(mode)
    started = time.monotonic()
    with pytest.raises(ValidationError) as failed:
        oembed.resolve(Embed(url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"))
    assert reason in failed.value.messages[0]
    assert time.monotonic() - started < 1.5
    assert not Embed.objects.exists()
    assert not Image.objects.exists()


@pytest.mark.django_db
def test_by_default_a_private_endpoint_is_refused(provider_mode, settings):
    settings.NEWSROOM_IMPORT_ALLOW_PRIVATE_URLS = False
    with pytest.raises(ValidationError, match="refused: 127.0.0.1"):
        oembed.resolve(Embed(url="https://youtu.be/dQw4w9WgXcQ"))
    assert not Embed.objects.exists()


def test_an_address_longer_than_we_keep_is_refused():
    with pytest.raises(ValidationError, match="too long to embed: at most 500 characters"):
        oembed.match("https://youtu.be/dQw4w9WgXcQ?t=" + "1" * 500)
