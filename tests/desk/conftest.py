"""Fixtures of the desk tests (`editor` and `editor_client` are in tests/conftest.py)."""

import pytest
from django.test import Client

from tests.desk_helpers import read_in_english


@pytest.fixture
def desk_in_english(client):
    """`client` (and so `editor_client`) reads the desk in English, the language its messages
    are written in. The modules that check messages ask for it with
    `pytest.mark.usefixtures("desk_in_english")`."""
    read_in_english(client)


@pytest.fixture
def separate_editor_client(editor):
    """`editor` logged in on a client of its own, so that `client` stays an anonymous reader
    beside it (`editor_client` is `client` itself, logged in)."""
    client = Client()
    client.force_login(editor)
    return client
