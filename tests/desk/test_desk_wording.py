"""The desk in Indonesian: one English word with two meanings gets one translation each."""

import pytest
from django.utils import translation
from django.utils.translation import pgettext

from articles.models import Source
from tests.desk_helpers import ADD_URL
from tests.helpers import make_source

pytestmark = pytest.mark.django_db


def test_publication_is_a_kind_of_source_and_a_fieldset_of_the_article_form(editor_client):
    make_source(name="Warta Nusantara", kind=Source.Kind.PUBLICATION)

    form = editor_client.get(ADD_URL).content.decode()
    sources = editor_client.get("/admin/articles/source/").content.decode()

    assert 'class="fieldset-heading">Penerbitan</h2>' in form
    assert ">Media</" in sources  # the kind column and its filter
    assert "Penerbitan" not in sources


def test_each_meaning_has_its_own_context():
    with translation.override("id"):
        assert pgettext("kind of source", "Publication") == "Media"
        assert pgettext("article fieldset", "Publication") == "Penerbitan"
        assert str(Source.Kind.PUBLICATION.label) == "Media"


def test_revoking_a_shared_link_is_not_taking_the_article_down():
    with translation.override("id"):
        assert translation.gettext("Revoke") != translation.gettext("Take down")
        assert translation.gettext("revoked at") != translation.gettext("taken down at")
