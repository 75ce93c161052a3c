"""The content model. Each module holds one subject; everything is importable from here."""

from .article import Article, ArticleKind, ArticleStatus
from .autosaves import Autosave
from .embeds import Embed
from .frontpage import BreakingNews, EditorsPick, FrontPage
from .galleries import GalleryItem, photo_count
from .images import Image, image_upload_to
from .integrity import Correction, CorrectionKind, PreviewLink
from .links import RelatedLink, SlugRedirect
from .live import LiveReport, LiveUpdate
from .notes import Note, Notification, NotificationKind
from .pages import StaticPage
from .querysets import SEARCH_COLUMNS, ArticleQuerySet
from .readership import ViewCount, most_read
from .slugs import unique_slug
from .subscriptions import FeedSubscription, IncomingEntry
from .taxonomy import Author, Byline, Section, Source, SourceKind, Tag
from .topics import Topic, TopicArticle, TopicOrder
from .webhooks import WebhookDelivery, WebhookEndpoint, WebhookEvent
from .working_copies import ArticleWorkingCopy

__all__ = [
    "SEARCH_COLUMNS",
    "Article",
    "ArticleKind",
    "ArticleQuerySet",
    "ArticleStatus",
    "ArticleWorkingCopy",
    "Author",
    "Autosave",
    "BreakingNews",
    "Byline",
    "Correction",
    "CorrectionKind",
    "FeedSubscription",
    "EditorsPick",
    "Embed",
    "FrontPage",
    "GalleryItem",
    "Image",
    "IncomingEntry",
    "LiveReport",
    "LiveUpdate",
    "Note",
    "Notification",
    "NotificationKind",
    "PreviewLink",
    "RelatedLink",
    "Section",
    "SlugRedirect",
    "Source",
    "SourceKind",
    "StaticPage",
    "Tag",
    "Topic",
    "TopicArticle",
    "TopicOrder",
    "ViewCount",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
    "image_upload_to",
    "most_read",
    "photo_count",
    "unique_slug",
]
