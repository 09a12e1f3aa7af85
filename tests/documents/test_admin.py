"""Administrators can look the signed archive up but never add, change or delete a copy."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.documents.services import signed_document_archive
from meetings.models import SignedDocument
from tests.documents.conftest import _cast, _issue, _signed, at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def test_signed_documents_are_listed_read_only_for_administrators(client, django_user_model):
    cast = _cast()
    meeting, _minutes = _signed(cast, at(timezone.localdate() + datetime.timedelta(days=3), 8))
    document = signed_document_archive(notice=_issue(cast, meeting, cast.chair))
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)

    listing = client.get(reverse("admin:meetings_signeddocument_changelist"))
    assert listing.status_code == 200
    assert document.sha256[:16] in listing.content.decode()

    page = client.get(reverse("admin:meetings_signeddocument_change", args=[document.pk]))
    assert page.status_code == 200
    assert document.sha256 in page.content.decode()
    assert 'name="sha256"' not in page.content.decode()  # shown, not editable

    assert client.get(reverse("admin:meetings_signeddocument_add")).status_code == 403
    assert client.post(reverse("admin:meetings_signeddocument_delete", args=[document.pk])).status_code == 403
    assert SignedDocument.objects.filter(pk=document.pk).exists()
