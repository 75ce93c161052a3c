"""The site every reader-page test reads: a front page, lists, an article with its links,
and articles readers must never see (marked HIDDEN_MARK)."""

from datetime import datetime, timedelta

from django.db import connection
from django.http import HttpRequest
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, RelatedLink, Source
from caching import schedule
from tests.helpers import make_article, make_author, make_image, make_section, make_source, make_tag

HIDDEN_MARK = "RAHASIA"


class ReaderSiteTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.nasional = make_section(name="Nasional", slug="nasional", position=1)
        cls.ekonomi = make_section(name="Ekonomi", slug="ekonomi", position=2)
        cls.banjir = make_tag(name="Banjir", slug="banjir")
        cls.jakarta = make_tag(name="Jakarta", slug="jakarta")
        cls.warta = make_source(name="Warta Nusantara", slug="warta")
        cls.antara = make_source(name="Antara", slug="antara", kind=Source.Kind.AGENCY)
        cls.siti = make_author(name="Siti Aminah", slug="siti-aminah", initials="sit")
        cls.budi = make_author(name="Budi Santoso", slug="budi-santoso", initials="bud")

        cls.older = [
            make_article(
                title=f"Kabar ekonomi hari ke-{n}",
                slug=f"kabar-ekonomi-{n}",
                section=cls.ekonomi,
                published_at=now - timedelta(days=n + 1),
                featured_image=make_image() if n < 3 else None,
                tags=[cls.jakarta],
                authors=[cls.budi],
            )
            for n in range(24)
        ]
        cls.target = make_article(
            title="Tanggul Jebol di Pluit",
            slug="tanggul-jebol",
            section=cls.nasional,
            tags=[cls.banjir, cls.jakarta],
            published_at=now - timedelta(hours=5),
        )
        cls.main = make_article(
            title="Banjir Rendam Jakarta Utara",
            slug="banjir-rendam-jakarta-utara",
            lead="Ribuan rumah terendam setelah hujan deras semalaman.",
            dateline="JAKARTA (WARTANUSANTARA.ID)",
            body=(
                "<p>Paragraf satu tentang banjir.</p><p>Paragraf dua tentang pengungsi.</p>"
                "<p>Paragraf tiga tentang bantuan.</p><p>Paragraf empat penutup. (sit)</p>"
            ),
            section=cls.nasional,
            source=cls.warta,
            tags=[cls.banjir, cls.jakarta],
            authors=[cls.siti, cls.budi],
            published_at=timezone.make_aware(datetime(2020, 10, 3, 8, 15)),
        )
        cls.main.credited_sources.set([cls.antara])

        draft = make_article(
            title=f"{HIDDEN_MARK} draf banjir",
            slug="rahasia-draf",
            status=Article.Status.DRAFT,
            published_at=None,
        )
        review = make_article(
            title=f"{HIDDEN_MARK} review banjir",
            slug="rahasia-review",
            status=Article.Status.REVIEW,
            published_at=None,
        )
        scheduled = make_article(
            title=f"{HIDDEN_MARK} terjadwal banjir",
            slug="rahasia-terjadwal",
            published_at=now + timedelta(days=1),
        )
        cls.hidden = [draft, review, scheduled]
        for article in cls.hidden:
            article.section = cls.nasional
            article.source = cls.antara
            article.lead = "banjir besar"
            article.save()
            article.tags.set([cls.banjir, cls.jakarta])
            article.authors.set([cls.siti])
            article.credited_sources.set([cls.warta])

        RelatedLink.objects.create(article=cls.main, position=1, target=cls.target)
        RelatedLink.objects.create(
            article=cls.main, position=3, url="https://www.example.id/liputan", title="Liputan luar"
        )
        RelatedLink.objects.create(article=cls.main, position=None, target=cls.older[0])
        RelatedLink.objects.create(article=cls.main, position=2)  # empty slot
        for article in cls.hidden:
            RelatedLink.objects.create(article=cls.main, position=2, target=article)

    def get(self, url, **params):
        return self.client.get(url, params)

    def assert_queries_at_most(self, limit, url, **params):
        # The next scheduled time is looked up once per change to an article, not per page.
        schedule.check(HttpRequest())
        with CaptureQueriesContext(connection) as queries:
            response = self.get(url, **params)
        self.assertEqual(response.status_code, 200)
        self.assertLessEqual(len(queries), limit, [q["sql"] for q in queries])
        return len(queries)
