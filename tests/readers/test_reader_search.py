"""The readers' site: search, and hostile queries on public pages."""

from tests.helpers import make_article
from tests.readers.reader_site import HIDDEN_MARK, ReaderSiteTestCase


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
