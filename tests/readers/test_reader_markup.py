"""Markup the HTML checker and screen readers rely on: forms without an empty action, times
a browser can read, and a name of its own for each “Baca Juga” box. The checkers themselves
run over every page type in tests/browser/test_page_checkers_*.py."""

import re
from datetime import timedelta

from django.test import override_settings
from django.utils import timezone
from lxml import html as lxml_html

from articles.models import Article, Correction, RelatedLink, StaticPage
from tests.desk_helpers import make_editor
from tests.helpers import make_article
from tests.readers.reader_site import ReaderSiteTestCase

# HTML's valid global date and time string allows at most three digits of a second's fraction.
MACHINE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d)$")


class MarkupTestCase(ReaderSiteTestCase):
    def tree(self, url, **params):
        response = self.get(url, **params)
        self.assertEqual(response.status_code, 200, url)
        return lxml_html.fromstring(response.content)

    def box_names(self, url):
        return [box.get("aria-label") for box in self.tree(url).find_class("baca-juga")]


class FormAndTimeTests(MarkupTestCase):
    def test_no_form_has_an_empty_action(self):
        for url, params in [
            ("/berita/", {}),
            ("/berita/", {"rubrik": "nasional"}),
            ("/rubrik/nasional/", {}),
            ("/tag/banjir/", {}),
            ("/sumber/antara/", {}),
            ("/penulis/siti-aminah/", {}),
            ("/cari/", {"q": "banjir"}),
            ("/cari/", {}),
        ]:
            with self.subTest(url=url, params=params):
                forms = self.tree(url, **params).forms
                self.assertEqual(len(forms), 2)  # the header's search and the filters
                self.assertEqual([f.get("action") for f in forms if f.get("action") == ""], [])
                # Without an action the filters go to the page itself, as readers expect.
                self.assertEqual(forms[1].get("action"), None)

    def test_a_date_filter_shows_the_date_it_understood_or_nothing(self):
        # A date input holds an HTML date or nothing: what a reader mistyped is in the error.
        tree = self.tree("/berita/", dari="2020-10-01", sampai="31/02/2020")
        self.assertEqual(tree.get_element_by_id("id_dari").get("value"), "2020-10-01")
        self.assertEqual(tree.get_element_by_id("id_sampai").get("value"), "")
        self.assertIn("Sampai tanggal", tree.find_class("form-errors")[0].text_content())

    def test_every_time_element_carries_a_time_browsers_can_read(self):
        # Times as the desk saves them: with microseconds.
        entry = Correction.objects.create(article=self.main, text="Angka pengungsi diperbaiki.")
        self.assertNotEqual(entry.created_at.microsecond, 0)
        page = StaticPage.objects.create(
            title="Pedoman Media Siber", slug="pedoman", body="<p>Isi.</p>", is_published=True
        )
        self.assertNotEqual(page.updated_at.microsecond, 0)
        fresh = make_article(published_at=timezone.now() - timedelta(minutes=3))
        urls = [
            "/",
            "/berita/",
            "/tag/banjir/",
            self.main.get_absolute_url(),
            fresh.get_absolute_url(),
            page.get_absolute_url(),
        ]
        for url in urls:
            with self.subTest(url=url):
                stamps = self.tree(url).xpath("//time/@datetime")
                self.assertTrue(stamps)
                self.assertEqual([s for s in stamps if not MACHINE_TIME.match(s)], [])
        [stamp] = self.tree(page.get_absolute_url()).xpath("//time/@datetime")
        self.assertEqual(stamp, timezone.localtime(page.updated_at).isoformat(timespec="seconds"))

    def test_a_draft_without_a_time_shows_no_empty_time(self):
        draft = make_article(status=Article.Status.DRAFT, published_at=None, authors=[self.siti])
        self.client.force_login(make_editor())
        response = self.client.get(f"/pratinjau/{draft.pk}/")
        self.assertEqual(response.status_code, 200)
        byline = lxml_html.fromstring(response.content).find_class("byline")[0]
        self.assertEqual(byline.xpath(".//time"), [])
        self.assertEqual(byline.text_content().split(), ["Oleh", "Siti", "Aminah"])


class BacaJugaNameTests(MarkupTestCase):
    def test_each_box_has_a_name_of_its_own_in_reading_order(self):
        self.client.cookies["django_language"] = "en"
        self.assertEqual(
            self.box_names(self.main.get_absolute_url()),
            ["Read also (1 of 3)", "Read also (2 of 3)", "Read also (3 of 3)"],
        )

    def test_the_names_are_indonesian_for_indonesian_readers(self):
        # Needs the catalog's translation of "Read also (%(number)s of %(total)s)".
        self.assertEqual(
            self.box_names(self.main.get_absolute_url()),
            ["Baca Juga (1 dari 3)", "Baca Juga (2 dari 3)", "Baca Juga (3 dari 3)"],
        )

    def test_a_single_box_is_named_plainly(self):
        single = make_article(title="Satu tautan")
        RelatedLink.objects.create(article=single, position=1, target=self.target)
        self.assertEqual(self.box_names(single.get_absolute_url()), ["Baca Juga"])

    @override_settings(NEWSROOM_FRAGMENT_CACHE_SECONDS=300)
    def test_kept_pages_keep_the_names_unique(self):
        url = self.main.get_absolute_url()
        first = self.box_names(url)
        # The second page is made of the kept article data and blocks.
        self.assertEqual(self.box_names(url), first)
        self.assertEqual(len(set(first)), 3)
        other = make_article(title="Dua tautan")
        RelatedLink.objects.create(article=other, position=1, target=self.target)
        RelatedLink.objects.create(article=other, position=None, url="https://example.id/")
        self.assertEqual(len(set(self.box_names(other.get_absolute_url()))), 2)
        self.assertEqual(len(set(self.box_names(url))), 3)
