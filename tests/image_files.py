"""Image files for upload tests, good and hostile, made here with Pillow."""

import io

from PIL import Image


def jpeg(width=120, height=80, **save_options):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "JPEG", **save_options)
    return buffer.getvalue()


def png(width=120, height=80, mode="RGBA"):
    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_with_gps_rotated():
    """A landscape photo whose EXIF says: rotate 90° clockwise, taken at these coordinates."""
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: the camera was turned
    exif[0x8825] = {1: "S", 2: (6.0, 10.0, 30.0), 3: "E", 4: (106.0, 49.0, 10.0)}
    exif[0x010F] = "KameraMerek"
    buffer = io.BytesIO()
    Image.new("RGB", (200, 100), (10, 120, 10)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def decompression_bomb():
    """A few kilobytes that would unpack to 225 megapixels."""
    buffer = io.BytesIO()
    Image.new("1", (15000, 15000)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def too_many_pixels():
    buffer = io.BytesIO()
    Image.new("1", (8000, 7000)).save(buffer, "PNG")
    return buffer.getvalue()


def truncated_jpeg():
    whole = jpeg(800, 600, quality=95)
    return whole[: len(whole) // 2]


GIF_JAVASCRIPT_POLYGLOT = b"GIF89a/*\x01\x00\x01\x00\x00\xff\x00,*/=1;alert(document.domain);//"
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
)
TEXT = b"Ini bukan gambar, hanya teks biasa.\n"
