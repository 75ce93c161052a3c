"""Unique slugs for titles."""

from django.utils.text import slugify


def unique_slug(model, text, *, exclude_pk=None, max_length=None, reserved=(), redirects=None):
    """A slug for `text` that no other row of `model` uses yet (`-2`, `-3`... appended).

    `reserved` slugs count as used too: rows about to be written together (bulk_create);
    so do the old slugs of `redirects`, a queryset of other articles' old addresses.
    """
    max_length = max_length or model._meta.get_field("slug").max_length
    base = slugify(text)[: max_length - 8].strip("-") or "artikel"
    others = model._default_manager.exclude(pk=exclude_pk) if exclude_pk else model._default_manager
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    taken.update(reserved)
    if redirects is not None:
        taken.update(redirects.filter(old_slug__startswith=base).values_list("old_slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug
