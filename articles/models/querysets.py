"""How articles are asked for: published, for reading, for lists, for the desk."""

from django.db import connection, models
from django.db.models import F, Func, OuterRef, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from .taxonomy import Author, Byline, Section, Source

SEARCH_COLUMNS = ("search_vector", "rank_vector")


def _photo_count():
    from .galleries import photo_count  # the gallery points at Article

    return photo_count()


def _bylines():
    """Each article's authors as its byline credits them, with what a byline shows."""
    return models.Prefetch(
        "authors", queryset=Author.objects.only("name", "slug").in_byline_order()
    )


def card_byline(article):
    """`[(id, name)]` of the authors a card credits, in byline order: read with the row by
    `for_listing()` on PostgreSQL, from the authors prefetched otherwise."""
    if hasattr(article, "byline_ids"):
        return list(zip(article.byline_ids, article.byline_names, strict=True))
    return [(author.pk, author.name) for author in article.authors.all()]


def read_credits_and_corrections(article):
    """Read the credited sources and the corrections of an article from `for_reading()`, of
    each only if its row says there are any: none is no query."""
    from .integrity import Correction  # corrections point at Article

    def wanted(flag, queryset):
        return queryset if getattr(article, flag, True) else queryset.none()

    models.prefetch_related_objects(
        [article],
        models.Prefetch(
            "credited_sources",
            queryset=wanted(
                "has_credited_sources", Source.objects.only("name", "slug", "url", "kind")
            ),
        ),
        models.Prefetch(
            "corrections", queryset=wanted("has_corrections", Correction.objects.for_reading())
        ),
    )


