"""What the API shows of each thing: published content only, as the pages show it.

Addresses are absolute (`url`: the reader's page; `api_url`: its JSON here). Every
serializer reads only what the views' querysets fetched, so a list costs the same queries at
any length.
"""

from django.core.files.storage import default_storage
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Article, Author, Correction, Section, Source, Tag, Topic


def absolute(request, path):
    return request.build_absolute_uri(path) if path else None


class AbsoluteURLField(serializers.URLField):
    """The object's `get_absolute_url()` as a full address."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return absolute(self.context["request"], value.get_absolute_url())


class SectionSerializer(serializers.ModelSerializer):
    url = AbsoluteURLField()

    class Meta:
        model = Section
        fields = ["id", "name", "slug", "url"]


class SectionDetailSerializer(SectionSerializer):
    class Meta(SectionSerializer.Meta):
        fields = [*SectionSerializer.Meta.fields, "description", "position"]


class TagSerializer(serializers.ModelSerializer):
    url = AbsoluteURLField()

    class Meta:
        model = Tag
        fields = ["id", "name", "slug", "url"]


class SourceSerializer(serializers.ModelSerializer):
    url = AbsoluteURLField()
    homepage = serializers.CharField(source="url", read_only=True)

    class Meta:
        model = Source
        fields = ["id", "name", "slug", "url", "homepage", "kind"]


class AuthorSerializer(serializers.ModelSerializer):
    url = AbsoluteURLField()

    class Meta:
        model = Author
        fields = ["id", "name", "slug", "url"]


class AuthorDetailSerializer(AuthorSerializer):
    class Meta(AuthorSerializer.Meta):
        fields = [*AuthorSerializer.Meta.fields, "initials", "bio"]


class RenditionSerializer(serializers.Serializer):
    width = serializers.IntegerField()
    height = serializers.IntegerField(allow_null=True)
    url = serializers.URLField(help_text="JPEG or PNG, as the original.")
    webp_url = serializers.URLField()


class ImageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField(help_text="The original file.")
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    alt_text = serializers.CharField()
    caption = serializers.CharField(allow_blank=True)
    credit = serializers.CharField(allow_blank=True)
    renditions = RenditionSerializer(many=True, help_text="Smallest first; empty until made.")

    def to_representation(self, image):
        request = self.context["request"]
        return {
            "id": image.pk,
            "url": absolute(request, image.file.url),
            "width": image.width,
            "height": image.height,
            "alt_text": image.alt_text,
            "caption": image.caption,
            "credit": image.credit,
            "renditions": [
                {
                    "width": rendition["width"],
                    "height": rendition.get("height"),
                    "url": absolute(request, default_storage.url(rendition["fallback"])),
                    "webp_url": absolute(request, default_storage.url(rendition["webp"])),
                }
                for rendition in image.renditions
            ],
        }


class LabelSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="opinion, analysis, sponsored, press_release, unverified"
    )
    name = serializers.CharField(help_text="As readers see it, in the site's language.")


class ArticleLinkSerializer(serializers.Serializer):
    """Another published article, named."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()
    api_url = serializers.URLField()

    def to_representation(self, article):
        return article_link(self.context["request"], article)


def article_link(request, article):
    return {
        "id": article.pk,
        "title": article.title,
        "url": absolute(request, article.get_absolute_url()),
        "api_url": absolute(request, f"/api/v1/articles/{article.pk}/"),
    }


class ArticleSummarySerializer(serializers.ModelSerializer):
    """An article as lists show it."""

    url = AbsoluteURLField()
    api_url = serializers.SerializerMethodField()
    section = SectionSerializer(allow_null=True)
    bylines = AuthorSerializer(source="authors", many=True, help_text="In byline order.")
    tags = TagSerializer(many=True)
    image = ImageSerializer(source="featured_image", allow_null=True)
    labels = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "slug",
            "url",
            "api_url",
            "lead",
            "published_at",
            "kind",
            "labels",
            "section",
            "bylines",
            "tags",
            "image",
        ]

    def get_api_url(self, article) -> str:
        return absolute(self.context["request"], f"/api/v1/articles/{article.pk}/")

    @extend_schema_field(LabelSerializer(many=True))
    def get_labels(self, article):
        return [{"code": code, "name": str(name)} for code, name in article.reader_labels]


