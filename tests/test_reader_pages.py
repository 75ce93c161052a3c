"""The readers' site: what an anonymous reader sees on every public page."""

import re
from datetime import datetime, timedelta

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, RelatedLink, Section, Source
from caching.cache import content_state
from tests.helpers import (
    make_article,
    make_author,
    make_image,
    make_section,
    make_source,
    make_tag,
)

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
        # The site-wide content version is looked up once per content change, not per page.
        content_state()
        with CaptureQueriesContext(connection) as queries:
            response = self.get(url, **params)
        self.assertEqual(response.status_code, 200)
        self.assertLessEqual(len(queries), limit, [q["sql"] for q in queries])
        return len(queries)


class HomePageTests(ReaderSiteTestCase):
    def test_home_shows_the_headline_latest_news_and_a_block_per_section(self):
        response = self.get("/")
        html = response.content.decode()
        self.assertContains(response, "Banjir Rendam Jakarta Utara")
        self.assertContains(response, 'id="section-nasional"')
        self.assertContains(response, 'id="section-ekonomi"')
        self.assertIn("Kabar ekonomi hari ke-0", html)
        self.assertNotIn(HIDDEN_MARK, html)

    def test_each_section_block_shows_its_four_newest_articles_newest_first(self):
        html = self.get("/").content.decode()

        def block_titles(slug):
            block = re.search(rf'id="section-{slug}".*?</section>', html, re.DOTALL).group()
            return re.findall(r'class="card__title"><a [^>]*>([^<]+)</a>', block)

        self.assertEqual(block_titles("ekonomi"), [f"Kabar ekonomi hari ke-{n}" for n in range(4)])
        self.assertEqual(
            block_titles("nasional"), ["Tanggul Jebol di Pluit", "Banjir Rendam Jakarta Utara"]
        )

    def test_home_costs_a_fixed_number_of_queries(self):
        self.assert_queries_at_most(6, "/")


