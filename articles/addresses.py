"""Addresses of public pages by slug, worked out once per slug.

A list page links to sixty or more articles, sections, tags and authors; `reverse()` walks the
URL patterns each time (about 30 µs). The address of a slug never changes while the URL
patterns and the script prefix stay the same, so it is remembered, bounded, per process.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse


def address(viewname, slug):
    """`reverse(viewname, args=[slug])`, remembered."""
    return _address(viewname, slug, get_script_prefix(), get_urlconf())


@lru_cache(maxsize=50_000)
def _address(viewname, slug, script_prefix, urlconf):
    return reverse(viewname, args=[slug], urlconf=urlconf)


@receiver(setting_changed)
def _forget_on_new_patterns(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _address.cache_clear()
