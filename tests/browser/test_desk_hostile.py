"""Hostile HTML from inside the newsroom never runs, in the desk or on the site: pasted by an
editor, or stored by a writer in every field they can fill and then opened by a superuser."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, Author, Image, Tag
from tests.browser.helpers import PASSWORD, log_in, watch_console
from tests.desk_helpers import ADD_URL, article_form_data, change_url, make_editor, make_writer
from tests.helpers import jpeg_bytes, make_article

pytestmark = pytest.mark.django_db(transaction=True)

PASTED = (
    "<p>Awal berita.</p>"
    "<img src=x onerror=alert(1)>"
    '<p><a href="javascript:alert(2)">Klik di sini</a> untuk hadiah.</p>'
    '<p onmouseover="alert(3)">Akhir berita.</p>'
)
PASTE = """([selector, html]) => {
    const target = document.querySelector(selector);
    target.focus();
    const data = new DataTransfer();
    data.setData("text/html", html);
    data.setData("text/plain", "");
    const paste = {clipboardData: data, bubbles: true, cancelable: true};
    target.dispatchEvent(new ClipboardEvent("paste", paste));
}"""
# Our Content Security Policy would stop an injected handler from running, so the pages are
# also searched for what an injection leaves behind: handler attributes, javascript: addresses,
# inline scripts and frames that are not ours.
INJECTED = """() => {
    const found = [];
    for (const element of document.querySelectorAll("*")) {
        for (const attribute of element.attributes) {
            const address = ["href", "src", "action", "formaction", "xlink:href"];
            if (attribute.name.startsWith("on")
                || address.includes(attribute.name)
                    && /^\\s*(javascript|data|vbscript):/i.test(attribute.value)) {
                found.push(`${element.tagName} ${attribute.name}=${attribute.value}`);
            }
        }
    }
    const types = ["application/json", "application/ld+json"];
    for (const script of document.querySelectorAll("script:not([src])")) {
        if (!types.includes(script.type)) found.push(`inline script ${script.textContent}`);
    }
    for (const frame of document.querySelectorAll("iframe, object, embed, base")) {
        found.push(frame.outerHTML);
    }
    return found;
}"""


def hostile(where):
    """Markup that breaks out of text, attributes and URLs, and says where it came from."""
    return (
        f"\"'><img src=x onerror=window.__xss='{where}'>"
        f"<svg onload=window.__xss='{where}'><script>window.__xss='{where}'</script>"
    )


def assert_nothing_ran_or_was_injected(page):
    assert page.dialogs == [], page.url
    assert page.evaluate("window.__xss") is None, page.url
    assert page.evaluate(INJECTED) == [], page.url


def test_pasted_script_html_opens_no_dialog_in_the_desk_or_on_the_site(new_page):
    make_editor("redaktur")
    desk = watch_console(new_page())
    log_in(desk, "redaktur")

    desk.goto(ADD_URL)
    desk.locator("#id_title").press_sequentially("Hadiah <img src=x onerror=alert(4)>")
    desk.wait_for_selector(".prose-editor [contenteditable=true]")
    desk.evaluate(PASTE, [".prose-editor [contenteditable=true]", PASTED])
    assert "Klik di sini" in desk.input_value("textarea[name=body]")
    desk.select_option("#id_status", "published")
    desk.click("input[name=_continue]")
    desk.wait_for_url("**/change/")
    desk.locator(".prose-editor").hover()

    article = Article.objects.get()
    reader = watch_console(new_page())
    reader.goto(article.get_absolute_url())
    reader.get_by_text("Akhir berita.").hover()
    reader.get_by_text("Klik di sini").click()
    reader.wait_for_load_state()

    assert "javascript:" not in article.body and "onerror" not in article.body
    assert reader.get_by_role("heading", level=1).inner_text() == article.title
    assert_nothing_ran_or_was_injected(desk)
    assert_nothing_ran_or_was_injected(reader)
    # Not checked in the desk: parsing the paste, the body editor (ProseMirror) loads the
    # pasted image in a detached element, and only our CSP stops its onerror handler.
    assert reader.csp_errors == []


def store_as_a_writer(client, writer):
    """Every field a writer can fill in the desk, filled with markup; returns the article."""
    # The byline is not the writer's to edit: it comes from whoever set up the account, or
    # from an import, and is shown on the same pages.
    author = Author.objects.get(user=writer)
    author.name = hostile("author")[:150]
    author.save()
    client.force_login(writer)
    response = client.post(
        "/admin/articles/tag/add/", {"name": hostile("tag")[:100], "slug": "tag-jahat"}
    )
    assert response.status_code == 302
    picture = SimpleUploadedFile("foto.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(
        "/admin/articles/image/add/",
        {
            "file": picture,
            "alt_text": hostile("alt"),
            "caption": hostile("caption"),
            "credit": hostile("credit"),
        },
    )
    assert response.status_code == 302
    target = make_article(title="Banjir Surut di Bekasi")
    fields = {
        "title": hostile("title"),
        "slug": "berita-jahat",
        "lead": hostile("lead"),
        "dateline": hostile("dateline")[:200],
        "body": (
            f"<p>Awal berita {hostile('body')}</p>"
            "<img src=x onerror=window.__xss='body-img'>"
            "<p><a href=\"javascript:window.__xss='body-link'\">Klik di sini</a></p>"
            "<p onmouseover=\"window.__xss='body-hover'\">Akhir berita.</p>"
            "<iframe src=\"javascript:window.__xss='body-frame'\"></iframe>"
        ),
        "tags": [Tag.objects.get(slug="tag-jahat").pk],
        "authors": [author.pk],
        "featured_image": Image.objects.get().pk,
    }
    links = [
        {"position": "1", "target": target.pk, "title": hostile("link-title")},
        {
            "position": "",
            "url": "https://data.example.id/\"><svg/onload=window.__xss='link-url'>",
            "title": hostile("link-url-title"),
        },
    ]
    refused = client.post(
        ADD_URL,
        article_form_data(links=[{"url": "javascript:window.__xss='link'", "title": "x"}]),
    )
    assert refused.status_code == 200  # the form shows the error: no such link is stored
    response = client.post(ADD_URL, article_form_data(links=links, **fields))
    assert response.status_code == 302
    article = Article.objects.get(slug="berita-jahat")
    # A second version, so there is something to compare in the history.
    edited = article_form_data(article, links=stored_links(article), lead=hostile("lead-2"))
    response = client.post(change_url(article), edited | {"_submit_review": "1"})
    assert response.status_code == 302
    article.refresh_from_db()
    # Stored as typed (only the body has a sanitizing policy): the pages must escape it.
    image = Image.objects.get()
    stored = [article.title, article.lead, author.name, image.alt_text, image.caption]
    stored += [Tag.objects.get().name, *article.related_links.values_list("title", flat=True)]
    assert all("<svg onload=" in text for text in stored)
    return article


def stored_links(article):
    return [
        {
            "id": link.pk,
            "position": link.position or "",
            "target": link.target_id or "",
            "url": link.url,
            "title": link.title,
            "order": link.order,
        }
        for link in article.related_links.all()
    ]


def test_a_writers_stored_markup_never_runs_in_a_superusers_session(new_page, client):
    article = store_as_a_writer(client, make_writer("penulis"))
    chief = get_user_model().objects.create_superuser("kepala", password=PASSWORD)
    older, newer = Version.objects.get_for_object(article).order_by("pk")
    desk = watch_console(new_page())
    log_in(desk, "kepala")

    for url in [
        "/admin/articles/article/",
        change_url(article),
        f"/admin/articles/article/{article.pk}/history/",
        f"/admin/articles/article/{article.pk}/history/compare/?older={older.pk}&newer={newer.pk}",
        reverse("articles:preview", args=[article.pk]),
        "/admin/articles/image/",
        f"/admin/articles/image/{Image.objects.get().pk}/change/",
        "/admin/articles/tag/",
        "/admin/articles/author/",
    ]:
        assert desk.goto(url).status == 200, url
        assert_nothing_ran_or_was_injected(desk)

    article.publish(by=chief)
    for url in [
        article.get_absolute_url(),
        "/",
        "/tag/tag-jahat/",
        f"/penulis/{article.authors.get().slug}/",
    ]:
        assert desk.goto(url).status == 200, url
        assert_nothing_ran_or_was_injected(desk)
    desk.goto(article.get_absolute_url())
    desk.get_by_text("Akhir berita.").hover()
    desk.get_by_text("Klik di sini").click()
    desk.wait_for_load_state()
    assert desk.get_by_role("heading", level=1).inner_text() == article.title
    assert_nothing_ran_or_was_injected(desk)
    assert desk.csp_errors == []  # nothing even tried to run, on any page
