"""Topics (Topik Pilihan, Liputan Khusus): one story followed for weeks, in the order editors
give its articles or newest first, open while the coverage goes on and closed after."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.addresses import address

from .article import Article
from .images import Image


class TopicOrder(models.TextChoices):
    NEWEST = "newest", _("Newest first")
    EDITED = "edited", _("In the editors' order")


class Topic(models.Model):
    Order = TopicOrder

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Plain text; an empty line starts a paragraph.")
    )
    image = models.ForeignKey(
        Image, verbose_name=_("picture"), null=True, blank=True, on_delete=models.SET_NULL
    )
    order = models.CharField(
        _("order"), max_length=10, choices=TopicOrder.choices, default=TopicOrder.NEWEST
    )
    is_open = models.BooleanField(
        # An open topic goes on; a closed one is coverage that ended (it stays readable).
        pgettext_lazy("a topic's coverage goes on", "open"),
        default=True,
        help_text=_("Untick when the coverage has ended: the page says so."),
    )
    on_home_page = models.BooleanField(_("on the home page"), default=False)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Topics with a lower number come first.")
    )
    articles = models.ManyToManyField(
        Article, through="TopicArticle", related_name="topics", verbose_name=_("articles")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "-created_at"]
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="topic_has_title")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return address("articles:topic", self.slug)

    def paragraphs(self):
        return [part.strip() for part in self.introduction.split("\n\n") if part.strip()]

    def published_articles(self):
        """Its published articles in its order: the editors' (then newest), or newest first."""
        articles = Article.objects.published().filter(topic_entries__topic=self)
        if self.order == TopicOrder.EDITED:
            return articles.order_by("topic_entries__position", "-published_at", "-pk")
        return articles.latest_first()


class TopicArticle(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="entries")
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="topic_entries"
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("article in the topic")
        verbose_name_plural = _("articles in the topic")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "article"], name="topic_article_once")
        ]

    def __str__(self):
        return str(self.article)
