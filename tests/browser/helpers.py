"""Helpers of the browser journeys and the page checkers: the desk's login form, the
console's complaints, and a site with every kind of page."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.models import (
    Article,
    BreakingNews,
    Correction,
    EditorsPick,
    FrontPage,
    GalleryItem,
    PreviewLink,
    RelatedLink,
    Source,
    StaticPage,
    Topic,
)
from tests.helpers import (
    jpeg_bytes,
    make_article,
    make_author,
    make_image,
    make_section,
    make_source,
    make_tag,
)

PASSWORD = "rahasia-uji-123"  # what tests.desk_helpers gives every staff member


def watch_console(page):
    """Collect what the browser refuses under our Content Security Policy."""
    page.csp_errors = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_errors.append(message.text)
        ),
    )
    return page


def log_in(page, username):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def build_checked_site():
    """A small newsroom like the demo's, with every kind of page the checkers visit.

    Returns `{page type: (address, expected status)}`.
    """

    def picture(number):
        upload = SimpleUploadedFile(
            "foto.jpg", jpeg_bytes(800, 450, (40 + number * 9, 90, 120)), content_type="image/jpeg"
        )
        return make_image(file=upload, alt_text=f"Suasana liputan nomor {number}")

    now = timezone.now()
    sections = [
        make_section(name=name, slug=name.lower().replace(" ", "-"), position=n)
        for n, name in enumerate(["Nasional", "Ekonomi", "Olahraga", "Gaya Hidup", "Opini"])
    ]
    banjir, jakarta = (
        make_tag(name="Banjir", slug="banjir"),
        make_tag(name="Jakarta", slug="jakarta"),
    )
    antara = make_source(name="Antara", slug="antara", kind=Source.Kind.AGENCY)
    warta = make_source(name="Warta Nusantara", slug="warta", url="https://warta.example.id/")
    siti = make_author(name="Siti Aminah", slug="siti-aminah", bio="Siti meliput banjir.")
    budi = make_author(name="Budi Santoso", slug="budi-santoso")
    for position, title in enumerate(["Pedoman Media Siber", "Redaksi", "Kontak"]):
        StaticPage.objects.create(
            title=title,
            slug=title.lower().replace(" ", "-"),
            body=f"<p>Halaman {title} untuk pembaca.</p><h2>Rincian</h2><p>Isi lengkap.</p>",
            position=position,
            is_published=True,
        )
    older = [
        make_article(
            title=f"Warga {n} kampung bergotong royong membersihkan saluran air",
            lead=f"Kerja bakti di kampung nomor {n} berlangsung sejak pagi.",
            section=sections[n % len(sections)],
            tags=[banjir] if n % 2 else [jakarta],
            authors=[budi] if n % 3 else [siti, budi],
            featured_image=picture(n) if n < 4 else None,
            published_at=now - timedelta(hours=n + 2),
            kind=Article.Kind.OPINION if n == 5 else Article.Kind.NEWS,
            unverified=n == 6,
        )
        for n in range(24)
    ]
    in_body = picture(11)
    main = make_article(
        title="Banjir Rendam Jakarta Utara, Ribuan Warga Mengungsi",
        slug="banjir-rendam-jakarta-utara",
        lead="Ribuan rumah terendam setelah hujan deras semalaman.",
        dateline="JAKARTA (WARTANUSANTARA.ID)",
        body=(
            "<p>Air mulai naik sejak subuh di Penjaringan.</p>"
            "<p>Ratusan warga mengungsi ke masjid dan sekolah.</p>"
            f'<figure data-image="{in_body.pk}"><img src="/x.jpg" alt="Pengungsi di masjid">'
            '<figcaption>Pengungsi di Masjid Luar Batang <span class="credit">Foto: Redaksi'
            "</span></figcaption></figure>"
            "<blockquote><p>“Kami butuh perahu karet,” kata seorang warga.</p></blockquote>"
            "<p>Bantuan mulai berdatangan siang harinya.</p>"
            "<h2>Tanggul darurat</h2><ul><li>Pluit</li><li>Muara Baru</li></ul>"
            "<p>Petugas membangun tanggul darurat. (sit)</p>"
        ),
        section=sections[0],
        source=warta,
        tags=[banjir, jakarta],
        authors=[siti, budi],
        featured_image=picture(9),
        published_at=now - timedelta(minutes=30),
    )
    main.credited_sources.set([antara])
    for position in range(3):
        GalleryItem.objects.create(
            article=main,
            image=picture(12 + position),
            position=position,
            caption=f"Warga mengungsi, foto {position + 1}" if position else "",
            credit="Foto: Redaksi",
        )
    RelatedLink.objects.create(article=main, position=1, target=older[0])
    RelatedLink.objects.create(article=main, position=2, target=older[1])
    RelatedLink.objects.create(
        article=main, position=None, url="https://www.example.id/liputan", title="Liputan luar"
    )
    Correction.objects.create(
        article=main, kind=Correction.Kind.CORRECTION, text="Jumlah pengungsi 1.200, bukan 12.000."
    )
    Correction.objects.create(
        article=main, kind=Correction.Kind.CLARIFICATION, text="Tanggul yang jebol ada di Pluit."
    )
    reply = make_article(
        title="Hak Jawab Pengelola Tanggul atas Berita Banjir Jakarta Utara",
        section=sections[0],
        tags=[banjir],
        published_at=now - timedelta(minutes=10),
    )
    Correction.objects.create(
        article=main,
        kind=Correction.Kind.REPLY,
        text="Pengelola menyatakan tanggul sudah diperiksa.",
        reply=reply,
    )
    sponsored = make_article(
        title="Promo Perahu Karet untuk Musim Hujan",
        kind=Article.Kind.SPONSORED,
        section=sections[3],
        body='<p>Kunjungi <a href="https://toko.example.id/promo">toko kami</a>.</p><p>Promo.</p>',
        featured_image=picture(10),
        published_at=now - timedelta(minutes=20),
    )
    RelatedLink.objects.create(article=sponsored, position=1, url="https://toko.example.id/")
    gone = make_article(title="Berita yang diturunkan", slug="berita-diturunkan")
    Article.objects.filter(pk=gone.pk).update(
        taken_down_at=now, takedown_reason="Putusan Dewan Pers: berita tidak terverifikasi."
    )
    draft = make_article(
        title="Naskah Sengketa Lahan", status=Article.Status.DRAFT, published_at=None
    )
    link = PreviewLink.objects.create(
        article=draft, recipient="Pengacara kami", expires_at=now + timedelta(days=3)
    )
    topic = Topic.objects.create(
        title="Banjir Jakarta",
        slug="banjir-jakarta",
        introduction="Liputan banjir di Jakarta.",
        on_home_page=True,
    )
    topic.articles.add(main, *older[:3])
    front_page = FrontPage.load()
    front_page.headline = older[0]
    front_page.save()
    EditorsPick.objects.create(front_page=front_page, article=older[1], position=1)
    BreakingNews.objects.create(
        text="Gempa M5,2 guncang Banten", article=main, ends_at=now + timedelta(hours=2)
    )
    return {
        "home": ("/", 200),
        "list": ("/berita/", 200),
        "list, filtered": ("/berita/?rubrik=nasional&tag=banjir&urut=terlama", 200),
        "list, filter errors": ("/berita/?dari=31/02/2020&rubrik=tidak-ada", 200),
        "list, page 2": ("/berita/?page=2", 200),
        "article": (main.get_absolute_url(), 200),
        "gallery": (f"{main.get_absolute_url()}foto/", 200),
        "gallery, a later picture": (f"{main.get_absolute_url()}foto/2/", 200),
        "article, sponsored": (sponsored.get_absolute_url(), 200),
        "article, right of reply": (reply.get_absolute_url(), 200),
        "article, opinion": (older[5].get_absolute_url(), 200),
        "article, unverified": (older[6].get_absolute_url(), 200),
        "tag": ("/tag/banjir/", 200),
        "section": ("/rubrik/nasional/", 200),
        "source": ("/sumber/antara/", 200),
        "author": ("/penulis/siti-aminah/", 200),
        "search, results": ("/cari/?q=banjir", 200),
        "search, none": ("/cari/?q=zzzyyyxxx", 200),
        "search, no words": ("/cari/", 200),
        "topic": ("/topik/banjir-jakarta/", 200),
        "indeks, today": ("/indeks/", 200),
        "indeks, a day by section": (
            f"/indeks/{timezone.localdate():%Y/%m/%d}/?rubrik=nasional",
            200,
        ),
        "indeks, a date error": ("/indeks/?tanggal=31-02-2020&rubrik=tidak-ada", 200),
        "static page": ("/halaman/pedoman-media-siber/", 200),
        "404": ("/berita/tidak-ada-di-sini/", 404),
        "410 gone": (gone.get_absolute_url(), 410),
        "language": ("/bahasa/?next=/", 200),
        "share-link preview": (link.share_url(), 200),
    }
