"""Live reports in the desk: start one on an article, add its updates from a compact form in a
few seconds (without opening the article), close it."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import html
from articles.models import Article, LiveReport, LiveUpdate
from desk.admin.embeds import resolved

RECENT_UPDATES = 10


class LiveUpdateForm(forms.ModelForm):
    article = forms.ModelChoiceField(
        label=_("Live report"),
        queryset=Article.objects.without_search_columns().filter(
            live_report__isnull=False, live_report__closed_at__isnull=True
        ),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text: a blank line starts a new paragraph."),
    )
    embed_url = forms.URLField(
        label=_("Embed address"),
        required=False,
        assume_scheme="https",
        help_text=_("A YouTube, Instagram, X, TikTok, Facebook, Spotify or SoundCloud address."),
    )

    class Meta:
        model = LiveUpdate
        fields = ["article", "title", "body", "pinned", "image", "embed_url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Kept when its report has closed since: an update can be corrected after.
            self.fields["article"].queryset = Article.objects.filter(pk=self.instance.article_id)
            if self.instance.embed_id:
                self.fields["embed_url"].initial = self.instance.embed.url
            # The text as it was typed: its paragraphs, a blank line between each.
            blocks = html.split_blocks(self.instance.body)
            self.initial["body"] = "\n\n".join(html.strip_tags(block) for block in blocks)

    def clean_body(self):
        # Typed as plain text: a "<" is a less-than sign, never markup.
        return html.paragraphs_from_text(self.cleaned_data["body"])

    def clean(self):
        cleaned = super().clean()
        url = cleaned.get("embed_url")
        if url and "embed_url" not in self.errors:
            try:
                self.instance.embed = resolved(url)
            except ValidationError as error:
                self.add_error("embed_url", error)
        elif not url:
            self.instance.embed = None
        return cleaned


@admin.register(LiveReport)
class LiveReportAdmin(admin.ModelAdmin):
    list_display = ["article", "started_at", "closed_at"]
    list_select_related = ["article"]
    raw_id_fields = ["article"]
    actions = ["close"]

    @admin.action(description=_("Close the selected live reports"))
    def close(self, request, queryset):
        closed = 0
        for report in queryset.filter(closed_at=None):
            report.close()
            closed += 1
        self.message_user(
            request,
            ngettext("%(count)d live report closed.", "%(count)d live reports closed.", closed)
            % {"count": closed},
        )


@admin.register(LiveUpdate)
class LiveUpdateAdmin(admin.ModelAdmin):
    form = LiveUpdateForm
    list_display = ["__str__", "article", "created_at", "pinned"]
    list_filter = ["pinned"]
    list_select_related = ["article"]
    raw_id_fields = ["image"]
    change_form_template = "admin/articles/liveupdate/change_form.html"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.created_at = timezone.now()
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id:
            found = LiveUpdate.objects.filter(pk=object_id).values_list("article_id", flat=True)
            article_id = str(found.first() or "")
        else:
            article_id = request.POST.get("article") or request.GET.get("article") or ""
        article = (
            Article.objects.filter(pk=article_id).select_related("live_report").first()
            if article_id.isdigit()
            else None
        )
        recent = (
            list(article.live_updates.order_by("-created_at")[:RECENT_UPDATES]) if article else []
        )
        extra = {"live_article": article, "recent_updates": recent, **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, extra)

    def response_add(self, request, obj, post_url_continue=None):
        """Back to an empty form for the same report, with the update added listed."""
        self.message_user(request, _("The update is on the live report."))
        return HttpResponseRedirect(
            f"{reverse('admin:articles_liveupdate_add')}?{urlencode({'article': obj.article_id})}"
        )
