"""The desk's index reads in Indonesian: every app's heading, ours and the libraries'."""

import re

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


def test_every_heading_of_the_desk_index_is_indonesian(client):
    client.force_login(User.objects.create_superuser("kepala", "kepala@example.id", "rahasia"))

    page = client.get("/admin/").content.decode()

    headings = re.findall(r"<caption>\s*<a [^>]*>(.*?)</a>", page, re.S)
    assert headings == [
        "Autentikasi dan Otorisasi",
        "Konten redaksi",
        "Penguncian masuk",
        "Tugas latar belakang",
    ]