class ArticleQuerySet(models.QuerySet):
    def with_all_tags(self, slugs):
        """Articles carrying every one of the tags named by `slugs`.

        One grouped subquery however many tags, where a join per tag would make the query
        planner's work grow exponentially with their number.
        """
        slugs = set(slugs)
        carrying_all = (
            self.model.tags.through.objects.filter(tag__slug__in=slugs)
            .values("article_id")
            .annotate(found=models.Count("tag_id", distinct=True))
            .filter(found=len(slugs))
            .values("article_id")
        )
        return self.filter(pk__in=carrying_all)

    def without_search_columns(self):
        return self.defer(*SEARCH_COLUMNS)

    def published(self):
        """The one gate for readers: published, its time has come, and not taken down."""
        return self.filter(
            status=self.model.Status.PUBLISHED,
            published_at__lte=timezone.now(),
            taken_down_at__isnull=True,
        )

    def concerning_readers(self):
        """Articles whose changes readers see or will see: published, scheduled or taken
        down (its address says so). Drafts and review copies are the desk's alone."""
        return self.filter(status=self.model.Status.PUBLISHED)

    def scheduled(self):
        """Published articles whose time has not come yet (and that were not taken down)."""
        return self.filter(
            status=self.model.Status.PUBLISHED,
            published_at__gt=timezone.now(),
            taken_down_at__isnull=True,
        )

    def taken_down(self):
        """Articles an editor took down: gone for readers, kept for the newsroom."""
        return self.filter(taken_down_at__isnull=False)

    def at_address(self, slug):
        """Articles whose address is `slug`, or was before a rename."""
        return self.filter(Q(slug=slug) | Q(slug_redirects__old_slug=slug))

    def for_reading(self):
        """What the article page shows, in as few queries as the page has parts."""
        from .integrity import Correction  # corrections point at Article

        return (
            # A right of reply links back to the article it answers through its entry there.
            self.select_related(
                "section", "featured_image", "source", "reply_entry__article", "live_report"
            )
            .prefetch_related(_bylines())
            .defer(
                *SEARCH_COLUMNS,
                "reply_entry__article__body",
                *(f"reply_entry__article__{column}" for column in SEARCH_COLUMNS),
            )
            # Most articles are in no topic, credit no other source and have no correction:
            # then those need no query (`read_credits_and_corrections`).
            .annotate(
                photo_count=_photo_count(),
                in_a_topic=models.Exists(
                    self.model.topics.through.objects.filter(article=models.OuterRef("pk"))
                ),
                has_credited_sources=models.Exists(
                    self.model.credited_sources.through.objects.filter(
                        article=models.OuterRef("pk")
                    )
                ),
                has_corrections=models.Exists(
                    Correction.objects.filter(article=models.OuterRef("pk"))
                ),
            )
        )

    def section_fronts(self, sections, per_section=4):
        """The newest `per_section` articles of each section.

        Returns `(section, articles)` pairs in the order of `sections`, skipping empty ones.
        """
        if connection.vendor == "postgresql":
            # One query: PostgreSQL reads each section's newest few straight off its list
            # index (a subquery per section, unnested), so the cost does not grow with the
            # archive, as a window over every article would; and Django compiles one
            # subquery, not one per section as a UNION of them would need.
            from django.contrib.postgres.expressions import ArraySubquery

            newest = self.filter(section=OuterRef("pk")).latest_first().values("pk")
            ids = (
                Section.objects.filter(pk__in=[section.pk for section in sections])
                .annotate(article_id=Func(ArraySubquery(newest[:per_section]), function="unnest"))
                .values("article_id")
            )
            ranked = self.filter(pk__in=ids).order_by("section_id", "-published_at", "-pk")
        else:
            ranked = (
                self.filter(section__in=sections)
                .annotate(
                    section_rank=Window(
                        RowNumber(),
                        partition_by=F("section_id"),
                        order_by=(F("published_at").desc(), F("pk").desc()),
                    )
                )
                .filter(section_rank__lte=per_section)
                .order_by("section_id", "section_rank")
            )
        ranked = (
            ranked.select_related("featured_image")
            .only(*self.HEADLINE_FIELDS, "section_id", *self.PICTURE_FIELDS)
            .annotate(photo_count=_photo_count())
        )
        sections_by_id = {section.pk: section for section in sections}
        by_section = {}
        for article in ranked:
            article.section = sections_by_id[article.section_id]
            by_section.setdefault(article.section_id, []).append(article)
        return [(s, by_section[s.pk]) for s in sections if s.pk in by_section]

    def from_source(self, slug):
        """Articles that come from a source or credit it."""
        credited = self.model.credited_sources.through.objects.filter(source__slug=slug)
        return self.filter(Q(source__slug=slug) | Q(pk__in=credited.values("article_id")))

    def latest_first(self):
        return self.order_by("-published_at", "-pk")

    def owned_by(self, user):
        """Articles `user` created or is credited on as an author."""
        credited = self.model.authors.through.objects.filter(author__user=user)
        return self.filter(Q(created_by=user) | Q(pk__in=credited.values("article_id")))

    def on_desk_of(self, user):
        """What a member of staff works on: everything for editors, their own for writers."""
        if user.has_perm(self.model.PUBLISH_PERMISSION):
            return self
        return self.owned_by(user)

    def linkable_by(self, user):
        """Articles `user` may point a “Baca Juga” link at: published ones and their own."""
        return self.published() | self.on_desk_of(user)

    # What every list of articles shows: the headline, its address, lead, time and labels;
    # cards add the picture.
    HEADLINE_FIELDS = ("title", "slug", "lead", "published_at", "kind", "unverified")
    RESULT_FIELDS = (*HEADLINE_FIELDS, "section__name", "section__slug")
    PICTURE_FIELDS = (
        "featured_image__file",
        "featured_image__alt_text",
        "featured_image__width",
        "featured_image__height",
        "featured_image__renditions",
        "featured_image__crops",
    )

    def for_results(self):
        """What a search result shows: no picture, no byline, so no joins or queries for them."""
        return self.select_related("section").only(*self.RESULT_FIELDS)

    def for_listing(self):
        """Everything a card shows, fetched up front so a list costs the same at any length.

        The byline (`card_byline()`): on PostgreSQL its authors' ids and names as two arrays
        on each row, so a list needs no query of its own for them and builds no author per
        card; elsewhere prefetched.
        """
        listing = (
            self.select_related("section", "featured_image")
            .only(*self.RESULT_FIELDS, *self.PICTURE_FIELDS)
            # The card's “12 foto”, counted in the same query.
            .annotate(photo_count=_photo_count())
        )
        if connection.vendor != "postgresql":
            return listing.prefetch_related(_bylines())
        from django.contrib.postgres.expressions import ArraySubquery

        byline = Byline.objects.filter(article=OuterRef("pk")).order_by(*Byline._meta.ordering)
        return listing.annotate(
            byline_ids=ArraySubquery(byline.values("author_id")),
            byline_names=ArraySubquery(byline.values("author__name")),
        )
