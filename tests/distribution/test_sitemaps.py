"""Sitemaps and robots.txt: what a crawler finds, and that it never finds an unpublished article."""

from datetime import datetime, timedelta
from unittest import mock

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from articles.models import Article, Topic
from distribution import sitemaps
from tests.helpers import make_article, make_author, make_section, make_tag

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"sm": SITEMAP, "news": NEWS}
HIDDEN_MARK = "rahasia"
SITEMAP_URLS = [
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-sections.xml",
    "/sitemap-tags.xml",
    "/sitemap-authors.xml",
    "/sitemap-topics.xml",
    "/sitemap-news.xml",
]


def parse(response):
    return etree.fromstring(response.content)


class SitemapTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.nasional = make_section(name="Nasional", slug="nasional")
        cls.kosong = make_section(name="Kosong", slug="kosong")
        cls.banjir = make_tag(name="Banjir", slug="banjir")
        cls.siti = make_author(name="Siti Aminah", slug="siti-aminah")
        cls.old = make_article(
            slug="berita-lama",
            section=cls.nasional,
            tags=[cls.banjir],
            authors=[cls.siti],
            published_at=timezone.make_aware(datetime(2020, 10, 3, 8, 15)),
        )
        cls.recent = make_article(
            title="Banjir & longsor <landa> Jakarta",
            slug="berita-baru",
            section=cls.nasional,
            published_at=now - timedelta(hours=2),
        )
        # Sections, tags and authors of unpublished articles only must not be listed either.
        cls.secret_section = make_section(name="Rahasia", slug="rahasia-rubrik")
        cls.secret_tag = make_tag(name="Rahasia", slug="rahasia-tag")
        cls.secret_author = make_author(name="Rahasia", slug="rahasia-penulis")
        hidden = [
            {"status": Article.Status.DRAFT, "published_at": None},
            {"status": Article.Status.REVIEW, "published_at": None},
            {"published_at": now + timedelta(hours=1)},
        ]
        cls.hidden = [
            make_article(
                title=f"{HIDDEN_MARK} {n}",
                slug=f"{HIDDEN_MARK}-{n}",
                section=cls.secret_section,
                tags=[cls.secret_tag, cls.banjir],
                authors=[cls.secret_author, cls.siti],
                **values,
            )
            for n, values in enumerate(hidden)
        ]
        cls.pemilu = Topic.objects.create(title="Pemilu", slug="pemilu")
        cls.pemilu.articles.add(cls.old, *cls.hidden)
        # A topic of unpublished articles only is not listed.
        Topic.objects.create(title="Rahasia", slug="rahasia-topik").articles.add(*cls.hidden)

    def locations(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return parse(response).xpath("//sm:loc/text()", namespaces=NS)


class SitemapIndexTests(SitemapTestCase):
    def test_the_index_lists_the_article_section_tag_author_and_news_sitemaps(self):
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response["Content-Type"], "application/xml")
        root = parse(response)
        self.assertEqual(root.tag, f"{{{SITEMAP}}}sitemapindex")
        entries = root.findall("sm:sitemap", NS)
        self.assertEqual(
            [e.findtext("sm:loc", namespaces=NS) for e in entries],
            [
                "http://testserver/sitemap-articles.xml",
                "http://testserver/sitemap-sections.xml",
                "http://testserver/sitemap-tags.xml",
                "http://testserver/sitemap-authors.xml",
                "http://testserver/sitemap-topics.xml",
                "http://testserver/sitemap-news.xml",
            ],
        )
        for entry in entries:
            self.assertRegex(
                entry.findtext("sm:lastmod", namespaces=NS),
                r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$",
            )

    def test_every_listed_sitemap_answers_with_a_urlset(self):
        for location in self.locations("/sitemap.xml"):
            with self.subTest(location=location):
                root = parse(self.client.get(location))
                self.assertEqual(root.tag, f"{{{SITEMAP}}}urlset")

    def test_a_large_article_sitemap_is_split_into_pages_the_index_lists(self):
        self.assertLessEqual(sitemaps.ArticleSitemap.limit, 50_000)
        for n in range(4):
            make_article(published_at=timezone.now() - timedelta(days=n + 1))
        with mock.patch.object(sitemaps.ArticleSitemap, "limit", 2):
            pages = [u for u in self.locations("/sitemap.xml") if "articles" in u]
            self.assertEqual(
                pages,
                [
                    "http://testserver/sitemap-articles.xml",
                    "http://testserver/sitemap-articles.xml?p=2",
                    "http://testserver/sitemap-articles.xml?p=3",
                ],
            )
            listed = [self.locations(page) for page in pages]
            self.assertEqual(self.client.get(pages[0] + "?p=4").status_code, 404)
        self.assertTrue(all(len(urls) <= 2 for urls in listed))
        published = Article.objects.published()
        self.assertEqual(
            sorted(sum(listed, [])),
            sorted(f"http://testserver{a.get_absolute_url()}" for a in published),
        )

    def test_unknown_sitemaps_and_pages_are_not_found(self):
        for url in [
            "/sitemap-lain.xml",
            "/sitemap-articles.xml?p=0",
            "/sitemap-tags.xml?p=x",
            "/sitemap-news.xml?p=0",
            "/sitemap-news.xml?p=2",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)