class RelatedLinkSerializer(serializers.Serializer):
    """A “Baca Juga” box: after paragraph `after_paragraph` (null: after the body)."""

    title = serializers.CharField()
    url = serializers.URLField()
    after_paragraph = serializers.IntegerField(allow_null=True)
    article = ArticleLinkSerializer(allow_null=True, help_text="When it links to an article.")

    def to_representation(self, link):
        request = self.context["request"]
        return {
            "title": link.display_title,
            "url": absolute(request, link.get_absolute_url()),
            "after_paragraph": link.position,
            "article": article_link(request, link.target) if link.target_id else None,
        }


class CorrectionSerializer(serializers.ModelSerializer):
    reply = serializers.SerializerMethodField()

    class Meta:
        model = Correction
        fields = ["id", "kind", "text", "created_at", "reply"]

    @extend_schema_field(ArticleLinkSerializer(allow_null=True))
    def get_reply(self, correction):
        reply = correction.visible_reply
        return article_link(self.context["request"], reply) if reply else None


class ArticleDetailSerializer(ArticleSummarySerializer):
    """An article as its page shows it."""

    source = SourceSerializer(allow_null=True, help_text="Where the article comes from.")
    credited_sources = SourceSerializer(many=True, help_text="Agencies the text credits.")
    body = serializers.CharField(help_text="Sanitized HTML, as the page shows it.")
    related = serializers.SerializerMethodField(help_text="The “Baca Juga” boxes, in order.")
    corrections = CorrectionSerializer(many=True, help_text="Oldest first.")
    reply_to = serializers.SerializerMethodField(
        help_text="The article this one answers, as a right of reply."
    )

    class Meta(ArticleSummarySerializer.Meta):
        fields = [
            *ArticleSummarySerializer.Meta.fields,
            "updated_at",
            "dateline",
            "language",
            "body",
            "source",
            "credited_sources",
            "related",
            "corrections",
            "reply_to",
        ]

    @extend_schema_field(RelatedLinkSerializer(many=True))
    def get_related(self, article):
        return RelatedLinkSerializer(article.visible_links, many=True, context=self.context).data

    @extend_schema_field(ArticleLinkSerializer(allow_null=True))
    def get_reply_to(self, article):
        replied = article.replied_article
        return article_link(self.context["request"], replied) if replied else None


class TopicSerializer(serializers.ModelSerializer):
    url = AbsoluteURLField()
    image = ImageSerializer(allow_null=True)

    class Meta:
        model = Topic
        fields = ["id", "title", "slug", "url", "introduction", "is_open", "image"]


class TopicDetailSerializer(TopicSerializer):
    articles = serializers.SerializerMethodField(
        help_text="Its published articles in the topic's order (the first 100)."
    )

    class Meta(TopicSerializer.Meta):
        fields = [*TopicSerializer.Meta.fields, "order", "articles"]

    @extend_schema_field(ArticleSummarySerializer(many=True))
    def get_articles(self, topic):
        return ArticleSummarySerializer(topic.listed, many=True, context=self.context).data


class MostReadSerializer(serializers.Serializer):
    article = ArticleLinkSerializer()
    published_at = serializers.DateTimeField()
    section = SectionSerializer(allow_null=True)
    views = serializers.IntegerField()

    def to_representation(self, pair):
        article, views = pair
        return {
            "article": article_link(self.context["request"], article),
            "published_at": serializers.DateTimeField().to_representation(article.published_at),
            "section": SectionSerializer(article.section, context=self.context).data
            if article.section_id
            else None,
            "views": views,
        }
