import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, Author, RelatedLink, Section, Source, Tag

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Section, Tag, Source, Author, Article, RelatedLink, get_user_model())
    }


def test_demo_content_fills_a_believable_newsroom_and_a_second_run_adds_nothing(capsys):
    call_command("demo_content")
    first = counts()
    assert first["Section"] >= 8
    assert first["Tag"] >= 60
    assert first["Source"] >= 10
    assert first["Author"] >= 10
    assert first["Article"] >= 300
    assert Source.objects.filter(kind=Source.Kind.AGENCY).exists()
    assert Author.objects.exclude(initials="").count() >= 10
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    assert Article.objects.published().count() < Article.objects.filter(status="published").count()
    assert RelatedLink.objects.filter(position__isnull=False, target__isnull=False).count() > 100
    output = capsys.readouterr().out
    assert "redaktur" in output

    call_command("demo_content")
    assert counts() == first


def test_the_demo_has_its_own_pictures_in_most_articles_every_section_and_galleries(
    django_capture_on_commit_callbacks,
):
    import time

    from articles.models import GalleryItem, Image
    from tests.tasks import run_tasks

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_content")
    assert time.monotonic() - started < 30

    pictures = Image.objects.all()
    assert 10 <= pictures.count() <= 20  # a small pool, reused
    assert all(image.credit.startswith("Ilustrasi") for image in pictures)
    published = Article.objects.published()
    assert published.filter(featured_image__isnull=False).count() > published.count() * 0.7
    for section, articles in published.section_fronts(list(Section.objects.all())):
        assert any(article.featured_image_id for article in articles), section.name
    with_figures = published.filter(body__contains="<figure data-image=")
    assert with_figures.count() > 50
    assert GalleryItem.objects.values("article").distinct().count() >= 20

    # The renditions and crops are the worker's job, as for any upload.
    assert run_tasks() == pictures.count()
    assert all(image.renditions and image.crops for image in Image.objects.all())
    portrait = Image.objects.filter(alt_text__contains="wajah").first()
    assert portrait.crops["focus"] == [0.5, 0.4]

    call_command("demo_content")
    assert Image.objects.count() == pictures.count()


def test_the_demo_shows_a_live_report_and_embeds_that_load_nothing_by_themselves(client):
    from articles.models import Embed, LiveUpdate

    call_command("demo_content")
    call_command("demo_content")

    report = Article.objects.get(live_report__isnull=False)
    assert LiveUpdate.objects.filter(article=report).count() == 5
    assert LiveUpdate.objects.filter(article=report, pinned=True).count() == 1
    # Placeholders only: nothing was asked of a provider, no thumbnail was copied.
    assert Embed.objects.count() == 3
    assert not Embed.objects.filter(fetched_at__isnull=False).exists()
    page = client.get(report.get_absolute_url()).content.decode()
    assert page.count('id="update-') == 5
    with_embed = Article.objects.filter(body__contains="data-embed").first()
    page = client.get(with_embed.get_absolute_url()).content.decode()
    assert "embed__placeholder" in page and "<iframe" not in page
