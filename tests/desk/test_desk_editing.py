"""Editing an article at the desk: the body editor, “Baca Juga” links, the list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_prose_editor.config import allowlist_from_extensions

from articles import html
from articles.models import Article
from desk.forms import BODY_EXTENSIONS, ArticleAdminForm
from tests.desk_helpers import (
    ADD_URL,
    CHANGELIST_URL,
    article_form_data,
    change_url,
    make_writer,
)
from tests.helpers import make_article, make_author, make_section, make_tag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_in_english")]


FOUR_PARAGRAPHS = "".join(f"<p>Paragraf {n} berita ini.</p>" for n in range(1, 5))


def inline_errors(response):
    """The “Baca Juga” rows' errors, in the language the page showed them in."""
    formset = response.context["inline_admin_formsets"][0].formset
    with translation.override("en"):
        return [
            {
                field: [str(message) for message in messages]
                for field, messages in form.errors.items()
            }
            for form in formset.forms
        ]


def test_body_editor_offers_only_what_the_sanitizer_keeps():
    allowed = allowlist_from_extensions(BODY_EXTENSIONS)

    assert allowed["tags"] <= html.ALLOWED_TAGS
    assert allowed["url_schemes"] <= html.URL_SCHEMES
    for tag, attributes in allowed["attributes"].items():
        # The sanitizer writes rel on links itself; ordered lists lose their numbering style.
        kept = html.ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"} | {"start", "type", "data-type"}
        assert set(attributes) <= kept, tag


def test_body_editor_loads_without_an_inline_script():
    media = str(ArticleAdminForm.base_fields["body"].widget.media)

    assert 'type="importmap"' not in media
    assert 'src="/static/admin-desk/body-editor.js" type="module"' in media


def test_add_page_has_the_editor_counters_and_paragraph_list(editor_client):
    page = editor_client.get(ADD_URL).content.decode()

    assert "data-django-prose-editor-configurable" in page
    assert 'data-desk-counter="90"' in page
    assert 'data-desk-counter="200"' in page
    assert "data-desk-paragraphs" in page
    assert "<script>" not in page


def test_paragraph_list_numbers_the_stored_paragraphs(editor_client):
    article = make_article(body="<p>Pertama kali warga berkumpul.</p><h2>Judul</h2><p>Ketiga.</p>")

    response = editor_client.get(change_url(article))

    guide = response.context["adminform"].form.instance
    assert response.status_code == 200
    assert guide == article
    page = response.content.decode()
    assert "<li>Pertama kali warga berkumpul.</li><li>Judul</li><li>Ketiga.</li>" in page


def test_editor_adds_baca_juga_links_at_chosen_paragraphs(editor_client):
    article = make_article(body=FOUR_PARAGRAPHS)
    target = make_article(title="Berita terkait")

    response = editor_client.post(
        change_url(article),
        article_form_data(
            article,
            links=[
                {"position": 2, "target": target.pk, "order": 0},
                {"position": 4, "url": "https://contoh.id/berita", "title": "Dari luar"},
            ],
        ),
    )

    assert response.status_code == 302
    links = list(article.related_links.order_by("position"))
    assert [(link.position, link.display_title) for link in links] == [
        (2, "Berita terkait"),
        (4, "Dari luar"),
    ]


def test_new_article_with_links_is_checked_against_its_own_body(editor_client):
    target = make_article()

    response = editor_client.post(
        ADD_URL,
        article_form_data(
            title="Baru",
            slug="baru",
            body=FOUR_PARAGRAPHS,
            links=[{"position": 5, "target": target.pk}],
        ),
    )

    errors = inline_errors(response)
    assert "The body has 4 paragraphs" in str(errors[0]["position"])
    assert not Article.objects.filter(slug="baru").exists()


@pytest.mark.parametrize(
    ("link", "field", "message"),
    [
        ({"position": 9, "url": "https://contoh.id/"}, "position", "The body has 4 paragraphs"),
        ({"url": "javascript:alert(1)"}, "url", "starts with http:// or https://"),
        ({"url": "ftp://contoh.id/berkas"}, "url", "starts with http:// or https://"),
        ({"url": "data:text/html,<script>alert(1)</script>"}, "url", "http://"),
    ],
)
def test_link_row_errors_are_clear(editor_client, link, field, message):
    article = make_article(body=FOUR_PARAGRAPHS)

    response = editor_client.post(change_url(article), article_form_data(article, links=[link]))

    errors = inline_errors(response)
    assert errors[0][field] == [errors[0][field][0]], "one message, not several"
    assert message in errors[0][field][0]
    assert not article.related_links.exists()


