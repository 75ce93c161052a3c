"""Indeks: every published article of one day, in the publication's time zone (WIB for a
Jakarta newsroom), newest first, by section if the reader asks, a page of 50 at a time.

`/indeks/` is today; `/indeks/YYYY/MM/DD/` any day from the first published article's to
today; other days are not found. The date picker is a plain GET form to `/indeks/`, which
sends the reader on to the day's address, so it works without JavaScript.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from articles import dates
from articles.models import Article
from caching.fragments import cached
from caching.keys import PUBLISHED
from caching.paginators import CachedCountPaginator
from readers.context_processors import menu_sections


class DayForm(forms.Form):
    """The day and section a reader asks the Indeks for."""

    tanggal = forms.DateField(label=_("Date"), required=False, input_formats=["%Y-%m-%d"])
    rubrik = forms.ChoiceField(label=_("Section"), required=False)

    def __init__(self, *args, sections=(), first_day=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rubrik"].choices = [("", _("All sections"))] + [
            (section.slug, section.name) for section in sections
        ]
        self.first_day, self.today = first_day, today

    def clean_tanggal(self):
        day = self.cleaned_data["tanggal"]
        if day is not None and not is_listed_day(day, self.first_day, self.today):
            raise ValidationError(
                _("Choose a day from %(first)s to %(today)s."),
                code="out_of_range",
                params={
                    "first": (self.first_day or self.today).isoformat(),
                    "today": self.today.isoformat(),
                },
            )
        return day


def is_listed_day(day, first_day, today):
    """Whether the Indeks has a page for `day`: none before the first article, none ahead."""
    return (first_day or today) <= day <= today


def day_bounds(day):
    """The first instant of `day` and of the next one, in the current time zone."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(1), datetime.time.min)
    )
    return start, end


class DayIndexView(ListView):
    template_name = "articles/day_index.html"
    context_object_name = "articles"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        self.today = timezone.localdate()
        self.first_day = cached(
            request, "first-published-day", self.first_published_day, keys=[PUBLISHED]
        )
        self.sections = menu_sections(request)
        self.form = DayForm(
            request.GET, sections=self.sections, first_day=self.first_day, today=self.today
        )
        valid = self.form.is_valid()
        if "year" in kwargs:
            self.day = self.day_asked(kwargs)
        elif valid and self.form.cleaned_data["tanggal"]:
            return HttpResponseRedirect(self.day_url(self.form.cleaned_data["tanggal"]))
        else:
            self.day = self.today
        return super().get(request, *args, **kwargs)

    def first_published_day(self):
        first = (
            Article.objects.published()
            .order_by("published_at")
            .values_list("published_at", flat=True)[:1]
        )
        return timezone.localdate(first[0]) if first else None

    def day_asked(self, kwargs):
        try:
            day = datetime.date(int(kwargs["year"]), int(kwargs["month"]), int(kwargs["day"]))
        except ValueError as error:
            raise Http404(_("There is no such day.")) from error
        if not is_listed_day(day, self.first_day, self.today):
            raise Http404(_("The index has no page for that day."))
        return day

    def day_url(self, day, **query):
        """The address of `day`'s index, with the section (and `query`) the reader chose."""
        url = reverse(
            "articles:indeks-day",
            kwargs={
                "year": f"{day.year:04d}",
                "month": f"{day.month:02d}",
                "day": f"{day.day:02d}",
            },
        )
        section = self.section()
        query = {"rubrik": section, **query} if section else query
        return f"{url}?{urlencode(query)}" if query else url

    def section(self):
        """The slug of the section asked for and found, or ""."""
        return self.form.cleaned_data.get("rubrik", "")

    def get_queryset(self):
        if "rubrik" in self.form.errors:
            # A section that is not one: its error shows, and no list passes for it.
            return Article.objects.none()
        start, end = day_bounds(self.day)
        articles = Article.objects.published().filter(published_at__gte=start, published_at__lt=end)
        if section := self.section():
            articles = articles.filter(section__slug=section)
        return articles.for_listing().latest_first()

    def get_paginator(self, queryset, per_page, **kwargs):
        key = f"indeks:{self.day.isoformat()}?{self.section()}"
        # A day gains or loses an article only when one enters, leaves or moves in the news.
        return CachedCountPaginator(
            queryset, per_page, request=self.request, key=key, keys=[PUBLISHED], **kwargs
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        one_day = datetime.timedelta(days=1)
        previous_day, next_day = self.day - one_day, self.day + one_day
        return context | {
            "day": self.day,
            "is_today": self.day == self.today,
            "form": self.form,
            "first_day": self.first_day or self.today,
            "today": self.today,
            "previous_url": self.day_url(previous_day)
            if is_listed_day(previous_day, self.first_day, self.today)
            else "",
            "next_url": self.day_url(next_day)
            if is_listed_day(next_day, self.first_day, self.today)
            else "",
            "page_range": page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            )
            if page is not None
            else [],
            "section": self.section(),
            "page_name": _("News index, %(day)s") % {"day": dates.long_date(self.day)},
        }