class SitemapContentTests(SitemapTestCase):
    def test_the_article_sitemap_lists_every_published_article_with_its_last_change(self):
        root = parse(self.client.get("/sitemap-articles.xml"))
        urls = {
            url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
            for url in root.findall("sm:url", NS)
        }
        self.assertEqual(
            set(urls),
            {"http://testserver/berita/berita-lama/", "http://testserver/berita/berita-baru/"},
        )
        changed = timezone.localtime(self.old.updated_at).replace(microsecond=0)
        self.assertEqual(urls["http://testserver/berita/berita-lama/"], changed.isoformat())

    def test_a_scheduled_article_is_dated_by_its_publication_not_its_last_edit(self):
        scheduled = self.hidden[2]
        appeared = timezone.now() - timedelta(minutes=1)
        Article.objects.filter(pk=scheduled.pk).update(
            published_at=appeared, updated_at=appeared - timedelta(days=1)
        )
        root = parse(self.client.get("/sitemap-articles.xml"))
        [lastmod] = root.xpath(
            f"//sm:url[sm:loc='http://testserver/berita/{scheduled.slug}/']/sm:lastmod/text()",
            namespaces=NS,
        )
        self.assertEqual(lastmod, timezone.localtime(appeared).replace(microsecond=0).isoformat())

    def test_taxonomy_sitemaps_list_pages_with_published_articles_only(self):
        self.assertEqual(
            self.locations("/sitemap-sections.xml"), ["http://testserver/rubrik/nasional/"]
        )
        self.assertEqual(self.locations("/sitemap-tags.xml"), ["http://testserver/tag/banjir/"])
        self.assertEqual(
            self.locations("/sitemap-authors.xml"), ["http://testserver/penulis/siti-aminah/"]
        )

    def test_the_topics_sitemap_lists_topics_with_published_articles(self):
        self.assertEqual(self.locations("/sitemap-topics.xml"), ["http://testserver/topik/pemilu/"])

    def test_a_taxonomy_page_is_dated_by_its_newest_published_article(self):
        # The tag's draft, review copy and scheduled article were saved just now: ignored.
        Article.objects.filter(pk=self.old.pk).update(
            updated_at=timezone.make_aware(datetime(2021, 1, 1, 12, 0))
        )
        root = parse(self.client.get("/sitemap-tags.xml"))
        self.assertEqual(
            root.findtext("sm:url/sm:lastmod", namespaces=NS), "2021-01-01T12:00:00+07:00"
        )

    def test_drafts_review_copies_and_scheduled_articles_are_in_no_sitemap(self):
        for url in SITEMAP_URLS:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, HIDDEN_MARK)


