"""factory_boy factories for the meetings app. Services are the normal way to build meetings in
tests (tests/meetings/conftest.py); these make rows directly when a test needs one in a given shape."""

import datetime
import zoneinfo

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import AgendaItem, Conclusion, Invitation, Meeting, Minutes, Paper
from tests.members.factories import CommitteeFactory, UserFactory

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

# The smallest file the upload checks accept as a PDF (they sniff the "%PDF-" header).
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def tiny_pdf(name: str = "tai-lieu.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, TINY_PDF, content_type="application/pdf")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    kind = Meeting.Kind.QUARTERLY
    start_at = datetime.datetime(2026, 8, 14, 8, 0, tzinfo=VN)
    end_at = factory.LazyAttribute(lambda m: m.start_at + datetime.timedelta(hours=2))
    year = factory.LazyAttribute(lambda m: m.start_at.astimezone(VN).year)
    sequence = factory.Sequence(lambda n: n + 1)
    place = "Phòng họp số 1"
    presiding = factory.SubFactory(UserFactory)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Nội dung số {n}")


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)
    kind = Invitation.Kind.MEMBER


class PaperFactory(factory.django.DjangoModelFactory):
    """Stores a real file: use it only where PRIVATE_MEDIA_ROOT points at a temporary directory
    (the autouse fixture of tests/meetings/conftest.py does that)."""

    class Meta:
        model = Paper

    meeting = factory.SubFactory(MeetingFactory)
    title = "Báo cáo tình hình"
    file = factory.LazyFunction(tiny_pdf)
    original_name = "tai-lieu.pdf"
    content_type = "application/pdf"
    size = len(TINY_PDF)
    uploaded_by = factory.SubFactory(UserFactory)


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory)
    body = "<p>Biên bản cuộc họp.</p>"


class ConclusionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conclusion

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = "Các sở, ngành khẩn trương triển khai."
