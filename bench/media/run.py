#!/usr/bin/env python3
"""The rich article page of issue #24: five pictures in the body, a gallery of twenty and
three embeds, as a reader's first visit gets it.

    python3 bench/media/run.py

Builds the article in a fresh SQLite database (the demo's own drawn pictures, renditions
and crops made as the worker makes them), renders the page through Django's test client and
prints: the HTML's size and the size of the CSS it links (before compression, the target is
under 60 KB together), the queries the page costs with nothing kept (the budget is 10), and
every address on another host the page would load before a click (images, scripts, styles,
frames: the target is none). Lighthouse's figures and how they were taken: bench/README.md.
"""

import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="newsroom-media-bench-"))
os.environ |= {
    "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    "DJANGO_DEBUG": "1",
    "DATABASE_URL": f"sqlite:///{WORK / 'db.sqlite3'}",
    "DJANGO_MEDIA_ROOT": str(WORK / "media"),
    "REDIS_URL": "",
    # As the tests count a page: nothing kept, every query made (the frame included).
    "NEWSROOM_PAGE_CACHE_SECONDS": "0",
    "NEWSROOM_FRAGMENT_CACHE_SECONDS": "0",
}


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from articles.models import Article, Embed, GalleryItem, Image
    from transfer import demo_pictures

    call_command("migrate", verbosity=0)
    drawn = [image.pk for kind in demo_pictures.pool().values() for image in kind]
    for image in Image.objects.filter(pk__in=drawn):
        image.make_renditions(image.file.name)
    images = list(Image.objects.filter(pk__in=drawn).order_by("pk"))
    embeds = [
        Embed.objects.create(provider="youtube", url=f"https://www.youtube.com/watch?v=Contoh0000{n}",
                             media_id=f"Contoh0000{n}", title=f"Video {n}")
        for n in range(3)
    ]  # fmt: skip
    paragraphs = [
        f"<p>Paragraf {n} tentang banjir di pesisir utara Jakarta.</p>" for n in range(12)
    ]
    body = []
    for n, paragraph in enumerate(paragraphs):
        body.append(paragraph)
        if n < 5:
            image = images[n % len(images)]
            body.append(
                f'<figure data-image="{image.pk}"><img src="{image.file.url}" alt="Gambar {n}">'
                f"<figcaption>Keterangan {n}</figcaption></figure>"
            )
        if 5 <= n < 8:
            body.append(f'<figure data-embed="{embeds[n - 5].pk}"></figure>')
    article = Article.objects.create(
        title="Banjir Rob Rendam Pesisir Utara", slug="banjir-rob", lead="Air laut naik.",
        body="".join(body), status=Article.Status.PUBLISHED, published_at=timezone.now(),
    )  # fmt: skip
    for position in range(20):
        GalleryItem.objects.create(
            article=article, image=images[position % len(images)], position=position
        )
    client = Client()
    address = article.get_absolute_url()
    client.get("/")  # the first request of a process reads the next scheduled time
    # Counted at once: the next request empties the connection's query log.
    with CaptureQueriesContext(connection) as queries:
        page = client.get(address)
    counted = len(queries)
    assert page.status_code == 200, page.status_code
    html = page.content.decode()
    css = sum(
        len(b"".join(client.get(href).streaming_content))
        if client.get(href).streaming
        else len(client.get(href).content)
        for href in re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    )
    loaded = re.findall(
        r'<(?:img|script|iframe|source|link rel="(?:stylesheet|preload|icon)")\b'
        r'[^>]*?(?:src|srcset|href)="([^"]+)"',
        html,
    )
    elsewhere = sorted({url for url in loaded if re.match(r"(https?:)?//", url)})
    size = (len(html) + css) / 1024
    print(f"HTML {len(html) / 1024:.1f} KB, CSS {css / 1024:.1f} KB: {size:.1f} KB")
    print(f"queries: {counted} with nothing kept (the budget is 10)")
    print(
        f"figures {html.count('<figure')}, embed placeholders {html.count('embed__placeholder')},"
        f" gallery link: {'20 foto' in html}"
    )
    print("loaded from another host before a click:", elsewhere or "none")


if __name__ == "__main__":
    main()
