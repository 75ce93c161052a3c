"""The demo newsroom's live report and embeds: what the features look like, made once.

The embeds point at placeholder addresses of allowed providers and are never fetched: a
reader sees the placeholder (title, provider) and nothing loads until a click, which opens
a player that finds no such video or post. The live report is a fictional earthquake
followed through the morning, one update pinned as important.
"""

from datetime import timedelta

from django.utils import timezone

from articles import oembed
from articles.models import Article, Embed, LiveReport, LiveUpdate

EMBEDS = [
    (
        "https://www.youtube.com/watch?v=Contoh00001",
        "Video contoh: suasana pasar pagi (tidak diputar sampai diklik)",
    ),
    (
        "https://x.com/WartaNusantara/status/1000000000000000001",
        "Unggahan contoh dari akun redaksi",
    ),
    (
        "https://www.tiktok.com/@wartanusantara/video/7000000000000000001",
        "Klip contoh: liputan warga",
    ),
]
LIVE_SLUG = "laporan-langsung-gempa-guncang-pesisir-selatan"
LIVE_UPDATES = [
    (
        0,
        "Gempa terasa hingga kota",
        "Warga di pesisir selatan merasakan guncangan sekitar "
        "20 detik. Sebagian warga keluar rumah dan berkumpul di lapangan.",
        False,
    ),
    (
        15,
        "",
        "BMKG mencatat gempa bermagnitudo 5,8 dengan pusat di laut, kedalaman 10 km. "
        "Gempa tidak berpotensi tsunami.",
        True,
    ),
    (
        40,
        "Sekolah dipulangkan",
        "Dinas pendidikan memulangkan siswa di tiga kecamatan sambil memeriksa bangunan sekolah.",
        False,
    ),
    (75, "", "BPBD melaporkan 12 rumah rusak ringan; belum ada laporan korban jiwa.", False),
    (110, "Posko dibuka", "Posko pengungsian sementara dibuka di halaman kantor camat.", False),
]


def make(section, author_names=()):
    """The embeds and the live report, once (a second run changes nothing)."""
    embeds = []
    for url, title in EMBEDS:
        embed = Embed.objects.filter(url=url).first()
        if embed is None:
            embed = oembed.unresolved(url)
            embed.title, embed.author_name = title, "Warta Nusantara (contoh)"
            embed.save()
        embeds.append(embed)
    with_embeds = Article.objects.published().filter(import_source="demo").order_by("pk")
    for article, embed in zip(with_embeds[:2], embeds[:2], strict=False):
        marker = f'data-embed="{embed.pk}"'
        if marker not in article.body:
            article.body += f"<figure {marker}></figure>"
            article.save()
    if Article.objects.filter(slug=LIVE_SLUG).exists():
        return
    started = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=2)
    article = Article.objects.create(
        title="Laporan Langsung: Gempa Guncang Pesisir Selatan",
        slug=LIVE_SLUG,
        lead="Perkembangan terbaru setelah gempa pagi ini, diperbarui terus oleh redaksi.",
        body="<p>Redaksi memantau dampak gempa dan keterangan resmi dari BMKG dan BPBD.</p>",
        section=section,
        status=Article.Status.PUBLISHED,
        published_at=started,
    )
    LiveReport.objects.create(article=article, started_at=started)
    for minutes, title, text, pinned in LIVE_UPDATES:
        LiveUpdate.objects.create(
            article=article,
            created_at=started + timedelta(minutes=minutes),
            title=title,
            body=f"<p>{text}</p>",
            pinned=pinned,
            embed=embeds[2] if minutes == 40 else None,
        )
