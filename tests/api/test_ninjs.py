"""ninjs out: the API's `/ninjs/` and `export_articles --format ninjs`, checked against the
structure IPTC's ninjs 2.1 schema requires (written here from the standard; nothing fetched)."""

import io
import json

import jsonschema
import pytest
from django.core.management import CommandError, call_command
from django.test import Client

pytestmark = pytest.mark.django_db

TEXTS = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["value"],
        "additionalProperties": False,
        "properties": {
            "role": {"type": "string"},
            "contenttype": {"type": "string"},
            "value": {"type": "string"},
            "charcount": {"type": "number"},
            "wordcount": {"type": "number"},
        },
    },
}
NAMED = {
    "type": "array",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            key: {"type": "string", **({"format": "uri"} if key == "uri" else {})}
            for key in ("name", "rel", "role", "uri", "literal")
        },
    },
}
RENDITIONS = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["name"],
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string"},
            "href": {"type": "string", "format": "uri"},
            "contenttype": {"type": "string"},
            "width": {"type": "number"},
            "height": {"type": "number"},
        },
    },
}
MOMENT = {"type": "string", "format": "date-time"}
NINJS_PROPERTIES = {
    "uri": {"type": "string", "format": "uri"},
    "standard": {
        "type": "object",
        "additionalProperties": False,
        "required": ["name", "version", "schema"],
        "properties": {"name": {"const": "ninjs"}, "version": {"pattern": "^2\\."}, "schema": {}},
    },
    "type": {"enum": ["text", "audio", "video", "picture", "graphic", "composite", "component"]},
    "representationtype": {"enum": ["full", "partial"]},
    "pubstatus": {"enum": ["usable", "withheld", "canceled"]},
    "version": {"type": "string"},
    "firstcreated": MOMENT,
    "versioncreated": MOMENT,
    "contentcreated": MOMENT,
    "embargoed": MOMENT,
    "language": {"type": "string"},
    "copyrightholder": {"type": "string"},
    "by": {"type": "string"},
    "slugline": {"type": "string"},
    "located": {"type": "string"},
    "headlines": TEXTS,
    "descriptions": TEXTS,
    "bodies": TEXTS,
    "subjects": NAMED,
    "infosources": NAMED,
    "genres": NAMED,
    "renditions": RENDITIONS,
    "altids": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"role": {"type": "string"}, "value": {"type": "string"}},
        },
    },
}
NINJS = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["uri"],
    "additionalProperties": False,
    "properties": NINJS_PROPERTIES
    | {
        "associations": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "uri"],
                "additionalProperties": False,
                "properties": NINJS_PROPERTIES | {"name": {"type": "string"}},
            },
        }
    },
}


def validate(item):
    jsonschema.validate(item, NINJS, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_the_api_gives_an_article_in_ninjs(newsroom):
    item = Client().get(f"/api/v1/articles/{newsroom.article.pk}/ninjs/").json()
    validate(item)
    assert item["uri"] == f"http://testserver{newsroom.article.get_absolute_url()}"
    assert item["headlines"][0]["value"] == "Banjir melanda Jakarta"
    assert item["bodies"][0]["contenttype"] == "text/html"
    assert item["by"] == "Budi, Siti Aminah" and item["located"] == "JAKARTA (WARTA)"
    assert item["pubstatus"] == "usable"
    assert [s["name"] for s in item["subjects"]] == ["Nasional", "Banjir"]
    assert [(s["name"], s["role"]) for s in item["infosources"]] == [
        ("Warta", "origin"),
        ("Antara", "credited"),
    ]
    picture, *related = item["associations"]
    assert picture["type"] == "picture" and picture["copyrightholder"] == "Foto: Antara"
    assert {r["contenttype"] for r in picture["renditions"]} >= {"image/jpeg", "image/webp"}
    # Baca Juga: the published article and the outside address, not the draft nor the slot.
    assert [r["headlines"][0]["value"] for r in related] == ["Tanggul jebol", "Cerita dari luar"]
    assert [d["role"] for d in item["descriptions"]] == ["summary", "correction", "reply", "reply"]


def test_export_articles_writes_ninjs_lines_for_every_article(newsroom):
    out = io.StringIO()
    call_command(
        "export_articles", "--format", "ninjs", "--base-url", "https://warta.example", stdout=out
    )
    items = [json.loads(line) for line in out.getvalue().splitlines()]
    for item in items:
        validate(item)
    by_uri = {item["uri"]: item for item in items}
    assert len(by_uri) == len(items) == 3 + len(newsroom.hidden)
    article = by_uri[f"https://warta.example{newsroom.article.get_absolute_url()}"]
    assert article["headlines"][0]["value"] == "Banjir melanda Jakarta"
    draft = by_uri[f"https://warta.example{newsroom.hidden['draft'].get_absolute_url()}"]
    assert draft["pubstatus"] == "withheld"
    gone = by_uri[f"https://warta.example{newsroom.hidden['taken_down'].get_absolute_url()}"]
    assert gone["pubstatus"] == "canceled"
    embargoed = by_uri[f"https://warta.example{newsroom.hidden['embargoed'].get_absolute_url()}"]
    assert "embargoed" in embargoed


def test_ninjs_export_takes_the_sites_address_from_the_settings(newsroom, settings):
    settings.NEWSROOM_SITE_URL = "https://berita.example"
    out = io.StringIO()
    call_command("export_articles", "--format", "ninjs", stdout=out)
    assert json.loads(out.getvalue().splitlines()[0])["uri"].startswith("https://berita.example/")
    with pytest.raises(CommandError, match="--base-url"):
        call_command(
            "export_articles", "--format", "ninjs", "--base-url", "ftp://x", stdout=io.StringIO()
        )
