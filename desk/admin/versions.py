"""An article's saved versions at the desk: its history, comparing two, restoring one.

Every save in the desk keeps a version (django-reversion). Anyone who may see an article
may read its history and compare two versions; restoring an old version, or an article
that was deleted, is an editor's job, and goes through `ArticleVersionAdmin.restore`.
"""

from functools import partial

import reversion
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles.models import (
    SEARCH_COLUMNS,
    Article,
    ArticleWorkingCopy,
    Byline,
    GalleryItem,
    RelatedLink,
)
from desk.admin.history import compare_versions

# Revisions keep the article with its “Baca Juga” links, its bylines (the authors in their
# order, which a relation with a model of its own keeps out of the article's version) and
# its gallery; the search columns are derived data.
reversion.register(RelatedLink)
reversion.register(Byline)
reversion.register(GalleryItem)
reversion.register(
    Article, follow=["related_links", "bylines", "gallery_items"], exclude=SEARCH_COLUMNS
)
# Each save of an unpublished change, listed in the history beside the published versions
# (its id is the article's, so its saves are found after it was published or discarded).
reversion.register(ArticleWorkingCopy)


def working_copy_saves(article_id):
    """The saves of the article's unpublished changes, newest first: `(version, fields)`."""
    versions = (
        Version.objects.get_for_object_reference(ArticleWorkingCopy, article_id)
        .select_related("revision__user")
        .order_by("-pk")
    )
    saves = []
    for version in versions:
        fields = version.field_dict
        status = ArticleWorkingCopy.Status(fields.get("status") or "draft")
        saves.append((version, fields.get("fields", {}).get("title", ""), status.label))
    return saves


class ArticleVersionAdmin(VersionAdmin):
    """Reversion's admin for articles: the history lists versions to compare or restore."""

    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"

    def has_restore_permission(self, request):
        """Restoring old versions and deleted articles is an editor's job."""
        return request.user.has_perm(Article.PUBLISH_PERMISSION)

    def get_urls(self):
        compare = self.admin_site.admin_view(self.compare_view)
        return [
            path("<path:object_id>/history/compare/", compare, name="articles_article_compare"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        context = {"has_restore_permission": self.has_restore_permission(request)}
        context |= extra_context or {}
        if request.method in ("GET", "HEAD"):
            # Reversion opens a revision (a transaction) for the list's bulk edits and
            # actions; a list only read needs none.
            context["has_change_permission"] = self.has_change_permission(request)
            return admin.ModelAdmin.changelist_view(self, request, context)
        return super().changelist_view(request, context)

    def history_view(self, request, object_id, extra_context=None):
        # The template lists versions newest first, with the ids the compare form sends;
        # reversion's own list, which the parent builds too (one query), has no version ids.
        versions = (
            Version.objects.get_for_object_reference(self.model, unquote(object_id))
            .select_related("revision__user")
            .order_by("-pk")
        )
        context = {
            "versions": versions,
            "working_copy_saves": working_copy_saves(unquote(object_id)),
            "has_restore_permission": self.has_restore_permission(request),
        }
        return super().history_view(request, object_id, context | (extra_context or {}))

    def compare_view(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = Version.objects.get_for_object(article).select_related("revision")
        try:
            older = versions.get(pk=int(request.GET.get("older", "")))
            newer = versions.get(pk=int(request.GET.get("newer", "")))
        except (ValueError, Version.DoesNotExist):
            raise Http404 from None
        if older.pk > newer.pk:
            older, newer = newer, older
        context = self.admin_site.each_context(request) | {
            "title": _("Compare versions"),
            "opts": self.opts,
            "original": article,
            "older": older,
            "newer": newer,
            "rows": compare_versions(older, newer),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    # Restoring: one way for an old version and for a deleted article.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        revert = partial(super().revision_view, request, object_id, version_id, extra_context)
        return self.restore(request, revert, object_id)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        recover = partial(super().recover_view, request, version_id, extra_context)
        return self.restore(request, recover)

    def restore(self, request, reversion_view, object_id=None):
        """Restore a version for an editor: call `reversion_view` in one transaction.

        `reversion_view` is reversion's revision or recover view with its arguments given;
        `object_id` is the article's, when it still exists. A version brings back the text and
        details, not what happened to the article since: a takedown stays as it is, and the
        address the article had keeps answering.
        """
        if not self.has_restore_permission(request):
            raise PermissionDenied
        with transaction.atomic():
            before = None if object_id is None else self.get_object(request, unquote(object_id))
            response = reversion_view()
            if before is not None and request.method == "POST" and response.status_code == 302:
                # A takedown is no part of the text: restoring an old version leaves it as it is.
                Article.objects.filter(pk=before.pk).update(
                    taken_down_at=before.taken_down_at, takedown_reason=before.takedown_reason
                )
                # Reversion writes the old row directly; keep the address it had answering.
                restored = Article.objects.get(pk=before.pk)
                if restored.slug != before.slug:
                    restored.slug_renamed(before.slug)
        return response
