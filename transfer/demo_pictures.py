"""The demo's own pictures, drawn here with Pillow: scenes (fields, hills, a coast, a town),
simple charts and portraits of no real person (abstract faces), each marked “Ilustrasi”.

A small pool is drawn once, with a fixed seed, and reused by every article: the demo stays
quick and a second run draws nothing (a picture is known by its alt text and credit).
"""

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from PIL import ImageDraw

from articles.models import Image

CREDIT = "Ilustrasi: Tim Grafis Warta Nusantara"
SKIES = [(135, 190, 230), (250, 200, 150), (180, 210, 235), (120, 150, 200)]
GROUNDS = [(70, 140, 60), (120, 160, 70), (200, 180, 120), (60, 110, 90)]
SKINS = [(240, 200, 160), (205, 150, 110), (160, 110, 75), (120, 80, 55)]
COLOURS = [(200, 60, 50), (40, 110, 180), (240, 170, 40), (60, 150, 90), (130, 70, 160)]

SCENES = [
    ("Ilustrasi sawah menghijau di kaki bukit pada pagi hari", "Sawah di kaki bukit"),
    ("Ilustrasi pantai dengan perahu nelayan dan matahari terbenam", "Pesisir saat senja"),
    ("Ilustrasi deretan gedung kota di bawah langit cerah", "Kota di siang hari"),
    ("Ilustrasi perbukitan dan sungai yang berkelok", "Sungai di perbukitan"),
    ("Ilustrasi jalan raya yang membelah perkampungan", "Jalan di perkampungan"),
    ("Ilustrasi pelabuhan dengan kapal-kapal kecil", "Pelabuhan kecil"),
]
CHARTS = [
    ("Ilustrasi grafik batang kenaikan harga bahan pokok", "Harga bahan pokok"),
    ("Ilustrasi grafik batang jumlah penumpang per bulan", "Penumpang per bulan"),
    ("Ilustrasi grafik batang hasil panen lima tahun terakhir", "Hasil panen"),
    ("Ilustrasi grafik batang perolehan suara sementara", "Perolehan suara sementara"),
]
PORTRAITS = [
    ("Ilustrasi wajah abstrak seorang narasumber berkacamata", "Narasumber"),
    ("Ilustrasi wajah abstrak seorang warga berambut panjang", "Warga"),
    ("Ilustrasi wajah abstrak seorang pejabat daerah", "Pejabat daerah"),
    ("Ilustrasi wajah abstrak seorang atlet muda", "Atlet muda"),
]


