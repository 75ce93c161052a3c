"""Corrections, clarifications and right of reply: time-stamped, in order, under the story,
and the story's “updated” time follows them everywhere."""

import json
from datetime import timedelta

import feedparser
import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import feedgenerator, timezone
from lxml import html as lxml_html
from reversion.models import Version

from articles.models import Article, Correction
from distribution import seo
from tests.desk_helpers import article_form_data, change_url, make_editor, make_writer
from tests.helpers import make_article, make_section

pytestmark = pytest.mark.django_db

Kind = Correction.Kind


@pytest.fixture
def story():
    return make_article(
        title="Harga Beras Naik Tajam",
        slug="harga-beras",
        section=make_section(name="Ekonomi", slug="ekonomi"),
        published_at=timezone.now() - timedelta(days=2),
    )


def add(article, kind, text, *, ago):
    """An entry made `ago` before now (as an import of older corrections would set it)."""
    return Correction.objects.create(
        article=article, kind=kind, text=text, created_at=timezone.now() - ago
    )


def page_tree(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return lxml_html.fromstring(response.content)


def json_ld(tree):
    scripts = tree.xpath('//script[@type="application/ld+json"]/text()')
    return {data["@type"]: data for data in map(json.loads, scripts)}


def test_entries_are_shown_oldest_first_with_their_times(client, story):
    later = add(story, Kind.CLARIFICATION, "Kenaikan terjadi di tiga provinsi.", ago=timedelta(1))
    first = add(story, Kind.CORRECTION, "Harga naik 8 persen, bukan 18.", ago=timedelta(2))

    tree = page_tree(client, story)

    entries = tree.find_class("correction")
    assert [entry.get("id") for entry in entries] == [f"koreksi-{first.pk}", f"koreksi-{later.pk}"]
    assert "8 persen" in entries[0].text_content()
    stamps = [entry.find(".//time").get("datetime") for entry in entries]
    assert stamps == [
        timezone.localtime(first.created_at).isoformat(timespec="seconds"),
        timezone.localtime(later.created_at).isoformat(timespec="seconds"),
    ]
    assert tree.find_class("correction-note")


def test_an_article_without_entries_shows_no_corrections(client, story):
    tree = page_tree(client, story)

    assert not tree.find_class("corrections")
    assert not tree.find_class("correction-note")
    assert "correction" not in json_ld(tree)["NewsArticle"]


def test_the_updated_time_follows_a_new_entry(client, story):
    before = Article.objects.get(pk=story.pk).updated_at

    entry = add(story, Kind.CORRECTION, "Nama pejabat diperbaiki.", ago=timedelta(0))

    updated = Article.objects.get(pk=story.pk)
    assert updated.updated_at > before
    assert updated.updated_at >= entry.created_at
    data = json_ld(page_tree(client, story))["NewsArticle"]
    assert data["dateModified"] == seo.iso_datetime(updated.updated_at)


def test_removing_an_entry_moves_the_updated_time_too(story):
    entry = add(story, Kind.CORRECTION, "Salah ketik.", ago=timedelta(0))
    before = Article.objects.get(pk=story.pk).updated_at

    entry.delete()

    assert Article.objects.get(pk=story.pk).updated_at > before


def test_json_ld_lists_corrections_but_not_replies(client, story):
    add(story, Kind.CORRECTION, "Harga naik 8 persen.", ago=timedelta(hours=3))
    add(story, Kind.REPLY, "Kementerian menyatakan harga stabil.", ago=timedelta(hours=2))
    add(story, Kind.CLARIFICATION, "Data dari BPS.", ago=timedelta(hours=1))

    data = json_ld(page_tree(client, story))["NewsArticle"]

    assert [item["text"] for item in data["correction"]] == [
        "Harga naik 8 persen.",
        "Data dari BPS.",
    ]
    assert {item["@type"] for item in data["correction"]} == {"CorrectionComment"}
    assert all(item["datePublished"] <= data["dateModified"] for item in data["correction"])


def test_feeds_and_sitemaps_report_the_time_of_the_last_entry(client, story):
    add(story, Kind.CORRECTION, "Angka diperbaiki.", ago=timedelta(0))
    updated = Article.objects.get(pk=story.pk).updated_at
    expected = feedgenerator.rfc3339_date(timezone.localtime(updated))

    [entry] = feedparser.parse(client.get("/feed/atom/").content).entries
    assert entry.updated == expected
    rss = client.get("/feed/").content.decode()
    assert f"<atom:updated>{expected}</atom:updated>" in rss
    sitemap = client.get("/sitemap-articles.xml").content.decode()
    assert f"<lastmod>{seo.iso_datetime(updated)}</lastmod>" in sitemap


def test_a_right_of_reply_article_and_the_original_link_to_each_other(client, story):
    reply = make_article(title="Hak Jawab Kementerian Perdagangan", slug="hak-jawab")
    Correction.objects.create(
        article=story, kind=Kind.REPLY, text="Kementerian menanggapi.", reply=reply
    )

    original_page = page_tree(client, story)
    [link] = original_page.find_class("correction__reply")[0].iterlinks()
    assert link[2] == reply.get_absolute_url()

    reply_page = page_tree(client, reply)
    [back] = reply_page.find_class("reply-to")
    assert back.find(".//a").get("href") == story.get_absolute_url()


def test_an_unpublished_reply_article_is_not_linked(client, story):
    reply = make_article(title="Draf hak jawab", status=Article.Status.DRAFT, published_at=None)
    Correction.objects.create(article=story, kind=Kind.REPLY, text="Tanggapan.", reply=reply)

    tree = page_tree(client, story)

    assert tree.find_class("correction")
    assert not tree.find_class("correction__reply")


def test_only_a_right_of_reply_may_link_a_reply_article(story):
    other = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Correction.objects.create(article=story, kind=Kind.CORRECTION, text="x", reply=other)
    with pytest.raises(IntegrityError), transaction.atomic():
        Correction.objects.create(article=story, kind=Kind.REPLY, text="x", reply=story)


def test_entries_cost_one_query_however_many_there_are(client, story):
    add(story, Kind.CORRECTION, "Satu.", ago=timedelta(hours=2))
    client.get(story.get_absolute_url())  # the footer's pages are cached from here on
    with CaptureQueriesContext(connection) as one:
        client.get(story.get_absolute_url())
    for number in range(5):
        reply = make_article(title=f"Hak jawab {number}")
        Correction.objects.create(article=story, kind=Kind.REPLY, text="Dua.", reply=reply)
    client.get(story.get_absolute_url())
    with CaptureQueriesContext(connection) as many:
        client.get(story.get_absolute_url())

    assert len(many) == len(one) <= 11  # the page, its parts and the frame, banner included


def test_editors_add_entries_in_the_change_form(story):
    editor = Client()
    editor.force_login(make_editor())
    before = Article.objects.get(pk=story.pk).updated_at
    data = article_form_data(story) | {
        "corrections-TOTAL_FORMS": "1",
        "corrections-0-kind": Kind.CORRECTION,
        "corrections-0-text": "Jumlah korban 12 orang, bukan 21.",
        "corrections-0-reply": "",
    }

    response = editor.post(change_url(story), data)

    assert response.status_code == 302
    entry = Correction.objects.get(article=story)
    assert entry.text == "Jumlah korban 12 orang, bukan 21."
    assert Article.objects.get(pk=story.pk).updated_at > before


def test_writers_do_not_get_the_corrections_inline():
    writer = make_writer()
    own = make_article(status=Article.Status.DRAFT, published_at=None, created_by=writer)
    client = Client()
    client.force_login(writer)

    response = client.get(change_url(own))

    models = [inline.formset.model for inline in response.context["inline_admin_formsets"]]
    assert Correction not in models


def test_restoring_an_old_version_keeps_every_entry(story):
    editor = Client()
    editor.force_login(make_editor())
    editor.post(change_url(story), article_form_data(story, title="Versi pertama"))
    editor.post(change_url(story), article_form_data(story, title="Versi kedua"))
    entry = add(story, Kind.CORRECTION, "Koreksi setelah kedua versi.", ago=timedelta(0))
    first = Version.objects.get_for_object(story).order_by("pk").first()

    response = editor.post(
        f"/admin/articles/article/{story.pk}/history/{first.pk}/",
        article_form_data(Article.objects.get(pk=story.pk), title="Versi pertama"),
    )

    assert response.status_code == 302
    assert Article.objects.get(pk=story.pk).title == "Versi pertama"
    assert list(Correction.objects.filter(article=story)) == [entry]
