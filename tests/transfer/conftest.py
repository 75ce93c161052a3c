"""Fixtures of the import and export tests."""

import pytest
from django.utils import translation


@pytest.fixture
def in_english():
    """The importers' messages in English, the language they are written in (the modules
    that check them ask for this with `pytest.mark.usefixtures("in_english")`)."""
    with translation.override("en"):
        yield
