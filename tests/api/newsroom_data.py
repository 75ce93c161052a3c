"""One small newsroom for the API's tests: a full article, its neighbours, and articles
readers must never see (a draft, a review copy, a scheduled, an embargoed and a taken-down
one), each filed under the same section, tag, source, author and topic."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from articles.models import Article, Correction, RelatedLink, Topic, ViewCount
from readers import popular
from tests.helpers import make_article, make_author, make_image, make_section, make_source, make_tag

HIDDEN_TITLE = "RAHASIA REDAKSI JANGAN TERBIT"


@dataclass
class Newsroom:
    section: object
    tag: object
    source: object
    agency: object
    authors: list
    image: object
    article: object
    other: object
    reply: object
    topic: object
    hidden: dict = field(default_factory=dict)


def build():
    section = make_section(name="Nasional", slug="nasional")
    tag = make_tag(name="Banjir", slug="banjir")
    source = make_source(name="Warta", slug="warta", url="https://warta.example/")
    agency = make_source(name="Antara", slug="antara", kind="agency")
    first, second = (
        make_author(name="Siti Aminah", slug="siti"),
        make_author(name="Budi", slug="budi"),
    )
    image = make_image(caption="Banjir di Bekasi", credit="Foto: Antara")
    other = make_article(
        title="Tanggul jebol",
        section=section,
        tags=[tag],
        published_at=timezone.now() - timedelta(hours=3),
    )
    article = make_article(
        title="Banjir melanda Jakarta",
        lead="Hujan semalam merendam ratusan rumah.",
        body="<p>Paragraf satu.</p><p>Paragraf dua.</p><p>Paragraf tiga.</p>",
        dateline="JAKARTA (WARTA)",
        section=section,
        source=source,
        featured_image=image,
        kind=Article.Kind.OPINION,
        unverified=True,
        tags=[tag],
        authors=[second, first],
    )
    article.credited_sources.add(agency)
    reply = make_article(title="Hak jawab Pemprov", section=section)
    embargo = timezone.now() + timedelta(days=2)
    hidden = {
        "draft": make_article(title=HIDDEN_TITLE, status=Article.Status.DRAFT, published_at=None),
        "review": make_article(title=HIDDEN_TITLE, status=Article.Status.REVIEW, published_at=None),
        "scheduled": make_article(
            title=HIDDEN_TITLE, published_at=timezone.now() + timedelta(days=1)
        ),
        "embargoed": make_article(title=HIDDEN_TITLE, published_at=embargo, embargo_until=embargo),
        "taken_down": make_article(
            title=HIDDEN_TITLE, taken_down_at=timezone.now(), takedown_reason="Putusan pengadilan"
        ),
    }
    for hidden_article in hidden.values():
        hidden_article.tags.add(tag)
        hidden_article.set_byline([first])
        Article.objects.filter(pk=hidden_article.pk).update(section=section, source=source)
        hidden_article.credited_sources.add(agency)
    RelatedLink.objects.create(article=article, position=1, target=other)
    RelatedLink.objects.create(
        article=article, position=2, url="https://luar.example/cerita", title="Cerita dari luar"
    )
    RelatedLink.objects.create(article=article, target=hidden["draft"])
    RelatedLink.objects.create(article=article)  # an empty slot
    Correction.objects.create(article=article, text="Jumlah rumah diperbaiki.")
    Correction.objects.create(article=article, kind="reply", text="Tanggapan.", reply=reply)
    Correction.objects.create(
        article=article, kind="reply", text="Tanggapan lain.", reply=hidden["review"]
    )
    topic = Topic.objects.create(title="Musim hujan", slug="musim-hujan")
    topic.articles.add(article, other, *hidden.values())
    hour = popular.hour_of(timezone.now())
    ViewCount.set_hour({article.pk: 50, **{a.pk: 900 for a in hidden.values()}}, hour)
    return Newsroom(
        section, tag, source, agency, [second, first], image, article, other, reply, topic, hidden
    )