def _jpeg(picture):
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def scene(rnd, width=1600, height=900):
    picture = PillowImage.new("RGB", (width, height), rnd.choice(SKIES))
    draw = ImageDraw.Draw(picture)
    sun_x, sun_y = rnd.randint(200, width - 200), rnd.randint(80, height // 3)
    draw.ellipse((sun_x - 70, sun_y - 70, sun_x + 70, sun_y + 70), fill=(255, 225, 120))
    for layer in range(3):
        base = height * (0.45 + layer * 0.15)
        colour = tuple(max(0, c - layer * 25) for c in rnd.choice(GROUNDS))
        points = [(0, height)]
        for x in range(0, width + 200, 200):
            points.append((x, base - rnd.randint(0, 120)))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    for _ in range(rnd.randint(3, 8)):  # houses, boats, buildings: simple blocks
        x, w = rnd.randint(0, width - 120), rnd.randint(40, 120)
        top = int(height * 0.7) - rnd.randint(20, 160)
        draw.rectangle((x, top, x + w, int(height * 0.8)), fill=rnd.choice(COLOURS))
        draw.polygon([(x - 10, top), (x + w // 2, top - 40), (x + w + 10, top)], fill=(90, 50, 40))
    _label(draw, width, height)
    return picture


def chart(rnd, title, width=1200, height=900):
    picture = PillowImage.new("RGB", (width, height), (250, 250, 247))
    draw = ImageDraw.Draw(picture)
    left, bottom, top = 120, height - 120, 140
    draw.text((left, 50), title, fill=(30, 30, 30), font_size=48)
    draw.line((left, top, left, bottom), fill=(60, 60, 60), width=4)
    draw.line((left, bottom, width - 80, bottom), fill=(60, 60, 60), width=4)
    bars = rnd.randint(5, 8)
    step = (width - left - 120) // bars
    colour = rnd.choice(COLOURS)
    for number in range(bars):
        value = rnd.randint(20, 100)
        x = left + 30 + number * step
        y = bottom - (bottom - top) * value // 110
        draw.rectangle((x, y, x + step - 30, bottom - 2), fill=colour)
        draw.text((x, y - 40), str(value), fill=(30, 30, 30), font_size=30)
    _label(draw, width, height)
    return picture


def portrait(rnd, size=1000):
    """A face of nobody: an oval, two eyes, a smile, hair; flat colours."""
    picture = PillowImage.new("RGB", (size, size), rnd.choice(SKIES))
    draw = ImageDraw.Draw(picture)
    skin, hair = rnd.choice(SKINS), rnd.choice([(30, 20, 15), (80, 50, 30), (20, 20, 20)])
    draw.ellipse((size * 0.2, size * 0.75, size * 0.8, size * 1.3), fill=rnd.choice(COLOURS))
    draw.ellipse((size * 0.27, size * 0.12, size * 0.73, size * 0.74), fill=hair)
    draw.ellipse((size * 0.31, size * 0.2, size * 0.69, size * 0.74), fill=skin)
    for eye_x in (0.41, 0.59):
        draw.ellipse(
            (size * (eye_x - 0.03), size * 0.4, size * (eye_x + 0.03), size * 0.46),
            fill=(40, 30, 30),
        )
    if rnd.random() < 0.5:  # glasses
        for eye_x in (0.41, 0.59):
            draw.ellipse(
                (size * (eye_x - 0.07), size * 0.36, size * (eye_x + 0.07), size * 0.5),
                outline=(30, 30, 30),
                width=8,
            )
    draw.arc(
        (size * 0.42, size * 0.5, size * 0.58, size * 0.64), 20, 160, fill=(150, 60, 60), width=10
    )
    _label(draw, size, size)
    return picture


def _label(draw, width, height):
    draw.rectangle((width - 230, height - 70, width - 20, height - 20), fill=(0, 0, 0))
    draw.text((width - 215, height - 64), "Ilustrasi", fill=(255, 255, 255), font_size=36)


def pool():
    """The demo's pictures by kind ("scene", "chart", "portrait"), drawn the first time."""
    rnd = random.Random(24)  # noqa: S311 -- reproducible drawings, not security
    made = {"scene": [], "chart": [], "portrait": []}
    wanted = [
        *(("scene", alt, caption, lambda: scene(rnd)) for alt, caption in SCENES),
        *(("chart", alt, caption, (lambda c=caption: chart(rnd, c))) for alt, caption in CHARTS),
        *(("portrait", alt, caption, lambda: portrait(rnd)) for alt, caption in PORTRAITS),
    ]
    existing = {
        image.alt_text: image
        for image in Image.objects.filter(credit=CREDIT, alt_text__in=[w[1] for w in wanted])
    }
    for kind, alt, caption, draw in wanted:
        image = existing.get(alt)
        if image is None:
            upload = SimpleUploadedFile("ilustrasi.jpg", _jpeg(draw()), content_type="image/jpeg")
            # Faces are high in a portrait: the crops keep them.
            focus = {"focal_x": 0.5, "focal_y": 0.4} if kind == "portrait" else {}
            image = Image.objects.create(
                file=upload, alt_text=alt, caption=caption, credit=CREDIT, **focus
            )
        made[kind].append(image)
    return made
