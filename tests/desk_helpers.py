"""Builders for the desk tests: people in their roles, and the admin's article form as posted."""

import io

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from desk.management.commands.setup_roles import EDITORS, WRITERS
from tests.helpers import make_author

ADD_URL = "/admin/articles/article/add/"
CHANGELIST_URL = "/admin/articles/article/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def read_in_english(client):
    """Have `client` read the desk in English, the language its messages are written in."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def english_client():
    """A test client that reads the desk in English, the language its messages are written in."""
    return read_in_english(Client())


def make_staff(username, role):
    """A staff member in one of the roles `setup_roles` creates (run here if needed)."""
    if not Group.objects.filter(name=role).exists():
        call_command("setup_roles", stdout=io.StringIO())
    user = get_user_model().objects.create_user(username, password="rahasia-uji-123", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def make_writer(username="penulis"):
    """A writer with the Author row that credits them."""
    user = make_staff(username, WRITERS)
    make_author(name=f"Penulis {username}", slug=f"penulis-{username}", user=user)
    return user


def make_editor(username="redaktur"):
    return make_staff(username, EDITORS)


def article_form_data(article=None, links=(), gallery=(), **fields):
    """What the article change form posts: the article's current values, then `fields`.

    `links` are dicts of RelatedLink fields (plus "id" for a stored one); `gallery` of
    GalleryItem fields, the same way.
    """
    data = {
        "title": "Warga Menanam Pohon",
        "slug": "",
        "lead": "",
        "dateline": "",
        "body": "<p>Paragraf satu.</p><p>Paragraf dua.</p><p>Paragraf tiga.</p>",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "section": "",
        "language": "id",
        "kind": "news",
        "source": "",
        "featured_image": "",
    }
    if article is not None:
        local = timezone.localtime(article.published_at) if article.published_at else None
        data |= {
            "title": article.title,
            "slug": article.slug,
            "lead": article.lead,
            "dateline": article.dateline,
            "body": article.body,
            "status": article.status,
            "published_at_0": f"{local:%Y-%m-%d}" if local else "",
            "published_at_1": f"{local:%H:%M:%S}" if local else "",
            "section": article.section_id or "",
            "kind": article.kind,
            "source": article.source_id or "",
            "featured_image": article.featured_image_id or "",
            "authors": [a.pk for a in article.authors.all()],
            "tags": [t.pk for t in article.tags.all()],
        }
    data |= fields
    stored = list(article.related_links.all()) if article is not None else []
    data |= {
        "related_links-TOTAL_FORMS": str(len(links)),
        "related_links-INITIAL_FORMS": str(len(stored)),
        "related_links-MIN_NUM_FORMS": "0",
        "related_links-MAX_NUM_FORMS": "1000",
        "gallery_items-TOTAL_FORMS": str(len(gallery)),
        "gallery_items-INITIAL_FORMS": str(
            sum(1 for item in gallery if item.get("id")) if article is not None else 0
        ),
        "gallery_items-MIN_NUM_FORMS": "0",
        "gallery_items-MAX_NUM_FORMS": "1000",
        # The corrections inline, left as it is (editors only; the integrity tests fill it).
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
    }
    for index, link in enumerate(links):
        row = {"position": "", "target": "", "url": "", "title": "", "order": "0"} | link
        for name, value in row.items():
            data[f"related_links-{index}-{name}"] = "" if value is None else value
        if article is not None:
            data[f"related_links-{index}-article"] = article.pk
    for index, item in enumerate(gallery):
        row = {"position": "0", "image": "", "caption": "", "credit": ""} | item
        for name, value in row.items():
            data[f"gallery_items-{index}-{name}"] = "" if value is None else value
        if article is not None:
            data[f"gallery_items-{index}-article"] = article.pk
    return {key: value for key, value in data.items() if value is not None}
