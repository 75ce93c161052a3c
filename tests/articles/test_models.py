"""The database refuses bad rows, whatever path they come by."""

import pytest
from django.db import IntegrityError, transaction

from articles.models import Article, Author, RelatedLink, Section, Source, Tag, unique_slug
from tests.helpers import (
    make_article,
    make_author,
    make_image,
    make_section,
    make_source,
    make_tag,
)

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_slugs_are_unique_for_every_kind_of_page():
    make_section(slug="nasional")
    make_tag(slug="banjir")
    make_source(slug="antara")
    make_author(slug="siti")
    make_article(slug="gempa-di-palu")
    refused(lambda: Section.objects.create(name="Lain", slug="nasional"))
    refused(lambda: Tag.objects.create(name="Lain", slug="banjir"))
    refused(lambda: Source.objects.create(name="Lain", slug="antara"))
    refused(lambda: Author.objects.create(name="Lain", slug="siti"))
    refused(lambda: Article.objects.create(title="Lain", slug="gempa-di-palu"))


def test_a_related_link_cannot_have_both_an_article_and_an_address():
    article, target = make_article(), make_article()
    refused(lambda: RelatedLink.objects.create(article=article, target=target, url="https://a.id/"))


def test_an_article_cannot_link_to_itself():
    article = make_article()
    refused(lambda: RelatedLink.objects.create(article=article, target=article))


def test_a_related_address_must_be_http_or_https():
    article = make_article()
    refused(lambda: RelatedLink.objects.create(article=article, url="javascript:alert(1)"))
    refused(lambda: RelatedLink.objects.create(article=article, url="ftp://files.example/x"))
    assert RelatedLink.objects.create(article=article, url="https://www.example.id/berita").pk


def test_related_positions_count_paragraphs_from_one():
    article = make_article()
    refused(lambda: RelatedLink.objects.create(article=article, url="https://a.id/", position=0))


def test_an_empty_slot_is_allowed_for_editors_to_fill():
    article = make_article()
    slot = RelatedLink.objects.create(article=article, position=2)
    assert slot.is_empty


def test_a_published_article_needs_a_publication_time():
    refused(
        lambda: Article.objects.create(
            title="Tanpa waktu", slug="tanpa-waktu", status="published", published_at=None
        )
    )


def test_status_and_source_kind_must_be_known_values():
    refused(lambda: Article.objects.create(title="X", slug="x", status="terbit"))
    refused(lambda: Source.objects.create(name="X", slug="x", kind="blog"))


def test_author_initials_are_unique_ignoring_case_but_may_be_empty():
    make_author(initials="mus")
    refused(lambda: Author.objects.create(name="Lain", slug="lain", initials="MUS"))
    make_author(initials="")
    assert make_author(initials="").pk


def test_an_image_needs_alt_text():
    refused(lambda: make_image(alt_text=""))


def test_import_keys_are_unique_per_source():
    make_article(import_source="salam", import_id="123")
    make_article(import_source="lain", import_id="123")
    refused(lambda: make_article(import_source="salam", import_id="123"))


def test_body_is_sanitized_on_every_save():
    article = make_article(
        body='<p onclick="steal()">Aman<script>alert(1)</script></p><a href="javascript:x()">y</a>'
    )
    article.refresh_from_db()
    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "javascript" not in article.body
    assert "<p>Aman</p>" in article.body


def test_a_new_article_without_slug_gets_a_unique_one_from_its_title():
    first = Article.objects.create(title="Harga Beras Naik")
    second = Article.objects.create(title="Harga Beras Naik")
    assert first.slug == "harga-beras-naik"
    assert second.slug == "harga-beras-naik-2"


def test_a_unique_slug_also_avoids_slugs_reserved_for_rows_not_written_yet():
    make_article(slug="harga-beras-naik")

    slug = unique_slug(Article, "Harga Beras Naik", reserved={"harga-beras-naik-2"})

    assert slug == "harga-beras-naik-3"


def test_renaming_a_slug_leaves_a_redirect_and_taking_it_back_removes_it():
    article = make_article(slug="judul-lama")
    article.slug = "judul-baru"
    article.save()
    assert article.slug_redirects.get().old_slug == "judul-lama"
    article.slug = "judul-lama"
    article.save()
    assert list(article.slug_redirects.values_list("old_slug", flat=True)) == ["judul-baru"]


def test_every_model_names_itself_and_its_page():
    section, tag, source, author = make_section(), make_tag(), make_source(), make_author()
    article = make_article(section=section)
    link = RelatedLink.objects.create(article=article, url="https://a.id/x", title="Luar")
    assert str(section) == section.name and section.get_absolute_url() == f"/rubrik/{section.slug}/"
    assert str(tag) == tag.name and tag.get_absolute_url() == f"/tag/{tag.slug}/"
    assert str(source) == source.name and source.get_absolute_url() == f"/sumber/{source.slug}/"
    assert str(author) == author.name and author.get_absolute_url() == f"/penulis/{author.slug}/"
    assert str(article) == article.title
    assert article.get_absolute_url() == f"/berita/{article.slug}/"
    assert str(link) == "Luar" and link.get_absolute_url() == "https://a.id/x"


def test_invisible_control_characters_are_removed_from_what_readers_see():
    article = make_article(
        title="Judul\x0b dengan\x00 kendali", lead="Ringkas\x1f", dateline="JAKARTA\x7f"
    )
    article.refresh_from_db()
    assert (article.title, article.lead, article.dateline) == (
        "Judul dengan kendali",
        "Ringkas",
        "JAKARTA",
    )
