"""What search engines and social networks read in the pages' heads: JSON-LD, Open Graph, robots."""

import json
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone
from lxml import html as lxml_html
from PIL import Image as PillowImage

from articles.models import Article, Image
from distribution import checks, seo
from tests import image_files
from tests.helpers import make_article, make_author, make_image, make_section, make_tag

HOSTILE_TITLE = "Banjir </script><script>alert(1)</script> & “kutipan”"


class PageHeadTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_section(name="Nasional", slug="nasional")
        cls.banjir = make_tag(name="Banjir", slug="banjir")
        cls.jakarta = make_tag(name="Jakarta", slug="jakarta")
        cls.siti = make_author(name="Siti Aminah", slug="siti-aminah")
        cls.budi = make_author(name="Budi Santoso", slug="budi-santoso")
        cls.article = make_article(
            title="Banjir Rendam Jakarta Utara",
            slug="banjir-rendam-jakarta-utara",
            lead="Ribuan rumah terendam setelah hujan deras semalaman.",
            section=cls.nasional,
            tags=[cls.banjir, cls.jakarta],
            authors=[cls.siti, cls.budi],
            published_at=timezone.make_aware(datetime(2020, 10, 3, 8, 15)),
        )

    def setUp(self):
        # Made per test: each test has its own media folder.
        self.image = make_image()
        Article.objects.filter(pk=self.article.pk).update(featured_image=self.image)

    def head(self, url, **params):
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200, url)
        return lxml_html.fromstring(response.content).head

    def json_ld(self, url):
        head = self.head(url)
        scripts = head.xpath('//script[@type="application/ld+json"]/text()')
        return {data["@type"]: data for data in map(json.loads, scripts)}

    def meta(self, head, name):
        return head.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content')


