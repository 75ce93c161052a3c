"""What crawlers, feed readers and social networks read in a page's head.

JSON-LD, Open Graph and Twitter tags for articles; robots rules and feed links for lists; and
the change times that feeds and sitemaps report, so every consumer is told the same dates.
"""

from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.db.models import Max
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from PIL import Image as PillowImage

from articles.models import Section, Tag
from distribution import live

# Lists are indexed up to this page. Deeper pages shift with every new article and only repeat
# links the sitemaps already give crawlers; "follow" keeps their links crawled all the same.
INDEXED_LIST_PAGES = 5


def iso_datetime(value):
    """ISO 8601 in the site's time zone: `2020-10-03T08:15:00+07:00`."""
    return timezone.localtime(value).isoformat(timespec="seconds")


def modified_at(article):
    """When readers last saw the article change.

    An article scheduled after its last edit first appears at `published_at`, later than
    `updated_at`; reporting the earlier time would make caches and crawlers miss it.
    A correction or reply added, edited or removed moves `updated_at` on as well.
    """
    return max(article.updated_at, article.published_at)


def last_change(articles):
    """The latest `modified_at` among `articles`, in one aggregate query; None when empty."""
    times = articles.aggregate(updated=Max("updated_at"), published=Max("published_at"))
    return max(filter(None, times.values()), default=None)


def _image_objects(request, image):
    """The picture at every stored size, largest first: the original, then its renditions."""
    sizes = [(image.file.url, image.width, image.height)]
    sizes += [
        (default_storage.url(r["fallback"]), r["width"], r["height"])
        for r in reversed(image.renditions)
        if r["width"] < (image.width or 0)
    ]
    return [
        {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(url),
            "width": width,
            "height": height,
            "caption": image.caption or image.alt_text,
        }
        for url, width, height in sizes
    ]


@lru_cache(maxsize=16)
def static_image_size(path):
    """`(width, height)` of the picture at `path` under static/, read once per process."""
    found = finders.find(path)
    file = open(found, "rb") if found else staticfiles_storage.open(path)  # noqa: SIM115
    with file, PillowImage.open(file) as picture:
        return picture.size


def _static_image_object(request, path):
    width, height = static_image_size(path)
    return {
        "@type": "ImageObject",
        "url": request.build_absolute_uri(static(path)),
        "width": width,
        "height": height,
    }


def default_images(request):
    """The publication's own picture (NEWSROOM_DEFAULT_IMAGE), at each of its crops."""
    return [_static_image_object(request, path) for path in settings.NEWSROOM_DEFAULT_IMAGE]


def publisher(request):
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": request.build_absolute_uri(reverse("articles:home")),
        "logo": _static_image_object(request, settings.NEWSROOM_LOGO),
    }


def news_article(request, article, tags, live_report=None, live_updates=()):
    """schema.org `NewsArticle` for the article page; `tags` are the article's tags. A live
    report's is a `LiveBlogPosting` (`distribution.live`)."""
    url = request.build_absolute_uri(article.get_absolute_url())
    authors = [
        {"@type": "Person", "name": a.name, "url": request.build_absolute_uri(a.get_absolute_url())}
        for a in article.authors.all()
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": iso_datetime(article.published_at),
        "dateModified": iso_datetime(modified_at(article)),
        "inLanguage": article.language,
        # Without a byline the publication itself is the author, as Google asks for one.
        "author": authors or [publisher(request)],
        "publisher": publisher(request),
        "keywords": [tag.name for tag in tags],
    }
    if article.lead:
        data["description"] = article.lead
    if article.section:
        data["articleSection"] = article.section.name
    # Google shows no picture, or none large, with an article without one.
    if article.featured_image:
        data["image"] = _image_objects(request, article.featured_image)
    else:
        data["image"] = default_images(request)
    corrections = [entry for entry in article.corrections.all() if entry.is_correction]
    if corrections:
        # Each one also moved `updated_at` on, so dateModified is never older than the last.
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": entry.text,
                "datePublished": iso_datetime(entry.created_at),
            }
            for entry in corrections
        ]
    if live_report is not None:
        data = live.live_blog(request, url, data, live_report, live_updates, iso_datetime)
    return data


