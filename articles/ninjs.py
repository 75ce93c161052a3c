"""An article in IPTC's ninjs 2.1 (News in JSON), the news industry's exchange format.

One function for every way out: the API's `/api/v1/articles/<id>/ninjs/` and
`export_articles --format ninjs`. It reads only what `Article.objects.for_reading()` fetches
with the article's tags and links (the export fetches the same per chunk). Addresses are
absolute, from `base_url` (the site's own, such as `https://warta.example/`): `uri` is the
article's public address, which identifies it for good (a renamed article's old address
leads to the new one).
"""

import mimetypes
from urllib.parse import urljoin

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from articles import embed_markup, html

VERSION = "2.1"
SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"


def _moment(value):
    return timezone.localtime(value).isoformat() if value else None


def _pubstatus(article):
    if article.taken_down_at:
        return "canceled"
    return "usable" if article.is_public else "withheld"


def _picture(image, base_url):
    def href(name):
        return urljoin(base_url, default_storage.url(name))

    contenttype = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
    renditions = [
        {
            "name": "original",
            "href": urljoin(base_url, image.file.url),
            "contenttype": contenttype,
            **({"width": image.width, "height": image.height} if image.width else {}),
        }
    ]
    for rendition in image.renditions:
        for kind, rendition_type in (("fallback", contenttype), ("webp", "image/webp")):
            renditions.append(
                {
                    "name": f"{kind}-{rendition['width']}",
                    "href": href(rendition[kind]),
                    "contenttype": rendition_type,
                    "width": rendition["width"],
                    **({"height": rendition["height"]} if rendition.get("height") else {}),
                }
            )
    picture = {
        "name": "featureimage",
        "uri": urljoin(base_url, image.file.url),
        "type": "picture",
        "descriptions": [{"role": "alt", "contenttype": "text/plain", "value": image.alt_text}],
        "renditions": renditions,
    }
    if image.caption:
        picture["headlines"] = [{"role": "caption", "value": image.caption}]
    if image.credit:
        picture["by"] = image.credit
        picture["copyrightholder"] = image.credit
    return picture


def _shown(link):
    """Whether readers see the “Baca Juga” box: `RelatedLink.objects.for_reading()` says so;
    otherwise (the export's links) its target's own state does."""
    if hasattr(link, "shown"):
        return link.shown
    return bool(link.url) or bool(link.target_id and link.target.is_public)


def _related(links, base_url):
    """The “Baca Juga” boxes readers see, as text associations in reading order."""
    links = sorted(links, key=lambda link: (link.position or 32768, link.order, link.pk))
    return [
        {
            "name": f"related-{number}",
            "uri": urljoin(base_url, link.get_absolute_url()),
            "type": "text",
            "headlines": [{"role": "main", "value": link.display_title}],
        }
        for number, link in enumerate((link for link in links if _shown(link)), start=1)
    ]


def to_ninjs(article, base_url):
    """`article` as a ninjs 2.1 object (a dict ready for JSON)."""
    authors = list(article.authors.all())
    text = html.strip_tags(article.body)
    item = {
        "uri": urljoin(base_url, article.get_absolute_url()),
        "standard": {"name": "ninjs", "version": VERSION, "schema": SCHEMA},
        "type": "text",
        "representationtype": "full",
        "version": str(int(article.updated_at.timestamp())),
        "firstcreated": _moment(article.created_at),
        "versioncreated": _moment(article.updated_at),
        "pubstatus": _pubstatus(article),
        "language": article.language,
        "copyrightholder": settings.NEWSROOM_SITE_NAME,
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": article.title}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "charcount": len(text),
                "wordcount": len(text.split()),
                # An embed as a plain link to the original, as in feeds and exports.
                "value": embed_markup.as_links(article.body),
            }
        ],
        "slugline": article.slug,
        "altids": [{"role": "id", "value": str(article.pk)}],
        "genres": [{"name": str(article.get_kind_display()), "literal": article.kind}],
    }
    if article.published_at:
        item["contentcreated"] = _moment(article.published_at)
    if article.embargo_until:
        item["embargoed"] = _moment(article.embargo_until)
    if article.import_id:
        item["altids"].append(
            {"role": "import", "value": f"{article.import_source}:{article.import_id}"}
        )
    descriptions = []
    if article.lead:
        descriptions.append({"role": "summary", "contenttype": "text/plain", "value": article.lead})
    descriptions += [
        {"role": entry.kind, "contenttype": "text/plain", "value": entry.text}
        for entry in article.corrections.all()
    ]
    if descriptions:
        item["descriptions"] = descriptions
    if article.dateline:
        item["located"] = article.dateline
    if authors:
        item["by"] = ", ".join(author.name for author in authors)
    subjects = [
        {"name": tag.name, "rel": "tag", "uri": urljoin(base_url, tag.get_absolute_url())}
        for tag in article.tags.all()
    ]
    if article.section_id:
        section = article.section
        subjects.insert(
            0,
            {
                "name": section.name,
                "rel": "section",
                "uri": urljoin(base_url, section.get_absolute_url()),
            },
        )
    if subjects:
        item["subjects"] = subjects
    sources = [("origin", article.source)] if article.source_id else []
    sources += [("credited", source) for source in article.credited_sources.all()]
    if sources:
        item["infosources"] = [
            {
                "name": source.name,
                "role": role,
                "uri": source.url or urljoin(base_url, source.get_absolute_url()),
                "literal": source.slug,
            }
            for role, source in sources
        ]
    associations = [_picture(article.featured_image, base_url)] if article.featured_image_id else []
    associations += _related(article.related_links.all(), base_url)
    if associations:
        item["associations"] = associations
    return item
