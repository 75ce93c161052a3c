"""RSS 2.0 and Atom feeds of the latest published articles: the whole site, a section, a tag.

Each item carries the lead, the whole sanitized body, every author, the section and tags as
categories, both times with the site's offset, and the featured image as an enclosure and a
Media RSS element. An article's reader labels (opinion, sponsored content, unverified...)
open its title, as feed readers show nothing else so plainly, and lead its categories.
"""

import mimetypes
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import FileSystemStorage
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import last_modified

from articles import embed_markup, html
from articles.models import Article, Author, Section, Tag, Topic
from caching.keys import ARTICLES, shows
from distribution import seo

FEED_LENGTH = 50
MEDIA_RSS = "http://search.yahoo.com/mrss/"


class _ArticleItems:
    """Item elements both generators add: Media RSS for the featured image."""

    def absolute(self, url):
        # The framework makes only item links absolute; the feed's own link carries the host.
        return urljoin(self.feed["link"], url)

    def add_media_content(self, handler, image):
        handler.startElement(
            "media:content",
            {
                "url": self.absolute(image["url"]),
                "medium": "image",
                "type": image["type"],
                "width": str(image["width"]),
                "height": str(image["height"]),
            },
        )
        handler.addQuickElement("media:description", image["alt"])
        handler.endElement("media:content")


