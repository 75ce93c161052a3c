"""The content model. Each module holds one subject; everything is importable from here."""

from .article import Article, ArticleKind, ArticleStatus
from .images import Image, image_upload_to
from .integrity import Correction, CorrectionKind, PreviewLink
from .links import RelatedLink, SlugRedirect
from .pages import StaticPage
from .querysets import SEARCH_COLUMNS, ArticleQuerySet
from .slugs import unique_slug
from .subscriptions import FeedSubscription
from .taxonomy import Author, Byline, Section, Source, SourceKind, Tag

__all__ = [
    "SEARCH_COLUMNS",
    "Article",
    "ArticleKind",
    "ArticleQuerySet",
    "ArticleStatus",
    "Author",
    "Byline",
    "Correction",
    "CorrectionKind",
    "FeedSubscription",
    "Image",
    "PreviewLink",
    "RelatedLink",
    "Section",
    "SlugRedirect",
    "Source",
    "SourceKind",
    "StaticPage",
    "Tag",
    "image_upload_to",
    "unique_slug",
]
