"""The demo app's tests: the seeded people (test_seed_demo.py) and year of meetings (test_story.py)."""

import pytest


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """The demo's papers land in each test's temporary directory, never in var/private."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
