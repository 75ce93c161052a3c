"""The columns of the desk's article list, made to be read at a glance at 1024 px and up:
a thumbnail, the headline (wide), section and byline, the status as a labelled colour, the
publication time, and the last change with who made it."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from reversion.models import Version

from articles.models import Article
from desk.admin.images import image_thumbnail

THUMBNAIL_WIDTH = 64


def compact(value):
    """`4 Des 2026 14.30`: a moment, short enough for a column."""
    return date_format(timezone.localtime(value), "j M Y H.i")


def moment(value):
    """A moment in a column: the day above its time."""
    local = timezone.localtime(value)
    day = "j M" if local.year == timezone.localtime().year else "j M Y"
    return format_html(
        '<time datetime="{}">{}<span class="desk-list-time">{}</span></time>',
        value.isoformat(),
        date_format(local, day),
        date_format(local, "H.i"),
    )


def last_changed_by(using):
    """Who saved the article's latest version (its username): for each row of a page, one
    probe of reversion's (db, content type, object id, revision) index, newest first."""
    versions = Version.objects.filter(
        db=using,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=Cast(OuterRef("pk"), CharField()),
    )
    return Subquery(versions.order_by("-revision_id").values("revision__user__username")[:1])


def state_key(article):
    """The status's key for its colour: draft, review, scheduled, published, taken-down."""
    if article.taken_down_at:
        return "taken-down"
    return "scheduled" if article.is_scheduled else article.status


class ArticleColumnsMixin:
    list_display = [
        "thumbnail",
        "title",
        "section_and_byline",
        "status_label",
        "publication",
        "last_change",
    ]
    list_display_links = ["title"]
    list_select_related = ["section", "featured_image"]

    def get_queryset(self, request):
        articles = super().get_queryset(request)
        match = request.resolver_match
        if match is not None and match.url_name == "articles_article_changelist":
            articles = articles.annotate(last_changed_by=last_changed_by(articles.db))
        return articles

    @admin.display(description=_("picture"))
    def thumbnail(self, article):
        if article.featured_image is None:
            return ""
        return image_thumbnail(article.featured_image, width=THUMBNAIL_WIDTH)

    @admin.display(description=_("section and authors"), ordering="section__position")
    def section_and_byline(self, article):
        authors = ", ".join(author.name for author in article.authors.all())
        return format_html(
            '<span class="desk-list-section">{}</span><span class="desk-list-byline">{}</span>',
            article.section.name if article.section else "—",
            authors,
        )

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, article):
        labels = [(state_key(article), article.state_label)]
        if article.kind != article.Kind.NEWS:
            labels.append(("kind", article.get_kind_display()))
        if article.unverified:
            labels.append(("unverified", _("Unverified")))
        rows = format_html_join("", '<span class="desk-label desk-label--{}">{}</span>', labels)
        if article.embargo_until:
            embargo = _("embargo until %(time)s") % {"time": compact(article.embargo_until)}
            rows = format_html('{}<span class="desk-list-byline">{}</span>', rows, embargo)
        return rows

    @admin.display(description=_("publication time"), ordering="published_at")
    def publication(self, article):
        if article.published_at is None:
            return "—"
        return moment(article.published_at)

    @admin.display(
        description=pgettext_lazy("article list column", "changed"), ordering="updated_at"
    )
    def last_change(self, article):
        return format_html(
            '{}<span class="desk-list-byline">{}</span>',
            moment(article.updated_at),
            getattr(article, "last_changed_by", None) or "—",
        )
