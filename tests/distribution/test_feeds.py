"""Feeds: what a feed reader gets from the site, section and tag feeds, in RSS and in Atom."""

import calendar
from datetime import datetime, timedelta

import feedparser
import pytest
from django.db import connection
from django.http import HttpRequest
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from articles.models import Article
from caching import schedule
from tests.helpers import make_article, make_author, make_image, make_section, make_tag

HIDDEN_MARK = "RAHASIA"
FEEDS = {
    "/feed/": "rss20",
    "/feed/atom/": "atom10",
    "/rubrik/nasional/feed/": "rss20",
    "/rubrik/nasional/feed/atom/": "atom10",
    "/tag/banjir/feed/": "rss20",
    "/tag/banjir/feed/atom/": "atom10",
}


class FeedTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.nasional = make_section(name="Nasional", slug="nasional")
        cls.ekonomi = make_section(name="Ekonomi", slug="ekonomi")
        cls.banjir = make_tag(name="Banjir", slug="banjir")
        cls.jakarta = make_tag(name="Jakarta", slug="jakarta")
        cls.siti = make_author(name="Siti Aminah", slug="siti-aminah")
        cls.budi = make_author(name="Budi Santoso", slug="budi-santoso")
        cls.main = make_article(
            title="Banjir & longsor <landa> Jakarta",
            slug="banjir-longsor-jakarta",
            lead="Ribuan rumah terendam & warga mengungsi.",
            dateline="JAKARTA (WARTANUSANTARA.ID)",
            body="<p>Paragraf satu tentang banjir.</p><p>Paragraf dua.</p>",
            section=cls.nasional,
            tags=[cls.banjir, cls.jakarta],
            authors=[cls.siti, cls.budi],
            published_at=now - timedelta(minutes=30),
        )
        cls.others = [
            make_article(
                section=cls.nasional if n % 2 else cls.ekonomi,
                tags=[cls.banjir] if n % 3 else [cls.jakarta],
                authors=[cls.budi],
                featured_image=make_image() if n < 3 else None,
                published_at=now - timedelta(hours=n + 1),
            )
            for n in range(60)
        ]
        cls.hidden = [
            make_article(
                title=f"{HIDDEN_MARK} draf",
                status=Article.Status.DRAFT,
                published_at=None,
                section=cls.nasional,
                tags=[cls.banjir],
            ),
            make_article(
                title=f"{HIDDEN_MARK} review",
                status=Article.Status.REVIEW,
                published_at=None,
                section=cls.nasional,
                tags=[cls.banjir],
            ),
            make_article(
                title=f"{HIDDEN_MARK} terjadwal",
                published_at=now + timedelta(hours=1),
                section=cls.nasional,
                tags=[cls.banjir],
            ),
        ]

    def parse(self, url, **headers):
        response = self.client.get(url, headers=headers)
        self.assertEqual(response.status_code, 200, url)
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo, (url, feed.get("bozo_exception")))
        return feed

    def entry(self, feed, title):
        return next(e for e in feed.entries if e.title == title)