class ArticleRssGenerator(_ArticleItems, feedgenerator.Rss201rev2Feed):
    def rss_attributes(self):
        return super().rss_attributes() | {
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
            "xmlns:media": MEDIA_RSS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        # RSS has no update time of its own; readers understand Atom's.
        handler.addQuickElement("atom:updated", feedgenerator.rfc3339_date(item["updateddate"]))
        # RSS's own <author> wants an e-mail address; Dublin Core names each author.
        for name, _url in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        handler.addQuickElement("content:encoded", item["content"])
        if image := item["image"]:
            handler.addQuickElement(
                "enclosure",
                "",
                {
                    "url": self.absolute(image["url"]),
                    "length": str(image["length"]),
                    "type": image["type"],
                },
            )
            self.add_media_content(handler, image)


class ArticleAtomGenerator(_ArticleItems, feedgenerator.Atom1Feed):
    def root_attributes(self):
        return super().root_attributes() | {"xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", self.absolute(url))
            handler.endElement("author")
        handler.addQuickElement("content", item["content"], {"type": "html"})
        if image := item["image"]:
            handler.addQuickElement(
                "link",
                "",
                {
                    "rel": "enclosure",
                    "href": self.absolute(image["url"]),
                    "length": str(image["length"]),
                    "type": image["type"],
                },
            )
            self.add_media_content(handler, image)


def _image_length(image):
    """The file's size in bytes when the storage answers with a stat, else 0 ("unknown").

    A remote storage would make one request per item, so the RSS practice of 0 is used there.
    """
    if isinstance(image.file.storage, FileSystemStorage):
        try:
            return image.file.size
        except OSError:
            pass
    return 0


class ArticleFeed(Feed):
    """`/feed/`: the latest published articles of the whole site."""

    feed_type = ArticleRssGenerator
    language = settings.LANGUAGE_CODE
    model = None
    # How the articles of one `model` object are found by its slug.
    lookup = None

    def __call__(self, request, *args, **kwargs):
        # Items come and go, and show most of an article: any public article's change counts.
        shows(request, ARTICLES)
        # A conditional request that nothing has changed for costs one query and no feed.
        view = last_modified(self.last_modified)(super().__call__)
        return view(request, *args, **kwargs)

    def articles(self, slug=None):
        published = Article.objects.published()
        if self.lookup:
            published = published.filter(**{self.lookup: slug})
        return published.latest_first()

    def last_modified(self, request, slug=None):
        """The newest change among the items shown: the same time the feed reports."""
        return seo.last_change(self.articles(slug)[:FEED_LENGTH])

    def get_object(self, request, slug=None):
        return get_object_or_404(self.model, slug=slug) if self.model else None

    def title(self, obj):
        return settings.NEWSROOM_SITE_NAME

    def link(self, obj):
        return obj.get_absolute_url() if obj else reverse("articles:home")

    def description(self, obj):
        return _("The latest news from %(site)s.") % {"site": settings.NEWSROOM_SITE_NAME}

    def subtitle(self, obj):
        return self.description(obj)

    def author_name(self, obj):
        # Atom needs an author for entries without a byline: the publication.
        return settings.NEWSROOM_SITE_NAME

    def items(self, obj):
        return (
            self.articles(obj.slug if obj else None)
            .select_related("section", "featured_image")
            .prefetch_related(
                Prefetch("authors", queryset=Author.objects.only("name", "slug").in_byline_order()),
                Prefetch("tags", queryset=Tag.objects.only("name")),
            )
            .without_search_columns()[:FEED_LENGTH]
        )

    def item_title(self, article):
        labels = [label for _key, label in article.reader_labels]
        if not labels:
            return article.title
        return _("[%(labels)s] %(title)s") % {"labels": ", ".join(labels), "title": article.title}

    def item_description(self, article):
        # The lead is plain text; readers treat a description as HTML.
        return escape(article.lead)

    def item_pubdate(self, article):
        return timezone.localtime(article.published_at)

    def item_updateddate(self, article):
        return timezone.localtime(seo.modified_at(article))

    def item_categories(self, article):
        labels = [label for _key, label in article.reader_labels]
        section = [article.section.name] if article.section else []
        return labels + section + [tag.name for tag in article.tags.all()]

    def item_extra_kwargs(self, article):
        return {
            "content": self.item_content(article),
            "authors": [(a.name, a.get_absolute_url()) for a in article.authors.all()],
            "image": self.item_image(article),
        }

    def item_content(self, article):
        """The body as the article page shows it, dateline first."""
        dateline = format_html("<p>{}</p>", article.dateline) if article.dateline else ""
        body = html.sanitize(article.body, sponsored=article.is_sponsored)
        # An embed is a plain link to the original in a feed (articles/embed_markup.py).
        return dateline + embed_markup.as_links(body)

    def item_image(self, article):
        image = article.featured_image
        if image is None:
            return None
        return {
            "url": image.file.url,
            "type": mimetypes.guess_type(image.file.name)[0] or "application/octet-stream",
            "length": _image_length(image),
            "width": image.width,
            "height": image.height,
            "alt": image.alt_text,
        }


class SectionFeed(ArticleFeed):
    """`/rubrik/<slug>/feed/`: the latest published articles of one section."""

    model = Section
    lookup = "section__slug"

    def title(self, section):
        return f"{section.name} – {settings.NEWSROOM_SITE_NAME}"

    def description(self, section):
        return _("The latest %(section)s news from %(site)s.") % {
            "section": section.name,
            "site": settings.NEWSROOM_SITE_NAME,
        }


class TagFeed(ArticleFeed):
    """`/tag/<slug>/feed/`: the latest published articles with one tag."""

    model = Tag
    lookup = "tags__slug"

    def title(self, tag):
        return f"{tag.name} – {settings.NEWSROOM_SITE_NAME}"

    def description(self, tag):
        return _("The latest news about %(tag)s from %(site)s.") % {
            "tag": tag.name,
            "site": settings.NEWSROOM_SITE_NAME,
        }


class TopicFeed(ArticleFeed):
    """`/topik/<slug>/feed/`: the latest published articles of one topic."""

    model = Topic
    lookup = "topic_entries__topic__slug"

    def title(self, topic):
        return f"{topic.title} – {settings.NEWSROOM_SITE_NAME}"

    def description(self, topic):
        return topic.introduction or _("The latest news on %(topic)s from %(site)s.") % {
            "topic": topic.title,
            "site": settings.NEWSROOM_SITE_NAME,
        }


class ArticleAtomFeed(ArticleFeed):
    feed_type = ArticleAtomGenerator


class SectionAtomFeed(SectionFeed):
    feed_type = ArticleAtomGenerator


class TagAtomFeed(TagFeed):
    feed_type = ArticleAtomGenerator