def test_article_cannot_link_to_itself(editor_client):
    article = make_article(body=FOUR_PARAGRAPHS)

    response = editor_client.post(
        change_url(article), article_form_data(article, links=[{"target": article.pk}])
    )

    errors = inline_errors(response)
    assert errors[0]["target"] == ["An article cannot link to itself."]


def test_the_same_target_twice_is_refused(editor_client):
    article = make_article(body=FOUR_PARAGRAPHS)
    target = make_article()

    response = editor_client.post(
        change_url(article),
        article_form_data(
            article,
            links=[{"position": 1, "target": target.pk}, {"position": 3, "target": target.pk}],
        ),
    )

    errors = inline_errors(response)
    assert "already linked above" in str(errors[1]["target"])
    assert not article.related_links.exists()


def test_the_same_address_twice_is_refused(editor_client):
    article = make_article(body=FOUR_PARAGRAPHS)
    url = "https://contoh.id/sama"

    response = editor_client.post(
        change_url(article), article_form_data(article, links=[{"url": url}, {"url": url}])
    )

    errors = inline_errors(response)
    assert "already linked above" in str(errors[1]["url"])


def test_a_link_needs_an_article_or_an_address_not_both(editor_client):
    article = make_article(body=FOUR_PARAGRAPHS)
    target = make_article()

    response = editor_client.post(
        change_url(article),
        article_form_data(article, links=[{"target": target.pk, "url": "https://contoh.id/"}]),
    )

    errors = inline_errors(response)
    assert "not both" in str(errors[0])


def test_editor_removes_and_reorders_links(editor_client):
    article = make_article(body=FOUR_PARAGRAPHS)
    first = article.related_links.create(position=1, url="https://contoh.id/1", order=0)
    second = article.related_links.create(position=1, url="https://contoh.id/2", order=1)

    editor_client.post(
        change_url(article),
        article_form_data(
            article,
            links=[
                {"id": first.pk, "position": 1, "url": first.url, "order": 0, "DELETE": "on"},
                {"id": second.pk, "position": 3, "url": second.url, "order": 0},
            ],
        ),
    )

    assert list(article.related_links.values_list("url", "position")) == [
        ("https://contoh.id/2", 3)
    ]


def test_writer_can_link_any_published_article_but_not_others_drafts(client):
    writer = make_writer()
    published = make_article(title="Kabar terbit")
    make_article(title="Kabar draf orang lain", status="draft", published_at=None)
    client.force_login(writer)

    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "articles",
            "model_name": "relatedlink",
            "field_name": "target",
            "term": "Kabar",
        },
    )

    assert [row["text"] for row in response.json()["results"]] == [published.title]


def test_article_list_costs_the_same_for_many_articles(editor_client):
    section = make_section()
    for _number in range(3):
        make_article(section=section, authors=[make_author(), make_author()], tags=[make_tag()])
    editor_client.get(CHANGELIST_URL)  # sessions, content types and permissions warmed up

    with CaptureQueriesContext(connection) as few:
        editor_client.get(CHANGELIST_URL)
    for _number in range(6):
        make_article(section=make_section(), authors=[make_author(), make_author()])
    with CaptureQueriesContext(connection) as many:
        response = editor_client.get(CHANGELIST_URL)

    assert response.context["cl"].result_count == 9
    assert len(many) == len(few) <= 17


def test_article_list_shows_authors_and_filters_by_tag_and_author(editor_client):
    tag, author = make_tag(name="Banjir"), make_author(name="Siti Aminah")
    tagged = make_article(title="Banjir Jakarta", tags=[tag], authors=[author])
    make_article(title="Lain")

    by_tag = editor_client.get(CHANGELIST_URL, {"tags__id__exact": tag.pk})
    by_author = editor_client.get(CHANGELIST_URL, {"authors__id__exact": author.pk})

    assert list(by_tag.context["cl"].result_list) == [tagged]
    assert list(by_author.context["cl"].result_list) == [tagged]
    assert "Siti Aminah" in by_author.content.decode()


def test_article_list_searches_title_lead_and_body(editor_client):
    # The body by PostgreSQL's search vector; a small site on SQLite searches title and lead.
    make_article(title="Satu", body="<p>Nelayan di pesisir Demak.</p>")
    make_article(title="Dua", lead="Harga cabai naik.")
    make_article(title="Tiga")

    found = {
        term: [
            a.title
            for a in editor_client.get(CHANGELIST_URL, {"q": term}).context["cl"].result_list
        ]
        for term in ["nelayan", "cabai", "tiga"]
    }

    in_body = ["Satu"] if connection.vendor == "postgresql" else []
    assert found == {"nelayan": in_body, "cabai": ["Dua"], "tiga": ["Tiga"]}