class FeedFormatTests(FeedTestCase):
    def test_every_feed_is_well_formed_rss_or_atom(self):
        for url, version in FEEDS.items():
            with self.subTest(url=url):
                feed = self.parse(url)
                self.assertEqual(feed.version, version)
                self.assertEqual(feed.feed.language, "id")
                self.assertTrue(feed.feed.title)
                self.assertTrue(feed.feed.subtitle)
                self.assertTrue(feed.feed.link.startswith("http://testserver/"))

    def test_feeds_name_themselves_after_the_site_section_or_tag(self):
        self.assertEqual(self.parse("/feed/").feed.title, "Warta Nusantara")
        self.assertEqual(
            self.parse("/rubrik/nasional/feed/").feed.title, "Nasional – Warta Nusantara"
        )
        self.assertEqual(
            self.parse("/tag/banjir/feed/atom/").feed.title, "Banjir – Warta Nusantara"
        )
        self.assertEqual(
            self.parse("/rubrik/nasional/feed/").feed.link, "http://testserver/rubrik/nasional/"
        )

    def test_an_item_carries_everything_a_reader_shows(self):
        for url in ["/feed/", "/feed/atom/"]:
            with self.subTest(url=url):
                entry = self.entry(self.parse(url), "Banjir & longsor <landa> Jakarta")
                self.assertEqual(entry.link, "http://testserver/berita/banjir-longsor-jakarta/")
                self.assertEqual(entry.id, entry.link)
                # The lead is plain text, escaped once more because readers treat it as HTML.
                self.assertEqual(entry.summary, "Ribuan rumah terendam &amp; warga mengungsi.")
                content = entry.content[0].value
                self.assertIn("<p>JAKARTA (WARTANUSANTARA.ID)</p>", content)
                self.assertIn("<p>Paragraf satu tentang banjir.</p>", content)
                self.assertEqual([a.name for a in entry.authors], ["Siti Aminah", "Budi Santoso"])
                self.assertEqual([t.term for t in entry.tags], ["Nasional", "Banjir", "Jakarta"])

    def test_item_times_carry_the_jakarta_offset_and_match_the_article(self):
        published = self.main.published_at.replace(microsecond=0)
        for url, marker in [("/feed/", "+0700"), ("/feed/atom/", "+07:00")]:
            with self.subTest(url=url):
                entry = self.entry(self.parse(url), self.main.title)
                self.assertTrue(entry.published.endswith(marker), entry.published)
                self.assertIn("+07:00", entry.updated)
                self.assertEqual(
                    calendar.timegm(entry.published_parsed), int(published.timestamp())
                )
                self.assertGreaterEqual(
                    calendar.timegm(entry.updated_parsed), int(published.timestamp())
                )

    def test_authors_link_to_their_pages_in_atom(self):
        entry = self.entry(self.parse("/feed/atom/"), self.main.title)
        self.assertEqual(
            [a.href for a in entry.authors],
            ["http://testserver/penulis/siti-aminah/", "http://testserver/penulis/budi-santoso/"],
        )

    def test_the_featured_image_is_an_enclosure_and_a_media_element(self):
        image = make_image()
        article = make_article(title="Dengan foto", featured_image=image)
        for url in ["/feed/", "/feed/atom/"]:
            with self.subTest(url=url):
                entry = self.entry(self.parse(url), article.title)
                image_url = f"http://testserver{image.file.url}"
                [enclosure] = entry.enclosures
                self.assertEqual(enclosure.href, image_url)
                self.assertEqual(enclosure.type, "image/jpeg")
                self.assertEqual(int(enclosure.length), image.file.size)
                [media] = entry.media_content
                self.assertEqual(media["url"], image_url)
                self.assertEqual((media["width"], media["height"]), ("64", "48"))
                self.assertEqual(media["medium"], "image")

    def test_every_address_in_a_feed_follows_the_requested_host(self):
        make_article(title="Dengan foto", featured_image=make_image())
        response = self.client.get("/feed/atom/", headers={"host": "localhost"})
        feed = feedparser.parse(response.content)
        addresses = [feed.feed.link, *(link.href for e in feed.entries for link in e.links)]
        addresses += [m["url"] for e in feed.entries for m in e.get("media_content", [])]
        addresses += [a.href for e in feed.entries for a in e.get("authors", []) if "href" in a]
        self.assertTrue(all(a.startswith("http://localhost/") for a in addresses), addresses)

    def test_an_image_whose_file_is_missing_still_gets_an_enclosure_of_unknown_length(self):
        image = make_image()
        image.file.storage.delete(image.file.name)
        article = make_article(title="Foto hilang", featured_image=image)
        [enclosure] = self.entry(self.parse("/feed/"), article.title).enclosures
        self.assertEqual(enclosure.length, "0")

    def test_an_article_without_byline_section_or_image_still_makes_a_valid_item(self):
        article = make_article(title="Tanpa apa-apa", lead="")
        for url in ["/feed/", "/feed/atom/"]:
            with self.subTest(url=url):
                entry = self.entry(self.parse(url), article.title)
                self.assertEqual(entry.get("enclosures", []), [])
                self.assertEqual(entry.get("tags", []), [])
        atom = self.parse("/feed/atom/")
        # Entries without their own author fall back to the feed's: the publication.
        self.assertEqual(atom.feed.author, "Warta Nusantara")


