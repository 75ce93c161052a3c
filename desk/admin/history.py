"""Comparing two saved versions of an article, for the desk's history."""

import difflib
import re

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import dates, html
from articles.models import (
    Article,
    Author,
    RelatedLink,
    Section,
    Tag,
)

# Words and the spaces between them, so a diff keeps line breaks where they were.
_WORDS = re.compile(r"(\s+)")
COMPARED_FIELDS = [
    "title",
    "slug",
    "lead",
    "dateline",
    "status",
    "published_at",
    "section",
    "authors",
    "tags",
    "body",
]


def compare_versions(older, newer):
    """The article fields that differ between two versions, each with a word-level diff."""
    rows = []
    for name in COMPARED_FIELDS:
        field = Article._meta.get_field(name)
        before = _readable(name, older.field_dict.get(field.attname))
        after = _readable(name, newer.field_dict.get(field.attname))
        if before != after:
            rows.append((field.verbose_name, word_diff(before, after)))
    before, after = _links_text(older), _links_text(newer)
    if before != after:
        rows.append((RelatedLink._meta.verbose_name_plural, word_diff(before, after)))
    return rows


def _readable(name, value):
    match name:
        case "status":
            return Article.Status(value).label if value else ""
        case "published_at":
            return dates.long_datetime(value)
        case "section":
            return str(Section.objects.filter(pk=value).first() or "")
        case "authors":
            return ", ".join(
                Author.objects.filter(pk__in=value or []).values_list("name", flat=True)
            )
        case "tags":
            return ", ".join(Tag.objects.filter(pk__in=value or []).values_list("name", flat=True))
        case "body":
            return "\n".join(html.strip_tags(block) for block in html.split_blocks(value or ""))
    return value or ""


def _links_text(version):
    links = version.revision.version_set.get_for_model(RelatedLink)
    lines = []
    for link in sorted(links, key=lambda v: (v.field_dict["position"] or 0, v.field_dict["order"])):
        fields = link.field_dict
        target = Article.objects.filter(pk=fields["target_id"]).first()
        where = fields["position"] or "–"
        lines.append(f"{where}: {fields['title'] or target or fields['url']}")
    return "\n".join(lines)


def word_diff(before, after):
    """`before` to `after` as escaped HTML, removed words in <del>, added ones in <ins>."""
    old_words, new_words = _WORDS.split(str(before)), _WORDS.split(str(after))
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(("{}", "".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            parts.append(("<del>{}</del>", "".join(old_words[a1:a2])))
        if b2 > b1:
            parts.append(("<ins>{}</ins>", "".join(new_words[b1:b2])))
    return mark_safe("".join(format_html(template, text) for template, text in parts))  # noqa: S308 -- every part escaped by format_html