class NewsSitemapTests(SitemapTestCase):
    def news_urls(self, url="/sitemap-news.xml"):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/xml")
        self.assertEqual(response["X-Robots-Tag"], "noindex, noodp, noarchive")
        root = parse(response)
        self.assertEqual(root.tag, f"{{{SITEMAP}}}urlset")
        return root.findall("sm:url", NS)

    def test_news_entries_carry_publication_language_date_and_title(self):
        [url] = self.news_urls()
        self.assertEqual(
            url.findtext("sm:loc", namespaces=NS), "http://testserver/berita/berita-baru/"
        )
        news = url.find("news:news", NS)
        self.assertEqual(
            news.findtext("news:publication/news:name", namespaces=NS), "Warta Nusantara"
        )
        self.assertEqual(news.findtext("news:publication/news:language", namespaces=NS), "id")
        self.assertEqual(
            news.findtext("news:title", namespaces=NS), "Banjir & longsor <landa> Jakarta"
        )
        self.assertEqual(
            news.findtext("news:publication_date", namespaces=NS),
            timezone.localtime(self.recent.published_at).replace(microsecond=0).isoformat(),
        )

    def test_news_covers_the_last_48_hours_only(self):
        now = timezone.now()
        inside = make_article(slug="47-jam", published_at=now - timedelta(hours=47))
        make_article(slug="49-jam", published_at=now - timedelta(hours=49))
        locations = [u.findtext("sm:loc", namespaces=NS) for u in self.news_urls()]
        self.assertEqual(
            locations,
            [f"http://testserver{a.get_absolute_url()}" for a in [self.recent, inside]],
        )

    def test_more_than_a_thousand_recent_articles_are_split_into_pages_of_a_thousand(self):
        now = timezone.now()
        Article.objects.bulk_create(
            Article(
                title=f"Kilat {n}",
                slug=f"kilat-{n}",
                body="<p>Kilat.</p>",
                status=Article.Status.PUBLISHED,
                # Within the last 48 hours (the oldest a minute inside), all before self.recent.
                published_at=now - timedelta(hours=47, minutes=59) + timedelta(seconds=60 * n),
            )
            for n in range(2001)
        )
        too_old = make_article(slug="49-jam", published_at=now - timedelta(hours=49))
        pages = [u for u in self.locations("/sitemap.xml") if "news" in u]
        self.assertEqual(
            pages,
            [
                "http://testserver/sitemap-news.xml",
                "http://testserver/sitemap-news.xml?p=2",
                "http://testserver/sitemap-news.xml?p=3",
            ],
        )
        listed = [self.news_urls(page) for page in pages]
        self.assertEqual([len(urls) for urls in listed], [1000, 1000, 2])
        self.assertEqual(self.client.get("/sitemap-news.xml?p=4").status_code, 404)
        titles = [u.findtext("news:news/news:title", namespaces=NS) for u in sum(listed, [])]
        # Newest first, none left out, none repeated, none older than 48 hours.
        self.assertEqual(titles[:2], [self.recent.title, "Kilat 2000"])
        self.assertEqual(titles[-2:], ["Kilat 1", "Kilat 0"])
        self.assertEqual(len(set(titles)), 2002)
        self.assertNotIn(too_old.title, titles)


class RobotsTests(SitemapTestCase):
    def test_robots_txt_names_both_sitemaps_and_keeps_crawlers_out_of_the_desk(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        lines = response.content.decode().splitlines()
        self.assertIn("User-agent: *", lines)
        self.assertIn("Disallow: /admin/", lines)
        self.assertIn("Sitemap: http://testserver/sitemap.xml", lines)
        self.assertIn("Sitemap: http://testserver/sitemap-news.xml", lines)

    def test_listed_sitemap_addresses_follow_the_requested_host(self):
        response = self.client.get("/robots.txt", headers={"host": "localhost"})
        self.assertIn("Sitemap: http://localhost/sitemap.xml", response.content.decode())


class SitemapCostTests(SitemapTestCase):
    LIMITS = {
        # Last-Modified, a latest change and a count for each of the six sitemaps, and the
        # next scheduled change (kept for every later page).
        "/sitemap.xml": 14,
        # Last-Modified, count, page, menu sections.
        "/sitemap-articles.xml": 4,
        "/sitemap-sections.xml": 4,
        "/sitemap-tags.xml": 4,
        "/sitemap-authors.xml": 4,
        "/sitemap-topics.xml": 4,
        # Last-Modified, count, page, menu sections.
        "/sitemap-news.xml": 4,
    }

    def test_sitemaps_cost_a_fixed_number_of_queries(self):
        for n in range(5):
            make_article(section=self.nasional, tags=[self.banjir], authors=[self.siti])
            make_author(slug=f"penulis-lain-{n}")
        for url, limit in self.LIMITS.items():
            with self.subTest(url=url):
                with CaptureQueriesContext(connection) as queries:
                    self.assertEqual(self.client.get(url).status_code, 200)
                self.assertLessEqual(len(queries), limit, [q["sql"] for q in queries])

    def test_an_unchanged_sitemap_answers_not_modified_with_one_query(self):
        for url in SITEMAP_URLS:
            with self.subTest(url=url):
                stamp = self.client.get(url)["Last-Modified"]
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.get(url, headers={"if-modified-since": stamp})
                self.assertEqual(response.status_code, 304)
                self.assertEqual(len(queries), 1)

    def test_an_edit_makes_the_sitemaps_modified_again(self):
        stamps = {url: self.client.get(url)["Last-Modified"] for url in SITEMAP_URLS}
        Article.objects.filter(pk=self.recent.pk).update(
            updated_at=timezone.now() + timedelta(seconds=5)
        )
        for url, stamp in stamps.items():
            if url in ("/sitemap-tags.xml", "/sitemap-authors.xml", "/sitemap-topics.xml"):
                continue  # the edited article has neither tags, authors nor topics
            with self.subTest(url=url):
                response = self.client.get(url, headers={"if-modified-since": stamp})
                self.assertEqual(response.status_code, 200)