class StructuredDataTests(PageHeadTestCase):
    def test_article_page_describes_itself_as_a_news_article(self):
        data = self.json_ld(self.article.get_absolute_url())["NewsArticle"]
        url = "http://testserver/berita/banjir-rendam-jakarta-utara/"
        self.assertEqual(data["@context"], "https://schema.org")
        self.assertEqual(data["headline"], "Banjir Rendam Jakarta Utara")
        self.assertEqual(data["description"], self.article.lead)
        self.assertEqual(data["mainEntityOfPage"], {"@type": "WebPage", "@id": url})
        self.assertEqual(data["url"], url)
        self.assertEqual(data["datePublished"], "2020-10-03T08:15:00+07:00")
        self.assertRegex(data["dateModified"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")
        self.assertEqual(data["articleSection"], "Nasional")
        self.assertEqual(data["keywords"], ["Banjir", "Jakarta"])
        self.assertEqual(data["inLanguage"], "id")

    def test_news_article_names_authors_with_their_pages(self):
        data = self.json_ld(self.article.get_absolute_url())["NewsArticle"]
        self.assertEqual(
            data["author"],
            [
                {
                    "@type": "Person",
                    "name": "Siti Aminah",
                    "url": "http://testserver/penulis/siti-aminah/",
                },
                {
                    "@type": "Person",
                    "name": "Budi Santoso",
                    "url": "http://testserver/penulis/budi-santoso/",
                },
            ],
        )

    def test_news_article_carries_the_image_cut_to_three_shapes_with_their_sizes(self):
        data = self.json_ld(self.article.get_absolute_url())["NewsArticle"]
        # 64 × 48: too small for 1,200 pixels, so each crop at its full size.
        sizes = [(image["width"], image["height"]) for image in data["image"]]
        self.assertEqual(sizes, [(64, 36), (64, 48), (48, 48)])
        for image, ratio in zip(data["image"], ["16x9", "4x3", "1x1"], strict=True):
            self.assertEqual(image["@type"], "ImageObject")
            crop = self.image.crops[ratio][-1]
            self.assertEqual(
                image["url"], f"http://testserver{default_storage.url(crop['fallback'])}"
            )

    def test_a_large_picture_is_given_1200_pixels_wide_in_each_shape(self):
        large = make_image(file=SimpleUploadedFile("besar.jpg", image_files.jpeg(3000, 2000)))
        Article.objects.filter(pk=self.article.pk).update(featured_image=large)
        data = self.json_ld(self.article.get_absolute_url())["NewsArticle"]
        sizes = [(image["width"], image["height"]) for image in data["image"]]
        self.assertEqual(sizes, [(1200, 675), (1200, 900), (1200, 1200)])
        head = self.head(self.article.get_absolute_url())
        self.assertEqual(self.meta(head, "og:image:width"), ["1200"])
        self.assertEqual(self.meta(head, "og:image:height"), ["675"])
        self.assertIn("-16x9-1200.jpg", self.meta(head, "og:image")[0])

    def test_until_the_crops_are_made_the_original_is_shown(self):
        Image.objects.filter(pk=self.image.pk).update(crops={})
        data = self.json_ld(self.article.get_absolute_url())["NewsArticle"]
        self.assertEqual(data["image"][0]["url"], f"http://testserver{self.image.file.url}")
        self.assertEqual((data["image"][0]["width"], data["image"][0]["height"]), (64, 48))

    def test_publisher_has_a_name_and_a_png_logo_of_the_stated_size(self):
        publisher = self.json_ld(self.article.get_absolute_url())["NewsArticle"]["publisher"]
        self.assertEqual(publisher["name"], "Warta Nusantara")
        logo = publisher["logo"]
        self.assertEqual(logo["url"], "http://testserver/static/icons/logo.png")
        with PillowImage.open(finders.find("icons/logo.png")) as picture:
            self.assertEqual(picture.format, "PNG")
            self.assertEqual(picture.size, (logo["width"], logo["height"]))

    def test_an_article_without_picture_gets_the_publications_large_default_picture(self):
        # What Google asks of an article's pictures: at least 1200 px wide for large previews,
        # at least 50,000 pixels, ideally in 16:9, 4:3 and 1:1, in a format it reads.
        news = self.json_ld(make_article(title="Tanpa foto").get_absolute_url())["NewsArticle"]
        ratios = []
        for image in news["image"]:
            with self.subTest(url=image["url"]):
                path = finders.find(image["url"].removeprefix("http://testserver/static/"))
                with PillowImage.open(path) as picture:
                    self.assertIn(picture.format, {"PNG", "JPEG"})
                    self.assertEqual(picture.size, (image["width"], image["height"]))
                self.assertGreaterEqual(image["width"], 1200)
                self.assertGreaterEqual(image["width"] * image["height"], 50_000)
                ratios.append(round(image["width"] / image["height"], 2))
        self.assertEqual(ratios, [1.78, 1.33, 1.0])

    def test_the_default_picture_and_logo_are_settings(self):
        pictures = {"NEWSROOM_DEFAULT_IMAGE": ["icons/logo.png"]}
        with self.settings(**pictures, NEWSROOM_LOGO="images/default-1x1.png"):
            news = self.json_ld(make_article().get_absolute_url())["NewsArticle"]
        [image] = news["image"]
        self.assertEqual(
            (image["url"], image["width"], image["height"]),
            ("http://testserver/static/icons/logo.png", 600, 60),
        )
        logo = news["publisher"]["logo"]
        self.assertEqual(
            (logo["url"], logo["width"], logo["height"]),
            ("http://testserver/static/images/default-1x1.png", 1200, 1200),
        )

    def test_article_pages_allow_large_picture_previews(self):
        head = self.head(self.article.get_absolute_url())
        self.assertEqual(self.meta(head, "robots"), ["max-image-preview:large"])

    def test_breadcrumbs_lead_from_home_through_the_section_to_the_article(self):
        trail = self.json_ld(self.article.get_absolute_url())["BreadcrumbList"]
        self.assertEqual(
            [(i["position"], i["name"], i["item"]) for i in trail["itemListElement"]],
            [
                (1, "Beranda", "http://testserver/"),
                (2, "Nasional", "http://testserver/rubrik/nasional/"),
                (
                    3,
                    "Banjir Rendam Jakarta Utara",
                    "http://testserver/berita/banjir-rendam-jakarta-utara/",
                ),
            ],
        )

    def test_a_headline_cannot_break_out_of_the_json_ld_script(self):
        article = make_article(title=HOSTILE_TITLE, section=self.nasional)
        response = self.client.get(article.get_absolute_url())
        page = response.content.decode()
        self.assertNotIn("<script>alert(1)", page)
        head = lxml_html.fromstring(response.content).head
        # Every script in the page is ours: the structured data, and the visit count's file.
        everywhere = lxml_html.fromstring(response.content).xpath("//script")
        self.assertEqual(
            [s.get("src") for s in everywhere if s.get("src")], ["/static/js/count.js"]
        )
        scripts = head.xpath("//script[not(@src)]")
        self.assertEqual([s.get("type") for s in scripts], ["application/ld+json"] * 2)
        data = [json.loads(s.text) for s in scripts]
        self.assertEqual(data[0]["headline"], HOSTILE_TITLE)
        self.assertEqual(data[1]["itemListElement"][-1]["name"], HOSTILE_TITLE)

    def test_an_article_without_byline_section_or_image_still_has_valid_data(self):
        article = make_article(title="Kabar singkat", lead="")
        data = self.json_ld(article.get_absolute_url())
        news = data["NewsArticle"]
        # The publication stands in for a missing byline.
        self.assertEqual([a["name"] for a in news["author"]], ["Warta Nusantara"])
        self.assertEqual(
            [image["url"] for image in news["image"]],
            [
                "http://testserver/static/images/default-16x9.png",
                "http://testserver/static/images/default-4x3.png",
                "http://testserver/static/images/default-1x1.png",
            ],
        )
        self.assertNotIn("articleSection", news)
        self.assertNotIn("description", news)
        self.assertEqual(len(data["BreadcrumbList"]["itemListElement"]), 2)

    def test_a_scheduled_article_is_dated_modified_when_it_appeared(self):
        appeared = timezone.now() - timedelta(minutes=5)
        Article.objects.filter(pk=self.article.pk).update(
            published_at=appeared, updated_at=appeared - timedelta(days=1)
        )
        news = self.json_ld(self.article.get_absolute_url())["NewsArticle"]
        self.assertEqual(news["dateModified"], news["datePublished"])
        self.assertEqual(news["datePublished"], seo.iso_datetime(appeared))


class SharingMetadataTests(PageHeadTestCase):
    def test_article_page_has_canonical_address_and_lead_as_description(self):
        head = self.head(self.article.get_absolute_url(), utm_source="wa")
        self.assertEqual(
            head.xpath('//link[@rel="canonical"]/@href'),
            ["http://testserver/berita/banjir-rendam-jakarta-utara/"],
        )
        self.assertEqual(self.meta(head, "description"), [self.article.lead])

    def test_open_graph_describes_the_article_for_sharing(self):
        head = self.head(self.article.get_absolute_url())
        image_url = (
            f"http://testserver{default_storage.url(self.image.crops['16x9'][-1]['fallback'])}"
        )
        expected = {
            "og:type": ["article"],
            "og:site_name": ["Warta Nusantara"],
            "og:title": ["Banjir Rendam Jakarta Utara"],
            "og:description": [self.article.lead],
            "og:url": ["http://testserver/berita/banjir-rendam-jakarta-utara/"],
            "og:image": [image_url],
            "og:image:width": ["64"],
            "og:image:height": ["36"],
            "og:image:alt": [self.image.alt_text],
            "article:published_time": ["2020-10-03T08:15:00+07:00"],
            "article:section": ["Nasional"],
            "article:tag": ["Banjir", "Jakarta"],
            "twitter:card": ["summary_large_image"],
            "twitter:title": ["Banjir Rendam Jakarta Utara"],
            "twitter:description": [self.article.lead],
            "twitter:image": [image_url],
        }
        for name, content in expected.items():
            with self.subTest(name=name):
                self.assertEqual(self.meta(head, name), content)

    def test_an_article_without_image_gets_the_small_twitter_card(self):
        article = make_article()
        head = self.head(article.get_absolute_url())
        self.assertEqual(self.meta(head, "twitter:card"), ["summary"])
        self.assertEqual(self.meta(head, "og:image"), [])


class RobotsRulesTests(PageHeadTestCase):
    def robots(self, url, **params):
        return self.meta(self.head(url, **params), "robots")

    def canonical(self, url, **params):
        return self.head(url, **params).xpath('//link[@rel="canonical"]/@href')

    def test_plain_lists_are_indexed_under_their_own_address(self):
        for url in ["/berita/", "/rubrik/nasional/", "/tag/banjir/", "/penulis/siti-aminah/"]:
            with self.subTest(url=url):
                self.assertEqual(self.robots(url, utm_source="x"), [])
                self.assertEqual(self.canonical(url, utm_source="x"), [f"http://testserver{url}"])

    def test_filtered_lists_and_search_results_are_not_indexed(self):
        cases = [
            ("/berita/", {"rubrik": "nasional"}),
            ("/berita/", {"tag": "banjir"}),
            ("/berita/", {"urut": "terlama"}),
            ("/rubrik/nasional/", {"q": "banjir"}),
            ("/tag/banjir/", {"dari": "2020-10-01"}),
            ("/cari/", {"q": "banjir"}),
        ]
        for url, params in cases:
            with self.subTest(url=url, params=params):
                self.assertEqual(self.robots(url, **params), ["noindex, follow"])
                self.assertEqual(self.canonical(url, **params), [])

    def test_only_the_first_pages_of_a_list_are_indexed(self):
        for _ in range(20 * seo.INDEXED_LIST_PAGES):
            make_article(section=self.nasional)
        last_indexed = seo.INDEXED_LIST_PAGES
        self.assertEqual(self.robots("/rubrik/nasional/", page=last_indexed), [])
        self.assertEqual(
            self.canonical("/rubrik/nasional/", page=last_indexed),
            [f"http://testserver/rubrik/nasional/?page={last_indexed}"],
        )
        self.assertEqual(
            self.robots("/rubrik/nasional/", page=last_indexed + 1), ["noindex, follow"]
        )

    def test_a_preview_is_never_indexed_nor_described_for_sharing(self):
        draft = make_article(status=Article.Status.DRAFT, published_at=None)
        editor = get_user_model().objects.create_superuser("redaktur", "r@example.id", "x")
        self.client.force_login(editor)
        head = self.head(f"/pratinjau/{draft.pk}/")
        self.assertEqual(self.meta(head, "robots"), ["noindex, nofollow"])
        self.assertEqual(head.xpath('//script[@type="application/ld+json"]'), [])
        self.assertEqual(self.meta(head, "og:type"), [])


class FeedDiscoveryTests(PageHeadTestCase):
    def alternates(self, url):
        head = self.head(url)
        return [
            (link.get("type"), link.get("href")) for link in head.xpath('//link[@rel="alternate"]')
        ]

    def test_every_page_points_feed_readers_at_the_site_feed(self):
        for url in ["/", "/berita/", "/cari/", self.article.get_absolute_url()]:
            with self.subTest(url=url):
                self.assertIn(("application/rss+xml", "/feed/"), self.alternates(url))

    def test_home_offers_the_atom_feed_too(self):
        self.assertIn(("application/atom+xml", "/feed/atom/"), self.alternates("/"))

    def test_section_and_tag_pages_offer_their_own_feeds(self):
        for url in ["/rubrik/nasional/", "/tag/banjir/"]:
            with self.subTest(url=url):
                alternates = self.alternates(url)
                self.assertIn(("application/rss+xml", f"{url}feed/"), alternates)
                self.assertIn(("application/atom+xml", f"{url}feed/atom/"), alternates)
                for _type, href in alternates:
                    self.assertEqual(self.client.get(href).status_code, 200)


class PublicationPictureCheckTests(TestCase):
    def ids(self):
        return [problem.id for problem in checks.publication_pictures(None)]

    def test_the_shipped_logo_and_default_picture_pass(self):
        self.assertEqual(self.ids(), [])

    def test_a_missing_or_unreadable_picture_is_an_error(self):
        for values in [
            {"NEWSROOM_LOGO": "icons/tidak-ada.png"},
            {"NEWSROOM_LOGO": "icons/favicon.svg"},
            {"NEWSROOM_DEFAULT_IMAGE": ["images/default-16x9.png", "css/site.css"]},
        ]:
            with self.subTest(values=values), self.settings(**values):
                self.assertEqual(self.ids(), ["distribution.E002"])

    def test_no_default_picture_is_an_error_and_a_small_one_a_warning(self):
        with self.settings(NEWSROOM_DEFAULT_IMAGE=[]):
            self.assertEqual(self.ids(), ["distribution.E001"])
        with self.settings(NEWSROOM_DEFAULT_IMAGE=["icons/logo.png"]):
            self.assertEqual(self.ids(), ["distribution.W001"])
