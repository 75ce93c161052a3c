"""The readers' site: what an anonymous reader sees on the front page, lists, taxonomy
pages and the article page."""

import re

from articles.models import Article, Section
from tests.readers.reader_site import HIDDEN_MARK, ReaderSiteTestCase


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
        # The frame (sections, static pages, banner), the editors' choices with the newest
        # articles, their bylines, Terpopuler, the topics, the section blocks: 8 with every
        # block, the budget of the home page.
        self.assert_queries_at_most(8, "/")


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
                # The frame (sections, static pages, banner), the taxonomy, the count, the
                # page, the bylines.
                self.assert_queries_at_most(7, url)


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

    def test_article_page_costs_at_most_twelve_queries(self):
        # The article and its parts (8, its topics read only if it is in one), related
        # news, Terpopuler, and the frame (sections, static pages, banner); readers get the
        # frame and Terpopuler from the cache.
        self.assert_queries_at_most(12, self.main.get_absolute_url())

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
