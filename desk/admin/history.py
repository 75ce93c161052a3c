"""Comparing two saved versions of an article, for the desk's history."""

import difflib
import re
from collections import defaultdict

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from reversion.models import Version

from articles import dates, html
from articles.models import (
    Article,
    Author,
    Byline,
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
    """The article fields that differ between two versions, each with a word-level diff.

    The names of sections, authors, tags and linked articles are read in one query per
    model, however many the versions name.
    """
    links = _saved(RelatedLink, older, newer)
    bylines = _saved(Byline, older, newer)
    older_fields, newer_fields = _article_fields(older, bylines), _article_fields(newer, bylines)
    older_links, newer_links = links[older.revision_id], links[newer.revision_id]
    names = _names([older_fields, newer_fields], [*older_links, *newer_links])
    rows = []
    for name in COMPARED_FIELDS:
        field = Article._meta.get_field(name)
        before = _readable(name, older_fields.get(field.attname), names)
        after = _readable(name, newer_fields.get(field.attname), names)
        if before != after:
            rows.append((field.verbose_name, word_diff(before, after)))
    before, after = _links_text(older_links, names), _links_text(newer_links, names)
    if before != after:
        rows.append((RelatedLink._meta.verbose_name_plural, word_diff(before, after)))
    return rows


def _saved(model, *versions):
    """The rows of `model` (links, bylines) saved with each version, as field dicts by
    revision id."""
    saved = Version.objects.get_for_model(model).filter(
        revision_id__in=[version.revision_id for version in versions]
    )
    rows = defaultdict(list)
    for row in saved:
        rows[row.revision_id].append(row.field_dict)
    return rows


def _article_fields(version, bylines):
    """The article's field dict in `version`, its `authors` in byline order.

    Versions keep the bylines as rows of their own; those saved before bylines had an order
    kept the authors' ids in the article's own version, in the order of their names.
    """
    fields = dict(version.field_dict)
    if "authors" not in fields:
        article_id = int(version.object_id)
        own = [row for row in bylines[version.revision_id] if row["article_id"] == article_id]
        own.sort(key=lambda row: (row["position"] is None, row["position"] or 0, row["id"]))
        fields["authors"] = [row["author_id"] for row in own]
    return fields


def _names(articles, links):
    """What the field dicts of `articles` and `links` refer to: by field, each id's name.

    One query per model; tags come in the model's order, the diff's order (authors come in
    the byline's).
    """
    sections = {fields.get("section_id") for fields in articles} - {None}
    authors = {pk for fields in articles for pk in fields.get("authors") or []}
    tags = {pk for fields in articles for pk in fields.get("tags") or []}
    targets = {fields["target_id"] for fields in links} - {None}
    return {
        "section": Section.objects.in_bulk(sections),
        "authors": dict(Author.objects.filter(pk__in=authors).values_list("pk", "name")),
        "tags": dict(Tag.objects.filter(pk__in=tags).values_list("pk", "name")),
        "target": Article.objects.only("title").in_bulk(targets),
    }


def _readable(name, value, names):
    match name:
        case "status":
            return Article.Status(value).label if value else ""
        case "published_at":
            return dates.long_datetime(value)
        case "section":
            return str(names["section"].get(value, ""))
        case "authors":
            return ", ".join(names[name][pk] for pk in value or [] if pk in names[name])
        case "tags":
            chosen = set(value or [])
            return ", ".join(text for pk, text in names[name].items() if pk in chosen)
        case "body":
            return "\n".join(html.strip_tags(block) for block in html.split_blocks(value or ""))
    return value or ""


def _links_text(links, names):
    lines = []
    for fields in sorted(links, key=lambda fields: (fields["position"] or 0, fields["order"])):
        target = names["target"].get(fields["target_id"])
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