class ListPageTests(ReaderSiteTestCase):
    def titles(self, response):
        return [a.title for a in response.context["articles"]]

    def test_all_news_lists_twenty_per_page_newest_first(self):
        response = self.get("/berita/")
        titles = self.titles(response)
        self.assertEqual(len(titles), 20)
        self.assertEqual(titles[0], "Tanggul Jebol di Pluit")
        self.assertContains(response, 'aria-current="page"')
        second = self.titles(self.get("/berita/", page=2))
        self.assertEqual(len(second), 6)
        self.assertTrue(set(titles).isdisjoint(second))

    def test_pages_join_up_into_every_published_article_in_order(self):
        for order, newest_first in [("", True), ("terlama", False)]:
            with self.subTest(order=order):
                expected = sorted(
                    Article.objects.published(),
                    key=lambda a: (a.published_at, a.pk),
                    reverse=newest_first,
                )
                pages = [
                    self.titles(self.get("/berita/", page=number, urut=order)) for number in (1, 2)
                ]
                self.assertEqual(pages[0] + pages[1], [a.title for a in expected])

    def test_oldest_first_reverses_the_order(self):
        titles = self.titles(self.get("/berita/", urut="terlama"))
        self.assertEqual(titles[0], "Banjir Rendam Jakarta Utara")

    def test_a_page_past_the_end_or_not_a_page_is_not_found(self):
        for page in ["3", "0", "-1", "99999999999999999999", "abc", "1e10", "٣"]:
            with self.subTest(page=page):
                self.assertEqual(self.get("/berita/", page=page).status_code, 404)

    def test_filters_by_section_tag_source_author_and_dates(self):
        self.assertEqual(
            set(self.titles(self.get("/berita/", rubrik="nasional"))),
            {"Banjir Rendam Jakarta Utara", "Tanggul Jebol di Pluit"},
        )
        both_tags = self.client.get("/berita/?tag=banjir&tag=jakarta")
        self.assertEqual(
            set(self.titles(both_tags)), {"Banjir Rendam Jakarta Utara", "Tanggul Jebol di Pluit"}
        )
        self.assertEqual(
            self.titles(self.get("/berita/", sumber="antara")), ["Banjir Rendam Jakarta Utara"]
        )
        self.assertEqual(
            self.titles(self.get("/berita/", penulis="siti-aminah")),
            ["Banjir Rendam Jakarta Utara"],
        )
        self.assertEqual(
            self.titles(self.get("/berita/", dari="2020-10-01", sampai="2020-10-05")),
            ["Banjir Rendam Jakarta Utara"],
        )

    def test_the_section_filter_follows_a_renamed_section(self):
        self.assertEqual(len(self.titles(self.get("/berita/", rubrik="nasional"))), 2)
        section = Section.objects.get(slug="nasional")
        section.name, section.slug = "Dalam Negeri", "dalam-negeri"
        section.save()
        response = self.get("/berita/", rubrik="dalam-negeri")
        self.assertContains(response, '<option value="dalam-negeri" selected>Dalam Negeri</option>')
        self.assertEqual(len(self.titles(response)), 2)
        self.assertNotContains(response, 'value="nasional"')

    def test_an_unknown_slug_filters_to_nothing(self):
        for params in [{"tag": "tidak-ada"}, {"sumber": "tidak-ada"}, {"penulis": "tidak-ada"}]:
            with self.subTest(params=params):
                response = self.get("/berita/", **params)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self.titles(response), [])
                self.assertContains(response, "Tidak ada artikel yang cocok")

    def test_an_invalid_filter_value_is_shown_to_the_reader(self):
        response = self.get("/berita/", dari="31/02/2020", rubrik="tidak-ada")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'role="alert"')
        self.assertContains(response, "Dari tanggal")
        self.assertContains(response, "Rubrik")
        self.assertEqual(self.titles(response), [])

    def test_list_queries_do_not_grow_with_the_number_of_articles(self):
        self.get("/")  # the footer's static pages are cached from the first page on
        full_page = self.assert_queries_at_most(6, "/berita/")
        short_page = self.assert_queries_at_most(6, "/berita/", rubrik="nasional")
        self.assertEqual(full_page, short_page)


class TaxonomyPageTests(ReaderSiteTestCase):
    def test_each_taxonomy_page_lists_its_articles_and_names_itself(self):
        pages = {
            "/rubrik/nasional/": "Nasional",
            "/tag/banjir/": "Banjir",
            "/sumber/antara/": "Antara",
            "/penulis/siti-aminah/": "Siti Aminah",
        }
        for url, name in pages.items():
            with self.subTest(url=url):
                response = self.get(url)
                self.assertContains(response, f"<h1>{name}</h1>", html=True)
                self.assertContains(response, "Banjir Rendam Jakarta Utara")
                self.assertNotContains(response, HIDDEN_MARK)

    def test_a_source_page_lists_articles_it_is_credited_in(self):
        response = self.get("/sumber/antara/")
        self.assertEqual(
            [a.title for a in response.context["articles"]], ["Banjir Rendam Jakarta Utara"]
        )

    def test_the_filter_form_works_on_taxonomy_pages(self):
        response = self.get("/tag/jakarta/", rubrik="ekonomi", urut="terlama")
        titles = [a.title for a in response.context["articles"]]
        self.assertEqual(titles[0], "Kabar ekonomi hari ke-23")
        self.assertTrue(all(t.startswith("Kabar ekonomi") for t in titles))

    def test_unknown_taxonomy_slugs_are_not_found(self):
        for url in ["/rubrik/x/", "/tag/x/", "/sumber/x/", "/penulis/x/", "/berita/x/"]:
            with self.subTest(url=url):
                self.assertEqual(self.get(url).status_code, 404)

    def test_taxonomy_pages_cost_a_fixed_number_of_queries(self):
        for url in [
            "/rubrik/ekonomi/",
            "/tag/jakarta/",
            "/sumber/warta/",
            "/penulis/budi-santoso/",
        ]:
            with self.subTest(url=url):
                self.assert_queries_at_most(6, url)


