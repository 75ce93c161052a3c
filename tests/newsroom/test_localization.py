"""Indonesian first: the catalog is complete and compiled, and no page shows our English."""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from articles.models import RelatedLink
from tests.helpers import make_article, make_author, make_image, make_section, make_source, make_tag

CATALOG = Path(__file__).resolve().parents[2] / "locale" / "id" / "LC_MESSAGES"
# Words that read the same in both languages, so seeing them proves nothing.
SAME_IN_BOTH = {"Newsroom", "slug", "tag", "tags", "Email", "status", "Filter", "Source", "Sumber"}


def catalog():
    return polib.pofile(str(CATALOG / "django.po"))


def test_every_indonesian_entry_is_translated_and_none_is_fuzzy():
    po = catalog()
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert po.metadata["Plural-Forms"].startswith("nplurals=1;")


def test_the_compiled_catalog_matches_its_source():
    def entries(file):
        return {
            (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural.get(0)
            for entry in file
            if entry.msgid and not entry.obsolete and "fuzzy" not in entry.flags
        }

    assert entries(polib.mofile(str(CATALOG / "django.mo"))) == entries(catalog())


VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _VisibleText(HTMLParser):
    """What a person reads: text outside script/style, and attributes shown or spoken."""

    SPOKEN = {"placeholder", "aria-label", "title", "alt", "value"}
    BUTTONS = {"submit", "button", "reset"}

    def __init__(self, language):
        super().__init__()
        self.language = language
        self.parts, self.skipping, self.open_tags = [], 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # Text marked as another language (a language's own name) is meant to stay so.
        other_language = attrs.get("lang", self.language) != self.language and tag != "html"
        skip = tag in {"script", "style"} or other_language
        if tag not in VOID_TAGS:
            self.open_tags.append(skip)
            self.skipping += skip
        if skip or (tag == "img" and "/static/admin/" in attrs.get("src", "")):
            # Django's own admin icons carry English alt text that is not ours to translate.
            return
        shown = [v for k, v in attrs.items() if k in self.SPOKEN and v]
        if tag == "meta" and attrs.get("name") == "description":
            shown.append(attrs.get("content", ""))
        if "value" in attrs and not (tag == "input" and attrs.get("type") in self.BUTTONS):
            # Only a button shows its value; elsewhere it is data, not words.
            shown = [v for k, v in attrs.items() if k != "value" and k in self.SPOKEN and v]
        self.parts.extend(shown)

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS and self.open_tags:
            self.skipping -= self.open_tags.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html, language="id"):
    parser = _VisibleText(language)
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_sources():
    """Our own English source strings that differ from their Indonesian translation."""
    sources = set()
    for entry in catalog():
        for text in filter(None, [entry.msgid, entry.msgid_plural]):
            if entry.msgstr == text or text in SAME_IN_BOTH:
                continue
            # Placeholders are filled at run time; check the fixed words around them.
            for piece in re.split(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", text):
                piece = piece.strip(" .,:;()–-…")
                if len(piece) >= 4 and " " in piece or len(piece) >= 6:
                    sources.add(piece)
    return sources


def untranslated_on(html, sources):
    text = visible_text(html)
    return sorted(s for s in sources if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text))


@pytest.fixture
def newsroom(db):
    section = make_section(name="Nasional", slug="nasional", description="Berita nasional.")
    tag = make_tag(name="Banjir", slug="banjir")
    source = make_source(name="Antara", slug="antara")
    author = make_author(name="Siti Aminah", slug="siti-aminah", bio="Wartawan senior.")
    article = make_article(
        title="Banjir Rendam Kampung",
        section=section,
        source=source,
        tags=[tag],
        authors=[author],
        featured_image=make_image(),
        dateline="JAKARTA",
    )
    other = make_article(title="Tanggul Diperbaiki", tags=[tag], section=section)
    RelatedLink.objects.create(article=article, position=1, target=other)
    for number in range(25):
        make_article(title=f"Kabar {number}", section=section, tags=[tag])
    return article


def public_pages(article):
    return [
        "/",
        "/berita/",
        "/berita/?page=2&dari=salah",
        article.get_absolute_url(),
        "/rubrik/nasional/",
        "/tag/banjir/",
        "/sumber/antara/",
        "/penulis/siti-aminah/",
        "/cari/",
        "/cari/?q=banjir",
        "/cari/?q=tidakadaapapun",
        "/bahasa/",
        "/halaman-yang-tidak-ada/",
    ]


def test_public_pages_show_no_untranslated_english(newsroom, client):
    sources = english_sources()
    for url in public_pages(newsroom):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert response.headers["Content-Language"] == "id"
        assert '<html lang="id">' in response.content.decode()
        assert untranslated_on(response.content.decode(), sources) == [], url


def test_admin_pages_show_no_untranslated_english(newsroom):
    sources = english_sources()
    client = Client()
    assert untranslated_on(client.get("/admin/login/").content.decode(), sources) == []
    admin = get_user_model().objects.create_superuser("kepala", "kepala@example.id", "rahasia-123")
    client.force_login(admin)
    pages = [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        f"/admin/articles/article/{newsroom.pk}/change/",
        "/admin/articles/section/",
        "/admin/articles/tag/",
        "/admin/articles/source/",
        "/admin/articles/author/",
        "/admin/articles/image/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert untranslated_on(response.content.decode(), sources) == [], url


def test_english_readers_get_english_pages(newsroom, client):
    client.cookies["django_language"] = "en"
    response = client.get(newsroom.get_absolute_url())
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Read also" in html
    assert "Baca Juga" not in visible_text(html)


def test_an_english_browser_still_gets_indonesian_until_the_reader_chooses(newsroom, client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="id">' in response.content.decode()
    assert "Accept-Language" not in response.get("Vary", "")


def test_editors_find_the_language_switch_in_the_desk(newsroom, admin_user, client):
    client.force_login(admin_user)
    page = client.get("/admin/").content.decode()
    assert 'href="/bahasa/?next=/admin/"' in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    english = client.get("/admin/").content.decode()
    assert '<html lang="en"' in english
    assert "Editors&#x27; desk" in english
