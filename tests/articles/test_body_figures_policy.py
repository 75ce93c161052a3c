"""The HTML policy keeps our own figures of our own images, in our own form, and nothing
else that shows a picture."""

import pytest

from articles import figures, html
from tests.helpers import make_image

pytestmark = pytest.mark.django_db


def ours(image, alt="Warga menanam bakau", caption="Penanaman bakau", credit="Foto: Redaksi"):
    return (
        f'<figure data-image="{image.pk}"><img src="/x.jpg" alt="{alt}">'
        f'<figcaption>{caption} <span class="credit">{credit}</span></figcaption></figure>'
    )


def test_our_figure_is_kept_in_our_form_with_the_images_own_address():
    image = make_image()

    kept = html.sanitize("<p>Awal.</p>" + ours(image) + "<p>Akhir.</p>")

    assert kept == (
        f'<p>Awal.</p><figure data-image="{image.pk}"><img src="{image.fallback_url}" '
        'alt="Warga menanam bakau"><figcaption>Penanaman bakau <span class="credit">'
        "Foto: Redaksi</span></figcaption></figure><p>Akhir.</p>"
    )
    assert html.sanitize(kept) == kept  # stable: saving again changes nothing


@pytest.mark.parametrize(
    "hostile",
    [
        '<p>Lihat <img src="https://evil.example/track.gif" alt="x"> ini.</p>',
        '<img src="https://evil.example/a.png" onerror="alert(1)">',
        '<figure><img src="https://evil.example/a.png" alt="a"><figcaption>x</figcaption></figure>',
        '<figure data-image="999999"><img src="/x.jpg" alt="a"></figure>',
        '<figure data-image="javascript:alert(1)"><img src="/x.jpg" alt="a"></figure>',
        '<blockquote><figure data-image="{pk}"><img src="/x.jpg" alt="a"></figure></blockquote>',
        '<p><span class="credit">Foto: palsu</span></p>',
        '<picture><source srcset="https://evil.example/a.webp"><img src="https://evil.example/a"></picture>',
    ],
)
def test_every_other_picture_is_dropped(hostile):
    image = make_image()
    cleaned = html.sanitize("<p>Awal.</p>" + hostile.replace("{pk}", str(image.pk)))

    assert "<img" not in cleaned and "evil" not in cleaned and "data-image" not in cleaned
    assert "<figure" not in cleaned and 'class="credit"' not in cleaned
    assert cleaned.startswith("<p>Awal.</p>")


def test_attributes_other_than_ours_are_stripped_and_text_is_escaped():
    image = make_image()
    dirty = (
        f'<figure data-image="{image.pk}" class="big" style="x" onclick="alert(1)" id="f">'
        '<img src="https://evil.example/a.png" alt="&quot;><script>alert(1)</script>" '
        'srcset="https://evil.example/b.png 2x" width="9" onerror="alert(2)">'
        '<figcaption onclick="x">Banjir <b>besar</b> &lt;script&gt; '
        '<span class="credit wide" style="x">Antara</span></figcaption></figure>'
    )

    cleaned = html.sanitize(dirty)

    assert cleaned == (
        f'<figure data-image="{image.pk}"><img src="{image.fallback_url}" '
        'alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">'
        "<figcaption>Banjir besar &lt;script&gt; "
        '<span class="credit">Antara</span></figcaption></figure>'
    )


def test_a_figure_without_alt_text_takes_the_images_own():
    image = make_image(alt_text="Perahu nelayan di Cilacap")
    cleaned = html.sanitize(f'<figure data-image="{image.pk}"><img src="/x.jpg"></figure>')

    assert 'alt="Perahu nelayan di Cilacap"' in cleaned
    assert "<figcaption>" not in cleaned


def test_a_figure_reads_back_as_what_it_says():
    image = make_image()
    [block] = html.split_blocks(html.sanitize(ours(image, caption="Banjir &amp; longsor")))

    assert figures.parse(block) == figures.Figure(
        image_id=image.pk,
        alt="Warga menanam bakau",
        caption="Banjir & longsor",
        credit="Foto: Redaksi",
    )
    assert figures.parse("<p>Bukan gambar.</p>") is None
    assert figures.image_ids(block + block) == [image.pk]


def test_a_body_without_pictures_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        html.sanitize("<p>Tanpa gambar, <b>tebal</b>.</p><figure><img src='/a'></figure>")