class ArticlePageTests(ReaderSiteTestCase):
    def test_article_page_shows_headline_dateline_byline_date_tags_and_sources(self):
        response = self.get(self.main.get_absolute_url())
        self.assertContains(response, "<h1>Banjir Rendam Jakarta Utara</h1>", html=True)
        self.assertContains(response, "JAKARTA (WARTANUSANTARA.ID)")
        self.assertContains(response, '<a href="/penulis/siti-aminah/">Siti Aminah</a>', html=True)
        self.assertContains(
            response, '<a href="/penulis/budi-santoso/">Budi Santoso</a>', html=True
        )
        self.assertContains(response, "Sabtu, 3 Oktober 2020 08.15 WIB")
        self.assertContains(response, '<a href="/tag/banjir/">Banjir</a>', html=True)
        self.assertContains(response, "Sumber:")
        self.assertContains(response, '<a href="/sumber/antara/">Antara</a>', html=True)
        self.assertContains(response, "https://wa.me/?text=")

    def test_baca_juga_boxes_follow_their_paragraphs_and_end_ones_close_the_body(self):
        html = self.get(self.main.get_absolute_url()).content.decode()
        order = [
            html.index("Paragraf satu"),
            html.index("Tanggul Jebol di Pluit"),
            html.index("Paragraf dua"),
            html.index("Paragraf tiga"),
            html.index("Liputan luar"),
            html.index("Paragraf empat"),
            html.index("Kabar ekonomi hari ke-0"),
        ]
        self.assertEqual(order, sorted(order))
        self.assertEqual(html.count('class="baca-juga"'), 3)

    def test_empty_slots_and_links_to_unpublished_articles_are_never_shown(self):
        response = self.get(self.main.get_absolute_url())
        self.assertNotContains(response, HIDDEN_MARK)
        self.assertNotContains(response, "slot kosong")

    def test_related_news_fill_up_with_articles_sharing_the_most_tags(self):
        response = self.get(self.main.get_absolute_url())
        related = [a.title for a in response.context["more_related"]]
        # Three links were picked, so one more comes from shared tags, and not a linked one.
        self.assertEqual(len(related), 1)
        self.assertNotIn("Tanggul Jebol di Pluit", related)
        self.assertContains(response, "Berita Terkait")

    def test_article_page_costs_at_most_ten_queries(self):
        self.assert_queries_at_most(10, self.main.get_absolute_url())

    def test_unpublished_articles_are_not_found_at_their_address(self):
        for article in self.hidden:
            with self.subTest(article=article.slug):
                self.assertEqual(self.get(article.get_absolute_url()).status_code, 404)

    def test_an_old_slug_redirects_permanently_to_the_new_address(self):
        self.main.slug = "banjir-jakarta-utara"
        self.main.save()
        response = self.get("/berita/banjir-rendam-jakarta-utara/")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], "/berita/banjir-jakarta-utara/")


