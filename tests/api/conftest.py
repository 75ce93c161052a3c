import pytest

from tests.api import newsroom_data


@pytest.fixture
def newsroom(db):
    return newsroom_data.build()