class FeedContentTests(FeedTestCase):
    def test_feeds_hold_the_latest_fifty_articles_newest_first(self):
        for url in ["/feed/", "/feed/atom/"]:
            with self.subTest(url=url):
                entries = self.parse(url).entries
                self.assertEqual(len(entries), 50)
                self.assertEqual(entries[0].title, self.main.title)
                self.assertEqual(entries[-1].title, self.others[48].title)
                published = [calendar.timegm(e.published_parsed) for e in entries]
                self.assertEqual(published, sorted(published, reverse=True))

    def test_section_and_tag_feeds_hold_only_their_own_articles(self):
        expected = {
            "/rubrik/nasional/feed/": {
                a.title for a in [self.main, *self.others] if a.section == self.nasional
            },
            "/tag/jakarta/feed/atom/": {self.main.title}
            | {a.title for n, a in enumerate(self.others) if not n % 3},
        }
        for url, titles in expected.items():
            with self.subTest(url=url):
                self.assertEqual({e.title for e in self.parse(url).entries}, titles)

    def test_feeds_of_unknown_sections_and_tags_are_not_found(self):
        for url in ["/rubrik/tidak-ada/feed/", "/tag/tidak-ada/feed/atom/"]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_drafts_review_copies_and_scheduled_articles_are_in_no_feed(self):
        for url in FEEDS:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, HIDDEN_MARK)

    def test_a_scheduled_article_enters_the_feed_once_its_time_has_come(self):
        scheduled = self.hidden[2]
        Article.objects.filter(pk=scheduled.pk).update(
            published_at=timezone.now() - timedelta(minutes=1)
        )
        self.assertEqual(self.parse("/feed/").entries[0].title, scheduled.title)

    def test_item_content_is_sanitized_even_when_stored_unsanitized(self):
        Article.objects.filter(pk=self.main.pk).update(
            body='<p onclick="x()">Aman</p><script>alert(1)</script>'
        )
        content = self.entry(self.parse("/feed/"), self.main.title).content[0].value
        self.assertIn("<p>Aman</p>", content)
        self.assertNotIn("alert", content)


class FeedCostTests(FeedTestCase):
    def test_a_feed_of_fifty_items_costs_a_fixed_number_of_queries(self):
        schedule.check(HttpRequest())  # read once per change to an article, not per feed
        for url in FEEDS:
            with self.subTest(url=url):
                with CaptureQueriesContext(connection) as queries:
                    self.assertEqual(self.client.get(url).status_code, 200)
                # Last-Modified, (section or tag), articles, authors, tags.
                limit = 4 if url.startswith("/feed/") else 5
                self.assertLessEqual(len(queries), limit, [q["sql"] for q in queries])

    def test_last_modified_is_the_newest_change_among_the_items(self):
        response = self.client.get("/feed/")
        newest = max(
            max(a.updated_at, a.published_at)
            for a in Article.objects.published().order_by("-published_at")[:50]
        )
        self.assertEqual(response["Last-Modified"], http_date(newest.timestamp()))

    def test_an_unchanged_feed_answers_not_modified_with_one_query(self):
        for url in FEEDS:
            with self.subTest(url=url):
                stamp = self.client.get(url)["Last-Modified"]
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.get(url, headers={"if-modified-since": stamp})
                self.assertEqual(response.status_code, 304)
                self.assertEqual(len(queries), 1)

    def test_an_edit_makes_the_feed_modified_again(self):
        stamp = self.client.get("/rubrik/nasional/feed/")["Last-Modified"]
        Article.objects.filter(pk=self.main.pk).update(
            updated_at=timezone.now() + timedelta(seconds=5)
        )
        response = self.client.get("/rubrik/nasional/feed/", headers={"if-modified-since": stamp})
        self.assertEqual(response.status_code, 200)

    def test_feed_dates_are_jakarta_time_not_utc(self):
        budaya = make_section(name="Budaya", slug="budaya")
        make_article(
            title="Tengah malam",
            section=budaya,
            published_at=timezone.make_aware(datetime(2020, 10, 3, 0, 30)),
        )
        [entry] = self.parse("/rubrik/budaya/feed/atom/").entries
        self.assertEqual(entry.published, "2020-10-03T00:30:00+07:00")
        [entry] = self.parse("/rubrik/budaya/feed/").entries
        self.assertEqual(entry.published, "Sat, 03 Oct 2020 00:30:00 +0700")


@pytest.mark.django_db
def test_feeds_carry_body_pictures_at_absolute_addresses_read_in_one_query(
    client, django_assert_max_num_queries
):
    from articles.models import Image

    pictures = [make_image(alt_text=f"Gambar {n}") for n in range(3)]
    for number, picture in enumerate(pictures):
        make_article(
            title=f"Bergambar {number}",
            body=f'<p>Teks.</p><figure data-image="{picture.pk}"><img src="/x" alt="a"></figure>',
        )
    # The feed's time, the items, their bylines and tags, the pictures of every body.
    with django_assert_max_num_queries(6):
        feed = client.get("/feed/").content.decode()

    for picture in pictures:
        assert f'data-image="{picture.pk}"&gt;&lt;img src="http://testserver/media/' in feed
    Image.objects.filter(pk=pictures[0].pk).delete()
    assert f'data-image="{pictures[0].pk}"' not in client.get("/feed/").content.decode()