def collection_page(request, name):
    """schema.org `CollectionPage` of a page that gathers articles (the Indeks of a day)."""
    return {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": name,
        "url": request.build_absolute_uri(request.path),
        "inLanguage": get_language(),
        "isPartOf": {
            "@type": "WebSite",
            "name": settings.NEWSROOM_SITE_NAME,
            "url": request.build_absolute_uri(reverse("articles:home")),
        },
        "publisher": publisher(request),
    }


def topic_item_list(request, topic, articles, first_position=1):
    """schema.org `CollectionPage` of a topic, its page of articles as an `ItemList`."""
    data = collection_page(request, topic.title)
    if topic.introduction:
        data["description"] = topic.introduction
    data["mainEntity"] = {
        "@type": "ItemList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "url": request.build_absolute_uri(article.get_absolute_url()),
                "name": article.title,
            }
            for position, article in enumerate(articles, start=first_position)
        ],
    }
    return data


def most_read_list(request, name, entries):
    """schema.org `ItemList` of the most read articles, most read first."""
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": str(name),
        "itemListOrder": "https://schema.org/ItemListOrderDescending",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "url": request.build_absolute_uri(article.get_absolute_url()),
                "name": article.title,
            }
            for position, (article, _views) in enumerate(entries, start=1)
        ],
    }


def breadcrumbs(request, article):
    """schema.org `BreadcrumbList`: home, the article's section, the article."""
    trail = [(_("Home"), reverse("articles:home"))]
    if article.section:
        trail.append((article.section.name, article.section.get_absolute_url()))
    trail.append((article.title, article.get_absolute_url()))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": request.build_absolute_uri(url),
            }
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def sharing_tags(request, article, tags):
    """`(attribute, name, content)` of each Open Graph and Twitter card `<meta>` tag."""
    image = article.featured_image
    og = [
        ("og:type", "article"),
        ("og:site_name", settings.NEWSROOM_SITE_NAME),
        ("og:title", article.title),
        ("og:description", article.lead),
        ("og:url", request.build_absolute_uri(article.get_absolute_url())),
    ]
    if image:
        og += [
            ("og:image", request.build_absolute_uri(image.file.url)),
            ("og:image:width", image.width),
            ("og:image:height", image.height),
            ("og:image:alt", image.alt_text),
        ]
    og += [
        ("article:published_time", iso_datetime(article.published_at)),
        ("article:modified_time", iso_datetime(modified_at(article))),
    ]
    if article.section:
        og.append(("article:section", article.section.name))
    og += [("article:tag", tag.name) for tag in tags]
    og += [
        ("article:author", request.build_absolute_uri(author.get_absolute_url()))
        for author in article.authors.all()
    ]
    twitter = [
        ("twitter:card", "summary_large_image" if image else "summary"),
        ("twitter:title", article.title),
        ("twitter:description", article.lead),
    ]
    if image:
        twitter += [
            ("twitter:image", request.build_absolute_uri(image.file.url)),
            ("twitter:image:alt", image.alt_text),
        ]
    return [("property", name, content) for name, content in og if content] + [
        ("name", name, content) for name, content in twitter if content
    ]


def list_robots(filterset, page_obj):
    """The robots rule of an article list, or "" for a plain list crawlers may index.

    A filtered list (`/berita/?rubrik=...`, `?urut=terlama`) repeats the plain lists in
    another order or cut, so it stays out of the index.
    """
    filtered = filterset.is_bound and any(
        filterset.form.data.get(name) for name in filterset.filters
    )
    deep = page_obj is not None and page_obj.number > INDEXED_LIST_PAGES
    return "noindex, follow" if filtered or deep else ""


def taxonomy_feeds(taxonomy):
    """`(type, title, url)` of the feeds of a section or tag; other lists have none of their own."""
    kind = {Section: "section", Tag: "tag"}.get(type(taxonomy))
    if kind is None:
        return []
    title = f"{taxonomy.name} – {settings.NEWSROOM_SITE_NAME}"
    formats = [
        ("application/rss+xml", "RSS", "feed"),
        ("application/atom+xml", "Atom", "feed-atom"),
    ]
    return [
        (mime, f"{title} ({label})", reverse(f"{kind}-{name}", args=[taxonomy.slug]))
        for mime, label, name in formats
    ]