class SearchPageTests(ReaderSiteTestCase):
    def test_search_finds_published_articles_with_a_highlighted_snippet(self):
        response = self.get("/cari/", q="ribuan rumah")
        self.assertEqual(
            [a.title for a in response.context["articles"]], ["Banjir Rendam Jakarta Utara"]
        )
        self.assertContains(response, "<mark>")
        self.assertContains(response, 'content="noindex, follow"')

    def test_search_results_are_paged_with_their_count(self):
        for number in range(23):
            make_article(title=f"Gempa susulan nomor {number}")
        first = self.get("/cari/", q="susulan")
        self.assertContains(first, "23 hasil")
        second = self.get("/cari/", q="susulan", page=2)
        self.assertContains(second, "23 hasil")
        titles = [a.title for a in first.context["articles"] + second.context["articles"]]
        self.assertEqual(len(titles), 23)
        self.assertEqual(len(set(titles)), 23)
        last = self.get("/cari/", q="susulan", page="last")
        self.assertEqual(list(last.context["articles"]), list(second.context["articles"]))
        for page in ["3", "0", "-1", "abc", "1e10", "99999999999999999999"]:
            with self.subTest(page=page):
                self.assertEqual(self.get("/cari/", q="susulan", page=page).status_code, 404)

    def test_a_search_that_finds_nothing_says_so(self):
        response = self.get("/cari/", q="zzzyyyxxx")
        self.assertEqual(response.context["paginator"].count, 0)
        self.assertContains(response, "Tidak ditemukan apa pun.")

    def test_search_never_shows_unpublished_articles(self):
        response = self.get("/cari/", q="banjir")
        self.assertNotContains(response, HIDDEN_MARK)
        self.assertGreater(len(response.context["articles"]), 0)

    def test_a_title_match_outranks_a_body_match(self):
        make_article(title="Pengungsi kembali ke rumah", body="<p>Air surut.</p>")
        response = self.get("/cari/", q="pengungsi")
        titles = [a.title for a in response.context["articles"]]
        self.assertEqual(titles[0], "Pengungsi kembali ke rumah")
        self.assertIn("Banjir Rendam Jakarta Utara", titles)

    def test_search_without_words_lists_nothing_and_invites_a_query(self):
        response = self.get("/cari/")
        self.assertEqual(list(response.context["articles"]), [])
        self.assertContains(response, "Ketik satu kata")

    def test_search_escapes_what_the_reader_typed(self):
        response = self.get("/cari/", q='<script>alert("x")</script> banjir')
        self.assertNotContains(response, "<script>alert")
        self.assertEqual(response.status_code, 200)

    def test_search_page_costs_a_fixed_number_of_queries(self):
        self.assert_queries_at_most(6, "/cari/", q="kabar")


HOSTILE_VALUES = [
    "' OR 1=1 --",
    "1; DROP TABLE articles_article;",
    "%",
    "_",
    "\\",
    "x" * 10_000,
    "🌊 banjir 🌧️",
    "{{7*7}}",
    "<script>alert(1)</script>",
    "banjir & | ! ( ) :*",
    "-1",
    "99999999999999999999",
    "２０２０-１０-０３",
    "\u202e",
]
HOSTILE_PARAMS = ["q", "rubrik", "tag", "sumber", "penulis", "dari", "sampai", "urut", "x"]


class HostileQueryTests(ReaderSiteTestCase):
    def test_hostile_query_strings_never_break_a_page(self):
        pages = ["/", "/berita/", "/cari/", "/rubrik/nasional/", "/tag/banjir/", "/sumber/antara/"]
        pages += ["/penulis/siti-aminah/", self.main.get_absolute_url()]
        for page in pages:
            for name in HOSTILE_PARAMS:
                for value in HOSTILE_VALUES:
                    response = self.client.get(page, {name: value})
                    self.assertIn(response.status_code, (200, 400, 404), (page, name, value[:40]))
                    body = response.content.decode()
                    self.assertNotIn("<script>alert(1)</script>", body)

    def test_template_syntax_in_a_query_is_shown_as_typed_not_evaluated(self):
        response = self.client.get("/berita/", {"q": "{{7*7}}"})
        self.assertContains(response, 'value="{{7*7}}"')

    def test_repeated_and_unknown_parameters_are_harmless(self):
        response = self.client.get(
            "/berita/?rubrik=nasional&rubrik=ekonomi&urut=x&urut=terlama&foo=1"
        )
        self.assertIn(response.status_code, (200, 400))

    def test_too_many_parameters_are_a_bad_request(self):
        query = "&".join(f"p{n}=1" for n in range(1100))
        response = self.client.get(f"/berita/?{query}")
        self.assertEqual(response.status_code, 400)
