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
