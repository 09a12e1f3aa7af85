"""Private file storage: meeting papers, written opinions, signed documents and rendered drafts."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files live outside the static root, under PRIVATE_MEDIA_ROOT read at each use (so a
    changed setting is followed); no URL: a permission-checked view serves them."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


def private_storage() -> FileSystemStorage:
    return PrivateStorage()
