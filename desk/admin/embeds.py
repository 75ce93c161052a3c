"""Embeds in the desk: an editor pastes an address; the desk asks its provider (oEmbed, through
the safe fetcher) and keeps what it says. The body editor inserts one through `paste/`
(`admin-desk/embed-node.js`), which answers with the embed's id for our own markup."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from articles import oembed
from articles.models import Embed
from desk.admin.images import image_thumbnail


class EmbedForm(forms.ModelForm):
    url = forms.URLField(label=_("address"), max_length=500, assume_scheme="https")

    class Meta:
        model = Embed
        fields = ["url"]

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        oembed.match(url)
        existing = Embed.objects.filter(url=url).exclude(pk=self.instance.pk).first()
        if existing is not None:
            raise ValidationError(
                _("This address is embedded already: %(title)s") % {"title": existing}
            )
        return url

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("url") and not self.errors:
            try:
                self.facts = oembed.answer(cleaned["url"])
            except ValidationError as error:
                self.add_error("url", error)
        return cleaned


def resolved(user_url):
    """An embed of `user_url`: the one kept already, resolved now if it was not."""
    url = user_url.strip()
    oembed.match(url)
    embed = Embed.objects.filter(url=url).first() or oembed.unresolved(url)
    if embed.fetched_at is None:
        oembed.resolve(embed)
    return embed


@admin.register(Embed)
class EmbedAdmin(admin.ModelAdmin):
    form = EmbedForm
    list_display = ["picture", "__str__", "provider", "author_name", "fetched_at", "created_at"]
    list_display_links = ["picture", "__str__"]
    list_filter = ["provider"]
    search_fields = ["title", "url", "author_name"]
    readonly_fields = ["provider", "title", "author_name", "picture", "fetched_at", "markup"]
    actions = ["fetch_from_provider"]

    def get_fields(self, request, obj=None):
        return ["url", *(self.readonly_fields if obj else [])]

    def save_model(self, request, obj, form, change):
        if hasattr(form, "facts"):
            oembed.apply(obj, form.facts)
        else:
            super().save_model(request, obj, form, change)

    @admin.display(description=_("thumbnail"))
    def picture(self, embed):
        return image_thumbnail(embed.thumbnail, width=120)

    @admin.display(description=_("markup for the body"))
    def markup(self, embed):
        return f'<figure data-embed="{embed.pk}"></figure>'

    @admin.action(description=_("Fetch title and thumbnail from the provider"))
    def fetch_from_provider(self, request, queryset):
        done = 0
        for embed in queryset:
            try:
                oembed.resolve(embed)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{embed.url}: {error.messages[0]}", messages.ERROR)
        if done:
            self.message_user(
                request,
                ngettext("%(count)d embed fetched.", "%(count)d embeds fetched.", done)
                % {"count": done},
            )

    def get_urls(self):
        paste = self.admin_site.admin_view(require_POST(self.paste_view))
        return [path("paste/", paste, name="articles_embed_paste"), *super().get_urls()]

    def paste_view(self, request):
        """The body editor's "insert embed": an address in, the embed (or why not) out."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        try:
            embed = resolved(request.POST.get("url", ""))
        except ValidationError as error:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        return JsonResponse(
            {
                "id": embed.pk,
                "title": embed.title,
                "provider": embed.provider_name,
                "url": embed.url,
            }
        )
