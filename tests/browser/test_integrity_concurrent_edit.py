"""Two editors, two browsers, one article: the second save is refused and nothing is lost."""

import pytest
from django.contrib.auth import get_user_model

from articles.models import Article
from tests.browser.helpers import log_in, watch_console
from tests.desk_helpers import make_editor
from tests.helpers import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_second_of_two_editors_saving_the_same_article_keeps_their_text(new_page):
    for username, first_name in [("siti", "Siti"), ("budi", "Budi")]:
        make_editor(username)
        get_user_model().objects.filter(username=username).update(first_name=first_name)
    article = make_article(
        title="Banjir di Kampung Melayu",
        lead="Air mulai naik sejak subuh.",
        status=Article.Status.DRAFT,
        published_at=None,
    )
    change = f"/admin/articles/article/{article.pk}/change/"

    siti = watch_console(new_page())
    log_in(siti, "siti")
    siti.goto(change)
    assert siti.locator(".desk-presence").is_hidden()

    budi = watch_console(new_page())
    log_in(budi, "budi")
    budi.goto(change)
    presence = budi.locator(".desk-presence")
    assert presence.is_visible()
    assert "Siti" in presence.inner_text()

    # Budi saves first.
    budi.fill("#id_title", "Banjir Rendam Kampung Melayu")
    budi.click("input[name=_save]")
    budi.wait_for_url("**/admin/articles/article/")

    # Siti, still on the version she opened, saves over it: refused, her text still there.
    siti.fill("#id_title", "Kampung Melayu Terendam Satu Meter")
    siti.fill("#id_lead", "Ketinggian air mencapai satu meter menurut petugas.")
    siti.click("input[name=_save]")
    siti.wait_for_selector(".errornote")
    assert "Budi" in siti.locator(".errorlist.nonfield").inner_text()
    assert siti.input_value("#id_title") == "Kampung Melayu Terendam Satu Meter"
    assert siti.input_value("#id_lead") == "Ketinggian air mencapai satu meter menurut petugas."
    stored = Article.objects.get(pk=article.pk)
    assert stored.title == "Banjir Rendam Kampung Melayu"
    assert stored.lead == "Air mulai naik sejak subuh."

    # Opening the article again gives the newer version, and then her save goes through.
    siti.goto(change)
    assert siti.input_value("#id_title") == "Banjir Rendam Kampung Melayu"
    siti.fill("#id_lead", "Ketinggian air mencapai satu meter menurut petugas.")
    siti.click("input[name=_save]")
    siti.wait_for_url("**/admin/articles/article/")
    assert Article.objects.get(pk=article.pk).lead.startswith("Ketinggian air")

    for page in [siti, budi]:
        assert page.dialogs == []
        assert page.csp_errors == []
